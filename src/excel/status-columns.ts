/**
 * 添加状态列 on the open workbook: the plan the file path carries out (core/status-columns),
 * written through Office.js. Two round trips read (three when the ledger is not on the sheet in
 * view), one writes; a ledger whose columns are there and prepared far enough costs no write.
 *
 * The writes are all or nothing: the settings sheet first, then the names (Excel binds a name in
 * a formula when the formula is entered), then the headers, formulas and colours. If a write
 * fails, what this run added is taken back and the message says so.
 */
import { range } from '../core/address';
import { DATE_FORMAT } from '../core/layout/context';
import { columnsToRead } from '../core/ledger';
import { findLedger } from '../core/ledger/find';
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
import type { ContextApi, NamedItemApi, WorksheetApi } from './api';
import { Batch, jsonBytes } from './batch';
import { ActionFailed, HostError } from './errors';
import { readLedgerWorkbook } from './ledger-read';
import { wholeColumn } from './read';
import { applyConditionalFormats, charactersOf, fillDown, renderSheetInto, widthInPoints, writeGrid } from './render';

export interface StatusColumnsActionOutcome {
  kind: StatusColumnsPlan['kind'];
  ledgerSheet: string;
  messages: string[];
  syncs: number;
}

export async function addStatusColumnsWorkbook(context: ContextApi, options: StatusColumnsOptions = {}): Promise<StatusColumnsActionOutcome> {
  const read = await readLedgerWorkbook(context, {
    whole: () => false,
    locate: (grid, activeSheet) => {
      const ledger = findLedger(grid, { ...options, activeSheet });
      return ledger ? { ledger } : null;
    },
    columns: columnsToRead,
    printAreas: true,
    // Our own formulas from an earlier run fill the prepared rows: the print area ends above them.
    kept: (grid, ledger) => {
      const ours = statusColumnsOf(grid, ledger);
      return ours ? ourColumns(ours) : [];
    },
  });
  const planned = planStatusColumns(read.grid, { ...options, activeSheet: read.target.ledger.sheet.name });
  if (isStatusColumnsProblem(planned)) throw new HostError(planned);
  const plan = planned.scaleToWidth ? await withMeasuredScale(context, planned) : planned;
  const measured = planned.scaleToWidth ? 1 : 0;
  const outcome = { kind: plan.kind, ledgerSheet: plan.ledger.sheet.name, messages: plan.messages };
  if (plan.kind === 'unchanged' && !plan.printArea) return { ...outcome, syncs: read.syncs };
  if (read.infos.find((i) => i.name === plan.ledger.sheet.name)!.protected) throw new HostError({ kind: 'sheetProtected', sheet: plan.ledger.sheet.name });
  if (read.workbookProtected) throw new HostError({ kind: 'workbookProtected' });

  const batch = new Batch(context);
  await writePlan(batch, plan, read.names);
  try {
    await batch.sync();
  } catch (error) {
    throw new ActionFailed(error, await undoPlan(context, plan, read.names));
  }
  return { ...outcome, syncs: read.syncs + measured + batch.syncs };
}

/**
 * The percentage that prints the ledger's block one page wide, from its columns' widths (each
 * column's Range.width, ExcelApi 1.3, back in characters as Excel converts them) and the sheet's
 * orientation and side margins: one round trip, whatever the number of columns.
 */
async function withMeasuredScale(context: ContextApi, plan: StatusColumnsPlan): Promise<StatusColumnsPlan> {
  const ws = context.workbook.worksheets.getItem(plan.ledger.sheet.name);
  const m = plan.scaleToWidth!.measure;
  const columns = Array.from({ length: Math.max(m.col2 - m.col1 + 1, 0) }, (_, i) => ws.getRange(range(1, m.col1 + i, 1, m.col1 + i)).load('width'));
  const layout = ws.pageLayout.load('orientation,leftMargin,rightMargin');
  await context.sync();
  return withPrintScale(
    plan,
    columns.map((c) => charactersOf(c.width)),
    { orientation: layout.orientation === 'Landscape' ? 'landscape' : 'portrait', left: layout.leftMargin / 72, right: layout.rightMargin / 72 },
  );
}

