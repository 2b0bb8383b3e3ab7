/**
 * 添加状态列: live 整改状态 and 剩余天数 columns for a ledger an office keeps by hand, planned once
 * for both hosts (the file editor and Office.js), as the flag is. The columns stand right of the
 * ledger, one empty column apart; their formulas are the template's (formulas.ts), reading the
 * ledger's own columns by address and a small visible settings sheet (as-of date, due-soon window,
 * the year of dates written without one) through names the user can retype. Right of them stand
 * the hidden helper columns that read the ledger's date cells with the date grammar
 * (helper-columns.ts), recorded by a name of their own. Nothing of the ledger's is written; a
 * second run changes nothing unless items have outgrown the prepared rows (or the ledger's status
 * columns come from a version without helper columns: then every row's formulas are written anew).
 */
import { absCell, absRange, columnLetter, freeSheetName, parseRange, sheetPrefix, splitSheetRef } from '../address';
import { type IsoDate, toExcelSerial } from '../dates';
import { isTotalLabel } from '../cell-words';
import * as F from '../formulas';
import { DATE_FIELDS, type DateColumns, dateHelperColumns, dayColumns, HELPER_WIDTH } from '../helper-columns';
import { DATE_FORMAT, NOTE_STYLE, TITLE_STYLE } from '../layout/context';
import { grownPrintArea, pageSetup, parsePrintArea, PRINT_MARGINS, printAreaText, printScale, withRowHeights } from '../layout/print';
import { overdueDaysRule, statusColourRules } from '../layout/ledger';
import { findLedger, type FindOptions, freeColumnRightOf, type LedgerLocation } from '../ledger/find';
import { gridText, namedCell, type WorkbookGrid } from '../ledger/grid';
import { parseSettings } from '../settings';
import type { LedgerField } from '../ledger/headers';
import { format, type Lang, strings } from '../locale';
import { DEFAULT_DUE_SOON_DAYS } from '../model';
import type { ConditionalFormatSpec, FilledFormula, NameSpec, SheetSpec } from '../spec';

/** The names the formulas read (one set per workbook), and where a ledger's columns are (per ledger). */
export const STATUS_NAMES = {
  asOf: 'CL_AsOfDate',
  dueSoonDays: 'CL_DueSoonDays',
  year: 'CL_DateYear',
  header: 'CL_StatusHeader',
  rows: 'CL_StatusRows',
  /** The hidden helper columns' header cells. */
  helpers: 'CL_StatusHelpers',
} as const;

/**
 * The 剩余天数 cells' number format. Left General, LibreOffice (and Excel, for some operands)
 * takes the format of a date the formula subtracts: -5 would show as 12/25/99.
 */
export const REMAINING_FORMAT = '0';

/** Rows prepared below the last item, so that a typed-in item gets its status; extended when fewer are left. */
export const STATUS_SPARE_ROWS = 200;
const MIN_SPARE_ROWS = 50;
const SEPARATOR_WIDTH = 2;
const STATUS_WIDTH = 12;
const REMAINING_WIDTH = 10;

export interface StatusColumnsOptions extends FindOptions {
  lang?: Lang;
  /** A fixed as-of date for the settings sheet, instead of =TODAY() (when the sheet is made). */
  asOf?: IsoDate;
  /** The due-soon window for the settings sheet (when the sheet is made). */
  dueSoonDays?: number;
  /** Rows prepared below the last item (a unit's copy, where items are not added, has none). */
  spareRows?: number;
  /**
   * The year of dates written without one, as a constant on the settings sheet (when the sheet is
   * made): a unit's copy reads 12月1日 in its master's year. Without it, the as-of date's year.
   */
  dateYear?: number;
}

export type StatusColumnsProblem = { kind: 'noLedger' } | { kind: 'ourLedger' };

export interface StatusColumn {
  col: number;
  /** The header to write, or null when the column is there already. */
  header: string | null;
}

