/** 整改台账: the rectification ledger, an Excel table with status formulas, dropdowns and colours. */
import { cell, columnLetter, range } from '../address';
import * as F from '../formulas';
import { type DateColumns, dateHelperColumns, dayColumns, HELPER_WIDTH, type HelperColumn } from '../helper-columns';
import { LEDGER_COLUMN_KEYS, type LedgerColumnKey, type Strings } from '../locale';
import type { RectificationItem } from '../model';
import type { CellValue, ColumnSpec, ConditionalRule, SheetSpec, ValidationSpec } from '../spec';
import { cleanCellText } from '../text';
import { formatItemId } from '../distribute/identity';
import {
  COLORS,
  DATE_FORMAT,
  DATE_MAX,
  DATE_MIN,
  dateOrNull,
  HEADER_STYLE,
  type LayoutContext,
  NOTE_STYLE,
  printSetup,
  PRINT_MARGINS,
  TITLE_STYLE,
} from './context';
import { textUnits, widthForWords } from './measure';
import { fitsReadably } from './print';

export { LEDGER_TABLE_NAME } from './context';

/**
 * Widths (characters) that print the fifteen paper columns one A4 landscape page wide at about 85%,
 * text at 9 pt or more; texts wrap (problem and measure into a few lines). A header word or a
 * status word longer than its column widens it (see `columnWidth`).
 */
const WIDTHS: Record<LedgerColumnKey, number> = {
  seq: 5,
  category: 9,
  problem: 24,
  measure: 24,
  type: 9,
  leader: 8,
  unit: 11,
  owner: 7,
  deadline: 11,
  completed: 11,
  status: 9,
  remaining: 7,
  signedOff: 11,
  signer: 7,
  remarks: 12,
  itemId: 10,
};

/**
 * The columns a reader of the printed ledger needs, declared here: the print area runs from the
 * first to the last of them. Every other column is a working column and stays off paper, whatever
 * it is and wherever it stands: 台账编号, the flag's columns right of the ledger, any helper column
 * added later (one standing between paper columns must be hidden: a hidden column never prints).
 */
export const PAPER_COLUMNS: readonly LedgerColumnKey[] = [
  'seq',
  'category',
  'problem',
  'measure',
  'type',
  'leader',
  'unit',
  'owner',
  'deadline',
  'completed',
  'status',
  'remaining',
  'signedOff',
  'signer',
  'remarks',
];
/** The ledger's columns that do not print. */
export const WORKING_COLUMNS: readonly LedgerColumnKey[] = LEDGER_COLUMN_KEYS.filter((k) => !PAPER_COLUMNS.includes(k));

const DATE_KEYS: LedgerColumnKey[] = ['deadline', 'completed', 'signedOff'];
const NUMBER_KEYS: LedgerColumnKey[] = ['seq', 'remaining'];

/**
 * The columns' widths: each its own or what its words need; then 问题描述 and 整改措施 as wide as
 * the page leaves at the smallest readable scale (24 characters at most, 16 at least), so that the
 * paper columns print one page wide with text at 9 pt or more in every language.
 */
function paperWidths(s: Strings): Record<LedgerColumnKey, number> {
  const widths = Object.fromEntries(LEDGER_COLUMN_KEYS.map((k) => [k, columnWidth(k, s)])) as Record<LedgerColumnKey, number>;
  const page = { orientation: 'landscape' as const, margins: PRINT_MARGINS };
  for (let text = WIDTHS.problem; text > 16; text--) {
    widths.problem = widths.measure = text;
    if (
      fitsReadably(
        PAPER_COLUMNS.map((k) => widths[k]),
        page,
      )
    )
      break;
  }
  return widths;
}

/** A column's width: its own, or more where a word of its header (bold) or of the words its formula shows would not fit. */
function columnWidth(key: LedgerColumnKey, s: Strings): number {
  const width = widthForWords(WIDTHS[key], [s.ledger.columns[key]], true);
  // The status words stay on one line: a formula's result is not measured for the row's height.
  return key === 'status' ? Math.max(width, ...Object.values(s.ledger.statuses).map((w) => Math.ceil(textUnits(w) + 1.5))) : width;
}

