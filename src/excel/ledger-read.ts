/**
 * Reading the open workbook for an action on its ledger (the flag, add-status), in few round trips
 * and small responses:
 *   1. the workbook (read-only, protection, date system), its sheets and names, and the top rows
 *      of the sheet in view;
 *   2. the top rows of every sheet, the sheets the action reads whole (the flag's log), and, when
 *      the ledger can be guessed already (on the sheet in view, or the one the workbook records),
 *      its columns;
 *   3. only when the guess was wrong: the ledger's columns.
 * Besides, the extent of what stands right of the ledger below its header (new columns go right of it).
 * A ledger too large for one response (Excel on the web's 5 MB) is read again in row chunks.
 */
import { columnLetter, parseRange, range, splitSheetRef } from '../core/address';
import { fieldOf, findLedger, type LedgerLocation, SCAN_ROWS, type SheetGrid, type WorkbookGrid } from '../core/ledger';
import type { ContextApi, RangeApi, RangeAreasApi, WorksheetApi } from './api';
import { checkDateSystem, DATE_PROBE, firstSync, HostError } from './errors';
import { placeRangeValues, placeValues, wholeColumn } from './read';

const TOP_ROWS = `1:${SCAN_ROWS}`;
const MAX_ROWS = 1048576;
const MAX_COLUMNS = 16384;

export interface SheetInfo {
  name: string;
  hidden: boolean;
  protected: boolean;
}

