/**
 * The overdue flag on the open workbook. The core plans it (the same plan the .xlsx path
 * carries out); this module reads what the plan needs and writes it, in three round trips when
 * the ledger is one campaign-ledger made or the sheet in view:
 *   1. the workbook's sheets, names, protection, and the top rows of the sheet in view;
 *   2. the top rows of every sheet, the log, and the ledger's columns;
 *   3. everything the flag writes.
 * A hand-made ledger on another sheet costs one more read. Nothing is written until every check
 * has passed, and only what the flag owns is written.
 */
import { parseRange, range, splitSheetRef } from '../core/address';
import { DATE_FORMAT } from '../core/layout/context';
import {
  type FlagOptions, type FlagPlan, type FlagResult, fieldOf, findLedger, isFlagProblem, LEDGER_FIELDS_READ, locateFlagTarget, OWNED_FIELDS, planFlag,
  SCAN_ROWS, type SheetGrid, type WorkbookGrid,
} from '../core/ledger';
import { LEDGER_HEADER_NAME } from '../core/layout/context';
import { strings } from '../core/locale';
import type { ContextApi, NamedItemApi, WorksheetApi } from './api';
import { Batch } from './batch';
import { cellInput } from './cell-input';
import { HostError } from './errors';
import { placeRangeValues, placeValues, wholeColumn } from './read';
import { renderSheetInto, widthInPoints, writeGrid } from './render';

export interface FlagActionOutcome {
  result: FlagResult;
  ledgerSheet: string;
  overdueSheet: string;
  warnings: string[];
  syncs: number;
}

const LOG_NAMES = new Set((['zh-CN', 'zh-TW', 'en'] as const).map((l) => strings(l).flag.sheets.log));
const TOP_ROWS = `1:${SCAN_ROWS}`;

interface SheetInfo {
  name: string;
  hidden: boolean;
  protected: boolean;
}

function isPayloadError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RequestPayloadSizeLimitExceeded';
}

/**
 * Queues reads of the given columns of a sheet's used range; `place` puts them into the grid after
 * the sync. Columns are read one by one so that a ledger's long text columns are never fetched.
 */
function queueColumns(ws: WorksheetApi, cols: number[]): () => SheetGrid['rows'] {
  const used = ws.getUsedRangeOrNullObject(true);
  const ranges = cols.map((c) => used.getIntersectionOrNullObject(wholeColumn(c)).load('values,address'));
  return () => {
    const sheet: SheetGrid = { name: '', hidden: false, rows: [] };
    for (const r of ranges) placeValues(sheet, r);
    return sheet.rows;
  };
}

/** Reads columns in row chunks when one response would exceed Excel on the web's limit. */
async function readColumnsChunked(sync: () => Promise<void>, ws: WorksheetApi, cols: number[]): Promise<SheetGrid['rows']> {
  const used = ws.getUsedRangeOrNullObject(true).load('rowCount,rowIndex');
  await sync();
  if (used.isNullObject) return [];
  const sheet: SheetGrid = { name: '', hidden: false, rows: [] };
  const last = used.rowIndex + used.rowCount;
  for (let step = 2000, start = 1; start <= last; start += step) {
    const ranges = cols.map((c) => ws.getRange(range(start, c, Math.min(start + step - 1, last), c)).load('values,address'));
    await sync();
    for (const r of ranges) placeRangeValues(sheet, r);
  }
  return sheet.rows;
}

function mergeRows(into: SheetGrid, rows: SheetGrid['rows']): void {
  rows.forEach((row, i) => {
    if (!into.rows[i]) into.rows[i] = [];
    row.forEach((v, j) => {
      if (v !== null && v !== undefined) into.rows[i][j] = v;
    });
  });
}

/** The columns of a header row that the flag reads (every recognised ledger field). */
function columnsToRead(grid: SheetGrid, headerRow: number): number[] {
  const cols: number[] = [];
  (grid.rows[headerRow - 1] ?? []).forEach((v, j) => {
    const field = typeof v === 'string' ? fieldOf(v) : null;
    if (field && LEDGER_FIELDS_READ.includes(field)) cols.push(j + 1);
  });
  return cols;
}