/** The formula columns are left null here: they are filled down the whole prepared range. */
function itemRow(item: RectificationItem | null, index: number): CellValue[] {
  const text = (value: string | undefined) => (value ? cleanCellText(value) : null);
  const values: Record<LedgerColumnKey, CellValue> = {
    seq: item ? index + 1 : null,
    category: text(item?.category),
    problem: text(item?.problem),
    measure: text(item?.measure),
    type: text(item?.type),
    leader: text(item?.leader),
    unit: text(item?.unit),
    owner: text(item?.owner),
    deadline: dateOrNull(item?.deadline ?? null),
    completed: dateOrNull(item?.completed ?? null),
    status: null,
    remaining: null,
    signedOff: dateOrNull(item?.signedOff ?? null),
    signer: text(item?.signer),
    remarks: text(item?.remarks),
    // 台账编号: split and merge know an item by it; the items of a new ledger are numbered from 1.
    itemId: item ? formatItemId(index + 1) : null,
  };
  return LEDGER_COLUMN_KEYS.map((k) => values[k]);
}

/** The colours of a status column (red, amber, green; 日期有误 red too), for a status cell reference. */
export function statusColourRules(t: Strings['ledger']['statuses'], statusRef: string): ConditionalRule[] {
  return [
    { kind: 'expression', formula: F.cellEquals(statusRef, t.overdue), style: { fill: COLORS.overdueFill, fontColor: COLORS.overdueFont, bold: true } },
    { kind: 'expression', formula: F.cellEquals(statusRef, t.dueSoon), style: { fill: COLORS.dueSoonFill, fontColor: COLORS.dueSoonFont } },
    { kind: 'expression', formula: F.cellEquals(statusRef, t.completed), style: { fill: COLORS.doneFill, fontColor: COLORS.doneFont } },
    { kind: 'expression', formula: F.cellEquals(statusRef, t.signedOff), style: { fill: COLORS.doneFill, fontColor: COLORS.doneFont } },
    // A cell that is not a date needs fixing as much as an overdue item.
    { kind: 'expression', formula: F.cellEquals(statusRef, t.dateError), style: { fill: COLORS.overdueFill, fontColor: COLORS.overdueFont, bold: true } },
  ];
}

/** 剩余天数 below zero in bold red. */
export function overdueDaysRule(ref: string): ConditionalRule {
  return { kind: 'expression', formula: `AND(ISNUMBER(${ref}),${ref}<0)`, style: { fontColor: COLORS.overdueFont, bold: true } };
}

/**
 * The ledger's hidden helper columns (helper-columns.ts): two per date column, the last columns of
 * the table, so that Excel's inserted and added table rows get them as they get the status. Dates
 * without a year are in the campaign's.
 */
export function ledgerHelperColumns(ctx: LayoutContext): HelperColumn[] {
  const { ledger: g, s, campaign } = ctx;
  const dates: DateColumns = Object.fromEntries(DATE_KEYS.map((k) => [k, { col: g.col[k], header: s.ledger.columns[k] }]));
  return dateHelperColumns(dates, LEDGER_COLUMN_KEYS.length + 1, g.firstRow, Number(campaign.start.slice(0, 4)), campaign.lang);
}

function statusColumns(ctx: LayoutContext, helpers: HelperColumn[]): F.LedgerColumns {
  const l = ctx.ledger.letter;
  const days = dayColumns(helpers);
  return {
    item: { first: l.category, last: l.completed, alsoCol: l.signedOff },
    days: { deadline: days.deadline!, completed: days.completed, signedOff: days.signedOff },
  };
}