export interface StatusColumnsPlan {
  ledger: LedgerLocation;
  lang: Lang;
  /** add: new columns; extend: more prepared rows; unchanged: nothing to write. */
  kind: 'add' | 'extend' | 'unchanged';
  status: StatusColumn;
  remaining: StatusColumn;
  /** The hidden helper columns, left to right (their headers null when they are there already). */
  helpers: (StatusColumn & { kind: 'text' | 'day' })[];
  /** A new header takes the look of the ledger's last header cell. */
  headerStyleFrom: { row: number; col: number };
  /** Widths of the new columns; the helper columns hidden. */
  columnWidths: { col: number; width: number; hidden?: boolean }[];
  /** The rows the formulas cover after this run (totals rows left out). */
  firstRow: number;
  lastRow: number;
  /** Formulas this run writes: runs of rows, filled down. */
  formulas: FilledFormula[];
  conditionalFormats: ConditionalFormatSpec[];
  /** The settings sheet to create, when the workbook has none yet. */
  settingsSheet: SheetSpec | null;
  settingsSheetName: string;
  names: NameSpec[];
  /**
   * The ledger sheet's print area after this run (A1, a block or several: `A1:G2,A4:J9`), or null
   * to leave it (set even when `kind` is unchanged, once items were typed below it).
   */
  printArea: string | null;
  /**
   * Print the ledger's block one page wide, so that the new columns do not print on pages of their
   * own: only where the sheet has no scaling of its own. The host measures the block's columns
   * (`measure`, as they are, plus `addedWidths` for the columns this run adds) and sets the
   * percentage that `withPrintScale` works out: a percentage applies in every Excel, fit-to-pages
   * set through Office.js does not (OfficeDev/office-js#1860).
   */
  scaleToWidth: { measure: { col1: number; col2: number }; addedWidths: number[] } | null;
  /** The percentage set (after `withPrintScale`), or null. */
  printScale: number | null;
  /** The ledger's own status column (完成情况 …), kept as it is. */
  ownStatus: string | null;
  messages: string[];
}

export function isStatusColumnsProblem(x: StatusColumnsPlan | StatusColumnsProblem): x is StatusColumnsProblem {
  return !('ledger' in x);
}

/** The names of one ledger's columns: CL_StatusHeader, CL_StatusHeader2 … */
function ledgerNames(grid: WorkbookGrid, sheet: string, headerRow: number): { suffix: string; existing: { header: string; rows: string } | null } {
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : String(i);
    const header = grid.names[STATUS_NAMES.header + suffix];
    if (!header) return { suffix, existing: null };
    const split = splitSheetRef(header);
    if (split?.sheet === sheet && parseRange(split.range.replace(/\$/g, '')).row1 === headerRow)
      return { suffix, existing: { header, rows: grid.names[STATUS_NAMES.rows + suffix] ?? '' } };
  }
}

/**
 * Where a ledger's status columns are, if add-status gave it some (for the flag, which must not read
 * them as the ledger's own), and its helper columns (none from versions before them).
 */
export function statusColumnsOf(
  grid: WorkbookGrid,
  loc: LedgerLocation,
): { status: number; remaining: number; helpers: { first: number; last: number } | null } | null {
  const { suffix, existing } = ledgerNames(grid, loc.sheet.name, loc.headerRow);
  if (!existing) return null;
  const r = parseRange(splitSheetRef(existing.header)!.range.replace(/\$/g, ''));
  const helperRef = grid.names[STATUS_NAMES.helpers + suffix];
  const split = helperRef ? splitSheetRef(helperRef) : null;
  const h = split?.sheet === loc.sheet.name ? parseRange(split.range.replace(/\$/g, '')) : null;
  return { status: r.col1, remaining: r.col2, helpers: h ? { first: h.col1, last: h.col2 } : null };
}

