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
import { DATE_FORMAT } from '../core/layout/context';
import {
  isStatusColumnsProblem,
  ourColumns,
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

/**
 * The new columns' cells, row by row: the headers, then the formulas (one shared formula per run
 * and column). `styles` gives a column's cell style (剩余天数 a number, the helpers' days a date).
 */
function* writes(plan: StatusColumnsPlan, scan: SheetScan, headerStyle: number | null, styles: Map<number, number>): Generator<CellWrite> {
  const headers = [plan.status, plan.remaining, ...plan.helpers].filter((c) => c.header !== null).sort((a, b) => a.col - b.col);
  for (const c of headers) yield { row: plan.ledger.headerRow, col: c.col, content: { kind: 'value', value: c.header }, style: headerStyle };
  // The formulas come run by run (every column of a run has the same rows): walk each run row by row, its columns left to right.
  let si = scan.maxSi;
  const runs = new Map<string, { from: number; to: number; columns: { col: number; formula: string; si: number }[] }>();
  for (const f of plan.formulas) {
    const key = `${f.firstRow}:${f.lastRow}`;
    if (!runs.has(key)) runs.set(key, { from: f.firstRow, to: f.lastRow, columns: [] });
    runs.get(key)!.columns.push({ col: f.col, formula: f.formula, si: ++si });
  }
  for (const run of runs.values()) {
    run.columns.sort((a, b) => a.col - b.col);
    for (let row = run.from; row <= run.to; row++) {
      for (const c of run.columns) {
        const content: CellContent =
          run.from === run.to
            ? { kind: 'value', value: { formula: c.formula } }
            : row === run.from
              ? { kind: 'shared', si: c.si, formula: c.formula, ref: `${columnLetter(c.col)}${run.from}:${columnLetter(c.col)}${run.to}` }
              : { kind: 'shared', si: c.si };
        yield { row, col: c.col, content, style: styles.get(c.col) ?? null };
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
    valueRowsExcept: new Set(ours ? ourColumns(ours) : []),
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
  const dateStyle = pkg.styles.xfFor({ numFmt: DATE_FORMAT });
  const styles = new Map([
    [plan.remaining.col, pkg.styles.xfFor({ numFmt: REMAINING_FORMAT })],
    ...plan.helpers.filter((h) => h.kind === 'day').map((h) => [h.col, dateStyle] as [number, number]),
  ]);
  pkg.editSheet(sheet, cellEdits(scan, writes(plan, scan, headerStyle, styles)), true);
  pkg.editSheet(
    sheet,
    [
      ...columnWidthEdits(scan, plan.columnWidths),
      ...dimensionEdit(scan, plan.lastRow, Math.max(plan.remaining.col, ...plan.helpers.map((h) => h.col))),
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
