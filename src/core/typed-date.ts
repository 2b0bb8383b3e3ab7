/**
 * One grammar of typed dates (design.md: "One grammar, many readers"). What a date cell of a ledger
 * may say — 2026.12.1, 2026/12/1, 2026-12-01, 2026年12月1日, 12月1日, 12月底, 11月中旬, 12月1日前,
 * 年底 … — is the table below, and both readers are made from it:
 *  - the workbook: two hidden helper columns per date column (formulas.ts): one rewrites the cell's
 *    text with the table (nested SUBSTITUTEs), the next turns that text into a day number;
 *  - the flag, merge and split (ledger/cell-date.ts): `readTypedDate`, the same rewrites in code.
 * So no two readers can take one text for two days. The meanings follow the plan reader's
 * (plan/date-expr.ts): 上旬 ends on the 10th, 中旬 on the 20th, 下旬 and 底/末 on the month's last
 * day, a bare month (12月) on its last day, 年底/年末 on 31 December; a 前/以前/之前 after a date is
 * the date itself. Dates without a year take the ledger's year.
 *
 * How a text reads, step by step:
 * 1. `|text|` is rewritten by every row of REWRITES in order, each replacing every occurrence (as
 *    SUBSTITUTE does). The bars mark the text's ends, so 前|, 月底| … match only at the end.
 * 2. The result is `Y-M-D` or `M-D` (D may be 底: the month's last day), or anything else.
 * 3. A text with no '-' after its fourth character (12-1, 9-底) gets the ledger's year in front.
 * 4. It is a date only when it is exactly how that date is written: a four-digit year 1990–2099,
 *    month and day without leading zeros (the rewrites drop them), a day the month has. The formula
 *    checks this by writing the day DATEVALUE found back the same way and comparing; so whatever
 *    DATEVALUE would also accept in one engine or another (times, month names, two-digit years)
 *    never reaches a status.
 * Anything else is not a date: 日期有误 in the workbook, a listed cell for the flag.
 */
import { type IsoDate, isValidYmd, toExcelSerial, toIso } from './dates';

/** The day part of a month's last day in a rewritten text (2026-12-底). */
export const MONTH_END = '底';

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/**
 * The grammar: rewrites applied in this order to `|text|`, each to every occurrence. Full-width
 * digits and punctuation become ASCII and spaces go; a 前 after a date goes; 年底 becomes 12月底;
 * a part of a month becomes its last day (10, 20 or 底); 年 月 / . become '-' and 日 号 go; leading
 * zeros go; the bars go.
 */
export const REWRITES: readonly (readonly [from: string, to: string])[] = [
  [' ', ''],
  ['\u3000', ''],
  ...[...FULL_WIDTH_DIGITS].map((d, i) => [d, String(i)] as const),
  ['．', '.'],
  ['／', '/'],
  ['－', '-'],
  // 12月1日前, 以前, 之前: the deadline is the day itself.
  ['以前|', '|'],
  ['之前|', '|'],
  ['前|', '|'],
  // 年底, 年末, 2026年底, 2026年年底: 31 December (of the ledger's year when none is written).
  ['年年', '年'],
  ['年末|', '年底|'],
  ['|年底|', `|12月${MONTH_END}|`],
  ['年底|', `年12月${MONTH_END}|`],
  // Parts of a month, as the plan reader ends them: 上旬/初 the 10th, 中旬/中 the 20th, 下旬/底/末 and a bare month the last day.
  ['月上旬|', '月10|'],
  ['月中旬|', '月20|'],
  ['月下旬|', `月${MONTH_END}|`],
  ['月初|', '月10|'],
  ['月中|', '月20|'],
  ['月末|', `月${MONTH_END}|`],
  ['月|', `月${MONTH_END}|`],
  ['年', '-'],
  ['月', '-'],
  ['/', '-'],
  ['.', '-'],
  ['日', ''],
  ['号', ''],
  ['|0', '|'],
  ['-0', '-'],
  ['|', ''],
];

