/**
 * WorkbookSpec → the open workbook, through Office.js. Everything is queued and sent in as few
 * round trips as the 5 MB request limit allows: values and formulas as 2-D arrays per block,
 * formats per range, filled formulas as one formula and an AutoFill (a constant-size request
 * however many rows), so a whole campaign costs one sync, never one per row or cell.
 */
import { columnLetter, parseRange, range } from '../core/address';
import type { CellStyle, ChartSpec, ConditionalFormatSpec, FilledFormula, PrintSpec, SheetSpec, TableSpec, ValidationSpec, WorkbookSpec } from '../core/spec';
import { fromExcelSerial } from '../core/dates';
import { shiftFormula } from '../core/formula-shift';
import { widthInPoints } from '../core/layout/print';
import type { RangeApi, WorksheetApi } from './api';
import { Batch, jsonBytes, OPERATION_BYTES } from './batch';
import { cellInput } from './cell-input';

export { widthInPoints };

/** A column's width in points (as Range.width gives it) back in characters, the inverse of widthInPoints. */
export function charactersOf(points: number): number {
  return points > 0 ? Math.max((points / 0.75 - 5) / 7, 0) : 0;
}

const H_ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
const V_ALIGN = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;

function lastRowOf(sheet: SheetSpec): number {
  let last = 1;
  for (const b of sheet.blocks) last = Math.max(last, b.row + b.values.length - 1);
  for (const t of sheet.tables) last = Math.max(last, t.row + t.rows.length);
  for (const f of sheet.filled) last = Math.max(last, f.lastRow);
  return last;
}

/** Writes a grid through `formulas` (or `numberFormat`), in row chunks that fit the request budget. */
export async function writeGrid(batch: Batch, ws: WorksheetApi, row: number, col: number, grid: unknown[][], what: 'formulas' | 'numberFormat'): Promise<void> {
  const width = grid.reduce((m, r) => Math.max(m, r.length), 0);
  if (!grid.length || !width) return;
  // Office.js wants a rectangle; null pads a short row without touching those cells.
  if (grid.some((r) => r.length !== width)) grid = grid.map((r) => (r.length === width ? r : [...r, ...Array(width - r.length).fill(null)]));
  const step = batch.rowsPerChunk(grid);
  for (let i = 0; i < grid.length; i += step) {
    const part = grid.slice(i, i + step);
    await batch.reserve(jsonBytes(part));
    ws.getRange(range(row + i, col, row + i + part.length - 1, col + width - 1))[what] = part as unknown[][];
  }
}

async function applyStyle(batch: Batch, ws: WorksheetApi, address: string, style: CellStyle): Promise<void> {
  const r = ws.getRange(address);
  const f = r.format;
  // A border is four to six edges of two properties each: a dozen operations.
  await batch.reserve(200 + (style.border ? 12 * OPERATION_BYTES : 0));
  if (style.bold !== undefined) f.font.bold = style.bold;
  if (style.fontSize) f.font.size = style.fontSize;
  if (style.fontColor) f.font.color = style.fontColor;
  if (style.fill) f.fill.color = style.fill;
  if (style.hAlign) f.horizontalAlignment = H_ALIGN[style.hAlign];
  if (style.vAlign) f.verticalAlignment = V_ALIGN[style.vAlign];
  if (style.wrap !== undefined) f.wrapText = style.wrap;
  if (style.rotated) f.textOrientation = 90;
  if (style.border) {
    const p = parseRange(address);
    const edges = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const;
    const inside = [...(p.row2 > p.row1 ? ['InsideHorizontal' as const] : []), ...(p.col2 > p.col1 ? ['InsideVertical' as const] : [])];
    for (const e of [...edges, ...inside]) {
      const border = f.borders.getItem(e);
      border.style = 'Continuous';
      border.color = style.border;
    }
  }
  if (style.numFmt) {
    const p = parseRange(address);
    const grid = Array.from({ length: p.row2 - p.row1 + 1 }, () => Array.from({ length: p.col2 - p.col1 + 1 }, () => style.numFmt));
    await writeGrid(batch, ws, p.row1, p.col1, grid, 'numberFormat');
  }
}

