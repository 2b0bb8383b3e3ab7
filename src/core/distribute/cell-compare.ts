/**
 * How the merge compares two cells of a column: the master's, a unit's copy's, and the copy's base
 * (what the copy was given, kept as text in its record). One place, so that the typed dates it
 * reads switch to the core's one date table with it.
 */
import { fromExcelSerial } from '../dates';
import { gridText, type GridValue } from '../ledger/grid';
import { parseCellDate } from '../ledger/cell-date';

/** A cell as text: a date as YYYY-MM-DD (a serial too, in a column of dates), text trimmed, empty as ''. */
export function cellText(v: GridValue | undefined, date: boolean): string {
  // Serials before 1900-03-01 are not taken for dates (as the file reader does): 1 is no day at all.
  if (date && typeof v === 'number' && Number.isInteger(v) && v >= 61 && v < 2958466) return fromExcelSerial(v);
  return gridText(v);
}

/** The year of a cell that is a date, for reading a date typed without one on the other side. */
function yearOf(v: GridValue | undefined, date: boolean): number | null {
  const text = typeof v === 'string' ? v : cellText(v, date);
  const m = /^(\d{4})-\d\d-\d\d$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** The day a cell of a date column means (a real date, a serial, or a typed date such as 2026/12/1 or 12月底), or null. */
function dayOf(v: GridValue | undefined, year: number | null): string | null {
  const d = parseCellDate(v === undefined ? null : v, year, 'done');
  return d.kind === 'date' ? d.date : null;
}

/**
 * Whether two cells say the same: equal numbers, the same text (spaces around it aside), or in a
 * column of dates the same day however it is written (a date in one, 2026.12.1 typed in the other).
 * A base is given as its text.
 */
export function sameCell(a: GridValue | undefined, b: GridValue | undefined, date: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  const [ta, tb] = [cellText(a, date), cellText(b, date)];
  if (ta === tb) return true;
  if (!date || !ta || !tb) return false;
  const day = dayOf(a, yearOf(b, date));
  return day !== null && day === dayOf(b, yearOf(a, date));
}

/** Whether a cell is empty (nothing, or only spaces). */
export function isBlank(v: GridValue | undefined): boolean {
  return cellText(v, false) === '';
}
