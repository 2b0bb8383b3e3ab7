/**
 * 分发与汇总 in the open workbook: the plans the file path carries out (core/distribute), read and
 * written through Office.js. Reading takes two round trips (three when the ledger is not on the
 * sheet in view) and writing one, whatever the number of units' files and rows (more only past
 * Excel on the web's 5 MB request limit). The units' files are read in the pane, never uploaded.
 */
import { range, splitSheetRef } from '../core/address';
import { toExcelSerial } from '../core/dates';
import {
  DISTRIBUTE_NAMES,
  dropdownEntries,
  grownTotal,
  dropdownRange,
  inlineEntries,
  isSplitProblem,
  type MergeOptions,
  type MergePlan,
  mergeSheetSpec,
  type MergeSource,
  type OwnSheet,
  planSplit,
  type SplitOptions,
  type SplitPlan,
  sheetNamedBy,
  startMerge,
  type UnitCopy,
  UNIT_FIELDS,
} from '../core/distribute';
import { asOfNameOf } from '../core/flag';
import { DATE_FORMAT, LEDGER_HEADER_NAME } from '../core/layout/context';
import { fieldOf, findLedger, type GridValue, type LedgerLocation } from '../core/ledger';
import type { ContextApi, NamedItemApi, RangeApi, WorksheetApi } from './api';
import { Batch, jsonBytes } from './batch';
import { cellInput } from './cell-input';
import { ActionFailed, HostError } from './errors';
import { type LedgerRead, readLedgerWorkbook } from './ledger-read';
import { wholeColumn } from './read';
import { renderSheetInto, widthInPoints, writeGrid } from './render';

/** The sheets a name of ours points to (汇总记录, the merge state): read whole. */
function namedSheets(names: Record<string, string>, keys: string[]): Set<string> {
  return new Set(keys.map((k) => sheetNamedBy(names, k)).filter((n): n is string => n !== null));
}

/** The open workbook's ledger, every column of it, and the sheets named by `keys` whole. */
function readForDistribute(context: ContextApi, keys: string[], activeOptions: { activeSheet?: string } = {}): Promise<LedgerRead<{ ledger: LedgerLocation }>> {
  return readLedgerWorkbook(context, {
    whole: (name, names) => namedSheets(names, keys).has(name),
    locate: (grid, activeSheet) => {
      const ledger = findLedger(grid, { ...activeOptions, activeSheet });
      return ledger ? { ledger } : null;
    },
    columns: (sheet, headerRow) => (sheet.rows[headerRow - 1] ?? []).flatMap((v, j) => (v !== null && v !== '' ? [j + 1] : [])),
    allColumns: true,
    // A ledger of ours is guessed from the name of its header: two reads even when another sheet is in view.
    recorded: { name: LEDGER_HEADER_NAME, extraColumns: 20 },
    // The ledger's print area grows over items a merge appends.
    printAreas: true,
  });
}

function refuseProtected(read: LedgerRead<unknown>, sheet: string, addsSheets: boolean): void {
  if (read.infos.find((i) => i.name === sheet)?.protected) throw new HostError({ kind: 'sheetProtected', sheet });
  if (addsSheets && read.workbookProtected) throw new HostError({ kind: 'workbookProtected' });
}

/** A name set to a formula: changed where the workbook has it, else added (after the sheets it names exist). */
function setName(context: ContextApi, names: Record<string, string>, name: string, formula: string): void {
  if (names[name] !== undefined) (context.workbook.names.getItemOrNullObject(name) as NamedItemApi).formula = `=${formula}`;
  else context.workbook.names.add(name, `=${formula}`);
}

