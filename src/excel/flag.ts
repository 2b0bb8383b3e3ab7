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
import { freeSheetName, range, sheetPrefix } from '../core/address';
import { toExcelSerial } from '../core/dates';
import { DATE_FORMAT, LEDGER_HEADER_NAME } from '../core/layout/context';
import { type FlagOptions, type FlagPlan, flagOutcome, type FlagOutcome, isFlagProblem, locateFlagTarget, planFlag } from '../core/flag';
import { columnsToRead, OWNED_FIELDS, type SheetGrid } from '../core/ledger';
import { strings } from '../core/locale';
import type { ContextApi, NamedItemApi, WorksheetApi } from './api';
import { Batch } from './batch';
import { cellInput } from './cell-input';
import { ActionFailed, HostError } from './errors';
import { readLedgerWorkbook } from './ledger-read';
import { wholeColumn } from './read';
import { fillDown, renderSheetInto, widthInPoints, writeGrid } from './render';

export interface FlagActionOutcome extends FlagOutcome {
  syncs: number;
}

const LOG_NAMES = new Set((['zh-CN', 'zh-TW', 'en'] as const).map((l) => strings(l).flag.sheets.log));

export async function flagWorkbook(context: ContextApi, options: FlagOptions): Promise<FlagActionOutcome> {
  const { grid, target, ledgerGrid, infos, names, workbookProtected, syncs } = await readLedgerWorkbook(context, {
    whole: (name) => LOG_NAMES.has(name),
    locate: (g, activeSheet) => locateFlagTarget(g, { ...options, activeSheet }),
    columns: columnsToRead,
    // Our ledger's print area grows to the items typed below it, its other blocks kept.
    printAreas: true,
    // The recorded header's columns and the three the flag adds right of them, one column apart.
    recorded: { name: LEDGER_HEADER_NAME, extraColumns: 1 + OWNED_FIELDS.length },
  });

  const plan = planFlag(grid, { ...target, ledger: { ...target.ledger, sheet: ledgerGrid } }, options);
  if (isFlagProblem(plan)) throw new HostError(plan);
  const ledgerInfo = infos.find((i) => i.name === plan.ledger.sheet.name)!;
  if (ledgerInfo.protected) throw new HostError({ kind: 'sheetProtected', sheet: ledgerInfo.name });
  const logInfo = infos.find((i) => i.name === plan.sheets.log);
  if (logInfo?.protected) throw new HostError({ kind: 'sheetProtected', sheet: logInfo.name });
  if (workbookProtected) throw new HostError({ kind: 'workbookProtected' });

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
