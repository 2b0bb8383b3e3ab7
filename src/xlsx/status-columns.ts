/**
 * 添加状态列 on an .xlsx file, edited in place as the flag edits it: the core plans the columns,
 * and only what the plan owns is written (two header cells, the formulas, their colours and
 * widths, the settings sheet, names, the print area). Every other part stays byte for byte.
 */
import { columnLetter } from '../core/address';
import { parsePrintArea, printAreaFormula } from '../core/layout/print';
import { ProblemError } from '../core/flag';
import { columnsToRead, SCAN_ROWS } from '../core/ledger';
import { findLedger } from '../core/ledger/find';
import {
  isStatusColumnsProblem,
  planStatusColumns,
  REMAINING_FORMAT,
  type StatusColumnsOptions,
  type StatusColumnsPlan,
  statusColumnsOf,
  withPrintScale,
} from '../core/status-columns';
import { type CellContent, cellEdits, type CellWrite, columnWidthEdits, dimensionEdit } from './package/cells';
import { XlsxPackage } from './package/package';
import { conditionalFormatEdits, pageOf, printScaled, putSheet, scaleEdits } from './package/sheet-parts';
import type { SheetScan } from './package/sheet-scan';
import { type FileOutput, withFile } from './package/zip';
import { scanLedger } from './ledger-scan';

export interface StatusColumnsOutcome {
  kind: StatusColumnsPlan['kind'];
  ledgerSheet: string;
  messages: string[];
}

export type FileStatusColumnsOutcome = StatusColumnsOutcome & FileOutput & { changed: boolean };

/** The new columns' cells, row by row: the headers, then the formulas (one shared formula per run). */
function* writes(plan: StatusColumnsPlan, scan: SheetScan, headerStyle: number | null, remainingStyle: number): Generator<CellWrite> {
  for (const c of [plan.status, plan.remaining]) {
    if (c.header !== null) yield { row: plan.ledger.headerRow, col: c.col, content: { kind: 'value', value: c.header }, style: headerStyle };
  }
  // Formulas come in pairs per run (status, remaining): walk the runs row by row, both columns per row.
  let si = scan.maxSi;
  const pairs: { from: number; to: number; status: string; remaining: string; si: [number, number] }[] = [];
  for (let i = 0; i < plan.formulas.length; i += 2) {
    const a = plan.formulas[i];
    pairs.push({ from: a.firstRow, to: a.lastRow, status: a.formula, remaining: plan.formulas[i + 1].formula, si: [++si, ++si] });
  }
  const cols = [plan.status.col, plan.remaining.col];
  for (const p of pairs) {
    for (let row = p.from; row <= p.to; row++) {
      for (let k = 0; k < 2; k++) {
        const formula = k === 0 ? p.status : p.remaining;
        const content: CellContent =
          p.from === p.to
            ? { kind: 'value', value: { formula } }
            : row === p.from
              ? { kind: 'shared', si: p.si[k], formula, ref: `${columnLetter(cols[k])}${p.from}:${columnLetter(cols[k])}${p.to}` }
              : { kind: 'shared', si: p.si[k] };
        yield { row, col: cols[k], content, style: k === 0 ? null : remainingStyle };
      }
    }
  }
}

export async function addStatusColumnsXlsx(bytes: Uint8Array, options: StatusColumnsOptions = {}): Promise<FileStatusColumnsOutcome> {
  const pkg = XlsxPackage.open(bytes);
  const grid = pkg.topGrid(SCAN_ROWS);
  const found = findLedger(grid, options);
  if (!found) throw new ProblemError({ kind: 'noLedger' });
  const ledgerGrid = grid.sheets.find((s) => s.name === found.sheet.name)!;
  // The whole ledger, but only the columns that tell its items; anchors from the first column the plan may write.
  // Our columns from an earlier run stand inside the header row: anchored from there on.
  const ours = statusColumnsOf(grid, found);
  const scan = scanLedger(pkg, grid, found, {
    readCols: new Set(columnsToRead(ledgerGrid, found.headerRow)),
    anchorFrom: Math.min(found.lastColumn + 1, ours?.status ?? Infinity),
    styleRows: new Set([found.headerRow]),
    valueRowsExcept: new Set(ours ? [ours.status, ours.remaining] : []),
  });
  ledgerGrid.printScaled = printScaled(scan);
  const planned = planStatusColumns(grid, options);
  if (isStatusColumnsProblem(planned)) throw new ProblemError(planned);
  // A sheet without a scale of its own prints at the percentage that takes the new columns in.
  const page = planned.scaleToWidth ? pageOf(scan) : null;
  const plan = page ? withPrintScale(planned, page.widths(planned.scaleToWidth!.measure.col1, planned.scaleToWidth!.measure.col2), page) : planned;
  const outcome: StatusColumnsOutcome = { kind: plan.kind, ledgerSheet: plan.ledger.sheet.name, messages: plan.messages };
  if (plan.kind === 'unchanged' && !plan.printArea) return withFile({ ...outcome, changed: false }, [bytes]);

  const sheet = plan.ledger.sheet.name;
  const headerStyle = scan.styles[plan.headerStyleFrom.row - 1]?.[plan.headerStyleFrom.col - 1] ?? null;
  pkg.editSheet(sheet, cellEdits(scan, writes(plan, scan, headerStyle, pkg.styles.xfFor({ numFmt: REMAINING_FORMAT }))), true);
  pkg.editSheet(
    sheet,
    [
      ...columnWidthEdits(scan, plan.columnWidths),
      ...dimensionEdit(scan, plan.lastRow, plan.remaining.col),
      ...conditionalFormatEdits(pkg, scan, plan.conditionalFormats),
      ...(plan.printScale ? scaleEdits(scan, plan.printScale) : []),
    ],
    true,
  );
  if (plan.settingsSheet) putSheet(pkg, plan.settingsSheet, false);
  for (const n of plan.names) pkg.setName(n.name, n.ref);
  if (plan.printArea) pkg.setName('_xlnm.Print_Area', printAreaFormula(sheet, parsePrintArea(plan.printArea)!), sheet);
  return withFile({ ...outcome, changed: true }, pkg.save());
}