/** Cells written by column, in runs of consecutive rows: one write per run, not per cell. */
async function writeCells(batch: Batch, ws: WorksheetApi, cells: { row: number; col: number; value: GridValue }[]): Promise<void> {
  const byCol = new Map<number, { row: number; value: GridValue }[]>();
  for (const c of cells) {
    if (!byCol.has(c.col)) byCol.set(c.col, []);
    byCol.get(c.col)!.push(c);
  }
  for (const [col, list] of byCol) {
    list.sort((a, b) => a.row - b.row);
    for (let i = 0; i < list.length;) {
      let j = i;
      while (j + 1 < list.length && list[j + 1].row === list[j].row + 1) j++;
      const run = list.slice(i, j + 1);
      // A cell cleared by the unit is written empty; a date as its serial, shown yyyy-mm-dd.
      const values = run.map((c) => [c.value === null ? '' : typeof c.value === 'object' ? toExcelSerial(c.value.date) : cellInput(c.value)]);
      await writeGrid(batch, ws, run[0].row, col, values, 'formulas');
      if (run.some((c) => c.value !== null && typeof c.value === 'object'))
        await writeGrid(
          batch,
          ws,
          run[0].row,
          col,
          run.map((c) => [c.value !== null && typeof c.value === 'object' ? DATE_FORMAT : null]),
          'numberFormat',
        );
      i = j + 1;
    }
  }
}

/** A sheet the action owns: a new one rendered whole, or an existing one written from `firstRow`. */
async function writeOwnSheet(batch: Batch, own: OwnSheet, kind: 'log' | 'state'): Promise<void> {
  const wb = batch.context.workbook;
  if (!own.exists) {
    const ws = wb.worksheets.add(own.name);
    if (kind === 'state') ws.visibility = 'Hidden';
    await renderSheetInto(batch, ws, mergeSheetSpec(own, kind));
    return;
  }
  const ws = wb.worksheets.getItem(own.name);
  for (const h of own.headerCells ?? []) await writeGrid(batch, ws, 1, h.col, [[cellInput(h.value)]], 'formulas');
  await writeGrid(
    batch,
    ws,
    own.firstRow,
    1,
    own.rows.map((r) => r.map((v) => cellInput(v))),
    'formulas',
  );
}

export interface MergeActionOutcome {
  ledgerSheet: string;
  messages: string[];
  counts: MergePlan['counts'];
  conflicts: MergePlan['conflicts'];
  changed: boolean;
  syncs: number;
}

/**
 * 汇总 into the open workbook's ledger. `sources` are the units' files as read in the pane; one is
 * taken at a time (its rows can go once merged).
 */
export async function mergeIntoWorkbook(context: ContextApi, sources: Iterable<MergeSource>, options: MergeOptions): Promise<MergeActionOutcome> {
  const read = await readForDistribute(context, [DISTRIBUTE_NAMES.mergeLog, DISTRIBUTE_NAMES.mergeState], options);
  const merger = startMerge(read.grid, { ...options, activeSheet: read.target.ledger.sheet.name });
  if ('kind' in merger) throw new HostError(merger);
  for (const source of sources) {
    const problem = merger.add(source);
    if (problem) throw new HostError(problem, 'file' in problem ? problem.file : undefined);
  }
  const plan = merger.finish();
  const outcome = { ledgerSheet: plan.ledger.sheet.name, messages: plan.messages, counts: plan.counts, conflicts: plan.conflicts, changed: plan.changed };
  if (!plan.changed) return { ...outcome, syncs: read.syncs };
  refuseProtected(read, plan.ledger.sheet.name, (plan.log !== null && !plan.log.exists) || (plan.state !== null && !plan.state.exists));
  // Items appended above a footer: its formulas (合计's SUM) read, to grow over them (one round trip more).
  const totals = await grownTotals(context, plan, read);

  const batch = new Batch(context);
  // The sheets first, then what names them (Excel binds a name's reference when it is set).
  if (plan.log) await writeOwnSheet(batch, plan.log, 'log');
  if (plan.state) await writeOwnSheet(batch, plan.state, 'state');
  const ledger = context.workbook.worksheets.getItem(plan.ledger.sheet.name);
  const from = range(plan.headerStyleFrom.row, plan.headerStyleFrom.col, plan.headerStyleFrom.row, plan.headerStyleFrom.col);
  for (const c of plan.newColumns) {
    await batch.reserve(jsonBytes(c.header));
    const header = ledger.getRange(range(plan.ledger.headerRow, c.col, plan.ledger.headerRow, c.col));
    header.copyFrom(from, 'Formats');
    header.formulas = [[cellInput(c.header)]];
    ledger.getRange(wholeColumn(c.col)).format.columnWidth = widthInPoints(28);
  }
  await writeCells(batch, ledger, plan.writes);
  for (const t of totals) ledger.getRange(range(t.row, t.col, t.row, t.col)).formulas = [[`=${t.formula}`]];
  if (plan.printArea) ledger.pageLayout.setPrintArea(plan.printArea);
  for (const n of plan.names) setName(context, read.names, n.name, n.formula);
  try {
    await batch.sync();
  } catch (error) {
    throw new ActionFailed(error, await undoMerge(context, plan, read, totals));
  }
  return { ...outcome, syncs: read.syncs + (plan.totals ? 1 : 0) + batch.syncs };
}

