/**
 * Everything the overdue flag writes, decided once from what the workbook holds: the values of
 * the three columns it owns, the 剩余工作日 formulas, the 逾期清单 sheet, the log row and the
 * hidden workday sheet. The .xlsx renderer and the Office.js renderer only carry this plan out,
 * so a file flagged on the command line and a workbook flagged in Excel end up the same.
 */
import { absCell, absRange, columnLetter, freeSheetName, sheetPrefix, splitSheetRef } from '../address';
import { DATE_1904_OFFSET, type IsoDate, fromExcelSerial, toExcelSerial } from '../dates';
import { layoutOverdueSheet } from './overdue-sheet';
import { DATE_FORMAT } from '../layout/context';
import { grownPrintArea, pageSetup, printAreaText, withRowHeights } from '../layout/print';
import { type CampaignSettings, parseSettings } from '../settings';
import { LIST_LIMIT } from './messages';
import { format, type Lang, strings } from '../locale';
import type { CellValue, FilledFormula, NameSpec, SheetSpec } from '../spec';
import { isCovered, WORKDAY_DATA, WORKDAY_DATA_END, WORKDAY_DATA_START, workdayCalendar } from '../workdays';
import { computeFlag, type FlagSummary, type FlagUpdate, readLedgerItems, type UnreadableCell } from './compute';
import { findLedger, type FindOptions, freeColumnRightOf, type LedgerLocation } from '../ledger/find';
import { type GridValue, gridText, namedCell, type SheetGrid, type WorkbookGrid } from '../ledger/grid';
import { DEFAULT_DUE_SOON_DAYS } from '../model';
import { DEFAULT_NAMES } from '../formulas';
import { FIELD_SYNONYMS, type LedgerField, OWNED_FIELDS, type OwnedField } from '../ledger/headers';
import { PAPER_COLUMNS } from '../layout/ledger';
import { STATUS_NAMES, statusColumnsOf, withoutStatusColumns } from '../status-columns';

/** The ledger's fields that print (layout/ledger.ts's paper columns that a header names). */
const PAPER_FIELDS = PAPER_COLUMNS.filter((k): k is LedgerField & (typeof PAPER_COLUMNS)[number] => k in FIELD_SYNONYMS);

/** Our ledger's print area grown down to its last item (items typed below the table), or null when it reaches there. */
function itemsPrintArea(area: string | undefined, loc: LedgerLocation, items: { row: number }[]): string | null {
  // Not Math.max(...rows): a ledger's rows are too many for one call's arguments.
  const toRow = items.reduce((m, i) => Math.max(m, i.row), loc.headerRow + 1);
  const lastPaper = Math.max(1, ...PAPER_FIELDS.map((f) => loc.columns[f] ?? 0));
  const blocks = grownPrintArea(area, { headerRow: loc.headerRow, lastColumn: lastPaper, toColumn: lastPaper, toRow });
  return blocks ? printAreaText(blocks) : null;
}

/** Written in G1 of the hidden workday sheet: how a later run knows which sheets are the flag's. */
export const FLAG_MARKER = 'campaign-ledger';
export const WORKDAY_NAMES = { holidays: 'CL_Holidays', makeup: 'CL_MakeupDays', start: 'CL_WorkdayDataStart', end: 'CL_WorkdayDataEnd' } as const;
const OWNED_WIDTH = 12;
const SEPARATOR_WIDTH = 2;

export interface FlagOptions {
  /** Report as of this day, over the workbook's own as-of date (--as-of). */
  asOf?: IsoDate;
  /**
   * The day the flag runs (today, where the host is: the clock, injected): the log's date, the
   * as-of date where the workbook says =TODAY() or has none, and what a later as-of date previews.
   */
  runDate: IsoDate;
  /** A due-soon window over the workbook's own (--due-soon-days). */
  dueSoonDays?: number;
  /** Year for dates written without one (3月15日); default: the campaign's start year, else the as-of year. */
  year?: number | null;
  /** Language of what the flag adds; default: the ledger's own (campaign-ledger workbooks) or zh-CN. */
  lang?: Lang;
}

