/**
 * Date expressions of plans: 2月18日, 9月下旬, 11月中旬, 6月底, 3月初, a bare month (the whole
 * month), with or without a year (2008年, 二〇一〇年, masked *8年), and ranges joined by
 * 至 到 — – - ~ (a range may end with a day only, 7月8日-15日, or start with a month number
 * only, 4—5月). A range whose end month is before its start month crosses New Year.
 */
import { daysInMonth, type IsoDate, isValidYmd, toIso } from '../dates';
import { MASK_CHAR, MASKED_YEAR, SMALL_NUMBER, smallNumber, YEAR_DIGITS, yearNumber } from './numerals';

export type DayPart = 'early' | 'mid' | 'late' | 'start' | 'end';

export interface DatePoint {
  /** An explicit year; null when the text has none (or masks it). */
  year: number | null;
  masked: boolean;
  month: number;
  day: number | null;
  part: DayPart | null;
}

export interface DateExpression {
  start: DatePoint;
  end: DatePoint;
  /** Two points joined by 至 / — …; a single point (3月, 9月下旬, 5月8日) is not a range. */
  range: boolean;
  /** A range whose end is missing or unreadable (3月1日至, 5月1日—, 4月1日至今): only its start can be given. */
  incomplete?: boolean;
  /** The text stops inside the date (a page cut mid-parenthesis): not even its start is sure. */
  cut?: boolean;
  /** The matched text and where it stands in the searched string. */
  text: string;
  index: number;
}

const PARTS: Record<string, DayPart> = { 上旬: 'early', 中旬: 'mid', 下旬: 'late', 初: 'start', 中: 'mid', 底: 'end', 末: 'end' };
const PART = '(上旬|中旬|下旬|初|底|末|中(?!心|央|间|共|国|层|期|旬))';
const YEAR = `(?:(${YEAR_DIGITS}|${MASKED_YEAR})年(?:度)?)`;
const N = `(${SMALL_NUMBER})`;
export const RANGE_SEPARATOR = '\\s*(?:至|到|—+|–+|-+|~|─+|―+)\\s*';
/**
 * 3月11日起至…, a stray character a typist left before the dash (12月10日是—1月5日), two days
 * joined by 和 or 、 (2月22日和23日), and two days whose dash a web page dropped (5月2日7日).
 */
const RANGE_JOIN = `(?:(?:起|是)?${RANGE_SEPARATOR}|\\s*[和、]\\s*(?=[0-9]{1,2}[日号])|(?<=[日号])(?=[0-9]{1,2}[日号]))`;
/** 15日, 15号, a day without 日 before 以前 / 前 (9月15以前), and before a range's dash (10月11-31日, 10月1至15日). */
const DAY = `(?:${N}(?:日|号|(?=(?:以|之)?前)|(?=${RANGE_SEPARATOR}[0-9]{1,2}[日号月])))`;

/** year? month 月 (day | part)? */
const POINT = `${YEAR}?${N}月份?(?:${DAY}|${PART})?`;
/** Optional end: year? (month 月)? (day | part)? — at least one of them. */
const END = `(?:${YEAR}?(?:${N}月份?)?(?:${DAY}|${PART})?)`;

const POINT_OR_RANGE = new RegExp(`${POINT}(?:${RANGE_JOIN}${END})?`, 'g');
/** 4—5月, 2012年3-5月: the start month without 月. */
const MONTH_RANGE = new RegExp(`${YEAR}?${N}${RANGE_SEPARATOR}${YEAR}?${N}月份?(?:${DAY}|${PART})?`, 'g');
/** 2011.11.11, 2019-03-01, 2019/3/1, and ranges of them (2011.11.11——2011.11.15, 2011.11.22——12.9). */
const NUMERIC_DATE = '(\\d{4})([.\\-/])(\\d{1,2})\\2(\\d{1,2})(?!\\d)';
const NUMERIC_RANGE = new RegExp(`${NUMERIC_DATE}(?:${RANGE_SEPARATOR}(?:(\\d{4})[.\\-/])?(\\d{1,2})[.\\-/](\\d{1,2})(?!\\d))?`, 'g');

