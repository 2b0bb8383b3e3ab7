/** What the ledger reader sees of a workbook: values only, no library types. */
import { cell, parseRange, splitSheetRef } from '../address';
import type { IsoDate } from '../dates';

export type GridValue = string | number | boolean | null | { date: IsoDate };

export interface SheetGrid {
  name: string;
  hidden: boolean;
  /** rows[i][j] is the cell at sheet row i + 1, column j + 1. */
  rows: GridValue[][];
  /**
   * The last column holding a value from a ledger's header row down, where the reader knows it:
   * `rows` has only some columns of a long sheet, and new columns must not land on a note kept
   * right of the ledger.
   */
  lastValueCol?: number;
  /**
   * The last row holding a value, outside the columns an action keeps itself (add-status's
   * prepared formulas), where the reader knows it: what a print area must reach.
   */
  lastValueRow?: number;
  /** Whether the sheet prints scaled or fitted to pages by a setting of its own (unknown when absent). */
  printScaled?: boolean;
}

export interface WorkbookGrid {
  sheets: SheetGrid[];
  /** Defined names → references such as `'整改台账'!$A$2:$O$2`. */
  names: Record<string, string>;
  /**
   * Formulas (without '=') of the cells single-cell names point to, keyed `Sheet!A1`, where the
   * reader knows them. A file's cached results can be stale (=TODAY() keeps the day it was last
   * saved); Excel's values are live, so the Office.js reader needs none.
   */
  formulas?: Record<string, string>;
  /**
   * Formula cells without a computed value (a file written by a program and never opened in a
   * spreadsheet), by sheet, as A1 addresses: their value is unknown, not empty.
   */
  uncomputed?: Record<string, string[]>;
  /** The workbook counts dates from 1904 (its serials are 1,462 smaller); its values are read as dates already. */
  date1904?: boolean;
  /** Each sheet's own print area (its sheet-scoped _xlnm.Print_Area), where it has one. */
  printAreas?: Record<string, string>;
}

/** The cell a single-cell defined name points to: its value, and its formula where known. */
export function namedCell(grid: WorkbookGrid, name: string): { value: GridValue; formula?: string } | null {
  const split = grid.names[name] ? splitSheetRef(grid.names[name]) : null;
  const sheet = split && grid.sheets.find((s) => s.name === split.sheet);
  if (!split || !sheet || !/^\$?[A-Z]+\$?\d+$/i.test(split.range)) return null;
  const { row1: row, col1: col } = parseRange(split.range);
  return { value: sheet.rows[row - 1]?.[col - 1] ?? null, formula: grid.formulas?.[`${split.sheet}!${cell(row, col)}`] };
}

export function gridText(v: GridValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.date;
  return String(v).trim();
}
