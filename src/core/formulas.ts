/**
 * Every formula the workbook contains is built here. Plain functions only (IF, AND, OR,
 * COUNTA, COUNTIF, COUNTIFS, SUM): no LET, LAMBDA, dynamic arrays or structured references,
 * which WPS and LibreOffice do not all read. Nothing calls TODAY() but the one as-of cell:
 * every status reads that cell through its defined name, so a user can report "as of" any day.
 */
import { absCell } from './address';
import { CLOSED_STATUS_WORDS, DONE_WORDS, NO_DEADLINE_WORDS, OPEN_STATUS_WORDS, SERIAL_MAX, SERIAL_MIN, TOTAL_ROW_WORDS } from './cell-words';

/** A text constant inside a formula. */
export function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export interface WorkbookNames {
  asOf: string;
  dueSoonDays: string;
}

export const DEFAULT_NAMES: WorkbookNames = { asOf: 'AsOfDate', dueSoonDays: 'DueSoonDays' };

/** Column letters of the ledger fields a status depends on. */
export interface LedgerColumns {
  deadline: string;
  /** 完成日期 and 销号日期: every ledger we make has them; one made by hand may lack either. */
  completed?: string;
  signedOff?: string;
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

function oneOf(ref: string, words: string[]): string {
  return `ISNUMBER(MATCH(TRIM(${ref}),{${words.map(quoted).join(',')}},0))`;
}

/**
 * A date cell as a serial, read as the flag reads it (core/cell-words.ts): a number between
 * 1990 and 2099 as it is; text such as 2026-1-5, 2026/1/5, 2026.1.5 or 2026年1月5日 (1月5日 in
 * `year`) through DATEVALUE of its ISO form, which Excel, WPS and LibreOffice all read the same;
 * anything else an error. Pasting bypasses date validation, so text dates are common.
 */
export function cellDate(ref: string, year: number | string): string {
  // The year is a constant (our ledgers) or a named cell the user can retype (add-status).
  const withYear = typeof year === 'number' ? `"${year}-"&` : `${year}&"-"&`;
  const t = `SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(TRIM(${ref}),"年","-"),"月","-"),"日",""),"/","-"),".","-")`;
  return (
    `IF(ISNUMBER(${ref}),IF(AND(${ref}>=${SERIAL_MIN},${ref}<=${SERIAL_MAX}),${ref},NA()),` +
    `DATEVALUE(IF(LEN(${t})-LEN(SUBSTITUTE(${t},"-",""))=1,${withYear}${t},${t})))`
  );
}

/** Any of the words inside a text (FIND over an array constant, which SUMPRODUCT evaluates everywhere). */
function containsAny(ref: string, words: readonly string[]): string {
  return `SUMPRODUCT(--ISNUMBER(FIND({${words.map(quoted).join(',')}},${ref})))>0`;
}

/**
 * The date cells of a row: empty (white space, or a no-deadline word), done without a date, bad,
 * or their serial; a column the ledger lacks reads as empty.
 */
function rowDates(row: number, c: LedgerColumns, year: number | string) {
  const d = `${c.deadline}${row}`;
  const done = c.completed ? `${c.completed}${row}` : null;
  const off = c.signedOff ? `${c.signedOff}${row}` : null;
  const noDeadline = `OR(${blank(d)},${oneOf(d, NO_DEADLINE_WORDS)})`;
  const doneWord = (ref: string) => oneOf(ref, DONE_WORDS);
  const bad = (ref: string, ok: string) => `AND(NOT(${ok}),ISERROR(${cellDate(ref, year)}))`;
  const badDone = (ref: string | null) => (ref ? [bad(ref, `OR(${blank(ref)},${doneWord(ref)})`)] : []);
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
  return {
    deadline: cellDate(d, year),
    completed: done ? cellDate(done, year) : null,
    noDeadline,
    /** null: the ledger has no such column, so it is always empty. */
    completedFilled: done ? `NOT(${blank(done)})` : null,
    signedOffFilled: off ? `NOT(${blank(off)})` : null,
    completedWord: done ? doneWord(done) : null,
    closedByText: statusRef ? `AND(${containsAny(statusRef, CLOSED_STATUS_WORDS)},NOT(${containsAny(statusRef, OPEN_STATUS_WORDS)}))` : null,
    anyBad: `OR(${[bad(d, noDeadline), ...badDone(done), ...badDone(off)].join(',')})`,
    rowEmpty: totals.length ? `OR(${keysEmpty},${totals.join(',')})` : keysEmpty,
  };
}

/**
 * 整改状态 of one row, following the README's semantics; "" for a row with nothing in it, so
 * pre-filled spare rows stay blank until someone types into them. A date cell that is not a date
 * gives 日期有误; white space counts as empty.
 */
export function ledgerStatus(row: number, c: LedgerColumns, t: LedgerStatusTexts, n: WorkbookNames, year: number | string): string {
  const r = rowDates(row, c, year);
  const open =
    `IF(${r.noDeadline},${quoted(t.noDeadline)},` +
    `IF(${n.asOf}>${r.deadline},${quoted(t.overdue)},` +
    `IF(${r.deadline}-${n.asOf}<=${n.dueSoonDays},${quoted(t.dueSoon)},${quoted(t.inProgress)})))`;
  const byText = r.closedByText ? `IF(${r.closedByText},${quoted(t.completed)},${open})` : open;
  const byCompleted = r.completedFilled
    ? `IF(${r.completedFilled},IF(OR(${r.noDeadline},${r.completedWord}),${quoted(t.completed)},IF(${r.completed}<=${r.deadline},${quoted(t.completed)},${quoted(t.completedLate)})),${byText})`
    : byText;
  const bySignOff = r.signedOffFilled ? `IF(${r.signedOffFilled},${quoted(t.signedOff)},${byCompleted})` : byCompleted;
  return `IF(${r.rowEmpty},"",IF(${r.anyBad},${quoted(t.dateError)},${bySignOff}))`;
}

/** 剩余天数: deadline − as-of (negative when overdue); "" once completed, signed off, without deadline or with a bad date. */
export function remainingDays(row: number, c: LedgerColumns, n: WorkbookNames, year: number | string): string {
  const r = rowDates(row, c, year);
  const closed = [r.completedFilled, r.signedOffFilled, r.closedByText].filter((x): x is string => x !== null);
  return `IF(OR(${[r.noDeadline, ...closed, r.anyBad].join(',')}),"",${r.deadline}-${n.asOf})`;
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
