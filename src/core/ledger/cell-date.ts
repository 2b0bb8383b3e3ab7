/**
 * A ledger cell as a date, read with the one grammar of typed dates (typed-date.ts) that the
 * status formulas are built from: a real date, an Excel serial, or text such as 2026-12-01,
 * 2026.12.1, 2026年12月1日, 12月1日 (in the ledger's year), 12月底, 11月中旬, 12月1日前, 年底.
 * Anything else is an error for the caller to report by row; nothing is guessed.
 */
import { DONE_WORDS, NO_DEADLINE_WORDS } from '../cell-words';
import { fromExcelSerial, type IsoDate, toExcelSerial } from '../dates';
import { dayOfRewritten, rewriteTypedDate, SERIAL_MAX, SERIAL_MIN } from '../typed-date';
import type { GridValue } from './grid';

export type CellDate = { kind: 'empty' } | { kind: 'date'; date: IsoDate } | { kind: 'none' } | { kind: 'done' } | { kind: 'error'; text: string };

/**
 * Kept for callers that still say which ledger they read: a ledger made by hand and one with our
 * status formulas are read alike now (one grammar), whatever this says.
 */
export type DateRules = 'lenient' | 'formula';

/** A column's words, as the grammar rewrites them (the formulas compare the rewritten text too). */
const WORDS = {
  deadline: new Set(NO_DEADLINE_WORDS.map(rewriteTypedDate)),
  done: new Set(DONE_WORDS.map(rewriteTypedDate)),
};

function serialDate(serial: number, text: string): CellDate {
  return serial >= SERIAL_MIN && serial <= SERIAL_MAX ? { kind: 'date', date: fromExcelSerial(serial) } : { kind: 'error', text };
}

/**
 * `year` is the ledger's, for dates written without one; without it (null) such a date is an error.
 * `purpose`: a deadline cell may say there is none (长期坚持), a completion or sign-off cell that it is done (已完成).
 */
export function parseCellDate(value: GridValue, year: number | null, purpose: 'deadline' | 'done'): CellDate {
  if (value === null || value === '') return { kind: 'empty' };
  if (typeof value === 'object') return serialDate(toExcelSerial(value.date), value.date);
  if (typeof value === 'number') return serialDate(value, String(value));
  // TRUE is no date, nor a word (Excel's and LibreOffice's formulas read it differently: neither guesses).
  if (typeof value === 'boolean') return { kind: 'error', text: String(value) };
  const rewritten = rewriteTypedDate(value);
  if (!rewritten) return { kind: 'empty' };
  if (WORDS[purpose].has(rewritten)) return purpose === 'deadline' ? { kind: 'none' } : { kind: 'done' };
  const date = dayOfRewritten(rewritten, year);
  return date ? { kind: 'date', date } : { kind: 'error', text: value.trim() };
}
