/**
 * The overdue flag on the open workbook. The core plans it (the same plan the .xlsx path
 * carries out); this module reads what the plan needs and writes it, in three round trips when
 * the ledger is one campaign-ledger made or the sheet in view:
 *   1. the workbook's sheets, names, protection, and the top rows of the sheet in view;
 *   2. the top rows of every sheet, the log, and the ledger's columns;
 *   3. everything the flag writes.
 * A hand-made ledger on another sheet costs one more read. Nothing is written until every check
 * has passed, and only what the flag owns is written.
 *
 * The writes are all or nothing. The flag's sheets are added first (a new 逾期清单 and _工作日
 * under free names beside the old ones), then its names, then the formulas that use them; the old
 * sheets are replaced only as the last step. If a write fails, what this run added is removed, the
 * ledger's owned cells get their values back, and the message says so.
 */
import { freeSheetName, parseRange, range, sheetPrefix, splitSheetRef } from '../core/address';
import { toExcelSerial } from '../core/dates';
import { DATE_FORMAT } from '../core/layout/context';
import { type FlagOptions, type FlagPlan, flagOutcome, type FlagOutcome, isFlagProblem, locateFlagTarget, planFlag } from '../core/flag';
import { columnsToRead, fieldOf, findLedger, OWNED_FIELDS, SCAN_ROWS, type SheetGrid, type WorkbookGrid } from '../core/ledger';
import { LEDGER_HEADER_NAME } from '../core/layout/context';
import { strings } from '../core/locale';
import type { ContextApi, NamedItemApi, WorksheetApi } from './api';
import { Batch } from './batch';
import { cellInput } from './cell-input';
import { ActionFailed, DATE_PROBE, DATE_PROBE_1900, firstSync, HostError } from './errors';
import { placeRangeValues, placeValues, wholeColumn } from './read';
import { fillDown, renderSheetInto, widthInPoints, writeGrid } from './render';

export interface FlagActionOutcome extends FlagOutcome {
  syncs: number;
}

const LOG_NAMES = new Set((['zh-CN', 'zh-TW', 'en'] as const).map((l) => strings(l).flag.sheets.log));
const TOP_ROWS = `1:${SCAN_ROWS}`;

/** The used cells of a sheet's top rows (a used range within a range: no method on a null object). */
function topRows(ws: WorksheetApi) {
  return ws.getRange(TOP_ROWS).getUsedRangeOrNullObject(true).load('values,address');
}

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
  const ranges = cols.map((c) => ws.getRange(wholeColumn(c)).getUsedRangeOrNullObject(true).load('values,address'));
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

export async function flagWorkbook(context: ContextApi, options: FlagOptions): Promise<FlagActionOutcome> {
  let syncs = 0;
  // Every round trip counts, a refused one too.
  const sync = async () => {
    syncs++;
    await context.sync();
  };
  const wb = context.workbook;

  // 1. What the workbook is, and the sheet in view.
  wb.load('readOnly');
  wb.protection.load('protected');
  wb.worksheets.load('items/name,items/visibility,items/protection/protected');
  wb.names.load('items/name,items/formula');
  const epoch = wb.functions.date(...DATE_PROBE).load('value');
  const active = wb.worksheets.getActiveWorksheet().load('name');
  const activeTop = topRows(active);
  syncs++;
  await firstSync(context);
  if (wb.readOnly) throw new HostError({ kind: 'readOnly' });
  if (epoch.value !== DATE_PROBE_1900) throw new HostError({ kind: 'dateSystem1904' });
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
    tops: infos.map((i) => topRows(sheetOf(i.name))),
    logs: infos
      .filter((i) => LOG_NAMES.has(i.name))
      .map((i) => ({ name: i.name, range: sheetOf(i.name).getUsedRangeOrNullObject(true).load('values,address') })),
  });
  let top = queueTops();
  let guessedRows: (() => SheetGrid['rows']) | null = null;
  let guessTooLarge = false;
  if (guess) {
    const sheet = gridOf(guess);
    // In view: the columns whose header names a field. Recorded: the recorded header's columns
    // and the three the flag adds right of them, one column apart.
    const recordedRange = names[LEDGER_HEADER_NAME] ? splitSheetRef(names[LEDGER_HEADER_NAME]) : null;
    const cols =
      guess === active.name
        ? Array.from({ length: Math.max(0, ...sheet.rows.map((r) => r.length)) }, (_, i) => i + 1).filter((c) => columnHasField(sheet, c))
        : Array.from({ length: parseRange(recordedRange!.range.replace(/\$/g, '')).col2 + 1 + OWNED_FIELDS.length }, (_, i) => i + 1);
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

  // 3. Everything the flag writes, all or nothing.
  const batch = new Batch(context);
  const taken = new Set(infos.map((i) => i.name.toLowerCase()));
  const writes = await writePlan(batch, plan, { names, taken });
  try {
    await batch.sync();
  } catch (error) {
    throw new ActionFailed(error, await undoPlan(context, plan, writes, ledgerGrid));
  }
  return { ...flagOutcome(plan), syncs: syncs + batch.syncs };
}

