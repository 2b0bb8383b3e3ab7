/**
 * The overdue flag on an .xlsx file, edited in place: the core plans the flag from what the
 * package holds, and only what the plan owns is written (the three columns right of the ledger,
 * 逾期清单, 标记记录, the hidden workday sheet and their names). Every other part of the file is
 * copied byte for byte: charts, pivot tables, comments, pictures, macros, links, custom XML.
 */
import { columnLetter, range } from '../core/address';
import { DATE_1904_OFFSET, toExcelSerial } from '../core/dates';
import { DATE_FORMAT } from '../core/layout/context';
import { parsePrintArea, printAreaFormula } from '../core/layout/print';
import {
  type FlagOptions,
  flagOutcome,
  type FlagOutcome,
  type FlagPlan,
  isFlagProblem,
  locateFlagTarget,
  ownedColumns,
  planFlag,
  ProblemError,
} from '../core/flag';
import { columnsToRead, SCAN_ROWS } from '../core/ledger';
import type { SheetSpec } from '../core/spec';
import { type CellContent, cellEdits, type CellWrite, columnWidthEdits, dimensionEdit, keptGroupEdits, overwrittenShared } from './package/cells';
import { XlsxPackage } from './package/package';
import type { SheetScan } from './package/sheet-scan';
import { putSheet } from './package/sheet-parts';
import { type FileOutput, withFile } from './package/zip';
import { scanLedger } from './ledger-scan';

export type { FlagOptions } from '../core/flag';

export type FileFlagOutcome = FlagOutcome & FileOutput;

/**
 * The flag's cells in the ledger, row by row as the writing pass reaches them: the new headers,
 * 首次逾期日期 and 逾期天数 of every item, and the 剩余工作日 formulas (one shared formula per run).
 */
type LedgerPart = Pick<FlagPlan, 'owned' | 'values' | 'workdayFormulas' | 'headerStyleFrom'> & { headerRow: number };

function* ledgerWrites(pkg: XlsxPackage, plan: LedgerPart, scan: SheetScan): Generator<CellWrite> {
  const { owned } = plan;
  const dateOffset = pkg.date1904 ? DATE_1904_OFFSET : 0;
  // A new header takes the look of the ledger's last header cell.
  const headerStyle = scan.styles[plan.headerStyleFrom.row - 1]?.[plan.headerStyleFrom.col - 1] ?? null;
  const headers = Object.values(owned)
    .filter((c) => c.newHeader !== null)
    .sort((a, b) => a.col - b.col);
  for (const c of headers) yield { row: plan.headerRow, col: c.col, content: { kind: 'value', value: c.newHeader }, style: headerStyle };
  const asDate = (existing: number | null) => pkg.styles.withFormat(existing ?? 0, DATE_FORMAT);
  const cols = [
    { col: owned.firstOverdue.col, kind: 'first' as const },
    { col: owned.daysOverdue.col, kind: 'days' as const },
    { col: owned.workdaysLeft.col, kind: 'workdays' as const },
  ].sort((a, b) => a.col - b.col);
  // 剩余工作日 by row: the run a row belongs to, and the run's shared-formula index.
  const runs = plan.workdayFormulas;
  let run = 0;
  let si = scan.maxSi + 1;
  for (const v of plan.values) {
    while (run < runs.length && runs[run].lastRow < v.row) {
      run++;
      si++;
    }
    for (const c of cols) {
      if (c.kind === 'first') {
        const value = v.firstOverdue === null ? null : toExcelSerial(v.firstOverdue) - dateOffset;
        yield { row: v.row, col: c.col, content: { kind: 'value', value }, ...(value !== null ? { style: asDate } : {}) };
      } else if (c.kind === 'days') yield { row: v.row, col: c.col, content: { kind: 'value', value: v.daysOverdue } };
      else if (run < runs.length && runs[run].firstRow <= v.row) {
        const f = runs[run];
        const content: CellContent =
          f.firstRow === f.lastRow
            ? { kind: 'value', value: { formula: f.formula } }
            : v.row === f.firstRow
              ? { kind: 'shared', si, formula: f.formula, ref: range(f.firstRow, f.col, f.lastRow, f.col) }
              : { kind: 'shared', si };
        yield { row: v.row, col: c.col, content };
      }
    }
  }
}

