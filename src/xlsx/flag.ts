/**
 * The overdue flag on an .xlsx file: read with ExcelJS, let the core plan the flag, and carry the
 * plan out: the three owned columns right of the ledger, the 逾期清单 sheet (replaced), the
 * 标记记录 sheet (one row per new result) and the hidden workday sheet.
 */
import ExcelJS from 'exceljs';
import { columnLetter, parseRange, splitSheetRef } from '../core/address';
import { DATE_FORMAT } from '../core/layout/context';
import { type FlagOptions, flagOutcome, type FlagOutcome, type FlagPlan, isFlagProblem, locateFlagTarget, planFlag, ProblemError } from '../core/flag';
import type { GridValue, WorkbookGrid } from '../core/ledger';
import { checkPackage } from './package-check';
import { absoluteRows, renderSheet } from './render';

export type { FlagOptions } from '../core/flag';

export interface FileFlagOutcome extends FlagOutcome {
  bytes: Uint8Array;
}

function isoOfDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function gridValue(v: ExcelJS.CellValue): GridValue {
  if (v === null || v === undefined) return null;
  // A number too large for a date in a date-formatted cell (a phone number) comes back as an invalid Date.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '#DATE?' : { date: isoOfDate(v) };
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) {
      const r = (v as ExcelJS.CellFormulaValue).result;
      return r === undefined || (typeof r === 'object' && !(r instanceof Date)) ? null : gridValue(r as ExcelJS.CellValue);
    }
    if ('text' in v) return String((v as { text: unknown }).text);
    return null;
  }
  return v as GridValue;
}

function isUncomputed(v: ExcelJS.CellValue): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof Date) &&
    ('formula' in v || 'sharedFormula' in v) &&
    (v as ExcelJS.CellFormulaValue).result === undefined
  );
}

