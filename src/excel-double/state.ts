/**
 * The workbook the Excel test double holds: cells, formats, tables, names, rules. Plain data, so
 * tests can inspect what a batch of Office.js calls really did.
 */
import { parseRange } from '../core/address';

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export interface CellStyleState {
  bold?: boolean;
  size?: number;
  fontColor?: string;
  fill?: string;
  hAlign?: string;
  vAlign?: string;
  wrap?: boolean;
  textOrientation?: number;
}

export interface CellState {
  /** The constant value; for a formula cell, what the double reports as its value (""). */
  value: string | number | boolean | null;
  /** A1 formula without the leading '='. */
  formula?: string;
  numFmt?: string;
  style?: CellStyleState;
  validation?: ValidationState;
}

export interface ValidationState {
  rule: Excel.DataValidationRule;
  errorAlert?: Excel.DataValidationErrorAlert;
  prompt?: Excel.DataValidationPrompt;
  ignoreBlanks?: boolean;
}

export interface ConditionalFormatState {
  id: number;
  range: string;
  type: 'Custom' | 'DataBar';
  formula?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  stopIfTrue?: boolean;
  barColor?: string;
  gradientFill?: boolean;
  lowerBound?: Excel.ConditionalDataBarRule;
  upperBound?: Excel.ConditionalDataBarRule;
}

export interface TableState {
  name: string;
  sheet: SheetState;
  range: string;
  style: string;
}

export interface ChartState {
  type: string;
  source: string;
  seriesBy?: string;
  title?: string;
  legendVisible?: boolean;
  position?: [string, string | undefined];
}

export interface PageLayoutState {
  orientation?: string;
  paperSize?: string;
  zoom?: Excel.PageLayoutZoomOptions;
  centerHorizontally?: boolean;
  margins: Record<string, number>;
  headerFooter: Record<string, string>;
  printTitleRows?: string;
  printTitleColumns?: string;
  /** One block ("A1:G9") or several ("A1:G2,A4:G9"), as Excel keeps a print area of several ranges. */
  printArea?: string;
}

export interface SheetState {
  id: number;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  tabColor: string;
  protected: boolean;
  cells: Map<number, CellState>;
  columnWidths: Map<number, number>;
  /** Hidden columns (RangeFormat.columnHidden). */
  hiddenColumns: Set<number>;
  rowHeights: Map<number, number>;
  merges: string[];
  conditionalFormats: ConditionalFormatState[];
  freeze?: { rows: number; columns: number };
  pageLayout: PageLayoutState;
  pageBreaks: number[];
  charts: ChartState[];
}

export interface NameState {
  name: string;
  /** With the leading '='. */
  formula: string;
  visible: boolean;
}

export interface WorkbookState {
  sheets: SheetState[];
  names: NameState[];
  tables: TableState[];
  activeSheetId: number;
  protected: boolean;
  readOnly: boolean;
  /** The 1904 date system of older Mac workbooks: serial 0 is 1904-01-01. */
  date1904: boolean;
  /** A user is typing in a cell: Excel fails (or, when asked, delays) every batch meanwhile. */
  cellEditing: boolean;
  /**
   * The user's AutoCorrect options that act on tables, Excel's own (File › Options › Proofing ›
   * AutoCorrect Options › AutoFormat As You Type; AutoCorrect.AutoExpandListRange and
   * AutoCorrect.AutoFillFormulasInLists in Excel's VBA reference). Both are on by default, a user can
   * turn either off, and they apply to add-in writes too (OfficeDev/office-js#6745). Office.js
   * cannot read or set them: code must work with either.
   */
  autoCorrect: AutoCorrectOptions;
}

export interface AutoCorrectOptions {
  /** "Include new rows and columns in table": a value written right below or right of a table joins it. */
  autoExpandListRange: boolean;
  /** "Fill formulas in tables to create calculated columns": a row that joins a table gets its calculated columns' formulas. */
  autoFillFormulasInLists: boolean;
}

export function key(row: number, col: number): number {
  return (row - 1) * MAX_COLS + (col - 1);
}

export function newSheet(id: number, name: string): SheetState {
  return {
    id,
    name,
    visibility: 'Visible',
    tabColor: '',
    protected: false,
    cells: new Map(),
    columnWidths: new Map(),
    hiddenColumns: new Set(),
    rowHeights: new Map(),
    merges: [],
    conditionalFormats: [],
    pageLayout: { margins: {}, headerFooter: {} },
    pageBreaks: [],
    charts: [],
  };
}

export function newWorkbook(sheetNames: string[] = ['Sheet1']): WorkbookState {
  const sheets = sheetNames.map((n, i) => newSheet(i + 1, n));
  return {
    sheets,
    names: [],
    tables: [],
    activeSheetId: sheets[0]?.id ?? 0,
    protected: false,
    readOnly: false,
    date1904: false,
    cellEditing: false,
    autoCorrect: { autoExpandListRange: true, autoFillFormulasInLists: true },
  };
}

/** 1-based bounds of an address such as `A1:C3`, `B:B` or `2:4`. */
export interface Bounds {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export function boundsOf(address: string): Bounds {
  const a = address.replace(/\$/g, '').toUpperCase();
  const cols = /^([A-Z]{1,3}):([A-Z]{1,3})$/.exec(a);
  if (cols) {
    const r = parseRange(`${cols[1]}1:${cols[2]}1`);
    return { r1: 1, c1: r.col1, r2: MAX_ROWS, c2: r.col2 };
  }
  const rows = /^(\d+):(\d+)$/.exec(a);
  if (rows) return { r1: Number(rows[1]), c1: 1, r2: Number(rows[2]), c2: MAX_COLS };
  if (!/^[A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?$/.test(a)) throw new Error(`bad address ${address}`);
  const r = parseRange(a);
  if (r.row2 > MAX_ROWS || r.col2 > MAX_COLS || r.row1 < 1 || r.col1 < 1) throw new Error(`bad address ${address}`);
  return { r1: Math.min(r.row1, r.row2), c1: Math.min(r.col1, r.col2), r2: Math.max(r.row1, r.row2), c2: Math.max(r.col1, r.col2) };
}
