/**
 * Which year a plan's dates fall in: the --year option; else the plan's own time-span sentence
 * (从2011年2月开始, 自2010年4月开始至今年6月底); else another year in the text; else the date it
 * was signed. Never a guess: no year, no dates.
 */
import { MASK_CHAR, MASKED_YEAR, YEAR_DIGITS, yearNumber } from './numerals';
import type { PlanLine } from './text';

export type YearSource = 'option' | 'text' | 'signature';

export interface YearResult {
  year: number | null;
  source: YearSource | null;
  /** A year the text hides (*8年), reported when nothing else gave one. */
  masked: string | null;
}

const SANE = (y: number | null): y is number => y !== null && y >= 1949 && y <= 2100;
const SPAN = new RegExp(`(?:从|自|于)\\s*(${YEAR_DIGITS}|${MASKED_YEAR})年(?:度)?\\s*[0-9一二三四五六七八九十]{1,3}\\s*月`);
/** 2019年 (not 2003年以来, a year looked back to), 〔2019〕 / [2019] / 【2019】 numbers, 2011.11.11 dates. */
const MENTION = new RegExp(
  `(${YEAR_DIGITS})年(?!以来|来)|[〔\\[(【]\\s*([0-9]{4})\\s*[〕\\])】]|(?<!\\d)([0-9]{4})[.\\-/][0-9]{1,2}[.\\-/][0-9]{1,2}(?!\\d)`,
  'g',
);
const FULL_DATE = new RegExp(
  `(${YEAR_DIGITS})年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日|(?<!\\d)([0-9]{4})-[0-9]{1,2}-[0-9]{1,2}(?!\\d)`,
);

const MASKED_DATE = new RegExp(`(${MASKED_YEAR})年(?:度)?\\s*[0-9一二三四五六七八九十]{1,3}\\s*月`);
/** Just after a cited title: 《…》(, 》〔. */
const CITED = /》\s*[(（]?[^)）》]{0,12}$/;

/** A line that is a date and little else: the signature (落款) or a print date. */
function isDateLine(line: PlanLine): boolean {
  return line.simp.length <= 40 && FULL_DATE.test(line.simp);
}

export function detectYear(lines: PlanLine[], option: number | null): YearResult {
  if (option !== null) return { year: option, source: 'option', masked: null };
  let masked: string | null = null;
  for (const line of lines) {
    const m = SPAN.exec(line.simp);
    if (!m) continue;
    const y = MASK_CHAR.test(m[1]) ? null : yearNumber(m[1]);
    if (SANE(y)) return { year: y, source: 'text', masked: null };
    masked ??= `${m[1]}年`;
  }
  // Dates whose year is masked (**年4月, 20**年12月7日) hide the plan's year: a cited document's
  // year or the page's date is not it.
  masked ??= lines.map((l) => MASKED_DATE.exec(l.simp)?.[1]).find((m) => m !== undefined) ?? null;
  if (masked) return { year: null, source: null, masked: masked.endsWith('年') ? masked : `${masked}年` };
  let cited: number | null = null;
  for (const line of lines) {
    if (isDateLine(line)) continue;
    for (const m of line.simp.matchAll(MENTION)) {
      const y = yearNumber(m[1] ?? m[2] ?? m[3]);
      if (!SANE(y)) continue;
      // 《…》(全绿委字〔2002〕8号): the year of a document the plan cites, used only when no other.
      if (m[2] && CITED.test(line.simp.slice(Math.max(0, (m.index ?? 0) - 16), m.index))) cited ??= y;
      else return { year: y, source: 'text', masked: null };
    }
  }
  if (cited !== null) return { year: cited, source: 'text', masked: null };
  const tail = lines.slice(-25).reverse();
  for (const line of tail) {
    const m = isDateLine(line) ? FULL_DATE.exec(line.simp) : null;
    const y = m ? yearNumber(m[1] ?? m[2]) : null;
    if (SANE(y)) return { year: y, source: 'signature', masked: null };
  }
  if (!masked) {
    const m = new RegExp(`(${MASKED_YEAR})年`).exec(lines.map((l) => l.simp).join('\n'));
    if (m) masked = `${m[1]}年`;
  }
  return { year: null, source: null, masked };
}
