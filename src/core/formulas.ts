/**
 * Every formula the workbook contains is built here (the date helpers' from the date grammar,
 * typed-date.ts). Plain functions only (IF, AND, OR, COUNTA, COUNTIF, COUNTIFS, SUM, SUBSTITUTE,
 * DATEVALUE, EOMONTH): no LET, LAMBDA, dynamic arrays or structured references, which WPS and
 * LibreOffice do not all read. Nothing calls TODAY() but the one as-of cell:
 * every status reads that cell through its defined name, so a user can report "as of" any day.
 */
import { absCell } from './address';
import { CLOSED_STATUS_WORDS, OPEN_STATUS_WORDS, TOTAL_ROW_WORDS } from './cell-words';

/** A text constant inside a formula. */
export function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export interface WorkbookNames {
  asOf: string;
  dueSoonDays: string;
}

export const DEFAULT_NAMES: WorkbookNames = { asOf: 'AsOfDate', dueSoonDays: 'DueSoonDays' };

/**
 * Column letters of what a status depends on. The dates are read through the ledger's helper
 * columns (helper-columns.ts): one day number per date column, made by the date grammar once per
 * row, so that the status itself stays a short formula a person can check.
 */
export interface LedgerColumns {
  /**
   * The day-number helper column of each date column: the deadline's always; 完成日期 and 销号日期
   * where the ledger has them (every ledger we make does; one made by hand may lack either).
   */
  days: { deadline: string; completed?: string; signedOff?: string };
  /** A ledger's own status text (完成情况: 已完成 / 推进中), read with the flag's words; hand-made ledgers only. */
  statusText?: string;
  /**
   * When a row holds an item: any input cell between two columns filled (ours), or any of a few key
   * columns (问题, 措施, 时限 of a ledger made by hand, as the flag reads it: a 序号 typed ahead does not count).
   */
  item: { first: string; last: string; alsoCol?: string } | { keys: string[] };
  /** Columns whose text marks a totals row (合计, 小 计, Total): such a row gets no status. */
  totalLabels?: string[];
}

export interface LedgerStatusTexts {
  overdue: string;
  dueSoon: string;
  inProgress: string;
  noDeadline: string;
  completed: string;
  completedLate: string;
  signedOff: string;
  dateError: string;
}

/** TRUE when a cell holds nothing but white space. */
function blank(ref: string): string {
  return `LEN(TRIM(${ref}))=0`;
}

/** Any of the words inside a text (FIND over an array constant, which SUMPRODUCT evaluates everywhere). */
function containsAny(ref: string, words: readonly string[]): string {
  return `SUMPRODUCT(--ISNUMBER(FIND({${words.map(quoted).join(',')}},${ref})))>0`;
}

/**
 * One row's parts of a status: its day numbers (a date's serial, "" for none, 0 for a done word,
 * an error for a cell that is not a date), whether anything is closed, whether it holds an item.
 */
function rowParts(row: number, c: LedgerColumns) {
  const deadline = `${c.days.deadline}${row}`;
  const completed = c.days.completed ? `${c.days.completed}${row}` : null;
  const signedOff = c.days.signedOff ? `${c.days.signedOff}${row}` : null;
  const item = c.item;
  const keysEmpty =
    'keys' in item
      ? `AND(${item.keys.map((k) => blank(`${k}${row}`)).join(',')})`
      : `SUMPRODUCT(LEN(TRIM(${item.first}${row}:${item.last}${row})))${item.alsoCol ? `+LEN(TRIM(${item.alsoCol}${row}))` : ''}=0`;
  const statusRef = c.statusText ? `${c.statusText}${row}` : null;
  // Spaces inside the label too: 合 计 is how a table centres it.
  const totals = (c.totalLabels ?? []).map(
    (col) => `ISNUMBER(MATCH(SUBSTITUTE(SUBSTITUTE(TRIM(${col}${row})," ",""),"\u3000",""),{${TOTAL_ROW_WORDS.map(quoted).join(',')}},0))`,
  );
  const days = [deadline, completed, signedOff].filter((x): x is string => x !== null);
  return {
    deadline,
    completed,
    signedOff,
    closedByText: statusRef ? `AND(${containsAny(statusRef, CLOSED_STATUS_WORDS)},NOT(${containsAny(statusRef, OPEN_STATUS_WORDS)}))` : null,
    anyBad: days.length > 1 ? `OR(${days.map((d) => `ISERROR(${d})`).join(',')})` : `ISERROR(${deadline})`,
    rowEmpty: totals.length ? `OR(${keysEmpty},${totals.join(',')})` : keysEmpty,
  };
}

/**
 * 整改状态 of one row, following the README's semantics; "" for a row with nothing in it, so
 * pre-filled spare rows stay blank until someone types into them. A date cell that is not a date
 * gives 日期有误; white space counts as empty.
 */