function validationRule(v: ValidationSpec): Excel.DataValidationRule {
  switch (v.kind) {
    case 'list':
      return { list: { inCellDropDown: true, source: `=${v.source}` } };
    case 'date':
      return { date: { formula1: fromExcelSerial(v.min), formula2: fromExcelSerial(v.max), operator: 'Between' } };
    case 'whole':
      return { wholeNumber: { formula1: v.min, formula2: v.max, operator: 'Between' } };
  }
}

function applyValidation(r: RangeApi, v: ValidationSpec): void {
  r.dataValidation.rule = validationRule(v);
  r.dataValidation.ignoreBlanks = true;
  r.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: v.errorTitle, message: v.error };
  if (v.prompt) r.dataValidation.prompt = { showPrompt: true, title: '', message: v.prompt };
}

export function applyConditionalFormats(ws: WorksheetApi, specs: ConditionalFormatSpec[]): void {
  // Excel puts a new rule first; setting each rule's priority keeps the spec's order.
  let priority = 0;
  for (const spec of specs) {
    const r = ws.getRange(spec.range);
    for (const rule of spec.rules) {
      if (rule.kind === 'dataBar') {
        const cf = r.conditionalFormats.add('DataBar');
        cf.dataBar.positiveFormat.fillColor = rule.color;
        cf.dataBar.positiveFormat.gradientFill = false;
        cf.dataBar.lowerBoundRule = { type: 'Number', formula: '0' };
        cf.dataBar.upperBoundRule = { type: 'HighestValue' };
        cf.priority = priority++;
        continue;
      }
      const cf = r.conditionalFormats.add('Custom');
      cf.custom.rule.formula = `=${rule.formula}`;
      if (rule.style.fill) cf.custom.format.fill.color = rule.style.fill;
      if (rule.style.fontColor) cf.custom.format.font.color = rule.style.fontColor;
      if (rule.style.bold) cf.custom.format.font.bold = true;
      if (rule.stopIfTrue) cf.stopIfTrue = true;
      cf.priority = priority++;
    }
  }
}

const POINTS_PER_INCH = 72;

function applyPrint(ws: WorksheetApi, print: PrintSpec): void {
  const p = ws.pageLayout;
  p.orientation = print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
  p.paperSize = 'A4';
  // A percentage, which every Excel applies: fit-to-pages set through Office.js is ignored by Excel
  // for Windows until its Page Layout tab has been shown (OfficeDev/office-js#1860).
  p.zoom = { scale: print.scale };
  p.centerHorizontally = true;
  const m = print.margins;
  p.leftMargin = m.left * POINTS_PER_INCH;
  p.rightMargin = m.right * POINTS_PER_INCH;
  p.topMargin = m.top * POINTS_PER_INCH;
  p.bottomMargin = m.bottom * POINTS_PER_INCH;
  p.headerMargin = m.header * POINTS_PER_INCH;
  p.footerMargin = m.footer * POINTS_PER_INCH;
  const hf = p.headersFooters.defaultForAllPages;
  hf.leftHeader = print.header.left ?? '';
  hf.centerHeader = print.header.center ?? '';
  hf.rightHeader = print.header.right ?? '';
  hf.leftFooter = print.footer.left ?? '';
  hf.centerFooter = print.footer.center ?? '';
  hf.rightFooter = print.footer.right ?? '';
  if (print.titleRows) p.setPrintTitleRows(`$${print.titleRows[0]}:$${print.titleRows[1]}`);
  if (print.titleColumns) p.setPrintTitleColumns(`$${columnLetter(print.titleColumns[0])}:$${columnLetter(print.titleColumns[1])}`);
  if (print.area) p.setPrintArea(print.area);
}