export type FlagProblem = { kind: 'noLedger' } | { kind: 'unreadable'; cells: UnreadableCell[] };

export interface OwnedColumn {
  col: number;
  /** The header to write when the column is new; null when the ledger already has it. */
  newHeader: string | null;
}

export interface FlagSheetNames {
  overdue: string;
  log: string;
  workdays: string;
  /** Which of those the workbook already has. */
  existing: { overdue: boolean; log: boolean; workdays: boolean };
}

export interface FlagPlan {
  ledger: LedgerLocation;
  lang: Lang;
  settings: FlagSettings;
  result: FlagSummary;
  warnings: string[];
  owned: Record<OwnedField, OwnedColumn>;
  /** Where a new owned column's header takes its look from: the ledger's last header cell. */
  headerStyleFrom: { row: number; col: number };
  /** Widths of the columns this run adds: the owned ones, and the narrow empty column before them. */
  columnWidths: { col: number; width: number }[];
  /**
   * What the ledger prints, for a ledger campaign-ledger made: its paper columns (never the flag's,
   * which are working columns) down to the last item now, every other block of its print area as
   * it is (A1: `A1:O24`, or `A1:G2,A4:O24`). Null to leave it: a ledger made by hand, whose print
   * setup is the user's, or nothing to grow.
   */
  ledgerPrintArea: string | null;
  /** One entry per ledger item, in row order: the values of 首次逾期日期 and 逾期天数 (the writers make the date a serial). */
  values: FlagUpdate[];
  /** 剩余工作日: a formula per run of rows, filled down as Excel's fill handle does. */
  workdayFormulas: FilledFormula[];
  sheets: FlagSheetNames;
  overdueSheet: SheetSpec;
  /** The log sheet to create when the workbook has none. */
  newLogSheet: SheetSpec | null;
  /** The log row to add (null: same result as the last run, nothing to add) and where. */
  logRow: { row: number; values: CellValue[]; numFmts: (string | null)[] } | null;
  workdaySheet: SheetSpec;
  workdayNames: NameSpec[];
}

/** The campaign's settings, read from the range its settings name points to. */
export function readSettings(grid: WorkbookGrid, settingsName: string | undefined): Partial<CampaignSettings> {
  const ref = settingsName ? grid.names[settingsName] : undefined;
  const sheetName = ref ? splitSheetRef(ref)?.sheet : undefined;
  return parseSettings(grid.sheets.find((s) => s.name === sheetName)?.rows ?? []);
}

/**
 * The as-of date and due-soon window the flag reports with: what the user can see and edit in the
 * workbook (总览's AsOfDate and DueSoonDays cells) unless an option overrides it. One source of
 * truth: the flag and the workbook's own formulas agree.
 */
export interface FlagSettings {
  asOf: IsoDate;
  asOfFrom: 'option' | 'workbook' | 'today';
  /** The workbook's own as-of date, where an option overrode a different one. */
  overridden: IsoDate | null;
  /** The sheet of the workbook's as-of cell (总览, 状态设置), where it has one. */
  asOfSheet: string | null;
  dueSoonDays: number;
  dueSoonFrom: 'option' | 'workbook' | 'default';
  /**
   * The as-of date is after the day of the run: a preview. It writes its 逾期清单 and says so, but
   * records nothing of a day that has not come (no 首次逾期日期, no 逾期天数, no 标记记录 row).
   */
  preview: boolean;
}

const TODAY_FORMULA = /^TODAY\(\)$/i;

/**
 * What a workbook's own formulas report with: the date typed in its as-of cell (null where the
 * cell says =TODAY(), or there is none) and its due-soon window (null where none is set). Our
 * template's cells on 总览, or the settings sheet add-status gave a ledger made by hand.
 */
export interface WorkbookClock {
  asOf: IsoDate | null;
  dueSoonDays: number | null;
  /** The sheet the as-of cell is on, where the workbook has one. */
  sheet: string | null;
}