export function ledgerStatus(row: number, c: LedgerColumns, t: LedgerStatusTexts, n: WorkbookNames): string {
  const r = rowParts(row, c);
  const d = r.deadline;
  const open =
    `IF(${d}="",${quoted(t.noDeadline)},` +
    `IF(${n.asOf}>${d},${quoted(t.overdue)},` +
    `IF(${d}-${n.asOf}<=${n.dueSoonDays},${quoted(t.dueSoon)},${quoted(t.inProgress)})))`;
  const byText = r.closedByText ? `IF(${r.closedByText},${quoted(t.completed)},${open})` : open;
  // A done word's 0 is before any deadline: completed in time.
  const byCompleted = r.completed
    ? `IF(${r.completed}<>"",IF(OR(${d}="",${r.completed}<=${d}),${quoted(t.completed)},${quoted(t.completedLate)}),${byText})`
    : byText;
  const bySignOff = r.signedOff ? `IF(${r.signedOff}<>"",${quoted(t.signedOff)},${byCompleted})` : byCompleted;
  return `IF(${r.rowEmpty},"",IF(${r.anyBad},${quoted(t.dateError)},${bySignOff}))`;
}

/** 剩余天数: deadline − as-of (negative when overdue); "" once completed, signed off, without deadline or with a bad date. */
export function remainingDays(row: number, c: LedgerColumns, n: WorkbookNames): string {
  const r = rowParts(row, c);
  const closed = [r.completed, r.signedOff].filter((x): x is string => x !== null).map((x) => `${x}<>""`);
  const none = [`${r.deadline}=""`, ...closed, ...(r.closedByText ? [r.closedByText] : [])];
  return `IF(${r.anyBad},"",IF(OR(${none.join(',')}),"",${r.deadline}-${n.asOf}))`;
}

export interface PhaseStatusTexts {
  notStarted: string;
  inProgress: string;
  ended: string;
}

/** 状态 of a schedule row: 未开始 / 进行中 / 已结束 against the as-of date. */
export function phaseStatus(row: number, start: string, end: string, t: PhaseStatusTexts, n: WorkbookNames): string {
  const s = `${start}${row}`;
  const e = `${end}${row}`;
  return `IF(${s}="","",IF(${n.asOf}<${s},${quoted(t.notStarted)},` + `IF(AND(${e}<>"",${n.asOf}>${e}),${quoted(t.ended)},${quoted(t.inProgress)})))`;
}

/** 天数, inclusive of both ends. */
export function spanDays(row: number, start: string, end: string): string {
  return `IF(OR(${start}${row}="",${end}${row}=""),"",${end}${row}-${start}${row}+1)`;
}

export const TIMELINE_MARK = '■';

/**
 * A timeline cell: marked when the week starting at the date in the header row overlaps the
 * row's start–end span. The mark is text as well as a fill, so the chart survives printing in
 * black and white and reads without colour.
 */
export function timelineCell(row: number, col: string, headerRow: number, start: string, end: string): string {
  const week = `${col}$${headerRow}`;
  return `IF(OR($${start}${row}="",$${end}${row}=""),"",` + `IF(AND(${week}<=$${end}${row},${week}+6>=$${start}${row}),${quoted(TIMELINE_MARK)},""))`;
}

/** Conditional-format condition: the week in this column's header contains the as-of date. */
export function isAsOfWeek(col: string, headerRow: number, n: WorkbookNames): string {
  return `AND(${n.asOf}>=${col}$${headerRow},${n.asOf}<${col}$${headerRow}+7)`;
}

/** Conditional-format condition: a cell (relative) equals a text. */
export function cellEquals(ref: string, text: string): string {
  return `${ref}=${quoted(text)}`;
}

export function cellNotBlank(ref: string): string {
  return `${ref}<>""`;
}

/** Whole-column reference on another sheet, so rows a user appends are counted too. */
export function wholeColumn(sheetPrefix: string, col: string): string {
  return `${sheetPrefix}$${col}:$${col}`;
}

export function countIf(rangeRef: string, criterion: string): string {
  return `COUNTIF(${rangeRef},${criterion})`;
}

/** COUNTIFS over several (range, criterion) pairs. */
export function countIfs(pairs: [string, string][]): string {
  return `COUNTIFS(${pairs.map(([r, c]) => `${r},${c}`).join(',')})`;
}

export function sumOf(refs: string[]): string {
  return `SUM(${refs.join(',')})`;
}

/** A share that stays blank instead of #DIV/0! while there is nothing to divide by. */
export function share(numerator: string, denominator: string): string {
  return `IF(${denominator}=0,"",${numerator}/${denominator})`;
}

/** Shows another cell's value, blank while that cell is blank (Excel shows 0 for an empty reference). */
export function mirror(ref: string): string {
  return `IF(${ref}="","",${ref})`;
}

/** Counts for one row of a by-unit / by-owner table, blank while the row's label is blank. */
export function blankUnless(labelRef: string, formula: string): string {
  return `IF(${labelRef}="","",${formula})`;
}

export { absCell };