/**
 * The year a ledger's dates written without one (12月1日) are in, as its status formulas read them
 * on `today`: our template's campaign year; the constant a user typed into add-status's settings;
 * else the year of `today` (add-status's default is the as-of date's year). A unit's copy is given it.
 */
export function ledgerDateYear(grid: WorkbookGrid, loc: LedgerLocation, today: IsoDate): number {
  if (loc.madeByUs) {
    const ref = loc.settingsName ? grid.names[loc.settingsName] : undefined;
    const sheet = ref ? grid.sheets.find((s) => s.name === splitSheetRef(ref)?.sheet) : undefined;
    const start = parseSettings(sheet?.rows ?? []).start;
    if (start && /^\d{4}-/.test(start)) return Number(start.slice(0, 4));
  }
  const typed = statusColumnsOf(grid, loc) ? namedCell(grid, STATUS_NAMES.year) : null;
  if (typeof typed?.value === 'number' && typed.formula === undefined && Number.isInteger(typed.value)) return typed.value;
  return Number(today.slice(0, 4));
}

/** Every column add-status gave a ledger (status, remaining days, helpers): their values are ours, not the user's. */
export function ourColumns(ours: NonNullable<ReturnType<typeof statusColumnsOf>>): number[] {
  const helpers = ours.helpers ? Array.from({ length: ours.helpers.last - ours.helpers.first + 1 }, (_, i) => ours.helpers!.first + i) : [];
  return [ours.status, ours.remaining, ...helpers];
}

/** The ledger without the status columns add-status gave it: they are not its own 整改状态. */
export function withoutStatusColumns(grid: WorkbookGrid, loc: LedgerLocation): LedgerLocation {
  const ours = statusColumnsOf(grid, loc);
  if (!ours || loc.columns.status === undefined || (loc.columns.status !== ours.status && loc.columns.status !== ours.remaining)) return loc;
  const columns = { ...loc.columns };
  delete columns.status;
  return { ...loc, columns };
}

function settingsSheet(
  name: string,
  lang: Lang,
  asOf: IsoDate | undefined,
  dueSoonDays: number,
  year: number | undefined,
): { sheet: SheetSpec; names: NameSpec[] } {
  const s = strings(lang).statusColumns;
  const p = sheetPrefix(name);
  const settingsColumns = [{ width: 20 }, { width: 14 }, { width: 64, wrap: true }];
  const sheet: SheetSpec = {
    key: 'statusSettings',
    name,
    hidden: false,
    tabColor: '#7F7F7F',
    columns: settingsColumns,
    blocks: [
      { row: 1, col: 1, values: [[s.title]] },
      {
        row: 3,
        col: 1,
        values: [
          [s.asOf, asOf ? toExcelSerial(asOf) : { formula: 'TODAY()' }, s.asOfNote],
          [s.dueSoon, dueSoonDays, s.dueSoonNote],
          [s.year, year ?? { formula: `YEAR(${absCell(3, 2)})` }, s.yearNote],
        ],
      },
    ],
    filled: [],
    styles: [
      { range: 'A1', style: { ...TITLE_STYLE, fontSize: 12 } },
      { range: 'B3', style: { numFmt: DATE_FORMAT, bold: true, hAlign: 'left' } },
      { range: 'B4:B5', style: { bold: true, hAlign: 'left' } },
      { range: 'C3:C5', style: { ...NOTE_STYLE, wrap: true } },
    ],
    merges: [],
    tables: [],
    validations: [
      { kind: 'date', range: 'B3', min: 32874, max: 73050, errorTitle: s.asOf, error: s.asOfNote },
      { kind: 'whole', range: 'B4', min: 0, max: 365, errorTitle: s.dueSoon, error: s.dueSoonNote },
    ],
    conditionalFormats: [],
    print: pageSetup({ orientation: 'portrait', columns: settingsColumns }),
  };
  const names: NameSpec[] = [
    { name: STATUS_NAMES.asOf, ref: p + absCell(3, 2) },
    { name: STATUS_NAMES.dueSoonDays, ref: p + absCell(4, 2) },
    { name: STATUS_NAMES.year, ref: p + absCell(5, 2) },
  ];
  return { sheet: withRowHeights(sheet), names };
}