export async function flagWorkbook(context: ContextApi, options: FlagOptions): Promise<FlagActionOutcome> {
  let syncs = 0;
  // Every round trip counts, a refused one too.
  const sync = async () => { syncs++; await context.sync(); };
  const wb = context.workbook;

  // 1. What the workbook is, and the sheet in view.
  wb.load('readOnly');
  wb.protection.load('protected');
  wb.worksheets.load('items/name,items/visibility,items/protection/protected');
  wb.names.load('items/name,items/formula');
  const active = wb.worksheets.getActiveWorksheet().load('name');
  const activeTop = active.getUsedRangeOrNullObject(true).getIntersectionOrNullObject(TOP_ROWS).load('values,address');
  await sync();
  if (wb.readOnly) throw new HostError({ kind: 'readOnly' });
  const infos: SheetInfo[] = wb.worksheets.items.map((w) => ({ name: w.name, hidden: w.visibility !== 'Visible', protected: w.protection.protected }));
  const names: Record<string, string> = {};
  for (const n of wb.names.items) if (typeof n.formula === 'string') names[n.name] = n.formula.replace(/^=/, '');
  const grid: WorkbookGrid = { sheets: infos.map((i) => ({ name: i.name, hidden: i.hidden, rows: [] })), names };
  const gridOf = (name: string) => grid.sheets.find((s) => s.name === name)!;
  placeValues(gridOf(active.name), activeTop);

  // The ledger meant: on the sheet in view, else the one the workbook records.
  const inView = findLedger({ sheets: [gridOf(active.name)], names: {} });
  const recorded = names[LEDGER_HEADER_NAME] ? splitSheetRef(names[LEDGER_HEADER_NAME])?.sheet : undefined;
  const guess = inView ? active.name : recorded && grid.sheets.some((s) => s.name === recorded) ? recorded : null;

  // 2. The top rows of every sheet, the log, and the guessed ledger's columns.
  const sheetOf = (name: string) => wb.worksheets.getItem(name);
  const queueTops = () => ({
    tops: infos.map((i) => sheetOf(i.name).getUsedRangeOrNullObject(true).getIntersectionOrNullObject(TOP_ROWS).load('values,address')),
    logs: infos.filter((i) => LOG_NAMES.has(i.name)).map((i) => ({ name: i.name, range: sheetOf(i.name).getUsedRangeOrNullObject(true).load('values,address') })),
  });
  let top = queueTops();
  let guessedRows: (() => SheetGrid['rows']) | null = null;
  let guessTooLarge = false;
  if (guess) {
    const sheet = gridOf(guess);
    // In view: the columns whose header names a field. Recorded: the recorded header's columns
    // and the three the flag adds right of them.
    const recordedRange = names[LEDGER_HEADER_NAME] ? splitSheetRef(names[LEDGER_HEADER_NAME]) : null;
    const cols = guess === active.name
      ? Array.from({ length: Math.max(0, ...sheet.rows.map((r) => r.length)) }, (_, i) => i + 1).filter((c) => columnHasField(sheet, c))
      : Array.from({ length: parseRange(recordedRange!.range.replace(/\$/g, '')).col2 + OWNED_FIELDS.length }, (_, i) => i + 1);
    guessedRows = queueColumns(sheetOf(guess), cols);
  }
  try {
    await sync();
  } catch (error) {
    if (!guess || !isPayloadError(error)) throw error;
    // The guessed ledger was too large for one response: the tops and logs again, then the ledger in chunks.
    guessedRows = null;
    guessTooLarge = true;
    top = queueTops();
    await sync();
  }
  top.tops.forEach((r, i) => placeValues(grid.sheets[i], r));
  for (const l of top.logs) placeValues(gridOf(l.name), l.range);

  const target = locateFlagTarget(grid, { ...options, activeSheet: active.name });
  if (!target) throw new HostError({ kind: 'noLedger' });
  const ledgerGrid = gridOf(target.ledger.sheet.name);
  const cols = columnsToRead(ledgerGrid, target.ledger.headerRow);
  const ledgerSheet = sheetOf(target.ledger.sheet.name);
  if (target.ledger.sheet.name === guess && guessedRows) {
    mergeRows(ledgerGrid, guessedRows());
  } else if (target.ledger.sheet.name === guess && guessTooLarge) {
    mergeRows(ledgerGrid, await readColumnsChunked(sync, ledgerSheet, cols));
  } else {
    const place = queueColumns(ledgerSheet, cols);
    try {
      await sync();
      mergeRows(ledgerGrid, place());
    } catch (error) {
      if (!isPayloadError(error)) throw error;
      mergeRows(ledgerGrid, await readColumnsChunked(sync, ledgerSheet, cols));
    }
  }

  const plan = planFlag(grid, { ...target, ledger: { ...target.ledger, sheet: ledgerGrid } }, options);
  if (isFlagProblem(plan)) throw new HostError(plan);
  const ledgerInfo = infos.find((i) => i.name === plan.ledger.sheet.name)!;
  if (ledgerInfo.protected) throw new HostError({ kind: 'sheetProtected', sheet: ledgerInfo.name });
  const logInfo = infos.find((i) => i.name === plan.sheets.log);
  if (logInfo?.protected) throw new HostError({ kind: 'sheetProtected', sheet: logInfo.name });
  if (wb.protection.protected) throw new HostError({ kind: 'workbookProtected' });

  // 3. Everything the flag writes.
  const batch = new Batch(context);
  await writePlan(batch, plan, new Set(Object.keys(names)));
  await batch.sync();
  return {
    result: plan.result,
    ledgerSheet: plan.ledger.sheet.name,
    overdueSheet: plan.sheets.overdue,
    warnings: plan.warnings,
    syncs: syncs + batch.syncs,
  };
}

