/**
 * 分发 on an .xlsx file: the master edited in place where it gets item numbers (the number column,
 * the numbers, two names; every other part byte for byte), and one new workbook per unit.
 */
import {
  DROPDOWN_LIMIT,
  dropdownEntries,
  dropdownRange,
  inlineEntries,
  isSplitProblem,
  planSplit,
  type SplitOptions,
  type SplitPlan,
} from '../core/distribute';
import { ProblemError } from '../core/flag';
import { parseRange } from '../core/address';
import { findLedger, gridText, type LedgerLocation, SCAN_ROWS, type WorkbookGrid } from '../core/ledger';
import { decodeEntities } from './package/xml-stream';
import { type CellWrite, cellEdits, columnWidthEdits, dimensionEdit } from './package/cells';
import { XlsxPackage } from './package/package';
import type { SheetScan } from './package/sheet-scan';
import { withFile, type FileOutput } from './package/zip';
import { scanLedger } from './ledger-scan';
import { writeXlsx } from './render';

export interface SplitOutcome {
  ledgerSheet: string;
  messages: string[];
  copies: { unit: string; fileName: string; items: number; bytes: Uint8Array }[];
  /** The master with its numbers, when it got any (null: it had them all). */
  master: FileOutput | null;
}

function* numberWrites(plan: SplitPlan, scan: SheetScan): Generator<CellWrite> {
  const col = plan.idColumn.col;
  if (plan.idColumn.header !== null) {
    const style = scan.styles[plan.headerStyleFrom.row - 1]?.[plan.headerStyleFrom.col - 1] ?? null;
    yield { row: plan.ledger.headerRow, col, content: { kind: 'value', value: plan.idColumn.header }, style };
  }
  for (const { row, id } of plan.ids) yield { row, col, content: { kind: 'value', value: id } };
}

/** A list's entries: an inline list ("a,b,c"), or the values of the range it names in this workbook. */
function listEntries(pkg: XlsxPackage, grid: WorkbookGrid, ledger: string, formula: string): string[] {
  const f = formula.trim();
  if (f.startsWith('"')) return inlineEntries(f.slice(1, f.endsWith('"') ? -1 : undefined));
  const at = dropdownRange(f, grid.names, ledger);
  if (!at || !pkg.sheet(at.sheet)) return [];
  const r = at.bounds;
  const rows = at.sheet === ledger ? grid.sheets.find((sh) => sh.name === ledger)!.rows : pkg.scan(at.sheet, { maxRow: r.row2 }).rows;
  const texts: string[] = [];
  for (let row = r.row1; row <= r.row2 && texts.length < DROPDOWN_LIMIT; row++)
    for (let col = r.col1; col <= r.col2; col++) {
      const text = gridText(rows[row - 1]?.[col - 1]);
      if (text) texts.push(text);
    }
  return dropdownEntries(texts);
}

/**
 * The ledger's list dropdowns, by column: those on its first item row (the sheet's
 * dataValidations; the x14 form of an extension list is not read).
 */
function dropdownsOf(pkg: XlsxPackage, grid: WorkbookGrid, loc: LedgerLocation, scan: SheetScan): Record<number, string[]> {
  const element = scan.top.find((t) => t.local === 'dataValidations');
  const out: Record<number, string[]> = {};
  if (!element) return out;
  const row = loc.headerRow + 1;
  for (const m of element.text.matchAll(/<(?:[\w.-]+:)?dataValidation\b([^>]*?)(?<!\/)>([\s\S]*?)<\/(?:[\w.-]+:)?dataValidation>/g)) {
    if (!/\btype\s*=\s*["']list["']/.test(m[1])) continue;
    const sqref = /\bsqref\s*=\s*["']([^"']+)["']/.exec(m[1])?.[1];
    const formula = /<(?:[\w.-]+:)?formula1>([\s\S]*?)<\/(?:[\w.-]+:)?formula1>/.exec(m[2])?.[1];
    if (!sqref || !formula) continue;
    for (const part of sqref.trim().split(/\s+/)) {
      if (!/^[A-Z]+\d+(:[A-Z]+\d+)?$/i.test(part)) continue;
      const r = parseRange(part);
      if (row < r.row1 || row > r.row2) continue;
      for (let col = r.col1; col <= Math.min(r.col2, loc.lastColumn); col++) out[col] ??= listEntries(pkg, grid, loc.sheet.name, decodeEntities(formula));
    }
  }
  return out;
}

export async function splitXlsx(bytes: Uint8Array, options: SplitOptions): Promise<SplitOutcome> {
  const pkg = XlsxPackage.open(bytes);
  const grid = pkg.topGrid(SCAN_ROWS);
  const found = findLedger(grid, options);
  if (!found) throw new ProblemError({ kind: 'noLedger' });
  // Every column (a copy carries them all); cells anchored from where the number column is or will be.
  const scan = scanLedger(pkg, grid, found, { anchorFrom: found.columns.itemId ?? found.lastColumn + 1, styleRows: new Set([found.headerRow]) });
  const plan = planSplit(grid, { dropdowns: dropdownsOf(pkg, grid, found, scan), ...options });
  if (isSplitProblem(plan)) throw new ProblemError(plan);
  const copies: SplitOutcome['copies'] = [];
  for (const c of plan.copies) copies.push({ unit: c.unit, fileName: c.fileName, items: c.items, bytes: await writeXlsx(c.spec) });
  let master: FileOutput | null = null;
  if (plan.ids.length || plan.names.length) {
    const sheet = plan.ledger.sheet.name;
    const last = plan.ids.reduce((m, i) => Math.max(m, i.row), plan.ledger.headerRow);
    pkg.editSheet(sheet, cellEdits(scan, numberWrites(plan, scan)), false);
    pkg.editSheet(
      sheet,
      [
        ...(plan.idColumn.header !== null ? columnWidthEdits(scan, [{ col: plan.idColumn.col, width: 10 }]) : []),
        ...dimensionEdit(scan, last, plan.idColumn.col),
      ],
      false,
    );
    for (const n of plan.names) pkg.setName(n.name, n.formula);
    master = withFile({}, pkg.save());
  }
  return { ledgerSheet: plan.ledger.sheet.name, messages: plan.messages, copies, master };
}