/** The names of the as-of and window cells: our template's, or the ones add-status gave a ledger made by hand; none for a plain one. */
function clockNames(ledger: LedgerLocation, statusColumns: boolean, settings: Partial<CampaignSettings>): [string | null, string | null] {
  if (ledger.madeByUs) return [settings.asOfName || DEFAULT_NAMES.asOf, settings.dueSoonName || DEFAULT_NAMES.dueSoonDays];
  return statusColumns ? [STATUS_NAMES.asOf, STATUS_NAMES.dueSoonDays] : [null, null];
}

export function workbookClock(grid: WorkbookGrid, ledger: LedgerLocation, statusColumns: boolean, settings: Partial<CampaignSettings>): WorkbookClock {
  const [asOfName, windowName] = clockNames(ledger, statusColumns, settings);
  const asOfCell = asOfName ? namedCell(grid, asOfName) : null;
  // =TODAY() means today: a file's cached result is the day it was last calculated.
  const asOf = asOfCell && !(asOfCell.formula !== undefined && TODAY_FORMULA.test(asOfCell.formula.replace(/\s/g, ''))) ? isoOf(asOfCell.value) : null;
  const windowCell = windowName ? namedCell(grid, windowName) : null;
  const dueSoonDays =
    typeof windowCell?.value === 'number' && Number.isInteger(windowCell.value) && windowCell.value >= 0 && windowCell.value <= 365 ? windowCell.value : null;
  const sheet = asOfName && grid.names[asOfName] ? (splitSheetRef(grid.names[asOfName])?.sheet ?? null) : null;
  return { asOf, dueSoonDays, sheet };
}

function clockOf(grid: WorkbookGrid, found: LedgerLocation): [LedgerLocation, boolean, Partial<CampaignSettings>] {
  const ledger = withoutStatusColumns(grid, found);
  return [ledger, !found.madeByUs && statusColumnsOf(grid, found) !== null, readSettings(grid, ledger.settingsName)];
}

/** The clock of the workbook a ledger was found in (found as findLedger gives it, its status columns included). */
export function ledgerClock(grid: WorkbookGrid, found: LedgerLocation): WorkbookClock {
  return workbookClock(grid, ...clockOf(grid, found));
}

/**
 * The name of the workbook's as-of cell, where it has one: a host that reads values only (Office.js)
 * reads that cell's formula too, so that =TODAY() is not taken for the day it computes.
 */
export function asOfNameOf(grid: WorkbookGrid, found: LedgerLocation): string | null {
  return clockNames(...clockOf(grid, found))[0];
}

export function flagSettings(grid: WorkbookGrid, target: FlagTarget, options: FlagOptions): FlagSettings {
  const { asOf: live, dueSoonDays: window, sheet } = workbookClock(grid, target.ledger, target.statusColumns, target.settings);
  const asOf = options.asOf ?? live ?? options.runDate;
  return {
    asOf,
    asOfFrom: options.asOf ? 'option' : live ? 'workbook' : 'today',
    overridden: options.asOf && live && live !== options.asOf ? live : null,
    asOfSheet: sheet,
    dueSoonDays: options.dueSoonDays ?? window ?? DEFAULT_DUE_SOON_DAYS,
    dueSoonFrom: options.dueSoonDays !== undefined ? 'option' : window !== null ? 'workbook' : 'default',
    preview: asOf > options.runDate,
  };
}

export interface FlagTarget {
  ledger: LedgerLocation;
  /** The ledger (made by hand) has live status columns from add-status: the flag reads it as they do. */
  statusColumns: boolean;
  settings: Partial<CampaignSettings>;
  sheets: FlagSheetNames;
}

function isoOf(v: GridValue | undefined): IsoDate | null {
  if (v && typeof v === 'object') return v.date;
  return typeof v === 'number' ? fromExcelSerial(v) : null;
}

/** A sheet name for something the flag owns: its own sheet of that name, or a free name. */
function ownedSheetName(taken: Set<string>, wanted: string, ours: string[]): string {
  return freeSheetName(wanted, new Set([...taken].filter((n) => !ours.some((o) => o.toLowerCase() === n))));
}

function langOf(options: FlagOptions, ledger: LedgerLocation, settings: Partial<CampaignSettings>): Lang {
  if (options.lang) return options.lang;
  return ledger.madeByUs && settings.lang ? settings.lang : 'zh-CN';
}

