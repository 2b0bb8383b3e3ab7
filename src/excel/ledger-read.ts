/**
 * Reading the open workbook for an action on its ledger (the flag, add-status), in few round trips
 * and small responses:
 *   1. the workbook (read-only, protection, date system), its sheets and names, and the top rows
 *      of the sheet in view;
 *   2. the top rows of every sheet, the sheets the action reads whole (the flag's log), and, when
 *      the ledger can be guessed already (on the sheet in view, or the one the workbook records),
 *      its columns;
 *   3. only when the guess was wrong: the ledger's columns.
 * A ledger too large for one response (Excel on the web's 5 MB) is read again in row chunks.
 */
import { parseRange, range, splitSheetRef } from '../core/address';
import { fieldOf, findLedger, type LedgerLocation, SCAN_ROWS, type SheetGrid, type WorkbookGrid } from '../core/ledger';
import type { ContextApi, RangeApi, RangeAreasApi, WorksheetApi } from './api';
import { DATE_PROBE, DATE_PROBE_1900, firstSync, HostError } from './errors';
import { placeRangeValues, placeValues, wholeColumn } from './read';

const TOP_ROWS = `1:${SCAN_ROWS}`;

export interface SheetInfo {
  name: string;
  hidden: boolean;
  protected: boolean;
}

export interface ReadOptions<T extends { ledger: LedgerLocation }> {
  /** Sheets read whole besides the ledger (by name). */
  whole: (name: string) => boolean;
  /** The ledger the action means, from the top rows of every sheet. */
  locate: (grid: WorkbookGrid, activeSheet: string) => T | null;
  /** The columns read of the ledger (by its header row). */
  columns: (ledger: SheetGrid, headerRow: number) => number[];
  /**
   * The columns to read of a guessed ledger before it is found: the recorded header's (by its name
   * in the workbook) plus this many to its right.
   */
  recorded?: { name: string; extraColumns: number };
  /** Read each sheet's print area too. */
  printAreas?: boolean;
}

export interface LedgerRead<T> {
  grid: WorkbookGrid;
  target: T;
  /** The ledger's sheet in the grid, its read columns filled in. */
  ledgerGrid: SheetGrid;
  infos: SheetInfo[];
  names: Record<string, string>;
  workbookProtected: boolean;
  /** Round trips so far (a refused one counts). */
  syncs: number;
}

/** The used cells of a sheet's top rows (a used range within a range: no method on a null object). */
function topRows(ws: WorksheetApi): RangeApi {
  return ws.getRange(TOP_ROWS).getUsedRangeOrNullObject(true).load('values,address');
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

function columnHasField(sheet: SheetGrid, col: number): boolean {
  return sheet.rows.some((r) => typeof r[col - 1] === 'string' && fieldOf(r[col - 1] as string) !== null);
}

export async function readLedgerWorkbook<T extends { ledger: LedgerLocation }>(context: ContextApi, o: ReadOptions<T>): Promise<LedgerRead<T>> {
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
  const recorded = o.recorded && names[o.recorded.name] ? splitSheetRef(names[o.recorded.name]) : null;
  const guess = inView ? active.name : recorded && grid.sheets.some((s) => s.name === recorded.sheet) ? recorded.sheet : null;

  // 2. The top rows of every sheet, the sheets read whole, and the guessed ledger's columns.
  const sheetOf = (name: string) => wb.worksheets.getItem(name);
  const queueTops = () => ({
    tops: infos.map((i) => topRows(sheetOf(i.name))),
    whole: infos.filter((i) => o.whole(i.name)).map((i) => ({ name: i.name, range: sheetOf(i.name).getUsedRangeOrNullObject(true).load('values,address') })),
    printAreas: o.printAreas ? infos.map((i) => sheetOf(i.name).pageLayout.getPrintAreaOrNullObject().load('address')) : ([] as RangeAreasApi[]),
  });
  let top = queueTops();
  let guessedRows: (() => SheetGrid['rows']) | null = null;
  let guessTooLarge = false;
  if (guess) {
    const sheet = gridOf(guess);
    // In view: the columns whose header names a field. Recorded: the recorded header's columns and those right of them.
    const cols =
      guess === active.name
        ? Array.from({ length: sheet.rows.reduce((m, r) => Math.max(m, r.length), 0) }, (_, i) => i + 1).filter((c) => columnHasField(sheet, c))
        : Array.from({ length: parseRange(recorded!.range.replace(/\$/g, '')).col2 + o.recorded!.extraColumns }, (_, i) => i + 1);
    guessedRows = queueColumns(sheetOf(guess), cols);
  }
  try {
    await sync();
  } catch (error) {
    if (!guess || !isPayloadError(error)) throw error;
    // The guessed ledger was too large for one response: the rest again, then the ledger in chunks.
    guessedRows = null;
    guessTooLarge = true;
    top = queueTops();
    await sync();
  }
  top.tops.forEach((r, i) => placeValues(grid.sheets[i], r));
  for (const l of top.whole) placeValues(gridOf(l.name), l.range);
  if (o.printAreas) {
    grid.printAreas = {};
    top.printAreas.forEach((a, i) => {
      if (!a.isNullObject) grid.printAreas![infos[i].name] = a.address;
    });
  }

  const target = o.locate(grid, active.name);
  if (!target) throw new HostError({ kind: 'noLedger' });
  const ledgerGrid = gridOf(target.ledger.sheet.name);
  const cols = o.columns(ledgerGrid, target.ledger.headerRow);
  const ledgerSheet = sheetOf(target.ledger.sheet.name);
  if (target.ledger.sheet.name === guess && guessedRows) {
    mergeRows(ledgerGrid, guessedRows());
  } else if (target.ledger.sheet.name === guess && guessTooLarge) {
    mergeRows(ledgerGrid, await readColumnsChunked(sync, ledgerSheet, cols));
  } else {
    // 3. The guess was wrong: the ledger's columns now.
    const place = queueColumns(ledgerSheet, cols);
    try {
      await sync();
      mergeRows(ledgerGrid, place());
    } catch (error) {
      if (!isPayloadError(error)) throw error;
      mergeRows(ledgerGrid, await readColumnsChunked(sync, ledgerSheet, cols));
    }
  }
  return { grid, target, ledgerGrid, infos, names, workbookProtected: wb.protection.protected, syncs };
}