function writeLedger(pkg: XlsxPackage, plan: FlagPlan, scan: SheetScan): void {
  const { owned } = plan;
  const lastRow = plan.values.reduce((m, v) => Math.max(m, v.row), plan.ledger.headerRow);
  const lastCol = Math.max(...Object.values(owned).map((o) => o.col));
  // The writes are made from these parts of the plan only, so that the rest of it need not stay in memory.
  const part: LedgerPart = {
    owned,
    values: plan.values,
    workdayFormulas: plan.workdayFormulas,
    headerStyleFrom: plan.headerStyleFrom,
    headerRow: plan.ledger.headerRow,
  };
  const overwritten = overwrittenShared(scan, ledgerWrites(pkg, part, scan));
  pkg.editSheet(plan.ledger.sheet.name, cellEdits(scan, ledgerWrites(pkg, part, scan)), true);
  pkg.editSheet(
    plan.ledger.sheet.name,
    [...keptGroupEdits(scan, overwritten), ...columnWidthEdits(scan, plan.columnWidths), ...dimensionEdit(scan, lastRow, lastCol)],
    true,
  );
  if (plan.ledgerPrintArea)
    pkg.setName('_xlnm.Print_Area', printAreaFormula(plan.ledger.sheet.name, parsePrintArea(plan.ledgerPrintArea)!), plan.ledger.sheet.name);
}

/** The log row: into the existing log sheet, or into the new one before it is written. */
function writeLog(pkg: XlsxPackage, plan: FlagPlan, logScan: SheetScan | null): void {
  const row = plan.logRow;
  if (plan.newLogSheet) {
    const spec: SheetSpec = row
      ? {
          ...plan.newLogSheet,
          blocks: [...plan.newLogSheet.blocks, { row: row.row, col: 1, values: [row.values] }],
          styles: [
            ...plan.newLogSheet.styles,
            ...row.numFmts.flatMap((fmt, i) => (fmt ? [{ range: `${columnLetter(i + 1)}${row.row}`, style: { numFmt: fmt } }] : [])),
          ],
        }
      : plan.newLogSheet;
    putSheet(pkg, spec, false);
    return;
  }
  if (!row || !logScan) return;
  const dateOffset = pkg.date1904 ? DATE_1904_OFFSET : 0;
  const writes: CellWrite[] = row.values.map((value, i) => {
    const fmt = row.numFmts[i];
    return {
      row: row.row,
      col: i + 1,
      content: { kind: 'value', value: fmt && typeof value === 'number' ? value - dateOffset : value },
      ...(fmt ? { style: pkg.styles.xfFor({ numFmt: fmt }) } : {}),
    };
  });
  pkg.editSheet(plan.sheets.log, cellEdits(logScan, writes), false);
  pkg.editSheet(plan.sheets.log, dimensionEdit(logScan, row.row, row.values.length), false);
}

export async function flagXlsx(bytes: Uint8Array, options: FlagOptions): Promise<FileFlagOutcome> {
  const pkg = XlsxPackage.open(bytes);
  const grid = pkg.topGrid(SCAN_ROWS);
  grid.date1904 = pkg.date1904;
  const target = locateFlagTarget(grid, options);
  if (!target) throw new ProblemError({ kind: 'noLedger' });
  const loc = target.ledger;
  const ledgerGrid = grid.sheets.find((s) => s.name === loc.sheet.name)!;

  // The whole ledger, but only the columns the flag reads; and where the owned columns' cells stand.
  const { owned } = ownedColumns(loc, 'zh-CN');
  const anchorFrom = Math.min(loc.lastColumn + 1, ...Object.values(owned).map((o) => o.col));
  const scan = scanLedger(pkg, grid, loc, { readCols: new Set(columnsToRead(ledgerGrid, loc.headerRow)), anchorFrom, styleRows: new Set([loc.headerRow]) });
  scan.rows = [];
  grid.uncomputed = { ...grid.uncomputed, [loc.sheet.name]: scan.uncomputed };
  const logScan = target.sheets.existing.log ? pkg.scan(target.sheets.log, { anchorFrom: 1 }) : null;
  if (logScan) grid.sheets.find((s) => s.name === target.sheets.log)!.rows = logScan.rows;

  pkg.releaseStrings();
  const planned = planFlag(grid, { ...target, ledger: { ...loc, sheet: ledgerGrid } }, options);
  if (isFlagProblem(planned)) throw new ProblemError(planned);
  let plan: FlagPlan | null = planned;
  // The plan holds what is written: what was read can go before the writing starts.
  for (const sheet of grid.sheets) sheet.rows = [];

  writeLedger(pkg, plan, scan);
  writeLog(pkg, plan, logScan);
  putSheet(pkg, plan.overdueSheet, plan.sheets.existing.overdue);
  putSheet(pkg, plan.workdaySheet, plan.sheets.existing.workdays);
  for (const n of plan.workdayNames) pkg.setName(n.name, n.ref);
  const outcome = flagOutcome(plan);
  // The package holds what it still needs of the plan (the ledger's values); the rest can go.
  plan = null;
  return withFile(outcome, pkg.save());
}
