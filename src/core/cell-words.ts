/**
 * How a ledger cell reads as a date, the same for the status formulas in the workbook
 * (formulas.ts) and for the flag reading a workbook whose ledger has them (ledger/cell-date.ts):
 * the words that mean "no deadline" or "done", and the span of serials that count as dates.
 */
import { toExcelSerial } from './dates';

/** Words that mean "no deadline" in a deadline cell. */
export const NO_DEADLINE_WORDS = ['长期', '长期坚持', '长期推进', '持续推进', '持续', '常态化', '立行立改', '無', '无', '/', '-', '—'];
/** Words that mean "done, date not written" in a completion or sign-off cell. */
export const DONE_WORDS = ['已完成', '完成', '已办结', '办结', '已整改', '整改', '已销号', '销号', '完毕', '是', '√', '✓'];
/** Serials outside these are not dates (a phone number in a date column, say). */
export const SERIAL_MIN = toExcelSerial('1990-01-01');
export const SERIAL_MAX = toExcelSerial('2099-12-31');

/**
 * Text as the status formulas normalise it before DATEVALUE: 年 and 月 become '-', 日 goes, '/'
 * and '.' become '-'; with a single '-' (3月15日, 3/15) the campaign's year goes in front.
 */
export function normaliseDateText(text: string, year: number): string {
  const t = text
    .trim()
    .replace(/[年月]/g, '-')
    .replace(/日/g, '')
    .replace(/[/.]/g, '-');
  return (t.match(/-/g) ?? []).length === 1 ? `${year}-${t}` : t;
}
