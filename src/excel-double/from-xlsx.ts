/**
 * Opens an .xlsx in the Excel double, as Excel would show it: values (formula cells with their
 * last computed value), formulas, number formats, merges, names, sheet visibility, print areas. For tests and
 * the benchmark: it lets the same ledger be flagged through Office.js and through the file path.
 */
import ExcelJS from 'exceljs';
import { parsePrintArea, printAreaText, widthInPoints } from '../core/layout/print';
import { parseRange, toExcelSerial } from '../core';
import { XlsxPackage } from '../xlsx/package/package';
import { ExcelDouble, type DoubleOptions } from './double';
import { type CellState, key, newSheet } from './state';

function constant(v: ExcelJS.CellValue): CellState['value'] {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return toExcelSerial(v.toISOString().slice(0, 10));
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return String((v as ExcelJS.CellErrorValue).error);
    return null;
  }
  return v as string | number | boolean;
}

export async function doubleFromXlsx(bytes: Uint8Array, options: DoubleOptions = {}): Promise<ExcelDouble> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const double = new ExcelDouble({ ...options, sheets: [] });
  const pkg = XlsxPackage.open(bytes);
  for (const ws of wb.worksheets) {
    const sheet = newSheet(double.newSheetId(), ws.name);
    sheet.visibility = ws.state === 'visible' ? 'Visible' : ws.state === 'veryHidden' ? 'VeryHidden' : 'Hidden';
    // A print area of one block or several, from the file's own name (ExcelJS keeps only the first of several).
    const area = pkg.localName('_xlnm.Print_Area', ws.name);
    const blocks = area ? parsePrintArea(area) : null;
    if (blocks) sheet.pageLayout.printArea = printAreaText(blocks);
    const setup = ws.pageSetup;
    if (setup?.fitToPage) sheet.pageLayout.zoom = { horizontalFitToPages: setup.fitToWidth ?? 1, verticalFitToPages: setup.fitToHeight ?? 1 };
    else if (setup?.scale && setup.scale !== 100) sheet.pageLayout.zoom = { scale: setup.scale };
    // Column widths in points, as Excel converts the file's characters.
    for (const [i, col] of (ws.columns ?? []).entries()) if (col.width !== undefined) sheet.columnWidths.set(i + 1, col.hidden ? 0 : widthInPoints(col.width));
    const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
    sheet.merges = [...merges];
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master !== cell) return;
        const model = cell.model as { formula?: string; sharedFormula?: string; result?: ExcelJS.CellValue };
        const state: CellState = { value: null };
        if (model.formula !== undefined || model.sharedFormula !== undefined) {
          state.formula = cell.formula;
          state.value = model.result === undefined ? '' : constant(model.result);
        } else {
          state.value = constant(cell.value);
        }
        if (cell.numFmt && cell.numFmt !== 'General') state.numFmt = cell.numFmt;
        else if (cell.value instanceof Date) state.numFmt = 'yyyy-mm-dd';
        sheet.cells.set(key(r, c), state);
      }),
    );
    // List dropdowns, as Excel reports them: an inline list without its quotes, a range with its '='.
    const validations = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model;
    for (const [address, v] of Object.entries(validations)) {
      if (v?.type !== 'list' || !v.formulae?.[0]) continue;
      const f = String(v.formulae[0]);
      const source = f.startsWith('"') ? f.slice(1, -1) : `=${f}`;
      const b = parseRange(
        address
          .replace(/^range:/, '')
          .replace(/\$/g, '')
          .split(' ')[0],
      );
      for (let r = b.row1; r <= b.row2; r++)
        for (let c = b.col1; c <= b.col2; c++) {
          const k = key(r, c);
          const cell = sheet.cells.get(k) ?? { value: null };
          cell.validation = { rule: { list: { inCellDropDown: true, source } } };
          sheet.cells.set(k, cell);
        }
    }
    double.state.sheets.push(sheet);
  }
  for (const n of (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model) {
    if (n.ranges?.length) double.state.names.push({ name: n.name, formula: `=${n.ranges[0]}`, visible: true });
  }
  // Names that hold a constant ("CL-…", 42), which ExcelJS drops, as the package holds them.
  for (const [name, formula] of Object.entries(pkg.definedNames())) {
    if (!double.state.names.some((n) => n.name === name) && !/!/.test(formula)) double.state.names.push({ name, formula: `=${formula}`, visible: true });
  }
  for (const ws of wb.worksheets) {
    for (const t of Object.values((ws as unknown as { tables: Record<string, { table: { name: string; tableRef: string; ref?: string } }> }).tables ?? {})) {
      const ref = t.table.tableRef ?? t.table.ref;
      if (ref) double.state.tables.push({ name: t.table.name, sheet: double.sheet(ws.name), range: ref, style: 'TableStyleMedium2' });
    }
  }
  const activeTab = (wb.views?.[0] as { activeTab?: number } | undefined)?.activeTab ?? 0;
  const active = double.state.sheets[activeTab];
  double.state.activeSheetId = (active?.visibility === 'Visible' ? active : double.state.sheets.find((s) => s.visibility === 'Visible'))?.id ?? 0;
  return double;
}