/**
 * Finds the ledger and the flag's own sheets from the top rows of every sheet (what the Office.js
 * path reads in its first round trip; a file's full grid works the same).
 */
export function locateFlagTarget(grid: WorkbookGrid, options: FlagOptions & FindOptions): FlagTarget | null {
  const found = findLedger(grid, options);
  if (!found) return null;
  // The status columns add-status gave a ledger are not its own 整改状态.
  const ledger = withoutStatusColumns(grid, found);
  const statusColumns = !found.madeByUs && statusColumnsOf(grid, found) !== null;
  const settings = readSettings(grid, ledger.settingsName);
  const s = strings(langOf(options, ledger, settings)).flag;
  const workdaySheet = grid.sheets.find((w) => w.hidden && w.rows[0]?.[6] === FLAG_MARKER);
  const ours = workdaySheet ? [workdaySheet.name, ...[1, 2].map((r) => String(workdaySheet.rows[r]?.[6] ?? ''))] : [];
  const taken = new Set(grid.sheets.map((w) => w.name.toLowerCase()));
  const names = {
    overdue: ownedSheetName(taken, s.sheets.overdue, ours),
    log: ownedSheetName(taken, s.sheets.log, ours),
    workdays: workdaySheet?.name ?? ownedSheetName(taken, s.sheets.workdays, ours),
  };
  return {
    ledger,
    statusColumns,
    settings,
    sheets: {
      ...names,
      existing: { overdue: taken.has(names.overdue.toLowerCase()), log: taken.has(names.log.toLowerCase()), workdays: taken.has(names.workdays.toLowerCase()) },
    },
  };
}

/**
 * Working days after the as-of date up to the deadline (negative once past it): NETWORKDAYS over
 * weekends and the holiday list, plus the make-up days. Blank outside the data's years.
 * NETWORKDAYS, not NETWORKDAYS.INTL: a file must store the latter as `_xlfn.NETWORKDAYS.INTL` for
 * Excel (unprefixed it shows #NAME?), and LibreOffice answers #NAME? to the prefixed form; with
 * Saturday and Sunday as the weekend the two count the same, and every engine reads NETWORKDAYS.
 */
export function workdaysFormula(deadline: string, asOf: string, closed: string[]): string {
  const { holidays: H, makeup: M, start: S, end: E } = WORKDAY_NAMES;
  const closedTest = closed.length ? `OR(${closed.map((c) => `${c}<>""`).join(',')})` : 'FALSE()';
  return (
    `IF(OR(${closedTest},NOT(ISNUMBER(${deadline}))),"",IF(OR(${deadline}>${E},${asOf}>${E},${deadline}<${S},${asOf}<${S}),"",` +
    `IF(${deadline}=${asOf},0,IF(${deadline}>${asOf},NETWORKDAYS(${asOf}+1,${deadline},${H})+COUNTIFS(${M},">"&${asOf},${M},"<="&${deadline}),` +
    `-(NETWORKDAYS(${deadline}+1,${asOf},${H})+COUNTIFS(${M},">"&${deadline},${M},"<="&${asOf}))))))`
  );
}

function emptySheet(key: SheetSpec['key'], name: string): SheetSpec {
  return { key, name, hidden: false, columns: [], blocks: [], filled: [], styles: [], merges: [], tables: [], validations: [], conditionalFormats: [] };
}

