/**
 * A ledger cell as a date: a real date, an Excel serial, or text such as 2024-3-15, 2024/03/15,
 * 2024年3月15日, 3月15日 (with the campaign's year) or 3月底. Anything else is an error for the
 * caller to report by row; nothing is guessed.
 */
import { DONE_WORDS, NO_DEADLINE_WORDS, normaliseDateText, SERIAL_MAX, SERIAL_MIN } from '../cell-words';
import { fromExcelSerial, type IsoDate, isValidYmd, toIso } from '../dates';
import { findDateExpressions, resolveRange } from '../plan/date-expr';
import type { GridValue } from './grid';

export type CellDate = { kind: 'empty' } | { kind: 'date'; date: IsoDate } | { kind: 'none' } | { kind: 'done' } | { kind: 'error'; text: string };

/**
 * `lenient` reads every date form the plan importer knows (3月底, 3月15日前 …), for ledgers made by
 * hand; `formula` reads exactly what our status formulas read (formulas.ts cellDate), so that the
 * flag and the workbook agree on a ledger that has them.
 */
export type DateRules = 'lenient' | 'formula';

export function parseCellDate(value: GridValue, year: number | null, purpose: 'deadline' | 'done', rules: DateRules = 'lenient'): CellDate {
  if (value === null || value === '') return { kind: 'empty' };
  if (typeof value === 'object') return { kind: 'date', date: value.date };
  if (typeof value === 'number') {
    return value >= SERIAL_MIN && value <= SERIAL_MAX ? { kind: 'date', date: fromExcelSerial(value) } : { kind: 'error', text: String(value) };
  }
  if (typeof value === 'boolean') return value && purpose === 'done' ? { kind: 'done' } : { kind: 'error', text: String(value) };
  const text = value.trim().replace(/\s+/g, '');
  if (!text) return { kind: 'empty' };
  // The formulas compare the trimmed text; a hand-made ledger's words may have spaces inside too.
  const word = rules === 'formula' ? value.trim() : text;
  if (purpose === 'deadline' && NO_DEADLINE_WORDS.includes(word)) return { kind: 'none' };
  if (purpose === 'done' && DONE_WORDS.includes(word)) return { kind: 'done' };
  if (rules === 'formula') {
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(normaliseDateText(value, year ?? new Date().getFullYear()));
    const [y, m, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [0, 0, 0];
    return iso && isValidYmd(y, m, d) ? { kind: 'date', date: toIso(y, m, d) } : { kind: 'error', text: value.trim() };
  }
  const numeric = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (numeric) {
    const [y, m, d] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
    return isValidYmd(y, m, d) ? { kind: 'date', date: toIso(y, m, d) } : { kind: 'error', text };
  }
  const exprs = findDateExpressions(text.replace(/(?:之)?前$/, ''));
  if (exprs.length === 1 && exprs[0].index === 0 && exprs[0].text.length >= text.replace(/(?:之)?前$/, '').length - 1) {
    const r = resolveRange(exprs[0], year);
    if (r.end && !r.problems.length) return { kind: 'date', date: r.end };
  }
  return { kind: 'error', text };
}