/** Runs of consecutive rows in [first, last] that are not in `skip`. */
function runs(first: number, last: number, skip: Set<number>): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let r = first; r <= last + 1; r++) {
    const ok = r <= last && !skip.has(r);
    if (ok && start < 0) start = r;
    if (!ok && start >= 0) {
      out.push([start, r - 1]);
      start = -1;
    }
  }
  return out;
}

/**
 * The percentage that prints the ledger's block one page wide, from the widths (characters) of its
 * columns as they are and the sheet's page (orientation and side margins, in inches); the plan with
 * it and a message saying so. Nothing is set where the block fits at 100%.
 */
export function withPrintScale(
  plan: StatusColumnsPlan,
  columnWidths: number[],
  page: { orientation: 'landscape' | 'portrait'; left: number; right: number },
): StatusColumnsPlan {
  const scale = printScale(
    [...columnWidths, ...plan.scaleToWidth!.addedWidths],
    {
      orientation: page.orientation,
      margins: { ...PRINT_MARGINS, left: page.left, right: page.right },
      // The user's own text sizes are theirs: fit, whatever they come to.
    },
    Infinity,
  );
  if (scale >= 100) return plan;
  return { ...plan, printScale: scale, messages: [...plan.messages, format(strings(plan.lang).statusColumns.printScale, { scale })] };
}