/** Serials outside these are not dates (a phone number in a date column, say), whatever the cell holds. */
export const YEAR_MIN = 1990;
export const YEAR_MAX = 2099;
export const SERIAL_MIN = toExcelSerial(`${YEAR_MIN}-01-01`);
export const SERIAL_MAX = toExcelSerial(`${YEAR_MAX}-12-31`);

/** Step 1: the text as the rewrites leave it ('' for an empty cell or one of spaces). */
export function rewriteTypedDate(text: string): string {
  return REWRITES.reduce((t, [from, to]) => t.split(from).join(to), `|${text}|`);
}

/** Step 3: the ledger's year in front of a text that has none (as `FIND("-",t,4)` finds no '-'). */
function withYear(t: string, year: number | null): string | null {
  if (t.indexOf('-', 3) >= 0) return t;
  return year === null ? null : `${year}-${t}`;
}

/** How a day is written after step 3: a four-digit year, month and day without leading zeros (or 底). */
const CANONICAL = new RegExp(`^(\\d{4})-([1-9]\\d?)-([1-9]\\d?|${MONTH_END})$`);

/** Steps 2–4 on a rewritten text: the day it names, or null. */
export function dayOfRewritten(rewritten: string, year: number | null): IsoDate | null {
  const full = withYear(rewritten, year);
  const m = full === null ? null : CANONICAL.exec(full);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (y < YEAR_MIN || y > YEAR_MAX || mo > 12) return null;
  const d = m[3] === MONTH_END ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : Number(m[3]);
  return isValidYmd(y, mo, d) ? toIso(y, mo, d) : null;
}

/** A typed text's day, or null when the grammar does not read it as one (words included: see cell-date.ts). */
export function readTypedDate(text: string, year: number | null): IsoDate | null {
  return dayOfRewritten(rewriteTypedDate(text), year);
}

/** A text constant inside a formula. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The first helper column: the cell's text rewritten by the grammar (step 1). `ref` is the date
 * cell, relative (I3). A number reads as its digits here; the day column takes numbers as they are.
 */
export function rewrittenTextFormula(ref: string): string {
  return REWRITES.reduce((f, [from, to]) => `SUBSTITUTE(${f},${quoted(from)},${quoted(to)})`, `"|"&${ref}&"|"`);
}

export interface DayFormulaWords {
  /** Words that the column may hold instead of a date (长期 in a deadline, 已完成 in a completion), as the cell says them. */
  words: readonly string[];
  /** What such a word gives: "" (no deadline) or 0 (done, no date: before any deadline). */
  value: '""' | '0';
}

/**
 * The second helper column: the day number of a date cell. `ref` is the date cell, `text` the first
 * helper's cell, `year` the ledger's year (a number, or a name the user can retype). Gives the serial
 * of the day; "" for an empty cell; the words' value for a word; an error for anything else.
 */
export function dayNumberFormula(ref: string, text: string, year: number | string, w: DayFormulaWords): string {
  // Step 3: the year in front of 12-1; `full` is then the text the day must be written as.
  const full = `IF(ISERR(FIND("-",${text},4)),${typeof year === 'number' ? quoted(`${year}-`) : `${year}&"-"`},"")&${text}`;
  const end = `RIGHT(${text})=${quoted(MONTH_END)}`;
  const dv = `DATEVALUE(SUBSTITUTE(${full},${quoted(MONTH_END)},1))`;
  // Step 4: the day written back as the grammar writes it (the year held to 1990–2099) must be the text.
  const same = `MEDIAN(${YEAR_MIN},YEAR(${dv}),${YEAR_MAX})&"-"&MONTH(${dv})&"-"&IF(${end},${quoted(MONTH_END)},DAY(${dv}))=${full}`;
  const words = [...new Set(w.words.map(rewriteTypedDate))].filter((x) => x);
  return (
    `IF(ISNUMBER(${ref}),IF(AND(${ref}>=${SERIAL_MIN},${ref}<=${SERIAL_MAX}),${ref},NA()),` +
    `IF(${text}="","",IF(OR(${text}={${words.map(quoted).join(',')}}),${w.value},` +
    `IF(${same},IF(${end},EOMONTH(${dv},0),${dv}),NA()))))`
  );
}
