/** Everything a user could see of a workbook, cell by cell, for before/after comparisons. */
import ExcelJS from 'exceljs';

export interface CellSnapshot {
  value: string;
  numFmt: string | undefined;
  style: string;
  note: string | undefined;
}

export interface SheetSnapshot {
  name: string;
  state: string;
  merges: string[];
  widths: (number | undefined)[];
  cells: Map<string, CellSnapshot>;
  validations: string;
  conditionalFormats: string;
  tables: string[];
}

export async function snapshot(bytes: Uint8Array | Buffer, skip: (sheet: string, row: number, col: number) => boolean = () => false): Promise<SheetSnapshot[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells = new Map<string, CellSnapshot>();
    ws.eachRow({ includeEmpty: true }, (row, r) => row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (skip(ws.name, r, c)) return;
      const { font, fill, border, alignment, protection } = cell.style ?? {};
      cells.set(cell.address, {
        value: JSON.stringify(cell.model.formula ?? cell.model.sharedFormula ?? cell.value),
        numFmt: cell.numFmt,
        style: JSON.stringify({ font, fill, border, alignment, protection }),
        note: cell.note === undefined ? undefined : JSON.stringify(cell.note),
      });
    }));
    const model = ws.model as unknown as { merges: string[] };
    return {
      name: ws.name,
      state: ws.state,
      merges: [...model.merges].sort(),
      widths: ws.columns?.map((c) => c.width) ?? [],
      cells,
      validations: JSON.stringify((ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model),
      conditionalFormats: JSON.stringify((ws as unknown as { conditionalFormattings: unknown }).conditionalFormattings),
      tables: Object.keys((ws as unknown as { tables: object }).tables ?? {}),
    };
  });
}

/** Differences between two snapshots of the same sheets, as readable lines (empty when none). */
export function differences(before: SheetSnapshot[], after: SheetSnapshot[], ignoreWidthsFrom?: Record<string, number>): string[] {
  const out: string[] = [];
  for (const b of before) {
    const a = after.find((s) => s.name === b.name);
    if (!a) { out.push(`sheet ${b.name} is gone`); continue; }
    if (a.state !== b.state) out.push(`${b.name}: state ${b.state} → ${a.state}`);
    if (JSON.stringify(a.merges) !== JSON.stringify(b.merges)) out.push(`${b.name}: merges ${b.merges} → ${a.merges}`);
    const limit = ignoreWidthsFrom?.[b.name] ?? Infinity;
    const widths = (w: (number | undefined)[]) => JSON.stringify(w.slice(0, Math.min(w.length, limit - 1)));
    if (widths(a.widths) !== widths(b.widths)) out.push(`${b.name}: widths ${widths(b.widths)} → ${widths(a.widths)}`);
    if (a.validations !== b.validations) out.push(`${b.name}: data validation changed`);
    if (a.conditionalFormats !== b.conditionalFormats) out.push(`${b.name}: conditional formats changed`);
    if (JSON.stringify(a.tables) !== JSON.stringify(b.tables)) out.push(`${b.name}: tables ${b.tables} → ${a.tables}`);
    const keys = new Set([...b.cells.keys(), ...a.cells.keys()]);
    for (const k of keys) {
      const x = b.cells.get(k);
      const y = a.cells.get(k);
      const empty = (c?: CellSnapshot) => !c || (c.value === 'null' && c.note === undefined);
      if (empty(x) && empty(y)) continue;
      for (const field of ['value', 'numFmt', 'style', 'note'] as const) {
        if (x?.[field] !== y?.[field] && !(field === 'style' && empty(x) && empty(y))) {
          out.push(`${b.name}!${k} ${field}: ${x?.[field]} → ${y?.[field]}`);
        }
      }
    }
  }
  return out;
}
