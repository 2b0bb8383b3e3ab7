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

/** JSON with sorted keys, so two equal models compare equal whatever order their keys were made in. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/**
 * Conditional formats as content: ExcelJS adds its own style index (dxfId) and a copy of the ref
 * to rules it has written, and gives data bars a new link id (x14Id) to their extension on each write.
 */
function conditionalContent(cfs: { ref: string; rules: Record<string, unknown>[] }[] | undefined): string {
  return stable((cfs ?? []).map((cf) => ({ ref: cf.ref, rules: cf.rules.map(({ dxfId: _d, ref: _r, x14Id: _x, ...rule }) => rule) })));
}

export async function snapshot(bytes: Uint8Array | Buffer, skip: (sheet: string, row: number, col: number) => boolean = () => false): Promise<SheetSnapshot[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells = new Map<string, CellSnapshot>();
    ws.eachRow({ includeEmpty: true }, (row, r) =>
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        if (skip(ws.name, r, c)) return;
        const { font, fill, border, alignment, protection } = cell.style ?? {};
        cells.set(cell.address, {
          value: JSON.stringify(cell.model.formula ?? cell.model.sharedFormula ?? cell.value),
          numFmt: cell.numFmt,
          style: JSON.stringify({ font, fill, border, alignment, protection }),
          note: cell.note === undefined ? undefined : JSON.stringify(cell.note),
        });
      }),
    );
    const model = ws.model as unknown as { merges: string[] };
    return {
      name: ws.name,
      state: ws.state,
      merges: [...model.merges].sort(),
      widths: ws.columns?.map((c) => c.width) ?? [],
      cells,
      validations: stable((ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model),
      conditionalFormats: conditionalContent(
        (ws as unknown as { conditionalFormattings: { ref: string; rules: Record<string, unknown>[] }[] }).conditionalFormattings,
      ),
      tables: Object.keys((ws as unknown as { tables: object }).tables ?? {}),
    };
  });
}

/** Differences between two snapshots of the same sheets, as readable lines (empty when none). */
export function differences(before: SheetSnapshot[], after: SheetSnapshot[], ignoreWidthsFrom?: Record<string, number>): string[] {
  const out: string[] = [];
  for (const b of before) {
    const a = after.find((s) => s.name === b.name);
    if (!a) {
      out.push(`sheet ${b.name} is gone`);
      continue;
    }
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
