/** What the ledger reader sees of a workbook: values only, no library types. */
import type { IsoDate } from '../dates';

export type GridValue = string | number | boolean | null | { date: IsoDate };

export interface SheetGrid {
  name: string;
  hidden: boolean;
  /** rows[i][j] is the cell at sheet row i + 1, column j + 1. */
  rows: GridValue[][];
}

export interface WorkbookGrid {
  sheets: SheetGrid[];
  /** Defined names → references such as `'整改台账'!$A$2:$O$2`. */
  names: Record<string, string>;
}

export function gridText(v: GridValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.date;
  return String(v).trim();
}
