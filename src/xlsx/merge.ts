/**
 * 汇总 on .xlsx files: the units' files are read (any producer's: the package reader, not a
 * workbook model), and the master is edited in place: the changed cells, the appended items, the
 * 来源 column, 汇总记录 and the hidden merge state. Every other part stays byte for byte.
 */
import { parseRange } from '../core/address';
import { DATE_1904_OFFSET, toExcelSerial } from '../core/dates';
import { DATE_FORMAT } from '../core/layout/context';
import { parsePrintArea, printAreaFormula } from '../core/layout/print';
import {
  DISTRIBUTE_NAMES,
  grownTotal,
  type MergeConflict,
  mergeSheetSpec,
  parseCopyInfo,
  sheetNamedBy,
  type MergeOptions,
  type MergePlan,
  type MergeSource,
  type OwnSheet,
  startMerge,
} from '../core/distribute';
import { ProblemError } from '../core/flag';
import { findLedger, type GridValue, SCAN_ROWS, type WorkbookGrid } from '../core/ledger';
import { type CellWrite, cellEdits, columnWidthEdits, dimensionEdit } from './package/cells';
import { XlsxPackage } from './package/package';
import type { SheetScan } from './package/sheet-scan';
import { putSheet } from './package/sheet-parts';
import { type FileOutput, withFile } from './package/zip';
import { scanLedger } from './ledger-scan';

export interface MergeOutcome {
  ledgerSheet: string;
  messages: string[];
  counts: MergePlan['counts'];
  /** Cells changed in a copy and in the master alike, not applied (listed in the messages too). */
  conflicts: MergeConflict[];
  changed: boolean;
}

export type FileMergeOutcome = MergeOutcome & FileOutput;

/** The sheets these names point to, read whole (the merge's own: small). */
function readNamedSheets(pkg: XlsxPackage, grid: WorkbookGrid, names: string[]): void {
  for (const name of names) {
    const sheet = grid.sheets.find((s) => s.name === sheetNamedBy(grid.names, name));
    if (sheet) sheet.rows = pkg.scan(sheet.name).rows;
  }
}

/** A unit's file as the merge reads it: its ledger whole, its record whole, nothing else past the top rows. */
export function readUnitFile(file: string, bytes: Uint8Array): MergeSource {
  try {
    const pkg = XlsxPackage.open(bytes);
    const grid = pkg.topGrid(SCAN_ROWS);
    grid.date1904 = pkg.date1904;
    const loc = findLedger(grid);
    if (loc) scanLedger(pkg, grid, loc, {});
    // The record, read whole: where its name points, or (a producer that dropped the name) where its top rows say it is.
    readNamedSheets(pkg, grid, [DISTRIBUTE_NAMES.copyInfo]);
    for (const sheet of grid.sheets) if (sheet.rows.length >= SCAN_ROWS && parseCopyInfo(sheet.rows)) sheet.rows = pkg.scan(sheet.name).rows;
    return { file, savedAt: pkg.modifiedAt(), grid };
  } catch (error) {
    // A problem with a unit's file names that file, not the master.
    if (error instanceof ProblemError) throw new ProblemError(error.problem, file);
    throw error;
  }
}

/** A unit's file: its name, and its bytes (read when its turn comes, so that one file at a time is in memory). */
export interface UnitFile {
  file: string;
  bytes: Uint8Array | (() => Uint8Array);
}

/**
 * The footer's formulas grown over the items appended above it (合计's SUM(F3:F20) to F22): read
 * from the sheet (a second pass, only when items went above a footer).
 */
function grownTotals(pkg: XlsxPackage, plan: MergePlan): { row: number; col: number; value: GridValue; formula: string }[] {
  if (!plan.totals) return [];
  const { footer, items } = plan.totals;
  const scan = pkg.scan(plan.ledger.sheet.name, { formulas: true });
  const out: { row: number; col: number; value: GridValue; formula: string }[] = [];
  for (const [address, formula] of Object.entries(scan.formulas)) {
    const at = parseRange(address);
    if (at.row1 < footer) continue;
    const grown = grownTotal(formula, items);
    if (grown !== null) out.push({ row: at.row1, col: at.col1, value: null, formula: grown });
  }
  return out;
}

