/**
 * Paper: how the sheets we write print on A4. One scale per sheet, worked out here from the widths
 * of the columns that print, so that every engine prints the same page (Excel for Windows ignores
 * a fit-to-pages setting made through Office.js until its Page Layout tab has been shown,
 * OfficeDev/office-js#1860, while a percentage applies everywhere); rows tall enough for their
 * wrapped text; print areas of one block or several.
 */
import { absCell, columnLetter, parseRange, range, sheetPrefix, splitSheetRef } from '../address';
import type { CellStyle, CellValue, PrintSpec, SheetSpec } from '../spec';
import { BODY_FONT_SIZE, DEFAULT_ROW_HEIGHT, hasCjk, linesHeight, wrappedLines } from './measure';

/** A4 in points (210 × 297 mm). */
export const A4_POINTS = { short: 595.28, long: 841.89 };
const POINTS_PER_INCH = 72;
/** No text of ours prints smaller than this, in points at print scale. */
export const MIN_PRINTED_POINTS = 9;

/** A column width (Excel's characters of the default font) in points, as Excel converts it. */
export function widthInPoints(chars: number): number {
  return Math.round(Math.trunc(chars * 7 + 5) * 0.75 * 100) / 100;
}

/**
 * The most a column takes on paper (points at 100%) in the engines that print our files: Excel's
 * pixels (above), or LibreOffice's 5.55 points a character (measured: its columns are wider than
 * Excel's from about 13 characters on).
 */
export function printedPoints(chars: number): number {
  return Math.max(widthInPoints(chars), chars * 5.55);
}

export function printableWidth(print: Pick<PrintSpec, 'orientation' | 'margins'>): number {
  const page = print.orientation === 'landscape' ? A4_POINTS.long : A4_POINTS.short;
  return page - (print.margins.left + print.margins.right) * POINTS_PER_INCH;
}

export function printableHeight(print: Pick<PrintSpec, 'orientation' | 'margins'>): number {
  const page = print.orientation === 'landscape' ? A4_POINTS.short : A4_POINTS.long;
  return page - (print.margins.top + print.margins.bottom) * POINTS_PER_INCH;
}

/**
 * The percentage a sheet prints at: its printed columns one page wide at 100% or less, but never
 * so small that its smallest text falls under 9 pt; columns beyond that flow onto further pages
 * (with the sheet's title columns repeated). Whole percents, within Excel's 10–400.
 */
export function printScale(columnWidths: number[], print: Pick<PrintSpec, 'orientation' | 'margins'>, smallestFont = BODY_FONT_SIZE): number {
  const total = columnWidths.reduce((sum, w) => sum + printedPoints(w), 0);
  // A point of room to spare: engines round column widths to whole pixels.
  const fit = total > 0 ? Math.floor((100 * (printableWidth(print) - 1)) / total) : 100;
  return Math.max(Math.min(fit, 100), readableScale(smallestFont), 10);
}

/** The smallest percentage that prints a font of this size at 9 pt or more. */
export function readableScale(smallestFont = BODY_FONT_SIZE): number {
  return Math.min(Math.ceil((100 * MIN_PRINTED_POINTS) / smallestFont), 100);
}

/** Whether columns of these widths print one page wide at a readable scale. */
export function fitsReadably(columnWidths: number[], print: Pick<PrintSpec, 'orientation' | 'margins'>, smallestFont = BODY_FONT_SIZE): boolean {
  const total = columnWidths.reduce((sum, w) => sum + printedPoints(w), 0);
  return total * readableScale(smallestFont) <= 100 * (printableWidth(print) - 1);
}

// ---------------------------------------------------------------- row heights

/** What a cell's text is drawn with, from the styles over it (later ones win). */
function fontOf(styles: CellStyle[]): { size: number; bold: boolean; wrap: boolean } {
  let size = BODY_FONT_SIZE;
  let bold = false;
  let wrap = false;
  for (const s of styles) {
    if (s.fontSize) size = s.fontSize;
    if (s.bold !== undefined) bold = s.bold;
    if (s.wrap !== undefined) wrap = s.wrap;
  }
  return { size, bold, wrap };
}

/**
 * The height a cell's text needs in a column `width` wide (the merged width for a merged cell),
 * drawn with `styles`: null when a single line of body text (the default height) will do.
 */