export function layoutLedger(ctx: LayoutContext): SheetSpec {
  const { ledger: g, s, campaign } = ctx;
  const lastCol = LEDGER_COLUMN_KEYS.length;
  const helpers = ledgerHelperColumns(ctx);
  const items = campaign.items;
  const tableRows = (items.length ? items.map((item, i) => itemRow(item, i)) : [itemRow(null, 0)]).map((r) => [...r, ...helpers.map(() => null)]);

  const widths = paperWidths(s);
  const columns: ColumnSpec[] = LEDGER_COLUMN_KEYS.map((k) => ({
    width: widths[k],
    vAlign: 'middle',
    numFmt: DATE_KEYS.includes(k) ? DATE_FORMAT : k === 'remaining' ? '0' : undefined,
    // Every text wraps: a long unit name or an English type prints whole, on more lines.
    wrap: DATE_KEYS.includes(k) || NUMBER_KEYS.includes(k) || k === 'status' ? undefined : true,
    hAlign: k === 'seq' || k === 'status' || k === 'remaining' || k === 'type' ? 'center' : undefined,
  }));
  columns.push(...helpers.map((h): ColumnSpec => ({ width: HELPER_WIDTH, hidden: true, helper: true, ...(h.kind === 'day' ? { numFmt: DATE_FORMAT } : {}) })));
  const formulaColumns = statusColumns(ctx, helpers);
  const firstPaperCol = Math.min(...PAPER_COLUMNS.map((k) => g.col[k]));
  const lastPaperCol = Math.max(...PAPER_COLUMNS.map((k) => g.col[k]));

  const dataRange = (key: LedgerColumnKey) => range(g.firstRow, g.col[key], g.lastRow, g.col[key]);
  const listMessage = { errorTitle: s.ledger.invalidListTitle, error: s.ledger.invalidList };
  const validations: ValidationSpec[] = [
    { kind: 'list', range: dataRange('type'), source: ctx.lists.types, ...listMessage },
    { kind: 'list', range: dataRange('leader'), source: ctx.lists.leaders, ...listMessage },
    { kind: 'list', range: dataRange('unit'), source: ctx.lists.units, ...listMessage },
    { kind: 'list', range: dataRange('category'), source: ctx.lists.categories, ...listMessage },
    ...DATE_KEYS.map((k): ValidationSpec => ({
      kind: 'date',
      range: dataRange(k),
      min: DATE_MIN,
      max: DATE_MAX,
      errorTitle: s.ledger.invalidDateTitle,
      error: s.ledger.invalidDate,
    })),
  ];

  const statusRef = `$${g.letter.status}${g.firstRow}`;
  const title = `${campaign.name} · ${s.titles.ledger}`;
  return {
    key: 'ledger',
    name: ctx.sheetNames.ledger,
    hidden: false,
    tabColor: '#C00000',
    columns,
    blocks: [
      { row: 1, col: 1, values: [[cleanCellText(title)]] },
      { row: 1, col: g.col.status, values: [[s.asOfCaption, { formula: ctx.names.asOf }]] },
    ],
    // Status formulas run past the table into the prepared rows, so a typed-in item gets them.
    filled: [
      { col: g.col.status, firstRow: g.firstRow, lastRow: g.lastRow, formula: F.ledgerStatus(g.firstRow, formulaColumns, s.ledger.statuses, ctx.names) },
      { col: g.col.remaining, firstRow: g.firstRow, lastRow: g.lastRow, formula: F.remainingDays(g.firstRow, formulaColumns, ctx.names) },
      ...helpers.map((h) => ({ col: h.col, firstRow: g.firstRow, lastRow: g.lastRow, formula: h.formula })),
    ],
    styles: [
      { range: range(1, 1, 1, g.col.completed), style: TITLE_STYLE },
      { range: cell(1, g.col.status), style: { ...NOTE_STYLE, hAlign: 'right' } },
      { range: cell(1, g.col.remaining), style: { numFmt: DATE_FORMAT, bold: true, hAlign: 'left' } },
      { range: range(g.headerRow, 1, g.headerRow, lastCol), style: HEADER_STYLE },
    ],
    // The as-of date over 剩余天数 and the column after it: a date is wider than 剩余天数.
    merges: [range(1, 1, 1, g.col.completed), range(1, g.col.remaining, 1, g.col.remaining + 1)],
    freeze: { rows: g.headerRow, columns: 0 },
    tables: [
      {
        name: ctx.objectNames.ledgerTable,
        row: g.headerRow,
        col: 1,
        header: [...LEDGER_COLUMN_KEYS.map((k) => s.ledger.columns[k]), ...helpers.map((h) => h.header)],
        rows: tableRows,
        style: 'TableStyleMedium2',
      },
    ],
    validations,
    conditionalFormats: [
      { range: dataRange('status'), rules: statusColourRules(s.ledger.statuses, statusRef) },
      { range: dataRange('remaining'), rules: [overdueDaysRule(`${columnLetter(g.col.remaining)}${g.firstRow}`)] },
    ],
    // The paper columns of the items only: the spare rows below the table print once something is
    // typed into them and a flag runs; the working columns right of them never do.
    print: printSetup(ctx, s.titles.ledger, [1, g.headerRow], columns, { area: range(1, firstPaperCol, g.lastTableRow, lastPaperCol) }),
    rowHeights: [{ row: 1, height: 28 }],
  };
}