interface GrownTotal {
  row: number;
  col: number;
  formula: string;
  was: string;
}

/** The footer's formulas (rows `plan.totals.footer` down) that grow over the appended items. */
async function grownTotals(context: ContextApi, plan: MergePlan, read: LedgerRead<{ ledger: LedgerLocation }>): Promise<GrownTotal[]> {
  if (!plan.totals) return [];
  const { footer, items } = plan.totals;
  const last = Math.max(footer, read.ledgerGrid.rows.length);
  const width = Math.max(plan.ledger.lastColumn, ...read.ledgerGrid.rows.slice(footer - 1).map((r) => r?.length ?? 0));
  const cells = context.workbook.worksheets
    .getItem(plan.ledger.sheet.name)
    .getRange(range(footer, 1, last, width))
    .load('formulas');
  await context.sync();
  const out: GrownTotal[] = [];
  cells.formulas.forEach((row, i) =>
    row.forEach((f, j) => {
      const grown = typeof f === 'string' && f.startsWith('=') ? grownTotal(f.slice(1), items) : null;
      if (grown !== null) out.push({ row: footer + i, col: j + 1, formula: grown, was: f as string });
    }),
  );
  return out;
}

/** The names as they were: those the action added deleted, those it changed set back. */
function restoreNames(context: ContextApi, items: { name: string; item: NamedItemApi }[], names: Record<string, string>): void {
  for (const { name, item } of items) {
    if (item.isNullObject) continue;
    if (names[name] === undefined) item.delete();
    else item.formula = `=${names[name]}`;
  }
}

/** A cell as it was read, to be written back. */
function asRead(v: GridValue | undefined): GridValue {
  return v === undefined ? null : v;
}

/**
 * Takes back what a failed merge wrote: the sheets it added, the cells it changed (their values
 * as read), the rows it added to an existing log or state, the names. Returns whether that worked.
 */
async function undoMerge(context: ContextApi, plan: MergePlan, read: LedgerRead<{ ledger: LedgerLocation }>, totals: GrownTotal[]): Promise<boolean> {
  try {
    const wb = context.workbook;
    const added = [plan.log, plan.state].filter((o): o is OwnSheet => o !== null && !o.exists).map((o) => wb.worksheets.getItemOrNullObject(o.name));
    const items = plan.names.map((n) => ({ name: n.name, item: wb.names.getItemOrNullObject(n.name) }));
    await context.sync();
    for (const ws of added) if (!ws.isNullObject) ws.delete();
    restoreNames(context, items, read.names);
    const batch = new Batch(context);
    const ledger = wb.worksheets.getItem(plan.ledger.sheet.name);
    const rows = read.ledgerGrid.rows;
    await writeCells(batch, ledger, [
      ...plan.writes.map((w) => ({ row: w.row, col: w.col, value: asRead(rows[w.row - 1]?.[w.col - 1]) ?? '' })),
      ...plan.newColumns.map((c) => ({ row: plan.ledger.headerRow, col: c.col, value: '' })),
    ]);
    for (const t of totals) ledger.getRange(range(t.row, t.col, t.row, t.col)).formulas = [[t.was]];
    for (const own of [plan.log, plan.state]) {
      if (!own?.exists) continue;
      const was = read.grid.sheets.find((sh) => sh.name === own.name)?.rows ?? [];
      const width = Math.max(...own.rows.map((r) => r.length));
      const back = own.rows.map((_, i) => Array.from({ length: width }, (_, j) => cellInput(gridCell(was[own.firstRow - 1 + i]?.[j]))));
      await writeGrid(batch, wb.worksheets.getItem(own.name), own.firstRow, 1, back, 'formulas');
      for (const h of own.headerCells ?? []) await writeGrid(batch, wb.worksheets.getItem(own.name), 1, h.col, [['']], 'formulas');
    }
    await batch.sync();
    return true;
  } catch {
    return false;
  }
}