export interface ReadOptions<T extends { ledger: LedgerLocation }> {
  /** Sheets read whole besides the ledger (by name; the workbook's defined names at hand). */
  whole: (name: string, names: Record<string, string>) => boolean;
  /** The ledger the action means, from the top rows of every sheet. */
  locate: (grid: WorkbookGrid, activeSheet: string) => T | null;
  /** The columns read of the ledger (by its header row). */
  columns: (ledger: SheetGrid, headerRow: number) => number[];
  /**
   * The columns to read of a guessed ledger before it is found: the recorded header's (by its name
   * in the workbook) plus this many to its right.
   */
  recorded?: { name: string; extraColumns: number };
  /** Read every column of the ledger's rows with a header (split and merge carry them all), not only those naming a field. */
  allColumns?: boolean;
  /** Read each sheet's print area and scaling too. */
  printAreas?: boolean;
  /** Columns of the ledger whose values the action keeps itself: not counted in `lastValueRow`. */
  kept?: (grid: WorkbookGrid, ledger: LedgerLocation) => number[];
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

/** Where the ledger's header is, and the columns whose values an action keeps itself. */
interface ExtentAt {
  headerRow: number;
  afterCol: number;
  kept: number[];
}

/**
 * How far the sheet's values reach: right of column `afterCol` from below the header down (new
 * columns go right of that), and down outside the kept columns (what a print area must reach).
 */
interface Extent {
  right: RangeApi | null;
  rows: RangeApi[];
}

function queueExtent(ws: WorksheetApi, at: ExtentAt): Extent {
  const right =
    at.afterCol < MAX_COLUMNS && at.headerRow < MAX_ROWS
      ? ws
          .getRange(`${columnLetter(at.afterCol + 1)}${at.headerRow + 1}:${columnLetter(MAX_COLUMNS)}${MAX_ROWS}`)
          .getUsedRangeOrNullObject(true)
          .load('columnIndex,columnCount')
      : null;
  const rows: RangeApi[] = [];
  let from = 1;
  for (const col of [...at.kept].sort((a, b) => a - b).concat(MAX_COLUMNS + 1)) {
    if (col > from)
      rows.push(
        ws
          .getRange(`${columnLetter(from)}:${columnLetter(col - 1)}`)
          .getUsedRangeOrNullObject(true)
          .load('rowIndex,rowCount'),
      );
    from = col + 1;
  }
  return { right, rows };
}

function placeExtent(sheet: SheetGrid, extent: Extent): void {
  const r = extent.right;
  sheet.lastValueCol = !r || r.isNullObject ? 0 : r.columnIndex + r.columnCount;
  sheet.lastValueRow = extent.rows.reduce((m, u) => (u.isNullObject ? m : Math.max(m, u.rowIndex + u.rowCount)), 0);
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
async function readColumnsChunked(
  sync: () => Promise<void>,
  ws: WorksheetApi,
  cols: number[],
  extent: () => Extent | null,
): Promise<{ rows: SheetGrid['rows']; extent: Extent | null }> {
  const used = ws.getUsedRangeOrNullObject(true).load('rowCount,rowIndex');
  const beside = extent();
  await sync();
  if (used.isNullObject) return { rows: [], extent: beside };
  const sheet: SheetGrid = { name: '', hidden: false, rows: [] };
  const last = used.rowIndex + used.rowCount;
  for (let step = 2000, start = 1; start <= last; start += step) {
    const ranges = cols.map((c) => ws.getRange(range(start, c, Math.min(start + step - 1, last), c)).load('values,address'));
    await sync();
    for (const r of ranges) placeRangeValues(sheet, r);
  }
  return { rows: sheet.rows, extent: beside };
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
  const epoch = wb.functions.date(...DATE_PROBE).load('value,error');
  const active = wb.worksheets.getActiveWorksheet().load('name');
  const activeTop = topRows(active);
  syncs++;
  await firstSync(context);
  if (wb.readOnly) throw new HostError({ kind: 'readOnly' });
  checkDateSystem(epoch);
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

  // Where the guessed ledger's header is: its row, and the column after which new columns could go.
  const recordedAt = recorded ? parseRange(recorded.range.replace(/\$/g, '')) : null;
  const guessAt: ExtentAt | null = inView
    ? { headerRow: inView.headerRow, afterCol: inView.lastColumn, kept: o.kept?.(grid, inView) ?? [] }
    : recordedAt
      ? { headerRow: recordedAt.row1, afterCol: recordedAt.col2, kept: [] }
      : null;

  // 2. The top rows of every sheet, the sheets read whole, and the guessed ledger's columns.
  const sheetOf = (name: string) => wb.worksheets.getItem(name);
  const queueTops = () => ({
    tops: infos.map((i) => topRows(sheetOf(i.name))),
    whole: infos
      .filter((i) => o.whole(i.name, names))
      .map((i) => ({ name: i.name, range: sheetOf(i.name).getUsedRangeOrNullObject(true).load('values,address') })),
    printAreas: o.printAreas ? infos.map((i) => sheetOf(i.name).pageLayout.getPrintAreaOrNullObject().load('address')) : ([] as RangeAreasApi[]),
    zooms: o.printAreas ? infos.map((i) => sheetOf(i.name).pageLayout.load('zoom')) : [],
    extent: guess && guessAt ? queueExtent(sheetOf(guess), guessAt) : null,
  });
  let top = queueTops();
  let guessedRows: (() => SheetGrid['rows']) | null = null;
  let guessTooLarge = false;
  if (guess) {
    const sheet = gridOf(guess);
    // In view: the columns whose header names a field. Recorded: the recorded header's columns and those right of them.
    const cols =
      guess === active.name
        ? Array.from({ length: sheet.rows.reduce((m, r) => Math.max(m, r.length), 0) }, (_, i) => i + 1).filter((c) => o.allColumns || columnHasField(sheet, c))
        : Array.from({ length: recordedAt!.col2 + o.recorded!.extraColumns }, (_, i) => i + 1);
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
    top.zooms.forEach((layout, i) => {
      const z = layout.zoom;
      grid.sheets[i].printScaled = z.horizontalFitToPages != null || z.verticalFitToPages != null || (z.scale != null && z.scale !== 100);
    });
  }

  const target = o.locate(grid, active.name);
  if (!target) throw new HostError({ kind: 'noLedger' });
  const at = target.ledger;
  const ledgerGrid = gridOf(at.sheet.name);
  const cols = o.columns(ledgerGrid, at.headerRow);
  const ledgerSheet = sheetOf(at.sheet.name);
  // The guess's extent serves when it looked from the same header row, no further right, and kept the same columns.
  const ownAt: ExtentAt = { headerRow: at.headerRow, afterCol: at.lastColumn, kept: o.kept?.(grid, at) ?? [] };
  const guessServes =
    at.sheet.name === guess && guessAt!.headerRow === at.headerRow && guessAt!.afterCol <= at.lastColumn && guessAt!.kept.join() === ownAt.kept.join();
  let extent = guessServes ? top.extent : null;
  const queueOwnExtent = () => (guessServes ? null : queueExtent(ledgerSheet, ownAt));
  const readChunked = async () => {
    const read = await readColumnsChunked(sync, ledgerSheet, cols, queueOwnExtent);
    mergeRows(ledgerGrid, read.rows);
    extent = read.extent ?? extent;
  };
  if (at.sheet.name === guess && guessedRows) {
    mergeRows(ledgerGrid, guessedRows());
    if (!guessServes) {
      extent = queueOwnExtent();
      await sync();
    }
  } else if (at.sheet.name === guess && guessTooLarge) {
    await readChunked();
  } else {
    // 3. The guess was wrong: the ledger's columns now.
    const place = queueColumns(ledgerSheet, cols);
    const ownExtent = queueOwnExtent();
    try {
      await sync();
      mergeRows(ledgerGrid, place());
      extent = ownExtent;
    } catch (error) {
      if (!isPayloadError(error)) throw error;
      await readChunked();
    }
  }
  placeExtent(ledgerGrid, extent!);
  return { grid, target, ledgerGrid, infos, names, workbookProtected: wb.protection.protected, syncs };
}