export function workbookGrid(wb: ExcelJS.Workbook): WorkbookGrid {
  const uncomputed: Record<string, string[]> = {};
  const sheets = wb.worksheets.map((ws) => {
    const values = ws.getSheetValues() as ExcelJS.CellValue[][];
    const rows: GridValue[][] = [];
    for (let r = 1; r < values.length; r++) {
      const row = values[r];
      rows.push(row ? Array.from({ length: Math.max(row.length - 1, 0) }, (_, j) => gridValue(row[j + 1])) : []);
      row?.forEach((v, j) => {
        if (isUncomputed(v)) (uncomputed[ws.name] ??= []).push(`${columnLetter(j)}${r}`);
      });
    }
    // ExcelJS repeats a merged range's value in every cell of it; Excel keeps it in the top-left only.
    for (const merge of (ws.model as unknown as { merges: string[] }).merges ?? []) {
      const r = parseRange(merge);
      for (let row = r.row1; row <= r.row2; row++) {
        for (let col = r.col1; col <= r.col2; col++) {
          if ((row !== r.row1 || col !== r.col1) && rows[row - 1]) rows[row - 1][col - 1] = null;
        }
      }
    }
    return { name: ws.name, hidden: ws.state !== 'visible', rows };
  });
  const names: Record<string, string> = {};
  const formulas: Record<string, string> = {};
  for (const n of (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model) {
    if (!n.ranges?.length) continue;
    names[n.name] = n.ranges[0];
    // A named cell's formula: its cached result may be stale (=TODAY() keeps the day of the last save).
    const split = splitSheetRef(n.ranges[0]);
    const address = split?.range.replace(/\$/g, '');
    const cell = address && /^[A-Z]+\d+$/i.test(address) ? wb.getWorksheet(split!.sheet)?.getCell(address) : undefined;
    const model = cell?.model as { formula?: string; sharedFormula?: string } | undefined;
    if (cell && model && (model.formula !== undefined || model.sharedFormula !== undefined))
      formulas[`${split!.sheet}!${address!.toUpperCase()}`] = cell.formula;
  }
  return { sheets, names, formulas, uncomputed };
}

/** Removes every range of a defined name (ExcelJS's removeAllNames takes a cell, not a name). */
function removeName(wb: ExcelJS.Workbook, name: string): void {
  wb.definedNames.model = wb.definedNames.model.filter((n) => n.name !== name);
}

function removeSheet(wb: ExcelJS.Workbook, name: string): void {
  const ws = wb.getWorksheet(name);
  if (ws) wb.removeWorksheet(ws.id);
}

function writeOwnedColumns(ws: ExcelJS.Worksheet, plan: FlagPlan): void {
  const { owned } = plan;
  const template = ws.getCell(plan.headerStyleFrom.row, plan.headerStyleFrom.col);
  for (const column of Object.values(owned)) {
    if (column.newHeader === null) continue;
    const header = ws.getCell(plan.ledger.headerRow, column.col);
    header.value = column.newHeader;
    header.style = JSON.parse(JSON.stringify(template.style ?? {}));
  }
  for (const w of plan.columnWidths) ws.getColumn(w.col).width = w.width;
  /** Writes a value, without creating a cell only to leave it empty. */
  const put = (row: number, col: number, value: ExcelJS.CellValue) => {
    const existing = ws.getRow(row).findCell(col);
    if (value === null && (!existing || existing.value === null)) return undefined;
    const cell = existing ?? ws.getCell(row, col);
    cell.value = value;
    return cell;
  };
  for (const v of plan.values) {
    const first = put(v.row, owned.firstOverdue.col, v.firstOverdue);
    if (first && v.firstOverdue !== null && first.numFmt !== DATE_FORMAT) first.numFmt = DATE_FORMAT;
    put(v.row, owned.daysOverdue.col, v.daysOverdue);
  }
  // One formula text per run of rows, as Excel's fill-down writes it.
  for (const f of plan.workdayFormulas) {
    const master = ws.getCell(f.firstRow, f.col);
    if (f.lastRow === f.firstRow) {
      master.value = { formula: f.formula } as ExcelJS.CellFormulaValue;
      continue;
    }
    ws.fillFormula(`${master.address}:${columnLetter(f.col)}${f.lastRow}`, f.formula);
  }
}

function applyPlan(wb: ExcelJS.Workbook, plan: FlagPlan): void {
  // ExcelJS reads '$A$1:$O$23' back as 'A1:O23' and writes it as '$A1:$O23', which LibreOffice
  // ignores: anchor every sheet's print area again, the user's own included.
  for (const ws of wb.worksheets) {
    const area = ws.pageSetup.printArea;
    if (area && /^[A-Z]+\d+:[A-Z]+\d+$/.test(area)) ws.pageSetup.printArea = absoluteRows(area);
  }
  if (plan.ledgerPrintArea) wb.getWorksheet(plan.ledger.sheet.name)!.pageSetup.printArea = absoluteRows(plan.ledgerPrintArea);
  writeOwnedColumns(wb.getWorksheet(plan.ledger.sheet.name)!, plan);
  // The log first: then the sheets the flag adds stand in the same order after every run.
  const log = plan.newLogSheet ? renderSheet(wb, plan.newLogSheet) : wb.getWorksheet(plan.sheets.log)!;
  if (plan.logRow) {
    const row = log.getRow(plan.logRow.row);
    plan.logRow.values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      cell.value = v as ExcelJS.CellValue;
      const fmt = plan.logRow!.numFmts[i];
      if (fmt) cell.numFmt = fmt;
    });
  }
  removeSheet(wb, plan.sheets.overdue);
  renderSheet(wb, plan.overdueSheet);
  removeSheet(wb, plan.sheets.workdays);
  renderSheet(wb, plan.workdaySheet);
  for (const n of plan.workdayNames) {
    removeName(wb, n.name);
    wb.definedNames.add(n.ref, n.name);
  }
}

export async function flagXlsx(bytes: Uint8Array, options: FlagOptions): Promise<FileFlagOutcome> {
  const problem = await checkPackage(bytes);
  if (problem) throw new ProblemError(problem);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ProblemError({ kind: 'notXlsx' });
  }
  const grid = workbookGrid(wb);
  const target = locateFlagTarget(grid, options);
  if (!target) throw new ProblemError({ kind: 'noLedger' });
  const plan = planFlag(grid, target, options);
  if (isFlagProblem(plan)) throw new ProblemError(plan);
  applyPlan(wb, plan);
  const out = await wb.xlsx.writeBuffer();
  return { ...flagOutcome(plan), bytes: new Uint8Array(out as ArrayBuffer) };
}
