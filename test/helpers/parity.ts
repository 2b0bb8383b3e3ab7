/**
 * Cell-by-cell comparison of a workbook in the Excel double with the same workbook written as
 * .xlsx: values, formulas, number formats, validation list sources, conditional-format rules.
 */
import ExcelJS from 'exceljs';
import { columnLetter, toExcelSerial } from '../../src/core';
import type { ExcelDouble } from '../../src/excel-double/double';
import { key, MAX_COLS, type SheetState } from '../../src/excel-double/state';

export interface CellView {
  formula?: string;
  value?: string | number | boolean | null;
  numFmt: string;
}

function xlsxCell(cell: ExcelJS.Cell): CellView | null {
  // ExcelJS reports a merged area's value in every cell of it; Excel keeps it in the top-left only.
  if (cell.isMerged && cell.master !== cell) return null;
  const model = cell.model as { formula?: string; sharedFormula?: string };
  const numFmt = cell.numFmt && cell.numFmt !== 'General' ? cell.numFmt : 'General';
  if (model.formula !== undefined || model.sharedFormula !== undefined) return { formula: cell.formula, numFmt };
  const v = cell.value;
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return { value: toExcelSerial(v.toISOString().slice(0, 10)), numFmt };
  if (typeof v === 'object') return { value: 'richText' in v ? v.richText.map((r) => r.text).join('') : JSON.stringify(v), numFmt };
  return { value: v as string | number | boolean, numFmt };
}

function doubleCell(sheet: SheetState, row: number, col: number): CellView | null {
  const c = sheet.cells.get(key(row, col));
  if (!c) return null;
  const numFmt = c.numFmt ?? 'General';
  if (c.formula !== undefined) return { formula: c.formula, numFmt };
  if (c.value === null || c.value === '') return null;
  return { value: c.value, numFmt };
}

export interface Difference {
  sheet: string;
  cell: string;
  xlsx: unknown;
  excel: unknown;
}

/** Table name → range, on both sides. */
export function compareTables(wb: ExcelJS.Workbook, double: ExcelDouble): { xlsx: string[]; excel: string[] } {
  const xlsx = wb.worksheets.flatMap((ws) =>
    Object.values((ws as unknown as { tables: Record<string, { table: { name: string; tableRef?: string; ref?: string } }> }).tables ?? {}).map(
      (t) => `${ws.name}!${t.table.name} ${t.table.tableRef ?? t.table.ref}`,
    ),
  );
  const excel = double.state.tables.map((t) => `${t.sheet.name}!${t.name} ${t.range}`);
  return { xlsx: xlsx.sort(), excel: excel.sort() };
}

/** Differences in cells holding a value or formula on either side (empty lists: identical). */
export function compareCells(wb: ExcelJS.Workbook, double: ExcelDouble, sheets: string[], ignore: Set<string> = new Set()): Difference[] {
  const out: Difference[] = [];
  for (const name of sheets) {
    const ws = wb.getWorksheet(name)!;
    const sheet = double.sheet(name);
    const seen = new Set<number>();
    const check = (row: number, col: number) => {
      const k = key(row, col);
      if (seen.has(k)) return;
      seen.add(k);
      if (ignore.has(`${name}!${columnLetter(col)}${row}`)) return;
      const a = xlsxCell(ws.getCell(row, col));
      const b = doubleCell(sheet, row, col);
      if (a === null && b === null) return;
      if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ sheet: name, cell: `${columnLetter(col)}${row}`, xlsx: a, excel: b });
    };
    ws.eachRow({ includeEmpty: false }, (row, r) => row.eachCell({ includeEmpty: false }, (_c, col) => check(r, col)));
    for (const k of sheet.cells.keys()) check(Math.floor(k / MAX_COLS) + 1, (k % MAX_COLS) + 1);
  }
  return out;
}

/** List validations: cell → source, for every cell either side validates. */
export function compareListValidations(wb: ExcelJS.Workbook, double: ExcelDouble, sheets: string[]): Difference[] {
  const out: Difference[] = [];
  for (const name of sheets) {
    const ws = wb.getWorksheet(name)! as unknown as { dataValidations: { find(a: string): ExcelJS.DataValidation | undefined } };
    const sheet = double.sheet(name);
    for (const [k, c] of sheet.cells) {
      const address = `${columnLetter((k % MAX_COLS) + 1)}${Math.floor(k / MAX_COLS) + 1}`;
      const x = ws.dataValidations.find(address);
      const excel = c.validation?.rule.list ? String(c.validation.rule.list.source).replace(/^=/, '') : c.validation ? Object.keys(c.validation.rule)[0] : null;
      const xlsx = x ? (x.type === 'list' ? x.formulae[0] : x.type === 'whole' ? 'wholeNumber' : x.type) : null;
      if (excel !== xlsx) out.push({ sheet: name, cell: address, xlsx, excel });
    }
  }
  return out;
}

/** Conditional-format rules in priority order: range, kind and formula. */
export function conditionalRules(wb: ExcelJS.Workbook, double: ExcelDouble, name: string): { xlsx: string[]; excel: string[] } {
  const ws = wb.getWorksheet(name)!;
  const model = (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string; priority: number; formulae?: string[] }[] }[] })
    .conditionalFormattings;
  const xlsx = model
    .flatMap((cf) => cf.rules.map((r) => ({ p: r.priority, text: `${cf.ref} ${r.type === 'expression' ? `custom ${r.formulae![0]}` : r.type}` })))
    .sort((a, b) => a.p - b.p)
    .map((r) => r.text);
  const excel = double.sheet(name).conditionalFormats.map((c) => `${c.range} ${c.type === 'Custom' ? `custom ${c.formula}` : 'dataBar'}`);
  return { xlsx, excel };
}

/** Values and formulas of every sheet, sheet names and visibility, names and tables: what a user would miss. */
export function contents(double: ExcelDouble): string {
  return JSON.stringify([
    double.state.sheets.map((s) => [
      s.name,
      s.visibility,
      [...s.cells.entries()].filter(([, c]) => c.formula !== undefined || (c.value !== null && c.value !== '')).map(([k, c]) => [k, c.formula ?? c.value]),
    ]),
    double.state.names.map((n) => [n.name, n.formula]).sort(),
    double.state.tables.map((t) => [t.name, t.range]),
  ]);
}