function* ledgerWrites(pkg: XlsxPackage, plan: MergePlan, scan: SheetScan, totals: ReturnType<typeof grownTotals>): Generator<CellWrite> {
  const headerStyle = scan.styles[plan.headerStyleFrom.row - 1]?.[plan.headerStyleFrom.col - 1] ?? null;
  const dateOffset = pkg.date1904 ? DATE_1904_OFFSET : 0;
  // A date written shows as yyyy-mm-dd in the cell's own look (as the Office.js path writes it).
  const asDate = (existing: number | null) => pkg.styles.withFormat(existing ?? 0, DATE_FORMAT);
  const header = plan.newColumns.map((c) => ({ row: plan.ledger.headerRow, col: c.col, header: c.header }));
  const all: { row: number; col: number; value: GridValue; header?: boolean; formula?: string }[] = [
    ...header.map((h) => ({ row: h.row, col: h.col, value: h.header as GridValue, header: true })),
    ...plan.writes,
    ...totals,
  ].sort((a, b) => a.row - b.row || a.col - b.col);
  for (const w of all) {
    if (w.header) {
      yield { row: w.row, col: w.col, content: { kind: 'value', value: w.value as string }, style: headerStyle };
      continue;
    }
    if (w.formula !== undefined) {
      yield { row: w.row, col: w.col, content: { kind: 'value', value: { formula: w.formula } } };
      continue;
    }
    const v = w.value;
    if (v !== null && typeof v === 'object')
      yield { row: w.row, col: w.col, content: { kind: 'value', value: toExcelSerial(v.date) - dateOffset }, style: asDate };
    else yield { row: w.row, col: w.col, content: { kind: 'value', value: v } };
  }
}

function writeLog(pkg: XlsxPackage, log: OwnSheet): void {
  if (!log.exists) {
    putSheet(pkg, mergeSheetSpec(log, 'log'), false);
    return;
  }
  const scan = pkg.scan(log.name, { anchorFrom: 1 });
  const writes: CellWrite[] = [
    ...(log.headerCells ?? []).map((h): CellWrite => ({ row: 1, col: h.col, content: { kind: 'value', value: h.value } })),
    ...log.rows.flatMap((values, i) =>
      values.map((value, j): CellWrite => ({ row: log.firstRow + i, col: j + 1, content: value ? { kind: 'value', value } : { kind: 'empty' } })),
    ),
  ];
  pkg.editSheet(log.name, cellEdits(scan, writes), false);
  const width = Math.max(...log.rows.map((r) => r.length), ...(log.headerCells ?? []).map((h) => h.col));
  pkg.editSheet(log.name, dimensionEdit(scan, log.firstRow + log.rows.length - 1, width), false);
}

export async function mergeXlsx(master: Uint8Array, units: UnitFile[], options: MergeOptions): Promise<FileMergeOutcome> {
  const pkg = XlsxPackage.open(master);
  const grid = pkg.topGrid(SCAN_ROWS);
  grid.date1904 = pkg.date1904;
  const found = findLedger(grid, options);
  if (!found) throw new ProblemError({ kind: 'noLedger' });
  const scan = scanLedger(pkg, grid, found, { anchorFrom: 1, styleRows: new Set([found.headerRow]) });
  // The log and the state are read whole: the log to append below its last row, the state to update.
  readNamedSheets(pkg, grid, [DISTRIBUTE_NAMES.mergeLog, DISTRIBUTE_NAMES.mergeState]);
  const merger = startMerge(grid, options);
  if ('kind' in merger) throw new ProblemError(merger);
  // One unit's file at a time: what stays is the changes, however many files there are.
  for (const u of units) {
    const problem = merger.add(readUnitFile(u.file, typeof u.bytes === 'function' ? u.bytes() : u.bytes));
    if (problem) throw new ProblemError(problem, 'file' in problem ? problem.file : undefined);
  }
  const plan = merger.finish();
  const outcome: MergeOutcome = {
    ledgerSheet: plan.ledger.sheet.name,
    messages: plan.messages,
    counts: plan.counts,
    conflicts: plan.conflicts,
    changed: plan.changed,
  };
  if (!plan.changed) return withFile(outcome, [master]);

  const sheet = plan.ledger.sheet.name;
  const lastRow = Math.max(plan.ledger.headerRow, ...plan.writes.map((w) => w.row));
  const lastCol = Math.max(plan.ledger.lastColumn, ...plan.writes.map((w) => w.col), ...plan.newColumns.map((c) => c.col));
  // The status formulas read the cells written: the workbook is marked to recalculate.
  const totals = grownTotals(pkg, plan);
  pkg.editSheet(sheet, cellEdits(scan, ledgerWrites(pkg, plan, scan, totals)), true);
  pkg.editSheet(
    sheet,
    [
      ...columnWidthEdits(
        scan,
        plan.newColumns.map((c) => ({ col: c.col, width: 28 })),
      ),
      ...dimensionEdit(scan, lastRow, lastCol),
    ],
    false,
  );
  if (plan.printArea) pkg.setName('_xlnm.Print_Area', printAreaFormula(sheet, parsePrintArea(plan.printArea)!), sheet);
  if (plan.log) writeLog(pkg, plan.log);
  if (plan.state) putSheet(pkg, mergeSheetSpec(plan.state, 'state'), plan.state.exists);
  for (const n of plan.names) pkg.setName(n.name, n.formula);
  return withFile(outcome, pkg.save());
}