/** A value read back as something to write: a date as its serial, nothing as ''. */
function gridCell(v: GridValue | undefined): string | number | boolean {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? toExcelSerial(v.date) : v;
}

export interface SplitActionOutcome {
  ledgerSheet: string;
  messages: string[];
  /** The units' workbooks, to build (in the pane) and open in Excel. */
  copies: UnitCopy[];
  /** Whether the open workbook got item numbers. */
  numbered: boolean;
  syncs: number;
}

/**
 * The list dropdowns of the columns a unit fills, on the ledger's first item row: one round trip
 * for the rules, one more for the ranges they name (none when every list is inline).
 */
async function readDropdowns(
  context: ContextApi,
  read: LedgerRead<{ ledger: LedgerLocation }>,
  queued: boolean,
): Promise<{ dropdowns: Record<number, string[]>; syncs: number }> {
  const loc = read.target.ledger;
  const ws = context.workbook.worksheets.getItem(loc.sheet.name);
  const headers = read.ledgerGrid.rows[loc.headerRow - 1] ?? [];
  const cols = headers.flatMap((v, j) => {
    const field = typeof v === 'string' ? fieldOf(v) : null;
    return field && UNIT_FIELDS.includes(field) ? [j + 1] : [];
  });
  if (!cols.length) {
    if (queued) await context.sync();
    return { dropdowns: {}, syncs: queued ? 1 : 0 };
  }
  const rules = cols.map((col) => ({ col, v: ws.getRange(range(loc.headerRow + 1, col, loc.headerRow + 1, col)).dataValidation.load('rule') }));
  await context.sync();
  const dropdowns: Record<number, string[]> = {};
  const ranges: { col: number; r: RangeApi }[] = [];
  for (const { col, v } of rules) {
    const source = (v.rule as { list?: { source?: string } } | undefined)?.list?.source;
    if (!source) continue;
    if (!source.startsWith('=')) {
      dropdowns[col] = inlineEntries(source);
      continue;
    }
    const at = dropdownRange(source, read.names, loc.sheet.name);
    if (!at || !read.infos.some((i) => i.name === at.sheet)) continue;
    ranges.push({ col, r: context.workbook.worksheets.getItem(at.sheet).getRange(at.address).load('values') });
  }
  if (!ranges.length) return { dropdowns, syncs: 1 };
  await context.sync();
  for (const { col, r } of ranges) dropdowns[col] = dropdownEntries(r.values.flat().map((v) => (v === null || v === undefined ? '' : String(v))));
  return { dropdowns, syncs: 2 };
}

/**
 * The as-of cell's formula, loaded with the next round trip: values alone show =TODAY() as the day
 * it computes, and the copies would carry that day as a date typed by the office.
 */