function year(text: string | undefined): { year: number | null; masked: boolean } {
  if (!text) return { year: null, masked: false };
  if (MASK_CHAR.test(text)) return { year: null, masked: true };
  return { year: yearNumber(text), masked: false };
}

function point(y: string | undefined, month: string | undefined, day: string | undefined, part: string | undefined): DatePoint | null {
  const m = month ? smallNumber(month) : null;
  const d = day ? smallNumber(day) : null;
  if (month && m === null) return null;
  return { ...year(y), month: m ?? 0, day: d, part: part ? PARTS[part] : null };
}

/** The start point's own text: the match up to its range join. */
const START_POINT = new RegExp(`^${POINT}`);

function fromPointOrRange(m: RegExpExecArray): DateExpression | null {
  const start = point(m[1], m[2], m[3], m[4]);
  if (!start || start.month < 1 || start.month > 12) return null;
  const hasEnd = m[6] !== undefined || m[7] !== undefined || m[8] !== undefined;
  let end = start;
  const text = m[0];
  if (hasEnd) {
    const e = point(m[5], m[6], m[7], m[8]);
    if (!e) return null;
    end = { ...e, month: m[6] ? e.month : start.month, year: e.year ?? (m[6] ? null : start.year) };
    // Days joined by 和 / 、 are a range only when they follow one another (22日和23日); days run
    // together (5月2日7日) only when the second is later. Otherwise the first day stands alone.
    const first = START_POINT.exec(text)?.[0] ?? text;
    const join = text.slice(first.length, text.length - (m[7] ?? '').length - 1).trim();
    const dayOnly = !m[5] && !m[6] && !m[8] && start.day !== null && end.day !== null;
    if (dayOnly && (join === '和' || join === '、') && end.day !== start.day! + 1) return { start, end: start, range: false, text: first, index: m.index };
    if (dayOnly && join === '' && end.day! <= start.day!) return { start, end: start, range: false, text: first, index: m.index };
  } else {
    // The separator may have been matched with nothing after it: drop it from the text.
    const cut = text.replace(new RegExp(`${RANGE_JOIN}$`), '');
    if (cut !== text) return { start, end, range: false, incomplete: true, text: m[0], index: m.index };
  }
  return { start, end, range: hasEnd, text, index: m.index };
}

function fromMonthRange(m: RegExpExecArray): DateExpression | null {
  const start = point(m[1], m[2], undefined, undefined);
  const end = point(m[3], m[4], m[5], m[6]);
  if (!start || !end || start.month < 1 || start.month > 12) return null;
  return { start: { ...start, year: start.year }, end, range: true, text: m[0], index: m.index };
}

function fromNumeric(m: RegExpExecArray): DateExpression | null {
  const start: DatePoint = { year: Number(m[1]), masked: false, month: Number(m[3]), day: Number(m[4]), part: null };
  // Not a year: a phone number or an amount that happens to have dots or dashes.
  if (start.month < 1 || start.month > 12 || start.year! < 1949 || start.year! > 2100) return null;
  const hasEnd = m[6] !== undefined;
  const end: DatePoint = hasEnd ? { year: m[5] ? Number(m[5]) : null, masked: false, month: Number(m[6]), day: Number(m[7]), part: null } : start;
  return { start, end, range: hasEnd, text: m[0], index: m.index };
}

/** 2020年年底, 2020年底, (今年)年底: the last day of a year. */
const YEAR_END = new RegExp(`(?:(${YEAR_DIGITS})年|(?<![0-9〇○零OoО一二三四五六七八九十]))年?底`, 'g');

function fromYearEnd(m: RegExpExecArray): DateExpression | null {
  if (!m[0].includes('年')) return null;
  const point: DatePoint = { year: m[1] ? yearNumber(m[1]) : null, masked: false, month: 12, day: null, part: 'end' };
  return { start: point, end: point, range: false, text: m[0], index: m.index };
}

