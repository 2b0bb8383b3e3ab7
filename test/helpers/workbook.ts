/** Reading workbooks back in tests: plain values, whatever way the writer stored them. */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { layoutWorkbook, type Campaign, type WorkbookSpec } from '../../src/core';
import { writeXlsx } from '../../src/xlsx/render';

export type Plain = string | number | boolean | null;

/** A cell as a user sees it: formula results, rich text flattened, dates as ISO strings. */
export function plain(cell: ExcelJS.Cell): Plain {
  const model = cell.model as { formula?: string; sharedFormula?: string; result?: ExcelJS.CellValue };
  // ExcelJS's `value` getter drops a falsy formula result (a computed 0); the model keeps it.
  if (model.formula !== undefined || model.sharedFormula !== undefined) {
    return model.result === undefined ? null : plainValue(model.result);
  }
  return plainValue(cell.value);
}

export function plainValue(v: ExcelJS.CellValue): Plain {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      if (result === undefined) return null;
      return plainValue(result as ExcelJS.CellValue);
    }
    if ('error' in v) return `#ERROR:${(v as ExcelJS.CellErrorValue).error}`;
    if ('text' in v) return String((v as { text: unknown }).text);
    return JSON.stringify(v);
  }
  return v as Plain;
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; have ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
}

/** Every cell whose value is a spreadsheet error (#NAME?, #VALUE!, Err:5xx …). */
export function errorCells(wb: ExcelJS.Workbook): string[] {
  const found: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = plain(cell);
        if (typeof v === 'string' && (/^#ERROR:/.test(v) || /^#(NAME\?|VALUE!|REF!|DIV\/0!|N\/A|NUM!|NULL!)$/.test(v) || /^Err:\d+$/.test(v))) {
          found.push(`${ws.name}!${cell.address}=${v}`);
        }
      }),
    );
  }
  return found;
}

export function tempDir(prefix = 'cl-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function writeSpec(spec: WorkbookSpec, file: string): Promise<string> {
  fs.writeFileSync(file, await writeXlsx(spec));
  return file;
}

export async function writeCampaign(campaign: Campaign, file: string): Promise<string> {
  return writeSpec(layoutWorkbook(campaign), file);
}