/** Carries out the plan; the caller syncs. */
async function writePlan(batch: Batch, plan: StatusColumnsPlan, names: Record<string, string>): Promise<void> {
  const wb = batch.context.workbook;
  await batch.reserve(jsonBytes(plan.names) + 200);
  const settings = plan.settingsSheet ? wb.worksheets.add(plan.settingsSheet.name) : null;
  for (const n of plan.names) {
    if (names[n.name] !== undefined) (wb.names.getItemOrNullObject(n.name) as NamedItemApi).formula = `=${n.ref}`;
    else wb.names.add(n.name, `=${n.ref}`);
  }
  if (settings) await renderSheetInto(batch, settings, plan.settingsSheet!);

  const ledger = wb.worksheets.getItem(plan.ledger.sheet.name);
  const from = range(plan.headerStyleFrom.row, plan.headerStyleFrom.col, plan.headerStyleFrom.row, plan.headerStyleFrom.col);
  for (const column of [plan.status, plan.remaining, ...plan.helpers]) {
    if (column.header === null) continue;
    await batch.reserve(jsonBytes(column.header));
    const header = ledger.getRange(range(plan.ledger.headerRow, column.col, plan.ledger.headerRow, column.col));
    header.copyFrom(from, 'Formats');
    header.formulas = [[column.header]];
  }
  for (const w of plan.columnWidths) {
    const column = ledger.getRange(wholeColumn(w.col));
    column.format.columnWidth = widthInPoints(w.width);
    if (w.hidden) column.columnHidden = true;
  }
  const days = new Set(plan.helpers.filter((h) => h.kind === 'day').map((h) => h.col));
  for (const f of plan.formulas) {
    // The format first: AutoFill carries it down with the formula.
    const numberFormat = f.col === plan.remaining.col ? REMAINING_FORMAT : days.has(f.col) ? DATE_FORMAT : null;
    if (numberFormat) ledger.getRange(range(f.firstRow, f.col, f.firstRow, f.col)).numberFormat = [[numberFormat]];
    await fillDown(batch, ledger, f);
  }
  await batch.reserve(jsonBytes(plan.conditionalFormats) + 300 * plan.conditionalFormats.length);
  // The rules cover only the new cells; Excel puts them before the sheet's own.
  applyConditionalFormats(ledger, plan.conditionalFormats);
  if (plan.printArea) ledger.pageLayout.setPrintArea(plan.printArea);
  // A percentage, which every Excel applies (fit-to-pages set here is ignored by Excel for Windows
  // until its Page Layout tab has been shown, OfficeDev/office-js#1860).
  if (plan.printScale) ledger.pageLayout.zoom = { scale: plan.printScale };
}

/** Takes back what a failed run wrote. Returns whether that worked. */
async function undoPlan(context: ContextApi, plan: StatusColumnsPlan, names: Record<string, string>): Promise<boolean> {
  try {
    const wb = context.workbook;
    const settings: WorksheetApi | null = plan.settingsSheet ? wb.worksheets.getItemOrNullObject(plan.settingsSheet.name) : null;
    const items = plan.names.map((n) => ({ name: n.name, item: wb.names.getItemOrNullObject(n.name) }));
    await context.sync();
    if (settings && !settings.isNullObject) settings.delete();
    for (const { name, item } of items) {
      if (item.isNullObject) continue;
      if (names[name] === undefined) item.delete();
      else item.formula = `=${names[name]}`;
    }
    // The new cells were empty (the plan puts new columns where nothing stands).
    const first = plan.kind === 'add' ? plan.ledger.headerRow : plan.formulas[0]?.firstRow;
    const batch = new Batch(context);
    const ledger = wb.worksheets.getItem(plan.ledger.sheet.name);
    const blocks: [from: number, col: number, width: number][] = first === undefined ? [] : [[first, plan.status.col, 2]];
    if (plan.helpers.length)
      blocks.push([plan.helpers[0].header !== null ? plan.ledger.headerRow : (first ?? plan.lastRow + 1), plan.helpers[0].col, plan.helpers.length]);
    for (const [from, col, width] of blocks)
      if (from <= plan.lastRow)
        await writeGrid(
          batch,
          ledger,
          from,
          col,
          Array.from({ length: plan.lastRow - from + 1 }, () => Array.from({ length: width }, () => '')),
          'formulas',
        );
    await batch.sync();
    return true;
  } catch {
    return false;
  }
}
