/**
 * The hidden helper columns beside a ledger that keep its status formulas short enough to read
 * (design.md: "helper columns over giant nested formulas"). For each date column the ledger has
 * (整改时限, 完成日期, 销号日期), two columns, filled down the same rows as the status:
 *  - 读作: the cell's text as the date grammar rewrites it (2026-12-底 for 2026年12月底前);
 *  - 日期: its day number (a serial), "" when empty, a no-deadline word's "" or a done word's 0,
 *    an error when the cell is not a date (typed-date.ts).
 * The status and remaining-days formulas then read one day number per date column. The helpers are
 * row-relative like the status, so a row keeps its own when the ledger is sorted; in our template
 * they stand inside the ledger table, so inserted table rows get them too.
 *
 * They are ours: hidden, never printed, and every reader (flag, split, merge) knows them by their
 * header, which starts with the locale's helper word (辅助·, 輔助·, Helper·) in every language.
 */
import { columnLetter } from './address';
import { DONE_WORDS, NO_DEADLINE_WORDS } from './cell-words';
import { format, type Lang, LANGS, strings } from './locale';
import { dayNumberFormula, rewrittenTextFormula } from './typed-date';

export const DATE_FIELDS = ['deadline', 'completed', 'signedOff'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/** Width of a helper column, should a user unhide it (wide enough for 2026-12-底). */
export const HELPER_WIDTH = 12;

export interface HelperColumn {
  field: DateField;
  kind: 'text' | 'day';
  col: number;
  header: string;
  /** The formula of the first row, its references relative (filled down). */
  formula: string;
}

/** A ledger's date columns: where each stands, and its header (named in the helpers' headers). */
export type DateColumns = Partial<Record<DateField, { col: number; header: string }>>;

/**
 * The helper columns of the date columns a ledger has, side by side from `firstCol` on, their
 * formulas written for `row`. `year` is the ledger's year for dates written without one: a number,
 * or a name the user can retype.
 */
export function dateHelperColumns(dates: DateColumns, firstCol: number, row: number, year: number | string, lang: Lang): HelperColumn[] {
  const h = strings(lang).ledger.helper;
  const out: HelperColumn[] = [];
  let col = firstCol;
  for (const field of DATE_FIELDS) {
    const d = dates[field];
    if (!d) continue;
    const ref = `${columnLetter(d.col)}${row}`;
    const text = `${columnLetter(col)}${row}`;
    const words = field === 'deadline' ? { words: NO_DEADLINE_WORDS, value: '""' as const } : { words: DONE_WORDS, value: '0' as const };
    out.push({ field, kind: 'text', col, header: format(h.text, { header: d.header }), formula: rewrittenTextFormula(ref) });
    out.push({ field, kind: 'day', col: col + 1, header: format(h.day, { header: d.header }), formula: dayNumberFormula(ref, text, year, words) });
    col += 2;
  }
  return out;
}

/** The day-number column of each date field, as letters (what the status formulas read). */
export function dayColumns(helpers: readonly HelperColumn[]): Partial<Record<DateField, string>> {
  return Object.fromEntries(helpers.filter((c) => c.kind === 'day').map((c) => [c.field, columnLetter(c.col)]));
}

/** The words every language's helper headers start with (辅助·, 輔助·, Helper·). */
const HELPER_PREFIXES = [...new Set(LANGS.flatMap((l) => Object.values(strings(l).ledger.helper).map((t) => t.slice(0, t.indexOf('{header}')))))];

/** Is this a header of one of our helper columns? */
export function isHelperHeader(text: string): boolean {
  const t = text.trim();
  return HELPER_PREFIXES.some((p) => t.startsWith(p));
}