function columnHasField(sheet: SheetGrid, col: number): boolean {
  return sheet.rows.some((r) => typeof r[col - 1] === 'string' && fieldOf(r[col - 1] as string) !== null);
}

/** What a flag run adds to the workbook, so that a failed run can take it back. */
export interface FlagWrites {
  /** Sheets this run adds, by the names they have until the last step. */
  addedSheets: string[];
  /** Temporary name → final name, for the sheets that replace old ones as the last step. */
  renames: { from: string; to: string }[];
  /** Workbook names this run sets, with their formula before (null: the name is new). */
  names: { name: string; before: string | null }[];
  logRow: number | null;
}

/**
 * Carries out the plan; the caller syncs. Order matters in Excel, which binds references when they
 * are entered: the flag's sheets first, then its names, then what refers to them; the old
 * 逾期清单 and _工作日 give way to the new ones only at the very end.
 */
export async function writePlan(batch: Batch, plan: FlagPlan, existing: { names: Record<string, string>; taken: Set<string> }): Promise<FlagWrites> {
  const wb = batch.context.workbook;
  const taken = new Set(existing.taken);
  const writes: FlagWrites = { addedSheets: [], renames: [], names: [], logRow: null };
  /** A new sheet: under its own name if free, else beside the old one until the swap. */
  const addSheet = (name: string, replacesOld: boolean): { ws: WorksheetApi; name: string } => {
    const actual = replacesOld ? freeSheetName(name, taken) : name;
    taken.add(actual.toLowerCase());
    writes.addedSheets.push(actual);
    if (replacesOld) writes.renames.push({ from: actual, to: name });
    return { ws: wb.worksheets.add(actual), name: actual };
  };

  // 1. Sheets.
  await batch.reserve(200);
  const newLog = plan.newLogSheet ? addSheet(plan.sheets.log, false) : null;
  const overdue = addSheet(plan.sheets.overdue, plan.sheets.existing.overdue);
  const workdays = addSheet(plan.sheets.workdays, plan.sheets.existing.workdays);

  // 2. Names, pointing at the new workday sheet by the name it has now.
  for (const n of plan.workdayNames) {
    const ref = `=${n.ref.replace(sheetPrefix(plan.sheets.workdays), sheetPrefix(workdays.name))}`;
    const before = existing.names[n.name];
    writes.names.push({ name: n.name, before: before === undefined ? null : `=${before}` });
    if (before !== undefined) (wb.names.getItemOrNullObject(n.name) as NamedItemApi).formula = ref;
    else wb.names.add(n.name, ref);
  }

  // 3. Contents.
  if (newLog) await renderSheetInto(batch, newLog.ws, plan.newLogSheet!);
  await renderSheetInto(batch, overdue.ws, { ...plan.overdueSheet, name: overdue.name });
  await renderSheetInto(batch, workdays.ws, { ...plan.workdaySheet, name: workdays.name });

  const ledger = wb.worksheets.getItem(plan.ledger.sheet.name);
  const from = range(plan.headerStyleFrom.row, plan.headerStyleFrom.col, plan.headerStyleFrom.row, plan.headerStyleFrom.col);
  for (const column of Object.values(plan.owned)) {
    if (column.newHeader === null) continue;
    const header = ledger.getRange(range(plan.ledger.headerRow, column.col, plan.ledger.headerRow, column.col));
    header.copyFrom(from, 'Formats');
    header.formulas = [[column.newHeader]];
  }
  for (const w of plan.columnWidths) ledger.getRange(wholeColumn(w.col)).format.columnWidth = widthInPoints(w.width);
  if (plan.ledgerPrintArea) ledger.pageLayout.setPrintArea(plan.ledgerPrintArea);

  if (plan.values.length) {
    const first = plan.values[0].row;
    const last = plan.values[plan.values.length - 1].row;
    const byRow = new Map(plan.values.map((v) => [v.row, v]));
    const column = (pick: (v: FlagPlan['values'][number]) => number | null) =>
      Array.from({ length: last - first + 1 }, (_, i) => {
        const v = byRow.get(first + i);
        // null leaves a row that is not an item untouched; "" clears a value a previous run wrote.
        return [v === undefined ? null : (pick(v) ?? '')];
      });
    await writeGrid(
      batch,
      ledger,
      first,
      plan.owned.firstOverdue.col,
      column((v) => (v.firstOverdue ? toExcelSerial(v.firstOverdue) : null)),
      'formulas',
    );
    await writeGrid(
      batch,
      ledger,
      first,
      plan.owned.firstOverdue.col,
      Array.from({ length: last - first + 1 }, (_, i) => [byRow.get(first + i)?.firstOverdue ? DATE_FORMAT : null]),
      'numberFormat',
    );
    await writeGrid(
      batch,
      ledger,
      first,
      plan.owned.daysOverdue.col,
      column((v) => v.daysOverdue),
      'formulas',
    );
  }
  for (const f of plan.workdayFormulas) await fillDown(batch, ledger, f);

  if (plan.logRow) {
    const log = newLog?.ws ?? wb.worksheets.getItem(plan.sheets.log);
    const r = plan.logRow;
    writes.logRow = r.row;
    await writeGrid(batch, log, r.row, 1, [r.values.map(cellInput)], 'formulas');
    r.numFmts.forEach((fmt, i) => {
      if (fmt) log.getRange(range(r.row, i + 1, r.row, i + 1)).numberFormat = [[fmt]];
    });
  }

  // 4. The last step: the new sheets take the old ones' places.
  await batch.reserve(200);
  for (const { from: temp, to } of writes.renames) {
    wb.worksheets.getItem(to).delete();
    wb.worksheets.getItem(temp).name = to;
  }
  overdue.ws.activate();
  workdays.ws.visibility = 'Hidden';
  return writes;
}