/** The hidden sheet the 剩余工作日 formulas read: holidays, make-up days, and the data's span. */
export function layoutWorkdaySheet(name: string, lang: Lang, owned: string[]): { sheet: SheetSpec; names: NameSpec[] } {
  const s = strings(lang).flag.workdays;
  const { holidays, makeupWorkdays } = workdayCalendar();
  const sheet = emptySheet('workdays', name);
  sheet.hidden = true;
  sheet.columns = [
    { width: 12, numFmt: DATE_FORMAT },
    { width: 12, numFmt: DATE_FORMAT },
    { width: 3 },
    { width: 14 },
    { width: 12, numFmt: DATE_FORMAT },
    { width: 3 },
    { width: 16 },
  ];
  sheet.blocks = [
    { row: 1, col: 1, values: [[s.holidays, s.makeup]] },
    { row: 2, col: 1, values: holidays.map((d) => [toExcelSerial(d)]) },
    { row: 2, col: 2, values: makeupWorkdays.map((d) => [toExcelSerial(d)]) },
    {
      row: 1,
      col: 4,
      values: [
        [s.dataEnd, toExcelSerial(WORKDAY_DATA_START)],
        [null, toExcelSerial(WORKDAY_DATA_END)],
      ],
    },
    { row: 1, col: 7, values: [[FLAG_MARKER, s.note], ...owned.map((n) => [n, null])] },
  ];
  sheet.styles = [
    { range: absRange(2, 1, holidays.length + 1, 2).replace(/\$/g, ''), style: { numFmt: DATE_FORMAT } },
    { range: 'E1:E2', style: { numFmt: DATE_FORMAT } },
  ];
  const p = sheetPrefix(name);
  const names: NameSpec[] = [
    { name: WORKDAY_NAMES.holidays, ref: p + absRange(2, 1, holidays.length + 1, 1) },
    { name: WORKDAY_NAMES.makeup, ref: p + absRange(2, 2, makeupWorkdays.length + 1, 2) },
    { name: WORKDAY_NAMES.start, ref: p + absCell(1, 5) },
    { name: WORKDAY_NAMES.end, ref: p + absCell(2, 5) },
  ];
  return { sheet, names };
}

function layoutLogSheet(name: string, lang: Lang): SheetSpec {
  const s = strings(lang).flag.log;
  const sheet = emptySheet('log', name);
  sheet.tabColor = '#7F7F7F';
  sheet.columns = [
    { width: 12, numFmt: DATE_FORMAT },
    { width: 12, numFmt: DATE_FORMAT },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 16 },
  ];
  sheet.blocks = [{ row: 1, col: 1, values: [[s.runDate, s.asOf, s.overdue, s.dueSoon, s.newlyOverdue, s.closed, s.ledger]] }];
  // Column names wrap onto lines of their own ("Closed since last run"), the rows as tall as that takes.
  sheet.styles = [{ range: 'A1:G1', style: { bold: true, wrap: true, vAlign: 'top' } }];
  sheet.print = pageSetup({ columns: sheet.columns, titleRows: [1, 1], footer: { center: strings(lang).print.page } });
  return withRowHeights(sheet);
}

/** One log row per distinct result: a same-day rerun with nothing changed adds nothing. */
function logRow(log: SheetGrid | undefined, result: FlagSummary, runDate: IsoDate, ledgerName: string): FlagPlan['logRow'] {
  const rows = log?.rows ?? [];
  let lastRow = rows.length;
  while (lastRow > 1 && !(rows[lastRow - 1] ?? []).some((v) => v !== null && v !== '')) lastRow--;
  const last = rows[lastRow - 1] ?? [];
  const c = result.counts;
  const sameRun =
    lastRow > 1 && isoOf(last[1]) === result.asOf && last[2] === c.overdue && last[3] === c.dueSoon && c.newlyOverdue === 0 && c.closedSinceLastRun === 0;
  if (sameRun) return null;
  return {
    row: Math.max(lastRow, 1) + 1,
    values: [toExcelSerial(runDate), toExcelSerial(result.asOf), c.overdue, c.dueSoon, c.newlyOverdue, c.closedSinceLastRun, ledgerName],
    numFmts: [DATE_FORMAT, DATE_FORMAT, null, null, null, null, null],
  };
}

function isRealDate(v: GridValue | undefined): boolean {
  return v === null || v === undefined || v === '' || typeof v === 'number' || typeof v === 'object';
}

/**
 * The three columns the flag owns: the ledger's own where it has them, else new ones right of it.
 * New owned columns stand one empty column right of the ledger: anything written directly right
 * of an Excel table joins it (table auto-expansion), so they would otherwise land in our ledger
 * table in Excel but not in the file. Apart, the table is the same in both.
 */
