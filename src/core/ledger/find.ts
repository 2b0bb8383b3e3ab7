/**
 * Where the ledger is: the header row the workbook records (a ledger made by campaign-ledger),
 * else the row, on any sheet, whose cells name a deadline and a problem or measure and an owner
 * or unit: wherever it stands, in any column order.
 */
import { parseRange, splitSheetRef } from '../address';
import { LEDGER_HEADER_NAME } from '../layout/settings';
import { gridText, type SheetGrid, type WorkbookGrid } from './grid';
import { fieldOf, type LedgerField } from './headers';

export interface LedgerLocation {
  sheet: SheetGrid;
  /** 1-based. */
  headerRow: number;
  /** field → 1-based column. */
  columns: Partial<Record<LedgerField, number>>;
  /** The last column with a header. */
  lastColumn: number;
  madeByUs: boolean;
}

const HEADER_SCAN_ROWS = 30;

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

function fromDefinedName(grid: WorkbookGrid): LedgerLocation | null {
  const ref = grid.names[LEDGER_HEADER_NAME];
  const split = ref ? splitSheetRef(ref) : null;
  const sheet = split && grid.sheets.find((s) => s.name === split.sheet);
  if (!sheet) return null;
  const headerRow = parseRange(split.range.replace(/\$/g, '')).row1;
  const found = headerColumns(sheet, headerRow);
  return isLedgerHeader(found.columns) ? { sheet, headerRow, ...found, madeByUs: true } : null;
}

export function findLedger(grid: WorkbookGrid): LedgerLocation | null {
  const ours = fromDefinedName(grid);
  if (ours) return ours;
  let best: (LedgerLocation & { score: number }) | null = null;
  for (const sheet of grid.sheets) {
    if (sheet.hidden) continue;
    for (let row = 1; row <= Math.min(sheet.rows.length, HEADER_SCAN_ROWS); row++) {
      const found = headerColumns(sheet, row);
      if (!isLedgerHeader(found.columns)) continue;
      const score = Object.keys(found.columns).length + (/台账|台帐|清单/.test(sheet.name) ? 2 : 0);
      if (!best || score > best.score) best = { sheet, headerRow: row, ...found, madeByUs: false, score };
    }
  }
  if (!best) return null;
  const { score: _score, ...location } = best;
  return location;
}
