/**
 * 分发 on an .xlsx file: the master edited in place where it gets item numbers (the number column,
 * the numbers, two names; every other part byte for byte), and one new workbook per unit.
 */
import { isSplitProblem, planSplit, type SplitOptions, type SplitPlan } from '../core/distribute';
import { ProblemError } from '../core/flag';
import { findLedger, SCAN_ROWS } from '../core/ledger';
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

export async function splitXlsx(bytes: Uint8Array, options: SplitOptions): Promise<SplitOutcome> {
  const pkg = XlsxPackage.open(bytes);
  const grid = pkg.topGrid(SCAN_ROWS);
  const found = findLedger(grid, options);
  if (!found) throw new ProblemError({ kind: 'noLedger' });
  // Every column (a copy carries them all); cells anchored from where the number column is or will be.
  const scan = scanLedger(pkg, grid, found, { anchorFrom: found.columns.itemId ?? found.lastColumn + 1, styleRows: new Set([found.headerRow]) });
  const plan = planSplit(grid, options);
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