export function cellHeight(value: CellValue, width: number, styles: CellStyle[]): number | null {
  if (typeof value !== 'string' || !value) return null;
  const font = fontOf(styles);
  const lines = font.wrap ? wrappedLines(value, width, font.size, font.bold) : 1;
  return lines > 1 || font.size > BODY_FONT_SIZE ? linesHeight(lines, font.size, hasCjk(value)) : null;
}

const WRAP: CellStyle = { wrap: true };
const WRAPPED = [WRAP];

/**
 * The sheet with every row tall enough for its wrapped text (and its large titles), as the
 * columns and merges it has are wide: a height set by the layout stays unless the text needs more.
 * Formulas are not measured (their results are short words and numbers in columns sized for them).
 */
export function withRowHeights(sheet: SheetSpec): SheetSpec {
  const merged = sheet.merges.map((m) => parseRange(m));
  const width = (col: number) => sheet.columns[col - 1]?.width ?? 8.43;
  // Only styles that change how a text is drawn matter here (wrap, size, bold).
  const drawing = sheet.styles
    .filter((s) => s.style.wrap !== undefined || s.style.fontSize || s.style.bold !== undefined)
    .map((s) => ({ r: parseRange(s.range), style: s.style }));
  const needs = new Map<number, number>();
  const place = (row: number, col: number, value: CellValue) => {
    if (typeof value !== 'string' || !value) return;
    const wraps = sheet.columns[col - 1]?.wrap === true;
    let styles: CellStyle[] | null = null;
    for (const p of drawing) if (row >= p.r.row1 && row <= p.r.row2 && col >= p.r.col1 && col <= p.r.col2) (styles ??= [wraps ? WRAP : {}]).push(p.style);
    // Unwrapped body text is one line: the default height.
    if (!styles && !wraps) return;
    const m = merged.length ? merged.find((r) => row >= r.row1 && row <= r.row2 && col >= r.col1 && col <= r.col2) : undefined;
    // A merge over several rows shares its height: not measured here.
    if (m && m.row2 > m.row1) return;
    const w = m ? Array.from({ length: m.col2 - m.col1 + 1 }, (_, i) => width(m.col1 + i)).reduce((a, b) => a + b, 0) : width(col);
    const height = cellHeight(value, w, styles ?? WRAPPED);
    if (height !== null) needs.set(row, Math.max(needs.get(row) ?? 0, height));
  };
  for (const b of sheet.blocks) b.values.forEach((vals, i) => vals.forEach((v, j) => place(b.row + i, b.col + j, v)));
  for (const t of sheet.tables) {
    t.header.forEach((h, j) => place(t.row, t.col + j, h));
    t.rows.forEach((vals, i) => vals.forEach((v, j) => place(t.row + 1 + i, t.col + j, v)));
  }
  if (!needs.size) return sheet;
  const heights = new Map((sheet.rowHeights ?? []).map((h) => [h.row, h.height]));
  for (const [row, h] of needs) if (h > (heights.get(row) ?? DEFAULT_ROW_HEIGHT)) heights.set(row, h);
  return { ...sheet, rowHeights: [...heights].sort((a, b) => a[0] - b[0]).map(([row, height]) => ({ row, height })) };
}

/** A row's height as the sheet sets it (or the default). */
export function rowHeightOf(sheet: Pick<SheetSpec, 'rowHeights'>, row: number): number {
  return sheet.rowHeights?.find((h) => h.row === row)?.height ?? DEFAULT_ROW_HEIGHT;
}

// ---------------------------------------------------------------- print areas

export interface Block {
  row1: number;
  col1: number;
  row2: number;
  col2: number;
}

/**
 * A print area's blocks: from a defined name (`'整改台账'!$A$1:$G$2,'整改台账'!$A$4:$G$9`), from
 * Excel's RangeAreas address (`整改台账!A1:G2, 整改台账!A4:G9`, as PageLayout.getPrintArea gives it)
 * or plain (`A1:G2,A4:G9`). Null when a part is not a rectangle of cells (whole columns, a name).
 */
export function parsePrintArea(text: string): Block[] | null {
  const parts = splitAreas(text);
  const blocks: Block[] = [];
  for (const part of parts) {
    const split = part.includes('!') ? splitSheetRef(part) : null;
    const address = (split ? split.range : part).replace(/\$/g, '');
    if (!/^[A-Z]+\d+(:[A-Z]+\d+)?$/i.test(address)) return null;
    blocks.push(parseRange(address));
  }
  return blocks.length ? blocks : null;
}

