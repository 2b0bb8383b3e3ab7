/**
 * The words of a ledger's cells, the same for the status formulas in the workbook (formulas.ts)
 * and for the flag, merge and split reading it (ledger/cell-date.ts): the words that mean "no
 * deadline" or "done", and those of a status text or a totals row. How a date is typed is the
 * grammar of typed-date.ts.
 */
export { SERIAL_MAX, SERIAL_MIN } from './typed-date';

/** Words that mean "no deadline" in a deadline cell. */
export const NO_DEADLINE_WORDS = ['长期', '长期坚持', '长期推进', '持续推进', '持续', '常态化', '立行立改', '無', '无', '/', '-', '—'];
/** Words that mean "done, date not written" in a completion or sign-off cell. */
export const DONE_WORDS = ['已完成', '完成', '已办结', '办结', '已整改', '整改', '已销号', '销号', '完毕', '是', '√', '✓'];
/** A ledger's own status text closes an item when it holds one of these and none of the open words (未完成 holds 完成). */
export const CLOSED_STATUS_WORDS = ['已完成', '已整改', '已销号', '已办结', '完成整改', '整改完毕', '已落实'];
export const OPEN_STATUS_WORDS = ['未完成', '未整改', '未销号', '未办结', '正在', '推进中', '进行中'];
/** A row whose label is one of these sums the rows above it: it is not an item and gets no status. */
export const TOTAL_ROW_WORDS = ['合计', '小计', '总计', '共计', '合計', '小計', '總計', '共計', 'total', 'subtotal', 'grandtotal'];

/** Is this label a totals row's (spaces inside ignored, any case)? */
export function isTotalLabel(text: string): boolean {
  return TOTAL_ROW_WORDS.includes(text.replace(/[\s\u3000]/g, '').toLowerCase());
}