export function ownedColumns(loc: LedgerLocation, lang: Lang): { owned: Record<OwnedField, OwnedColumn>; columnWidths: FlagPlan['columnWidths'] } {
  const s = strings(lang).flag;
  const headerText: Record<OwnedField, string> = { firstOverdue: s.owned.firstOverdue, daysOverdue: s.owned.daysOverdue, workdaysLeft: s.owned.workdaysLeft };
  const owned = {} as Record<OwnedField, OwnedColumn>;
  let next = freeColumnRightOf(loc);
  const columnWidths: FlagPlan['columnWidths'] = [];
  for (const f of OWNED_FIELDS) {
    if (loc.columns[f] !== undefined) {
      owned[f] = { col: loc.columns[f]!, newHeader: null };
      continue;
    }
    if (!columnWidths.length) columnWidths.push({ col: next - 1, width: SEPARATOR_WIDTH });
    columnWidths.push({ col: next, width: OWNED_WIDTH });
    owned[f] = { col: next++, newHeader: headerText[f] };
  }
  return { owned, columnWidths };
}

/**
 * The whole flag, decided. `grid` must hold every row of the ledger's sheet (the columns the
 * ledger uses) and of the log sheet; other sheets need only their top rows.
 */
export function planFlag(grid: WorkbookGrid, target: FlagTarget, options: FlagOptions): FlagPlan | FlagProblem {
  const sheet = grid.sheets.find((s) => s.name === target.ledger.sheet.name) ?? target.ledger.sheet;
  const loc: LedgerLocation = { ...target.ledger, sheet };
  const { settings } = target;
  const lang = langOf(options, loc, settings);
  const live = flagSettings(grid, target, options);
  // A ledger with status formulas is read exactly as they read it: their year for dates without one.
  const typedYear = target.statusColumns ? namedCell(grid, STATUS_NAMES.year) : null;
  const year =
    options.year ??
    (settings.start
      ? Number(settings.start.slice(0, 4))
      : typeof typedYear?.value === 'number' && typedYear.formula === undefined
        ? typedYear.value
        : Number(live.asOf.slice(0, 4)));
  const formulaRules = loc.madeByUs || target.statusColumns;
  // Our ledgers show 日期有误 for a cell that is not a date: the flag reads them as the formulas do
  // and reports such cells; a hand-made ledger's unreadable dates stop the run.
  const { items, unreadable } = readLedgerItems(loc, year, formulaRules ? 'formula' : 'lenient');
  if (unreadable.length && !formulaRules) return { kind: 'unreadable', cells: unreadable };
  // A deadline formula the file never computed reads as empty: say so, row by row, rather than miss an overdue item.
  const deadlineLetter = columnLetter(loc.columns.deadline!);
  const uncomputedRows = (grid.uncomputed?.[sheet.name] ?? [])
    .map((a) => /^([A-Z]+)(\d+)$/.exec(a))
    .filter((m): m is RegExpExecArray => !!m && m[1] === deadlineLetter && Number(m[2]) > loc.headerRow)
    .map((m) => Number(m[2]));
  // The per-row updates become the plan's values; the plan and the outcome keep the summary.
  const { updates, ...result } = computeFlag(items, live.asOf, live.dueSoonDays);
  const s = strings(lang).flag;

  const { owned, columnWidths } = ownedColumns(loc, lang);

  const asOfName = target.statusColumns ? STATUS_NAMES.asOf : settings.asOfName || 'AsOfDate';
  const asOfRef = grid.names[asOfName] ? asOfName : 'TODAY()';
  const letter = (n: number | undefined) => (n ? columnLetter(n) : null);
  const deadlineCol = letter(loc.columns.deadline)!;
  const closedCols = [letter(loc.columns.completed), letter(loc.columns.signedOff)].filter((c): c is string => !!c);
  const parsedDeadline = new Map(items.map((i) => [i.row, i.deadline]));
  const workdayFormulas: FilledFormula[] = [];
  let run: FilledFormula | null = null;
  for (const u of updates) {
    const raw = sheet.rows[u.row - 1]?.[loc.columns.deadline! - 1];
    const closed = closedCols.map((c) => `${c}${u.row}`);
    // A real date, or nothing at all, is read from the cell; only a text date needs its own formula.
    if (isRealDate(raw)) {
      if (run && run.lastRow === u.row - 1) {
        run.lastRow = u.row;
        continue;
      }
      run = { col: owned.workdaysLeft.col, firstRow: u.row, lastRow: u.row, formula: workdaysFormula(`${deadlineCol}${u.row}`, asOfRef, closed) };
      workdayFormulas.push(run);
      continue;
    }
    run = null;
    const parsed = parsedDeadline.get(u.row) ?? null;
    workdayFormulas.push({
      col: owned.workdaysLeft.col,
      firstRow: u.row,
      lastRow: u.row,
      // A serial in a formula is in the workbook's own date system.
      formula: workdaysFormula(parsed ? String(toExcelSerial(parsed) - (grid.date1904 ? DATE_1904_OFFSET : 0)) : '""', asOfRef, closed),
    });
  }

  const { sheets } = target;
  const workday = layoutWorkdaySheet(sheets.workdays, lang, [sheets.overdue, sheets.log]);
  const beyond = items.filter((i) => i.deadline && !i.closed && !isCovered(i.deadline)).length + (isCovered(live.asOf) ? 0 : 1);
  return {
    ledger: loc,
    lang,
    settings: live,
    result,
    warnings: [
      ...(unreadable.length
        ? [
            format(s.badDates, {
              list:
                unreadable
                  .slice(0, LIST_LIMIT)
                  .map((c) => format(strings(lang).cli.unreadableCell, { row: c.row, header: c.header, text: c.text }))
                  .join(';') + (unreadable.length > LIST_LIMIT ? `;… (+${unreadable.length - LIST_LIMIT})` : ''),
            }),
          ]
        : []),
      ...(uncomputedRows.length
        ? [
            format(s.uncomputedDeadlines, {
              header: gridText(sheet.rows[loc.headerRow - 1]?.[loc.columns.deadline! - 1]),
              rows: uncomputedRows.slice(0, LIST_LIMIT).join('、') + (uncomputedRows.length > LIST_LIMIT ? ` … (+${uncomputedRows.length - LIST_LIMIT})` : ''),
            }),
          ]
        : []),
      ...(beyond ? [format(s.beyondData, { year: WORKDAY_DATA.lastYear, n: beyond })] : []),
    ],
    owned,
    headerStyleFrom: { row: loc.headerRow, col: loc.lastColumn },
    columnWidths,
    ledgerPrintArea: loc.madeByUs ? itemsPrintArea(grid.printAreas?.[sheet.name], loc, items) : null,
    // A preview records nothing: the history columns keep what they hold.
    values: live.preview ? items.map((i) => ({ row: i.row, firstOverdue: i.firstOverdue, daysOverdue: i.previousDaysOverdue })) : updates,
    workdayFormulas,
    sheets,
    overdueSheet: layoutOverdueSheet(result, {
      lang,
      sheetName: sheets.overdue,
      ledgerSheet: loc.sheet.name,
      title: settings.campaignName || undefined,
      preview: live.preview ? format(s.previewCaption, { asOf: live.asOf, today: options.runDate }) : undefined,
    }),
    newLogSheet: sheets.existing.log || live.preview ? null : layoutLogSheet(sheets.log, lang),
    logRow: live.preview
      ? null
      : logRow(
          grid.sheets.find((w) => w.name === sheets.log),
          result,
          options.runDate,
          loc.sheet.name,
        ),
    workdaySheet: workday.sheet,
    workdayNames: workday.names,
  };
}

/** What a flag run did, in every host: the real names of the sheets it wrote included. */
export interface FlagOutcome {
  settings: FlagSettings;
  result: FlagSummary;
  ledgerSheet: string;
  /** The 逾期清单 sheet as written (逾期清单 (2) when the user's own sheet has the name). */
  overdueSheet: string;
  logSheet: string;
  warnings: string[];
}

export function flagOutcome(plan: FlagPlan): FlagOutcome {
  return {
    settings: plan.settings,
    result: plan.result,
    ledgerSheet: plan.ledger.sheet.name,
    overdueSheet: plan.sheets.overdue,
    logSheet: plan.sheets.log,
    warnings: plan.warnings,
  };
}

export function isFlagProblem(x: FlagPlan | FlagProblem): x is FlagProblem {
  return 'kind' in x;
}