/** The areas of a reference list, split at the commas between them (not at a comma inside a quoted sheet name). */
function splitAreas(text: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (text[i] === ',' && !quoted) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/** Blocks as A1 text without the sheet (`A1:G2,A4:J9`): what PageLayout.setPrintArea takes. */
export function printAreaText(blocks: Block[]): string {
  return blocks.map((b) => range(b.row1, b.col1, b.row2, b.col2)).join(',');
}

/** Blocks as a defined name's formula: `'整改台账'!$A$1:$G$2,'整改台账'!$A$4:$J$9`. */
export function printAreaFormula(sheet: string, blocks: Block[]): string {
  const p = sheetPrefix(sheet);
  return blocks.map((b) => `${p}${absCell(b.row1, b.col1)}:${absCell(b.row2, b.col2)}`).join(',');
}

export interface LedgerExtent {
  headerRow: number;
  /** The ledger's last column before this action: a block reaching it takes in the columns added right of it. */
  lastColumn: number;
  /** The last column that must print, and the last row. */
  toColumn: number;
  toRow: number;
}

/**
 * A print area grown block by block for what an action adds to a ledger: every block over the
 * ledger's rows that reaches its right edge takes in the new columns, and the lowest of them
 * reaches down to the last row. Other blocks (a cover sheet's, a note's) stay as they are. Without
 * a print area: A1 to the corner. Null: nothing to change (or a block of another kind than a
 * rectangle, or no block over the ledger: the user's choice, left alone).
 */
export function grownPrintArea(area: string | undefined, ledger: LedgerExtent): Block[] | null {
  if (!area) return [{ row1: 1, col1: 1, row2: ledger.toRow, col2: ledger.toColumn }];
  const blocks = parsePrintArea(area);
  if (!blocks) return null;
  const over = blocks.filter((b) => b.row2 >= ledger.headerRow && b.col2 >= ledger.lastColumn && b.col1 <= ledger.lastColumn);
  if (!over.length) return null;
  const lowest = over.reduce((a, b) => (b.row2 > a.row2 ? b : a));
  let changed = false;
  const grown = blocks.map((b) => {
    if (!over.includes(b)) return b;
    const g = { ...b, col2: Math.max(b.col2, ledger.toColumn), row2: b === lowest ? Math.max(b.row2, ledger.toRow) : b.row2 };
    if (g.col2 !== b.col2 || g.row2 !== b.row2) changed = true;
    return g;
  });
  return changed ? grown : null;
}

/** A block's columns as letters, for messages (`A4:J9`). */
export function blockText(b: Block): string {
  return `${columnLetter(b.col1)}${b.row1}:${columnLetter(b.col2)}${b.row2}`;
}

// ---------------------------------------------------------------- page setup

/** Page margins of every printed sheet, in inches (Excel's "Normal" top and bottom, narrower sides). */
export const PRINT_MARGINS = { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };

export interface PageOptions {
  orientation?: PrintSpec['orientation'];
  /** The sheet's columns: the printed ones (the area's, else all) set the scale. */
  columns: { width: number }[];
  area?: string;
  titleRows?: [number, number];
  titleColumns?: [number, number];
  /** The smallest font the sheet prints (points): the scale keeps it at 9 pt or more. */
  smallestFont?: number;
  header?: PrintSpec['header'];
  footer?: PrintSpec['footer'];
}

/** A4 page setup at the scale the printed columns need. */
export function pageSetup(o: PageOptions): PrintSpec {
  const orientation = o.orientation ?? 'landscape';
  const cols = o.area ? parseRange(o.area) : { col1: 1, col2: o.columns.length };
  const widths = o.columns.slice(cols.col1 - 1, cols.col2).map((c) => c.width);
  return {
    orientation,
    paper: 'A4',
    scale: printScale(widths, { orientation, margins: PRINT_MARGINS }, o.smallestFont),
    ...(o.titleRows ? { titleRows: o.titleRows } : {}),
    ...(o.titleColumns ? { titleColumns: o.titleColumns } : {}),
    ...(o.area ? { area: o.area } : {}),
    margins: PRINT_MARGINS,
    header: o.header ?? {},
    footer: o.footer ?? {},
  };
}