/** 2008年第一季度, 一季度, 上半年 / 下半年: spans of months, read as a whole (so marked inferred). */
const SPAN_OF_MONTHS = new RegExp(`${YEAR}?(?:第?([一二三四1-4])季度|([上下])半年)`, 'g');
const QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

function fromSpanOfMonths(m: RegExpExecArray): DateExpression | null {
  const y = year(m[1]);
  const [first, last] = m[2] ? [(QUARTER[m[2]] - 1) * 3 + 1, QUARTER[m[2]] * 3] : m[3] === '上' ? [1, 6] : [7, 12];
  // 上半年 / 下半年 without a year is too vague to be a date (明年上半年, 每年下半年).
  if (!m[2] && !m[1]) return null;
  return {
    start: { ...y, month: first, day: null, part: null },
    end: { ...y, month: last, day: null, part: null },
    range: false,
    text: m[0],
    index: m.index,
  };
}

/** Texts read lately and their dates: the readers look at the same lines again and again. */
const recent = new Map<string, DateExpression[]>();
const RECENT_MAX = 2048;

/** Every date expression in the text, in order. */
export function findDateExpressions(text: string): DateExpression[] {
  // Every form has 月, a year's 底, 季度 / 半年, or a number like 2019.3.1: most text has none.
  const hasMonth = text.includes('月');
  const hasEnd = text.includes('底');
  const hasSpan = text.includes('季度') || text.includes('半年');
  const hasNumeric = /\d{4}[.\-/]\d/.test(text);
  if (!hasMonth && !hasEnd && !hasSpan && !hasNumeric) return [];
  const known = recent.get(text);
  if (known) return known;
  const found = readDateExpressions(text, hasMonth, hasEnd, hasSpan, hasNumeric);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(text, found);
  return found;
}

function readDateExpressions(text: string, hasMonth: boolean, hasEnd: boolean, hasSpan: boolean, hasNumeric: boolean): DateExpression[] {
  const found: DateExpression[] = [];
  const claimed: [number, number][] = [];
  // The patterns that go first: every match is kept and claims its text.
  const claim = (pattern: RegExp, read: (m: RegExpExecArray) => DateExpression | null) => {
    for (const m of text.matchAll(pattern)) {
      const e = read(m as RegExpExecArray);
      if (e) {
        found.push(e);
        claimed.push([e.index, e.index + e.text.length]);
      }
    }
  };
  if (hasNumeric) claim(NUMERIC_RANGE, fromNumeric);
  if (hasEnd) claim(YEAR_END, fromYearEnd);
  if (hasSpan) claim(SPAN_OF_MONTHS, fromSpanOfMonths);
  // Later patterns skip what earlier ones matched: the claimed ranges, sorted for a binary search.
  const isClaimed = (at: number): boolean => {
    let lo = 0;
    let hi = claimed.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (claimed[mid][1] <= at) lo = mid + 1;
      else if (claimed[mid][0] > at) hi = mid - 1;
      else return true;
    }
    return false;
  };
  if (!hasMonth) return found.sort((a, b) => a.index - b.index);
  claimed.sort((a, b) => a[0] - b[0]);
  const monthRanges: [number, number][] = [];
  for (const m of text.matchAll(MONTH_RANGE)) {
    const at = m.index ?? 0;
    if (isClaimed(at)) continue;
    const e = fromMonthRange(m as RegExpExecArray);
    if (e) {
      found.push(e);
      monthRanges.push([e.index, e.index + e.text.length]);
    }
  }
  claimed.push(...monthRanges);
  claimed.sort((a, b) => a[0] - b[0]);
  for (const m of text.matchAll(POINT_OR_RANGE)) {
    const at = m.index ?? 0;
    if (isClaimed(at)) continue;
    let e = fromPointOrRange(m as RegExpExecArray);
    // 6月16日——安全宣传咨询日: a dash before a name is not a range's (至 / 到 before one still is: 至验收结束).
    if (e?.incomplete && /[—–\-~─―]\s*$/.test(e.text) && /^\S/.test(text.slice(at + e.text.length))) {
      e = { ...e, text: e.text.replace(/\s*[—–\-~─―]+\s*$/, ''), incomplete: undefined };
    }
    if (e) found.push(e);
  }
  return found.sort((a, b) => a.index - b.index);
}

