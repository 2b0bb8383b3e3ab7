/**
 * WorkbookSpec: a declarative description of a workbook in Excel's own terms (A1 addresses,
 * Excel formulas without the leading '=', number-format codes, table styles, validation and
 * conditional-format rules). Both renderers interpret it: src/xlsx (ExcelJS, a file) and
 * src/excel (Office.js, the open workbook). It holds only what both can express.
 *
 * Dates are Excel serial numbers with a date number format, so both renderers write the same
 * number and no renderer ever interprets a date in a time zone.
 */

export interface Formula {
  formula: string;
}

/** A string is always literal text, even one starting with '=': formulas are `{ formula }`. */
export type CellValue = string | number | boolean | null | Formula;

export function isFormula(value: CellValue): value is Formula {
  return typeof value === 'object' && value !== null;
}

export type HAlign = 'left' | 'center' | 'right';

export interface CellStyle {
  bold?: boolean;
  fontSize?: number;
  /** #RRGGBB */
  fontColor?: string;
  fill?: string;
  hAlign?: HAlign;
  vAlign?: 'top' | 'middle' | 'bottom';
  wrap?: boolean;
  numFmt?: string;
  /** A thin border on every edge of every cell, in this colour (#RRGGBB). */
  border?: string;
  /** Text turned 90° counter-clockwise (reads bottom to top), as column labels over narrow columns. */
  rotated?: boolean;
}

/** A rectangle of values whose top-left cell is (row, col), both 1-based. */
export interface Block {
  row: number;
  col: number;
  values: CellValue[][];
}

/**
 * A formula written for (firstRow, col) and filled down to lastRow, as Excel's fill handle does:
 * relative references move with the row. The .xlsx renderer writes it as one shared formula, so
 * ten thousand status cells cost one formula text, not ten thousand.
 */
export interface FilledFormula {
  col: number;
  firstRow: number;
  lastRow: number;
  formula: string;
}

export interface StyledRange {
  range: string;
  style: CellStyle;
}

export interface ColumnSpec {
  width: number;
  /** Applies to the column's cells (data rows); header cells get theirs from `styles`. */
  numFmt?: string;
  wrap?: boolean;
  hAlign?: HAlign;
  /** The column is hidden (renderers hide it; hidden columns never print). */
  hidden?: boolean;
  /**
   * One of our helper columns (core/helper-columns.ts): hidden, computed, never a user's. Print
   * setup leaves it out of print areas; readers know it by its header.
   */
  helper?: boolean;
  /** Where a cell's text stands in a row taller than it: top by default for wrapped text, else Excel's bottom. */
  vAlign?: CellStyle['vAlign'];
}

/** An Excel table: header row at (row, col), then `rows`. */
export interface TableSpec {
  name: string;
  row: number;
  col: number;
  header: string[];
  rows: CellValue[][];
  style: string;
}

interface ValidationBase {
  range: string;
  errorTitle: string;
  error: string;
  prompt?: string;
}

export interface ListValidation extends ValidationBase {
  kind: 'list';
  /** A range formula such as `'领导小组'!$G$3:$G$32` (never an inline list of strings). */
  source: string;
}

export interface DateValidation extends ValidationBase {
  kind: 'date';
  /** Excel serials, inclusive. */
  min: number;
  max: number;
}

export interface WholeNumberValidation extends ValidationBase {
  kind: 'whole';
  min: number;
  max: number;
}

export type ValidationSpec = ListValidation | DateValidation | WholeNumberValidation;

export interface RuleStyle {
  fill?: string;
  fontColor?: string;
  bold?: boolean;
}

/** Formula relative to the range's top-left cell, as in Excel's "use a formula" rule. */
export interface ExpressionRule {
  kind: 'expression';
  formula: string;
  style: RuleStyle;
  stopIfTrue?: boolean;
}

export interface DataBarRule {
  kind: 'dataBar';
  color: string;
}

export type ConditionalRule = ExpressionRule | DataBarRule;

/** Rules in priority order: the first has the highest priority. */
export interface ConditionalFormatSpec {
  range: string;
  rules: ConditionalRule[];
}