function addChart(ws: WorksheetApi, chart: ChartSpec): void {
  const c = ws.charts.add(chart.kind === 'bar' ? 'BarClustered' : 'ColumnClustered', ws.getRange(chart.data), 'Columns');
  c.title.text = chart.title;
  c.legend.visible = chart.kind === 'column';
  c.setPosition(chart.from, chart.to);
}

/** The rows and columns a table spec covers: its header row and its rows (one blank row at least). */
export function tableBounds(t: TableSpec): { row1: number; col1: number; row2: number; col2: number } {
  return { row1: t.row, col1: t.col, row2: t.row + Math.max(t.rows.length, 1), col2: t.col + t.header.length - 1 };
}

/**
 * A filled formula in Excel, in two parts: the rows of a table (there it becomes the table's
 * calculated column, which Excel carries into the table's inserted rows) and the prepared rows
 * below it, as the file has them. The prepared rows are written before the table is added: written
 * after, they would join the table or not depending on the user's AutoCorrect options ("Include new
 * rows and columns in table", AutoCorrect.AutoExpandListRange; office-js#6745), and a row typed
 * below the table would get its status only through those options and "Fill formulas in tables to
 * create calculated columns" (AutoFillFormulasInLists). Prepared, every row has it whatever the
 * options: a typed row that joins the table keeps the same formula.
 */
export function filledPartsInExcel(sheet: SheetSpec, f: FilledFormula): { table: FilledFormula | null; before: FilledFormula | null } {
  for (const t of sheet.tables) {
    const b = tableBounds(t);
    if (f.col < b.col1 || f.col > b.col2 || f.firstRow <= b.row1 || f.firstRow > b.row2) continue;
    const table = { ...f, lastRow: Math.min(f.lastRow, b.row2) };
    const below = b.row2 + 1;
    return { table, before: f.lastRow >= below ? { ...f, firstRow: below, formula: shiftFormula(f.formula, below - f.firstRow, 0) } : null };
  }
  return { table: null, before: f };
}

/** The cell contents of a sheet: blocks, tables, then filled formulas, as the .xlsx renderer orders them (but see filledPartsInExcel). */
export async function writeContents(batch: Batch, ws: WorksheetApi, sheet: SheetSpec): Promise<void> {
  for (const block of sheet.blocks)
    await writeGrid(
      batch,
      ws,
      block.row,
      block.col,
      block.values.map((r) => r.map(cellInput)),
      'formulas',
    );
  const parts = sheet.filled.map((f) => filledPartsInExcel(sheet, f));
  for (const t of sheet.tables) await writeGrid(batch, ws, t.row, t.col, [t.header.map(cellInput), ...t.rows.map((r) => r.map(cellInput))], 'formulas');
  for (const p of parts) if (p.before) await fillDown(batch, ws, p.before);
  for (const t of sheet.tables) {
    await batch.reserve(200);
    const b = tableBounds(t);
    const table = ws.tables.add(range(b.row1, b.col1, b.row2, b.col2), true);
    table.name = t.name;
    table.style = t.style;
  }
  for (const p of parts) if (p.table) await fillDown(batch, ws, p.table);
}

/** A filled formula as one formula and an AutoFill: a constant-size request however many rows. */
export async function fillDown(batch: Batch, ws: WorksheetApi, f: FilledFormula): Promise<void> {
  await batch.reserve(jsonBytes(f.formula));
  const master = ws.getRange(range(f.firstRow, f.col, f.firstRow, f.col));
  master.formulas = [[`=${f.formula}`]];
  if (f.lastRow > f.firstRow) master.autoFill(range(f.firstRow, f.col, f.lastRow, f.col), 'FillDefault');
}

