/**
 * Reading the open workbook into the core's WorkbookGrid, in few round trips and small
 * responses: the top rows of every sheet (enough to find a ledger's header and the flag's own
 * sheets), and of the ledger only the columns the flag reads.
 */
import { columnLetter, parseRange, splitSheetRef } from '../core/address';
import type { GridValue, SheetGrid } from '../core/ledger';
import type { RangeApi } from './api';

/** Values of a loaded range from an …OrNullObject call into a sheet grid (nothing for a null object). */
export function placeValues(sheet: SheetGrid, range: RangeApi): void {
  if (!range.isNullObject) placeRangeValues(sheet, range);
}

/** Values of a loaded range into a sheet grid, at the range's place on the sheet. */
export function placeRangeValues(sheet: SheetGrid, range: RangeApi): void {
  const split = splitSheetRef(range.address);
  const at = parseRange(split ? split.range : range.address);
  range.values.forEach((row, i) => {
    const r = at.row1 - 1 + i;
    while (sheet.rows.length <= r) sheet.rows.push([]);
    const target = sheet.rows[r];
    row.forEach((v, j) => {
      const c = at.col1 - 1 + j;
      while (target.length < c) target.push(null);
      target[c] = gridValue(v);
    });
  });
}

/** Office.js gives dates as serial numbers and empty cells as "". */
function gridValue(v: unknown): GridValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

export function wholeColumn(col: number): string {
  const letter = columnLetter(col);
  return `${letter}:${letter}`;
}
