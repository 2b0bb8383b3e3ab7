/** A unit's copy (made by split) edited as a unit edits it; ExcelJS stands in for the unit's Excel (the copy is ours, not a user's file). */
import ExcelJS from 'exceljs';

export type CopyEdit = (ws: ExcelJS.Worksheet, col: (header: string) => number, rowOf: (id: string) => number) => void;

export async function editUnitCopy(bytes: Uint8Array, edit: CopyEdit): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets.find((w) => w.state === 'visible')!;
  const headers = ws.getRow(2).values as ExcelJS.CellValue[];
  const rowOf = (id: string) => {
    for (let r = 3; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === id) return r;
    throw new Error(`no ${id}`);
  };
  // ExcelJS cannot move rows of shared formulas: each formula cell gets its own formula first, as Excel keeps them.
  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (c.type === ExcelJS.ValueType.Formula) c.value = { formula: c.formula } as ExcelJS.CellFormulaValue;
    }),
  );
  edit(ws, (h) => headers.indexOf(h), rowOf);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