function queueAsOfFormula(context: ContextApi, read: LedgerRead<{ ledger: LedgerLocation }>): (() => void) | null {
  const name = asOfNameOf(read.grid, read.target.ledger);
  const at = name && read.names[name] ? splitSheetRef(read.names[name]) : null;
  if (!at || !read.infos.some((i) => i.name === at.sheet) || !/^\$?[A-Z]+\$?\d+$/i.test(at.range)) return null;
  const address = at.range.replace(/\$/g, '');
  const cell = context.workbook.worksheets.getItem(at.sheet).getRange(address).load('formulas');
  return () => {
    const f = cell.formulas[0]?.[0];
    if (typeof f === 'string' && f.startsWith('=')) read.grid.formulas = { ...read.grid.formulas, [`${at.sheet}!${address}`]: f.slice(1) };
  };
}

export interface SplitHooks {
  /**
   * Called with the planned copies before anything is written (the pane builds their files here):
   * if it throws, the split stops with the workbook untouched.
   */
  prepare?(copies: UnitCopy[]): Promise<void>;
}

/** 分发 from the open workbook: its items numbered in place (one write), the units' copies planned. */
export async function splitWorkbook(context: ContextApi, options: SplitOptions, hooks: SplitHooks = {}): Promise<SplitActionOutcome> {
  const read = await readForDistribute(context, [], options);
  const asOfFormula = queueAsOfFormula(context, read);
  const lists = await readDropdowns(context, read, asOfFormula !== null);
  asOfFormula?.();
  read.syncs += lists.syncs;
  const plan: SplitPlan | ReturnType<typeof planSplit> = planSplit(read.grid, {
    dropdowns: lists.dropdowns,
    ...options,
    activeSheet: read.target.ledger.sheet.name,
  });
  if (isSplitProblem(plan)) throw new HostError(plan);
  if (plan.copies.length) await hooks.prepare?.(plan.copies);
  const outcome = { ledgerSheet: plan.ledger.sheet.name, messages: plan.messages, copies: plan.copies };
  if (!plan.ids.length && !plan.names.length) return { ...outcome, numbered: false, syncs: read.syncs };
  refuseProtected(read, plan.ledger.sheet.name, false);
  const batch = new Batch(context);
  const ledger = context.workbook.worksheets.getItem(plan.ledger.sheet.name);
  const col = plan.idColumn.col;
  if (plan.idColumn.header !== null) {
    const from = range(plan.headerStyleFrom.row, plan.headerStyleFrom.col, plan.headerStyleFrom.row, plan.headerStyleFrom.col);
    const header = ledger.getRange(range(plan.ledger.headerRow, col, plan.ledger.headerRow, col));
    header.copyFrom(from, 'Formats');
    header.formulas = [[cellInput(plan.idColumn.header)]];
    ledger.getRange(wholeColumn(col)).format.columnWidth = widthInPoints(10);
  }
  await writeCells(
    batch,
    ledger,
    plan.ids.map((i) => ({ row: i.row, col, value: i.id })),
  );
  for (const n of plan.names) setName(context, read.names, n.name, n.formula);
  try {
    await batch.sync();
  } catch (error) {
    throw new ActionFailed(error, await undoSplit(context, plan, read));
  }
  return { ...outcome, numbered: true, syncs: read.syncs + batch.syncs };
}

/** Takes back what a failed split wrote: the number cells as they were read, and the names. */
async function undoSplit(context: ContextApi, plan: SplitPlan, read: LedgerRead<{ ledger: LedgerLocation }>): Promise<boolean> {
  try {
    const items = plan.names.map((n) => ({ name: n.name, item: context.workbook.names.getItemOrNullObject(n.name) }));
    await context.sync();
    restoreNames(context, items, read.names);
    const batch = new Batch(context);
    const col = plan.idColumn.col;
    const was = (row: number) => gridCell(read.ledgerGrid.rows[row - 1]?.[col - 1]);
    await writeCells(batch, context.workbook.worksheets.getItem(plan.ledger.sheet.name), [
      ...(plan.idColumn.header !== null ? [{ row: plan.ledger.headerRow, col, value: '' }] : []),
      ...plan.ids.map((i) => ({ row: i.row, col, value: was(i.row) })),
    ]);
    await batch.sync();
    return true;
  } catch {
    return false;
  }
}