export function planStatusColumns(grid: WorkbookGrid, options: StatusColumnsOptions = {}): StatusColumnsPlan | StatusColumnsProblem {
  const found = findLedger(grid, options);
  if (!found) return { kind: 'noLedger' };
  if (found.madeByUs) return { kind: 'ourLedger' };
  const lang = options.lang ?? 'zh-CN';
  const s = strings(lang);
  const t = s.statusColumns;
  const loc = withoutStatusColumns(grid, found);
  const sheet = loc.sheet;
  const c = loc.columns;
  const header = (col: number | undefined) => (col ? gridText(sheet.rows[loc.headerRow - 1]?.[col - 1]) : '');
  const cell = (row: number, f: LedgerField) => (c[f] ? gridText(sheet.rows[row - 1]?.[c[f]! - 1]) : '');

  // The items, as the flag reads them: a row with a problem, a measure or a deadline; not a totals row.
  let lastItem = loc.headerRow;
  const totals = new Set<number>();
  for (let r = loc.headerRow + 1; r <= sheet.rows.length; r++) {
    if (!cell(r, 'problem') && !cell(r, 'measure') && !cell(r, 'deadline')) continue;
    if ((['seq', 'problem', 'measure'] as LedgerField[]).some((f) => isTotalLabel(cell(r, f)))) totals.add(r);
    else lastItem = r;
  }
  const firstRow = loc.headerRow + 1;
  const { suffix, existing } = ledgerNames(grid, sheet.name, loc.headerRow);
  const existingCols = existing ? statusColumnsOf(grid, found) : null;
  const preparedTo = existing?.rows ? parseRange(splitSheetRef(existing.rows)!.range.replace(/\$/g, '')).row2 : firstRow - 1;

  // The date columns the helpers read, and where the helpers stand: right of the status columns when
  // they are new; where an earlier run put them; else (columns from a version without them, or for
  // other date columns) right of everything, and every row's formulas are written anew.
  const dates: DateColumns = Object.fromEntries(DATE_FIELDS.filter((f) => c[f]).map((f) => [f, { col: c[f]!, header: header(c[f]) }]));
  const helperCount = 2 * Object.keys(dates).length;
  const recorded = existingCols?.helpers;
  const rewrite = !!existingCols && (!recorded || recorded.last - recorded.first + 1 !== helperCount);
  const kind: StatusColumnsPlan['kind'] = !existing ? 'add' : !rewrite && preparedTo - lastItem >= MIN_SPARE_ROWS ? 'unchanged' : 'extend';
  const grown = Math.max(lastItem, firstRow) + (options.spareRows ?? STATUS_SPARE_ROWS);
  const lastRow = kind === 'unchanged' ? preparedTo : rewrite ? Math.max(preparedTo, grown) : grown;
  const writeFrom = kind === 'extend' && !rewrite ? preparedTo + 1 : firstRow;

  // New columns stand one empty column right of everything in the header row (the flag's columns too) and of any note beside the ledger.
  const headerTexts = new Set((sheet.rows[loc.headerRow - 1] ?? []).map((v) => gridText(v)));
  const statusCol = existingCols?.status ?? freeColumnRightOf(loc);
  const remainingCol = existingCols?.remaining ?? statusCol + 1;
  const helperCol = !existingCols ? remainingCol + 1 : rewrite ? freeColumnRightOf(found) : recorded!.first;
  const helpersAt = (row: number) => dateHelperColumns(dates, helperCol, row, STATUS_NAMES.year, lang);
  const helpers = helpersAt(firstRow);
  const name = (text: string) => (headerTexts.has(text) ? `${text}${t.auto}` : text);
  const letter = (col: number | undefined) => (col ? columnLetter(col) : undefined);
  const days = dayColumns(helpers);
  const columns: F.LedgerColumns = {
    days: { deadline: days.deadline!, completed: days.completed, signedOff: days.signedOff },
    statusText: letter(c.status),
    item: { keys: (['problem', 'measure', 'deadline'] as LedgerField[]).filter((f) => c[f]).map((f) => columnLetter(c[f]!)) },
    totalLabels: (['seq', 'problem', 'measure'] as LedgerField[]).filter((f) => c[f]).map((f) => columnLetter(c[f]!)),
  };
  const names: F.WorkbookNames = { asOf: STATUS_NAMES.asOf, dueSoonDays: STATUS_NAMES.dueSoonDays };
  const formulas: FilledFormula[] = [];
  if (kind !== 'unchanged') {
    for (const [a, b] of runs(writeFrom, lastRow, totals)) {
      formulas.push({ col: statusCol, firstRow: a, lastRow: b, formula: F.ledgerStatus(a, columns, s.ledger.statuses, names) });
      formulas.push({ col: remainingCol, firstRow: a, lastRow: b, formula: F.remainingDays(a, columns, names) });
      for (const h of helpersAt(a)) formulas.push({ col: h.col, firstRow: a, lastRow: b, formula: h.formula });
    }
  }

  const settingsName = grid.names[STATUS_NAMES.asOf]
    ? (splitSheetRef(grid.names[STATUS_NAMES.asOf])?.sheet ?? t.sheet)
    : freeSheetName(t.sheet, new Set(grid.sheets.map((w) => w.name.toLowerCase())));
  const settings = grid.names[STATUS_NAMES.asOf]
    ? null
    : settingsSheet(settingsName, lang, options.asOf, options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS, options.dateYear);
  const p = sheetPrefix(sheet.name);
  // Colours for the rows this run writes (an extension adds its rows' own, the earlier rules stay).
  const statusRange = `${columnLetter(statusCol)}${writeFrom}:${columnLetter(statusCol)}${lastRow}`;
  const remainingRange = `${columnLetter(remainingCol)}${writeFrom}:${columnLetter(remainingCol)}${lastRow}`;
  const planNames: NameSpec[] =
    kind === 'unchanged'
      ? []
      : [
          ...(settings?.names ?? []),
          { name: STATUS_NAMES.header + suffix, ref: p + absRange(loc.headerRow, statusCol, loc.headerRow, remainingCol) },
          { name: STATUS_NAMES.rows + suffix, ref: p + absRange(firstRow, statusCol, lastRow, remainingCol) },
          ...(helpers.length
            ? [{ name: STATUS_NAMES.helpers + suffix, ref: p + absRange(loc.headerRow, helperCol, loc.headerRow, helperCol + helpers.length - 1) }]
            : []),
        ];
  const ownStatus = c.status ? header(c.status) : null;
  // Down to the last row holding anything of the user's (a footer too), never into the prepared rows;
  // a print area of several blocks keeps them all, the ledger's widened (layout/print.ts).
  const toRow = Math.max(sheet.lastValueRow ?? 0, lastItem, loc.headerRow);
  // The ledger's own right edge: an earlier run's columns (and their hidden helpers) are not the user's.
  const userLastColumn = existingCols ? Math.min(loc.lastColumn, statusCol - 2) : loc.lastColumn;
  const blocks = grownPrintArea(grid.printAreas?.[sheet.name], { headerRow: loc.headerRow, lastColumn: userLastColumn, toColumn: remainingCol, toRow });
  const printArea = blocks ? printAreaText(blocks) : null;
  const ledgerBlock = (blocks ?? parsePrintArea(grid.printAreas?.[sheet.name] ?? '') ?? []).find((b) => b.row2 >= loc.headerRow && b.col2 >= remainingCol);
  const scaleToWidth =
    kind === 'add' && sheet.printScaled === false && ledgerBlock
      ? { measure: { col1: ledgerBlock.col1, col2: statusCol - 2 }, addedWidths: [SEPARATOR_WIDTH, STATUS_WIDTH, REMAINING_WIDTH] }
      : null;
  const printNote = printArea ? [format(t.printArea, { area: printArea })] : [];
  const messages =
    kind === 'unchanged'
      ? [
          printArea
            ? format(t.printAreaGrown, { sheet: sheet.name, last: preparedTo, area: printArea })
            : format(t.alreadyAdded, { sheet: sheet.name, last: preparedTo }),
        ]
      : kind === 'extend'
        ? [format(t.extended, { sheet: sheet.name, last: lastRow }), ...printNote]
        : [
            format(t.added, {
              sheet: sheet.name,
              status: name(t.status),
              remaining: name(t.remaining),
              first: firstRow,
              last: lastRow,
              settings: settingsName,
            }),
            ...(ownStatus ? [format(t.ownStatus, { own: ownStatus })] : []),
            ...printNote,
          ];
  return {
    ledger: loc,
    lang,
    kind,
    status: { col: statusCol, header: existingCols ? null : name(t.status) },
    remaining: { col: remainingCol, header: existingCols ? null : name(t.remaining) },
    helpers: helpers.map((h) => ({ col: h.col, kind: h.kind, header: existingCols && !rewrite ? null : h.header })),
    headerStyleFrom: { row: loc.headerRow, col: loc.lastColumn },
    columnWidths: [
      ...(existingCols
        ? []
        : [
            { col: statusCol - 1, width: SEPARATOR_WIDTH },
            { col: statusCol, width: STATUS_WIDTH },
            { col: remainingCol, width: REMAINING_WIDTH },
          ]),
      ...(existingCols && !rewrite ? [] : helpers.map((h) => ({ col: h.col, width: HELPER_WIDTH, hidden: true }))),
    ],
    firstRow,
    lastRow,
    formulas,
    conditionalFormats:
      kind === 'unchanged'
        ? []
        : [
            { range: statusRange, rules: statusColourRules(s.ledger.statuses, `$${columnLetter(statusCol)}${writeFrom}`) },
            { range: remainingRange, rules: [overdueDaysRule(`${columnLetter(remainingCol)}${writeFrom}`)] },
          ],
    settingsSheet: settings?.sheet ?? null,
    settingsSheetName: settingsName,
    names: planNames,
    printArea,
    scaleToWidth,
    printScale: null,
    ownStatus,
    messages,
  };
}