/** Everything of a sheet but its name and visibility, into an empty worksheet. */
export async function renderSheetInto(batch: Batch, ws: WorksheetApi, sheet: SheetSpec): Promise<void> {
  if (sheet.tabColor) ws.tabColor = sheet.tabColor;
  const lastRow = lastRowOf(sheet);
  // Column formats first, over the rows the sheet uses: later cell styles refine them.
  for (const [i, c] of sheet.columns.entries()) {
    const letter = columnLetter(i + 1);
    await batch.reserve(100);
    ws.getRange(`${letter}:${letter}`).format.columnWidth = widthInPoints(c.width);
    if (c.hidden) ws.getRange(`${letter}:${letter}`).columnHidden = true;
    if (c.numFmt)
      await writeGrid(
        batch,
        ws,
        1,
        i + 1,
        Array.from({ length: lastRow }, () => [c.numFmt]),
        'numberFormat',
      );
    const vertical = c.vAlign ?? (c.wrap ? 'top' : undefined);
    if (c.wrap || c.hAlign || vertical) {
      const col = ws.getRange(`${letter}1:${letter}${lastRow}`).format;
      if (c.wrap) col.wrapText = true;
      if (vertical) col.verticalAlignment = V_ALIGN[vertical];
      if (c.hAlign) col.horizontalAlignment = H_ALIGN[c.hAlign];
    }
  }
  await writeContents(batch, ws, sheet);
  for (const s of sheet.styles) await applyStyle(batch, ws, s.range, s.style);
  for (const m of sheet.merges) ws.getRange(m).merge(false);
  // Rows of one height one under another in one request (a long 逾期清单 sets thousands).
  const heights = [...(sheet.rowHeights ?? [])].sort((a, b) => a.row - b.row);
  for (let i = 0; i < heights.length;) {
    let j = i;
    while (j + 1 < heights.length && heights[j + 1].row === heights[j].row + 1 && heights[j + 1].height === heights[i].height) j++;
    await batch.reserve(60);
    ws.getRange(`${heights[i].row}:${heights[j].row}`).format.rowHeight = heights[i].height;
    i = j + 1;
  }
  for (const row of sheet.pageBreaks ?? []) ws.horizontalPageBreaks.add(`A${row + 1}`);
  await batch.reserve(jsonBytes(sheet.validations) + 200 * sheet.validations.length);
  for (const v of sheet.validations) applyValidation(ws.getRange(v.range), v);
  await batch.reserve(jsonBytes(sheet.conditionalFormats) + 300 * sheet.conditionalFormats.length);
  applyConditionalFormats(ws, sheet.conditionalFormats);
  if (sheet.freeze) {
    if (sheet.freeze.columns) ws.freezePanes.freezeAt(range(1, 1, Math.max(sheet.freeze.rows, 1), sheet.freeze.columns));
    else ws.freezePanes.freezeRows(sheet.freeze.rows);
  }
  if (sheet.print) applyPrint(ws, sheet.print);
  for (const chart of sheet.charts ?? []) addChart(ws, chart);
}

/**
 * Adds the spec's sheets (after the existing ones) and names, and activates its active sheet.
 * The caller has chosen sheet and object names that are free in this workbook. Nothing is synced
 * at the end: the caller's next sync sends the rest.
 *
 * Excel binds a reference when it is entered: a formula naming a sheet that does not exist yet
 * becomes a link to another workbook, and a list validation whose source is missing is refused.
 * So every sheet is added first, then every name, and only then the contents that refer to them.
 */
export async function renderWorkbookInto(batch: Batch, spec: WorkbookSpec): Promise<WorksheetApi[]> {
  const wb = batch.context.workbook;
  const added: WorksheetApi[] = [];
  for (const sheet of spec.sheets) {
    await batch.reserve(jsonBytes(sheet.name));
    added.push(wb.worksheets.add(sheet.name));
  }
  await batch.reserve(jsonBytes(spec.names));
  for (const n of spec.names) wb.names.add(n.name, `=${n.ref}`);
  for (const [i, sheet] of spec.sheets.entries()) await renderSheetInto(batch, added[i], sheet);
  spec.sheets.forEach((sheet, i) => {
    if (sheet.key === spec.activeSheet) added[i].activate();
  });
  // Hidden last: Excel cannot hide a sheet while it is the only visible one or the active one.
  spec.sheets.forEach((sheet, i) => {
    if (sheet.hidden) added[i].visibility = 'Hidden';
  });
  return added;
}