function columnHasField(sheet: SheetGrid, col: number): boolean {
  return sheet.rows.some((r) => typeof r[col - 1] === 'string' && fieldOf(r[col - 1] as string) !== null);
}

/** Carries out the plan; the caller syncs. */
export async function writePlan(batch: Batch, plan: FlagPlan, existingNames: Set<string>): Promise<void> {
  const wb = batch.context.workbook;
  const ledger = wb.worksheets.getItem(plan.ledger.sheet.name);
  const from = range(plan.headerStyleFrom.row, plan.headerStyleFrom.col, plan.headerStyleFrom.row, plan.headerStyleFrom.col);
  for (const column of Object.values(plan.owned)) {
    if (column.newHeader === null) continue;
    const header = ledger.getRange(range(plan.ledger.headerRow, column.col, plan.ledger.headerRow, column.col));
    header.copyFrom(from, 'Formats');
    header.formulas = [[column.newHeader]];
    ledger.getRange(wholeColumn(column.col)).format.columnWidth = widthInPoints(12);
  }

  if (plan.values.length) {
    const first = plan.values[0].row;
    const last = plan.values[plan.values.length - 1].row;
    const byRow = new Map(plan.values.map((v) => [v.row, v]));
    const column = (pick: (v: FlagPlan['values'][number]) => number | null) =>
      Array.from({ length: last - first + 1 }, (_, i) => {
        const v = byRow.get(first + i);
        // null leaves a row that is not an item untouched; "" clears a value a previous run wrote.
        return [v === undefined ? null : pick(v) ?? ''];
      });
    await writeGrid(batch, ledger, first, plan.owned.firstOverdue.col, column((v) => v.firstOverdue), 'formulas');
    await writeGrid(batch, ledger, first, plan.owned.firstOverdue.col,
      Array.from({ length: last - first + 1 }, (_, i) => [byRow.get(first + i)?.firstOverdue ? DATE_FORMAT : null]), 'numberFormat');
    await writeGrid(batch, ledger, first, plan.owned.daysOverdue.col, column((v) => v.daysOverdue), 'formulas');
  }
  for (const f of plan.workdayFormulas) {
    await batch.reserve(f.formula.length);
    const master = ledger.getRange(range(f.firstRow, f.col, f.firstRow, f.col));
    master.formulas = [[`=${f.formula}`]];
    if (f.lastRow > f.firstRow) master.autoFill(range(f.firstRow, f.col, f.lastRow, f.col), 'FillDefault');
  }

  // The log first: then the sheets the flag adds stand in the same order after every run.
  let log: WorksheetApi;
  if (plan.newLogSheet) {
    log = wb.worksheets.add(plan.newLogSheet.name);
    await renderSheetInto(batch, log, plan.newLogSheet);
  } else {
    log = wb.worksheets.getItem(plan.sheets.log);
  }
  if (plan.logRow) {
    const r = plan.logRow;
    await writeGrid(batch, log, r.row, 1, [r.values.map(cellInput)], 'formulas');
    r.numFmts.forEach((fmt, i) => {
      if (fmt) log.getRange(range(r.row, i + 1, r.row, i + 1)).numberFormat = [[fmt]];
    });
  }

  if (plan.sheets.existing.overdue) wb.worksheets.getItem(plan.sheets.overdue).delete();
  const overdue = wb.worksheets.add(plan.sheets.overdue);
  await renderSheetInto(batch, overdue, plan.overdueSheet);
  if (plan.sheets.existing.workdays) wb.worksheets.getItem(plan.sheets.workdays).delete();
  const workdays = wb.worksheets.add(plan.sheets.workdays);
  await renderSheetInto(batch, workdays, plan.workdaySheet);
  for (const n of plan.workdayNames) {
    if (existingNames.has(n.name)) (wb.names.getItemOrNullObject(n.name) as NamedItemApi).formula = `=${n.ref}`;
    else wb.names.add(n.name, `=${n.ref}`);
  }
  overdue.activate();
  workdays.visibility = 'Hidden';
}

