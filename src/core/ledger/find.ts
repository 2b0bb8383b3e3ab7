/**
 * Where the ledger is: the header row the workbook records (a ledger made by campaign-ledger),
 * else the row, on any sheet, whose cells name a deadline and a problem or measure and an owner
 * or unit: wherever it stands, in any column order.
 */
import { parseRange, splitSheetRef } from '../address';
import { LEDGER_HEADER_NAME, SETTINGS_NAME } from '../layout/context';
import { gridText, type SheetGrid, type WorkbookGrid } from './grid';
import { fieldOf, LEDGER_FIELDS_READ, type LedgerField } from './headers';

export interface LedgerLocation {
  sheet: SheetGrid;
  /** 1-based. */
  headerRow: number;
  /** field → 1-based column. */
  columns: Partial<Record<LedgerField, number>>;
  /** The last column with a header. */
  lastColumn: number;
  madeByUs: boolean;
  /** For a ledger made by campaign-ledger: the defined name of its settings range. */
  settingsName?: string;
}

export interface FindOptions {
  /**
   * The sheet the user is on: when it holds a ledger, that ledger is the one meant, even when
   * the workbook holds several campaigns.
   */
  activeSheet?: string;
}

/** Rows of the top of each sheet searched for a ledger's header (and read of every sheet in Excel). */
export const SCAN_ROWS = 30;

function headerColumns(sheet: SheetGrid, row: number): { columns: Partial<Record<LedgerField, number>>; lastColumn: number } {
  const columns: Partial<Record<LedgerField, number>> = {};
  let lastColumn = 0;
  (sheet.rows[row - 1] ?? []).forEach((v, j) => {
    const text = gridText(v);
    if (!text) return;
    lastColumn = j + 1;
    const field = fieldOf(text);
    if (field && columns[field] === undefined) columns[field] = j + 1;
  });
  return { columns, lastColumn };
}

function isLedgerHeader(c: Partial<Record<LedgerField, number>>): boolean {
  return c.deadline !== undefined && (c.problem !== undefined || c.measure !== undefined) && (c.owner !== undefined || c.unit !== undefined);
}

/** Ledgers the workbook records by name (CampaignLedgerHeader, CampaignLedgerHeader2, ...). */
function fromDefinedNames(grid: WorkbookGrid): LedgerLocation[] {
  const found: LedgerLocation[] = [];
  const pattern = new RegExp(`^${LEDGER_HEADER_NAME}(\\d*)$`);
  const names = Object.keys(grid.names)
    .filter((n) => pattern.test(n))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  for (const name of names) {
    const split = splitSheetRef(grid.names[name]);
    const sheet = split && grid.sheets.find((s) => s.name === split.sheet);
    if (!split || !sheet) continue;
    const headerRow = parseRange(split.range.replace(/\$/g, '')).row1;
    const columns = headerColumns(sheet, headerRow);
    const suffix = pattern.exec(name)![1];
    if (isLedgerHeader(columns.columns)) found.push({ sheet, headerRow, ...columns, madeByUs: true, settingsName: SETTINGS_NAME + suffix });
  }
  return found;
}

export function findLedger(grid: WorkbookGrid, options: FindOptions = {}): LedgerLocation | null {
  const ours = fromDefinedNames(grid);
  const onActive = ours.find((l) => l.sheet.name === options.activeSheet);
  if (onActive) return onActive;
  let best: (LedgerLocation & { score: number }) | null = null;
  for (const sheet of grid.sheets) {
    if (sheet.hidden) continue;
    for (let row = 1; row <= Math.min(sheet.rows.length, SCAN_ROWS); row++) {
      const found = headerColumns(sheet, row);
      if (!isLedgerHeader(found.columns)) continue;
      const score = Object.keys(found.columns).length + (/台账|台帐|清单/.test(sheet.name) ? 2 : 0);
      if (!best || score > best.score) best = { sheet, headerRow: row, ...found, madeByUs: false, score };
    }
  }
  if (best && best.sheet.name === options.activeSheet) {
    const { score: _score, ...location } = best;
    return location;
  }
  if (ours.length) return ours[0];
  if (!best) return null;
  const { score: _score, ...location } = best;
  return location;
}

/**
 * The first column free for new columns right of a ledger, one empty column apart: right of its
 * header and of any value kept beside it below the header (notes, a side table).
 */
export function freeColumnRightOf(loc: LedgerLocation): number {
  let last = Math.max(loc.lastColumn, loc.sheet.lastValueCol ?? 0);
  for (let r = loc.headerRow; r < loc.sheet.rows.length; r++) {
    const row = loc.sheet.rows[r];
    if (!row) continue;
    for (let j = row.length - 1; j >= last; j--) {
      const v = row[j];
      if (v !== null && v !== undefined && v !== '') {
        last = j + 1;
        break;
      }
    }
  }
  return last + 2;
}

/** The columns of a header row that the flag reads (every recognised ledger field it uses). */
export function columnsToRead(sheet: SheetGrid, headerRow: number): number[] {
  const cols: number[] = [];
  (sheet.rows[headerRow - 1] ?? []).forEach((v, j) => {
    const field = typeof v === 'string' ? fieldOf(v) : null;
    if (field && LEDGER_FIELDS_READ.includes(field)) cols.push(j + 1);
  });
  return cols;
}