export function firstDateExpression(text: string): DateExpression | null {
  return findDateExpressions(text)[0] ?? null;
}

/** 上旬 1–10, 中旬 11–20, 下旬 21–end, 初 like 上旬, 中 like 中旬; 底/末 is the last day itself. */
function firstDay(p: DatePoint, y: number): number {
  if (p.day !== null) return p.day;
  switch (p.part) {
    case 'mid':
      return 11;
    case 'late':
      return 21;
    case 'end':
      return daysInMonth(y, p.month);
    default:
      return 1;
  }
}

function lastDay(p: DatePoint, y: number): number {
  if (p.day !== null) return p.day;
  switch (p.part) {
    case 'early':
    case 'start':
      return 10;
    case 'mid':
      return 20;
    default:
      return daysInMonth(y, p.month);
  }
}

export type RangeProblem = { kind: 'invalidDate'; text: string } | { kind: 'endBeforeStart'; text: string };

export type InferredDate = 'start' | 'end';

export interface ResolvedRange {
  start: IsoDate | null;
  end: IsoDate | null;
  /** Dates the text does not state: a whole month or 旬 given as one point, a year it does not write. */
  inferred: InferredDate[];
  /** The year the start fell in, for following phases. */
  startYear: number | null;
  /** The start's year is not written and is not the plan's: carried over New Year. */
  startYearCarried: boolean;
  problems: RangeProblem[];
}

function iso(y: number, m: number, d: number): IsoDate | null {
  return isValidYmd(y, m, d) ? toIso(y, m, d) : null;
}

/**
 * Turns an expression into ISO dates, with `baseYear` for the parts that carry none. An end
 * month before the start month puts the end in the next year (12月下旬至2月下旬). Impossible
 * dates (2月30日) and ranges that end before they start give no date and a problem instead.
 */
export function resolveRange(expr: DateExpression, baseYear: number | null, planYear: number | null = baseYear): ResolvedRange {
  const startYear = expr.start.year ?? baseYear;
  if (startYear === null) return { start: null, end: null, inferred: [], startYear: null, startYearCarried: false, problems: [] };
  const endYear = expr.end.year ?? (expr.end.month < expr.start.month ? startYear + 1 : startYear);
  const inferred = new Set<InferredDate>();
  // One point that is a span (3月, 9月下旬): its first and last days are a reading, not the text.
  if (!expr.range && expr.start.day === null && expr.start.part !== 'end') {
    inferred.add('start');
    inferred.add('end');
  }
  // A year the text does not write, other than the plan's own (or the range's own start year):
  // carried over New Year.
  const startCarried = expr.start.year === null && startYear !== planYear;
  if (startCarried) inferred.add('start');
  if (expr.end.year === null && (endYear !== startYear || startCarried)) inferred.add('end');
  const problems: RangeProblem[] = [];
  let start = iso(startYear, expr.start.month, firstDay(expr.start, startYear));
  let end = expr.end.month >= 1 && expr.end.month <= 12 ? iso(endYear, expr.end.month, lastDay(expr.end, endYear)) : null;
  if (!start || !end) {
    problems.push({ kind: 'invalidDate', text: expr.text });
    if (!start) end = null;
  }
  if (start && end && end < start) {
    problems.push({ kind: 'endBeforeStart', text: expr.text });
    end = null;
  }
  if (!start) start = null;
  const marks = (['start', 'end'] as const).filter((k) => inferred.has(k) && (k === 'start' ? start : end));
  return { start, end, inferred: marks, startYear, startYearCarried: startCarried, problems };
}