export interface HeaderFooter {
  left?: string;
  center?: string;
  right?: string;
}

export interface PrintSpec {
  orientation: 'landscape' | 'portrait';
  paper: 'A4';
  /**
   * The zoom, in percent (10–400): worked out from the printed columns' widths (layout/print.ts),
   * never a fit-to-pages setting, which Excel for Windows ignores when Office.js sets it
   * (OfficeDev/office-js#1860) and which makes Excel and LibreOffice ignore manual page breaks.
   */
  scale: number;
  /** Rows repeated at the top of every printed page, e.g. [1, 2]. */
  titleRows?: [number, number];
  /** Columns repeated at the left of every printed page, for a sheet wider than one page. */
  titleColumns?: [number, number];
  /**
   * What prints (A1 range): the filled rows only, so spare rows and empty list rows waste no paper.
   * Without one, the whole used range prints.
   */
  area?: string;
  /** Inches, as Excel's page setup gives them. */
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  header: HeaderFooter;
  footer: HeaderFooter;
}

/**
 * A chart of a range on the same sheet (labels in the first column, one series per further
 * column, the first row as series names). Only the Office.js renderer draws charts: ExcelJS cannot
 * write them, and the .xlsx sheets carry data bars on the same figures instead.
 */
export interface ChartSpec {
  kind: 'column' | 'bar';
  title: string;
  data: string;
  /** Where the chart stands: its top-left and bottom-right cells. */
  from: string;
  to: string;
}

export type SheetKey =
  | 'dashboard'
  | 'schedule'
  | 'ledger'
  | 'group'
  | 'settings'
  | 'overdue'
  | 'log'
  | 'workdays'
  | 'statusSettings'
  | 'instructions'
  | 'copyInfo'
  | 'mergeLog'
  | 'mergeState'
  | 'lists';

export interface SheetSpec {
  key: SheetKey;
  name: string;
  hidden: boolean;
  tabColor?: string;
  columns: ColumnSpec[];
  blocks: Block[];
  /** Written after blocks and tables, over whatever they put in those cells. */
  filled: FilledFormula[];
  styles: StyledRange[];
  merges: string[];
  freeze?: { rows: number; columns: number };
  tables: TableSpec[];
  validations: ValidationSpec[];
  conditionalFormats: ConditionalFormatSpec[];
  print?: PrintSpec;
  rowHeights?: { row: number; height: number }[];
  /** Manual page breaks: a new printed page starts after each of these rows. */
  pageBreaks?: number[];
  charts?: ChartSpec[];
  /**
   * The sheet protected without a password (so that nobody rewords a cell by accident, and WPS
   * and LibreOffice read it too), but for these ranges, which stay open for typing.
   */
  protection?: { unlocked: string[] };
}

/**
 * A sheet of values only (settings, records, lists, instructions, logs): the parts it does not
 * use are empty; `parts` gives its own and may add styles, print setup, freeze.
 */
export function valuesSheet(parts: Pick<SheetSpec, 'key' | 'name' | 'hidden' | 'columns' | 'blocks'> & Partial<SheetSpec>): SheetSpec {
  return { filled: [], styles: [], merges: [], tables: [], validations: [], conditionalFormats: [], ...parts };
}

export interface NameSpec {
  name: string;
  /** Absolute reference with the sheet, e.g. `'总览'!$B$3`. */
  ref: string;
}

/**
 * The workbook's body font, declared as Excel's Chinese workbooks declare it: the cell styles
 * name `name` (with its character set), and the theme's body font keeps `latin` for Latin text and
 * gives `eastAsian` for Chinese text (its East Asian font and its Hans/Hant script font).
 */
export interface FontSpec {
  name: string;
  /** The Windows character set of `name` (134 GB2312, 136 Big5), when it is an East Asian font. */
  charset?: number;
  latin: string;
  eastAsian: string;
  /** The script `eastAsian` is for, as the theme lists it. */
  script: 'Hans' | 'Hant';
  size: number;
}

export interface WorkbookSpec {
  title: string;
  subject: string;
  font: FontSpec;
  sheets: SheetSpec[];
  names: NameSpec[];
  activeSheet: SheetKey;
}
