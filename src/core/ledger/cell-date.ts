/**
 * A ledger cell as a date: a real date, an Excel serial, or text such as 2024-3-15, 2024/03/15,
 * 2024年3月15日, 3月15日 (with the campaign's year) or 3月底. Anything else is an error for the
 * caller to report by row; nothing is guessed.
 */
import { fromExcelSerial, type IsoDate, isValidYmd, toExcelSerial, toIso } from '../dates';
import { findDateExpressions, resolveRange } from '../plan/date-expr';
import type { GridValue } from './grid';

export type CellDate = { kind: 'empty' } | { kind: 'date'; date: IsoDate } | { kind: 'none' } | { kind: 'done' } | { kind: 'error'; text: string };

const SERIAL_MIN = toExcelSerial('1990-01-01');
const SERIAL_MAX = toExcelSerial('2099-12-31');
/** Words that mean "no deadline" in a deadline cell. */
const NO_DEADLINE = /^(长期|长期坚持|长期推进|持续推进|持续|常态化|立行立改|無|无|\/|-|—)$/;
/** Words that mean "done, date not written" in a completion cell. */
const DONE = /^(已?完成|已?办结|已?整改|已?销号|完毕|是|√|✓)$/;

export function parseCellDate(value: GridValue, year: number | null, purpose: 'deadline' | 'done'): CellDate {
  if (value === null || value === '') return { kind: 'empty' };
  if (typeof value === 'object') return { kind: 'date', date: value.date };
  if (typeof value === 'number') {
    return value >= SERIAL_MIN && value <= SERIAL_MAX ? { kind: 'date', date: fromExcelSerial(value) } : { kind: 'error', text: String(value) };
  }
  if (typeof value === 'boolean') return value && purpose === 'done' ? { kind: 'done' } : { kind: 'error', text: String(value) };
  const text = value.trim().replace(/\s+/g, '');
  if (!text) return { kind: 'empty' };
  if (purpose === 'deadline' && NO_DEADLINE.test(text)) return { kind: 'none' };
  if (purpose === 'done' && DONE.test(text)) return { kind: 'done' };
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