/**
 * Takes back what a failed run wrote: the sheets it added (unless an old one is already gone, then
 * its replacement stays under the old name), the names as they were, the owned cells' values
 * as read and the log row. Returns whether that worked.
 */
async function undoPlan(context: ContextApi, plan: FlagPlan, writes: FlagWrites, ledgerGrid: SheetGrid): Promise<boolean> {
  try {
    const wb = context.workbook;
    const sheets = new Map<string, WorksheetApi>();
    for (const name of [...writes.addedSheets, ...writes.renames.map((r) => r.to)]) sheets.set(name, wb.worksheets.getItemOrNullObject(name).load('name'));
    const names = writes.names.map((n) => ({ ...n, item: wb.names.getItemOrNullObject(n.name) }));
    await context.sync();
    const exists = (name: string) => !sheets.get(name)!.isNullObject;
    for (const name of writes.addedSheets) {
      if (!exists(name)) continue;
      const swap = writes.renames.find((r) => r.from === name);
      if (swap && !exists(swap.to)) sheets.get(name)!.name = swap.to;
      else sheets.get(name)!.delete();
    }
    for (const n of names) {
      if (n.item.isNullObject) continue;
      if (n.before === null) n.item.delete();
      else n.item.formula = n.before;
    }
    const ledger = wb.worksheets.getItem(plan.ledger.sheet.name);
    if (plan.values.length) {
      const first = plan.values[0].row;
      const last = plan.values[plan.values.length - 1].row;
      for (const column of Object.values(plan.owned)) {
        const rows = Array.from({ length: last - first + 1 }, (_, i) => {
          if (column.newHeader !== null) return [''];
          if (column === plan.owned.workdaysLeft) return [null];
          const v = ledgerGrid.rows[first + i - 1]?.[column.col - 1];
          return [v === null || v === undefined ? '' : typeof v === 'object' ? null : cellInput(v)];
        });
        ledger.getRange(range(first, column.col, last, column.col)).formulas = rows;
      }
    }
    for (const column of Object.values(plan.owned)) {
      if (column.newHeader !== null) ledger.getRange(range(plan.ledger.headerRow, column.col, plan.ledger.headerRow, column.col)).formulas = [['']];
    }
    if (writes.logRow && !plan.newLogSheet) {
      wb.worksheets.getItem(plan.sheets.log).getRange(range(writes.logRow, 1, writes.logRow, 7)).formulas = [Array(7).fill('')];
    }
    await context.sync();
    return true;
  } catch {
    return false;
  }
}
