/**
 * Which year a plan's dates fall in: the --year option; else the plan's own time-span sentence
 * (从2011年2月开始, 决定于2020年开展); else the years its schedule writes; else its own document
 * number (〔2009〕) or signature (二〇一〇年四月十五日); else the first year its text writes. Years
 * cited in the background (2003年以来, a cited document's number) count only when nothing else
 * does; a year the text masks (20**年) is never guessed. Where the schedule and the document
 * disagree, the caller warns. Never a guess: no year, no dates.
 */
import { MASK_CHAR, MASKED_YEAR, YEAR_DIGITS, yearNumber } from './numerals';
import type { PlanLine } from './text';

export type YearSource = 'option' | 'text' | 'schedule' | 'number' | 'signature';

export interface YearResult {
  year: number | null;
  source: YearSource | null;
  /** A year the text hides (*8年), reported when nothing else gave one. */
  masked: string | null;
  /** The year the document itself gives (its number or signature), when it differs from the year chosen. */
  disagrees: { year: number; source: 'number' | 'signature' } | null;
}

const SANE = (y: number | null): y is number => y !== null && y >= 1949 && y <= 2100;
/** 从2011年2月开始, 自2010年4月起, and 决定于2020年开展 / 于2019年实施: the campaign's own year. */
const SPAN = new RegExp(
  `(?:从|自)\\s*(${YEAR_DIGITS}|${MASKED_YEAR})年(?:度)?\\s*[0-9一二三四五六七八九十]{1,3}\\s*月|(?:于|在)\\s*(${YEAR_DIGITS})年(?:度)?\\s*(?:全面|集中|组织)?(?:开展|实施|启动|举办)`,
);
/** 2019年 (not 2003年以来, a year looked back to), 〔2019〕 / [2019] / 【2019】 numbers, 2011.11.11 dates, 2024’文化艺术节. */
const MENTION = new RegExp(
  `(${YEAR_DIGITS})年(?!以来|来)|[〔\\[(【]\\s*([0-9]{4})\\s*[〕\\])】]|(?<!\\d)([0-9]{4})[.\\-/][0-9]{1,2}[.\\-/][0-9]{1,2}(?!\\d)|(?<![0-9])(20[0-9]{2})[’'](?=[\\p{Script=Han}])`,
  'gu',
);
/** The plan's own number: 〔2009〕2号, [2021]5号, 【2015】; a number after 《…》 is a cited document's. */
const NUMBER = /[〔[(【]\s*([0-9]{4})\s*[〕\])】]\s*[0-9]{1,4}\s*号/;
const FULL_DATE = new RegExp(
  `(${YEAR_DIGITS})年[0-9一二三四五六七八九十元]{1,3}月[0-9一二三四五六七八九十]{1,3}日|(?<!\\d)([0-9]{4})-[0-9]{1,2}-[0-9]{1,2}(?!\\d)`,
);

const MASKED_DATE = new RegExp(`(${MASKED_YEAR})年(?:度)?\\s*[0-9一二三四五六七八九十]{1,3}\\s*月`);
/** Just after a cited title: 《…》(, 》〔. */
const CITED = /》\s*[(（]?[^)）》]{0,12}$/;

/** A line that is a date and little else: the signature (落款) or a print date. */
function isDateLine(line: PlanLine): boolean {
  return line.simp.length <= 40 && FULL_DATE.test(line.simp);
}

/** The year of the plan's own number, near its top, not a cited document's. */
function numberYear(lines: PlanLine[]): number | null {
  for (const line of lines.slice(0, 30)) {
    const m = NUMBER.exec(line.simp);
    if (!m) continue;
    const before = line.simp.slice(Math.max(0, (m.index ?? 0) - 16), m.index);
    const y = yearNumber(m[1]);
    if (SANE(y) && !CITED.test(before) && !/《/.test(line.simp.slice(0, m.index))) return y;
  }
  return null;
}

/** The year of the signature: a date line near the end (二〇一四年元月二十三日 included). */
function signatureYear(lines: PlanLine[]): number | null {
  for (const line of lines.slice(-25).reverse()) {
    const m = isDateLine(line) ? FULL_DATE.exec(line.simp) : null;
    const y = m ? yearNumber(m[1] ?? m[2]) : null;
    if (SANE(y)) return y;
  }
  return null;
}

/**
 * `scheduleYear`: the first year the schedule's own dates write (in document order), found by the
 * caller from the drafts, or null.
 */
export function detectYear(lines: PlanLine[], option: number | null, scheduleYear: number | null = null): YearResult {
  const none = { disagrees: null };
  if (option !== null) return { year: option, source: 'option', masked: null, ...none };
  let masked: string | null = null;
  let span: number | null = null;
  for (const line of lines) {
    const m = SPAN.exec(line.simp);
    if (!m) continue;
    const written = m[1] ?? m[2];
    const y = MASK_CHAR.test(written) ? null : yearNumber(written);
    if (SANE(y)) {
      span = y;
      break;
    }
    masked ??= `${written}年`;
  }
  // Dates whose year is masked (**年4月, 20**年12月7日) hide the plan's year: a cited document's
  // year or the page's date is not it.
  if (span === null) masked ??= lines.map((l) => MASKED_DATE.exec(l.simp)?.[1]).find((m) => m !== undefined) ?? null;
  if (span === null && masked) return { year: null, source: null, masked: masked.endsWith('年') ? masked : `${masked}年`, ...none };
  const number = numberYear(lines);
  const signature = signatureYear(lines);
  const document =
    number !== null ? { year: number, source: 'number' as const } : signature !== null ? { year: signature, source: 'signature' as const } : null;
  const chosen = (year: number, source: YearSource): YearResult => ({
    year,
    source,
    masked: null,
    disagrees: document && document.year !== year && source !== 'number' && source !== 'signature' ? document : null,
  });
  if (span !== null) return chosen(span, 'text');
  if (SANE(scheduleYear)) return chosen(scheduleYear, 'schedule');
  if (document) return chosen(document.year, document.source);
  let cited: number | null = null;
  for (const line of lines) {
    if (isDateLine(line)) continue;
    for (const m of line.simp.matchAll(MENTION)) {
      const y = yearNumber(m[1] ?? m[2] ?? m[3] ?? m[4]);
      if (!SANE(y)) continue;
      // 《…》(全绿委字〔2002〕8号): the year of a document the plan cites, used only when no other.
      if (m[2] && CITED.test(line.simp.slice(Math.max(0, (m.index ?? 0) - 16), m.index))) cited ??= y;
      else return chosen(y, 'text');
    }
  }
  if (cited !== null) return chosen(cited, 'text');
  if (!masked) {
    const m = new RegExp(`(${MASKED_YEAR})年`).exec(lines.map((l) => l.simp).join('\n'));
    if (m) masked = `${m[1]}年`;
  }
  return { year: null, source: null, masked, ...none };
}
