/**
 * A schedule read from dated items, whatever the headings say: activity plans (活动方案, 系列活动)
 * list activities, each with its day or days, and they may overlap.
 *
 * The text's list items are found by their numbering ((一) / 1、 / (1) / ① / 一、 / 活动一:), their
 * nesting from the order numbering styles appear in, and lines that start with a date. An item's
 * date is its own, never one met in passing in its text:
 * - a time field in its heading or in the lines under it (时间:6月9日—10日, 发布时间暂定于4月份,
 *   集中整治的时间:2011年2月22日和23日);
 * - a date that opens the heading (1、5月31日,开展一次大扫除; (1)9月15日(周一),推普周启动仪式) or
 *   the first line under it (六月中旬,社区党支部要召开…);
 * - a date in parentheses in the heading (…彩粉跑步活动(4月20日)).
 * A date followed by 前 outside a time field is a deadline, not the item's date. Items that hold
 * dated items are groups; the dated items under them are the activities. Two or more make a schedule.
 */
import { type DateExpression, firstDateExpression } from './date-expr';
import { clipTask } from './items';
import { boundOf, type PhaseDraft, sentenceEnd } from './phases';
import type { PlanLine } from './text';

const CN = '[一二三四五六七八九十]';
const MARKERS: [string, RegExp][] = [
  ['cn', new RegExp(`^${CN}{1,3}\\s*[、.．]\\s*`)],
  ['pcn', new RegExp(`^[(（]${CN}{1,3}[)）]\\s*[、.．]?\\s*`)],
  ['digit', /^\d{1,2}\s*[、.．](?:(?!\d)|(?=\d{1,2}月))\s*/],
  ['pdigit', /^[(（]\d{1,2}[)）]\s*[、.．]?\s*/],
  ['circle', /^[①-⑳]\s*/],
  ['act', new RegExp(`^(?:系列)?活动(?:之)?(?:${CN}{1,3}|\\d{1,2})\\s*[::、.．]?\\s*`)],
  ['label', new RegExp(`^第(?:${CN}{1,3}|\\d{1,2})(?:个)?(?:阶段|步|周|批)\\s*[::、]?\\s*`)],
  ['shi', new RegExp(`^${CN}{1,3}是\\s*`)],
];

/** 时间:… / 活动时间:… / 发布时间暂定于… / 的时间:…: group 0 ends where the date starts. */
const TIME_FIELD =
  /(?:活动|工作|比赛|发布|实施|具体|举办|开展)?(?:时间|日期|时段)\s*(?:安排)?\s*(?:[::为是]|暂定于|拟定于|定于|拟于|安排在|在)\s*(?:暂定于|定于|拟于|为|在)?\s*/g;
/** A name that is only a label: 时间安排, 活动时间. */
const LABEL_ONLY = /^(?:活动|工作|比赛|实施|具体)?(?:时间|日期|时限|日程)(?:安排|及地点|和地点)?$|^(?:时间|日程|进度)安排$/;
/** After a date: 起 / 开始, a weekday in parentheses, a time of day (上午, 晚6点半). */
const AFTER_DATE = /^(?:起|开始)?\s*(?:[(（](?:周|星期|礼拜)[一二三四五六日天][)）])?\s*(?:上午|下午|晚上|晚|早上|全天)?[\d:：点半]*\s*/;
const DEADLINE_AFTER = /^\s*(?:\((?:星期|周|礼拜)[一二三四五六日天]\))?(?:以|之)?前/;

interface Item {
  line: number;
  style: string;
  depth: number;
  parent: number;
  /** Where the heading's text starts, after its number. */
  at: number;
  date: DateExpression | null;
  /** The line the date was read from, and where in it. */
  dateLine: number;
  /** The heading's name in the plan's own script. */
  name: string | null;
  bound: PhaseDraft['bound'];
  hasDatedChild: boolean;
}

function markerOf(simp: string): { style: string; length: number } | null {
  for (const [style, re] of MARKERS) {
    const m = re.exec(simp);
    if (m) return { style, length: m[0].length };
  }
  return null;
}

/** The first time field in text from `from` on, with the date it gives. */
function timeField(text: string, from = 0): { at: number; date: DateExpression } | null {
  TIME_FIELD.lastIndex = from;
  for (let m = TIME_FIELD.exec(text); m; m = TIME_FIELD.exec(text)) {
    const after = m.index + m[0].length;
    const date = firstDateExpression(text.slice(after, after + 40));
    if (date && date.index === 0) return { at: m.index, date: { ...date, index: after } };
  }
  return null;
}

/** A date at position `at` (after a number), not a deadline: 5月31日,开展一次大扫除. */
function dateAt(text: string, at: number): DateExpression | null {
  const date = firstDateExpression(text.slice(at, at + 60));
  if (!date || date.index !== 0) return null;
  const after = text.slice(at + date.text.length);
  // 9月20 广播站…: a date that runs into a number was not read whole.
  if (DEADLINE_AFTER.test(after) || /^\s*\d/.test(after)) return null;
  return { ...date, index: at };
}

/** The first date in parentheses that holds little else: (4月20日), (6月1日上午), ( 5月12日). */
function dateInParentheses(text: string): DateExpression | null {
  for (const m of text.matchAll(/\(([^()]{2,30})\)/g)) {
    const inner = m[1];
    const date = firstDateExpression(inner);
    if (!date || inner.slice(0, date.index).trim()) continue;
    const rest = inner.slice(date.index + date.text.length);
    if (DEADLINE_AFTER.test(rest) || !AFTER_DATE.test(rest) || rest.replace(AFTER_DATE, '').trim()) continue;
    return { ...date, index: (m.index ?? 0) + 1 + date.index };
  }
  return null;
}

/** A name from the heading's text between a and b, without [cutA, cutB) (a date in parentheses); ends trimmed. */
function nameOf(line: PlanLine, a: number, b: number, cut?: [number, number]): string | null {
  const pick = (t: string) => (cut && cut[0] >= a && cut[1] <= b ? t.slice(a, cut[0]) + t.slice(cut[1], b) : t.slice(a, b));
  const trim = (t: string) =>
    t
      .replace(/^[\s,,。;;::、)）—-]+/, '')
      .replace(/[\s,,。;;::、(（—-]+$/, '')
      .replace(/(?:的)?(?:活动)?(?:时间|日期|時間)$/, '')
      .replace(/[\s,,。;;::、(（的]+$/, '');
  const simp = trim(pick(line.simp));
  if (simp.length < 2 || LABEL_ONLY.test(simp) || !/[\p{Script=Han}A-Za-z]/u.test(simp)) return null;
  // The same cut of the plan's own script (of the same length as the simplified text).
  const original = pick(line.original);
  const start = pick(line.simp).indexOf(simp);
  return clipTask(original.slice(start, start + simp.length));
}

/** Reads an item's heading: its date (from the heading itself) and its name. */
function readHeading(line: PlanLine, at: number): Pick<Item, 'date' | 'name' | 'bound'> {
  const simp = line.simp;
  const end = sentenceEnd(simp, at);
  const field = timeField(simp, at);
  if (field) return { date: field.date, name: nameOf(line, at, Math.min(field.at, end)), bound: boundOf(simp, field.date) };
  const first = dateAt(simp, at);
  if (first) {
    const after = at + first.text.length;
    const from = after + (AFTER_DATE.exec(simp.slice(after))?.[0].length ?? 0);
    return { date: first, name: nameOf(line, from, sentenceEnd(simp, from)), bound: boundOf(simp, first) };
  }
  const paren = dateInParentheses(simp.slice(at));
  if (paren) {
    const date = { ...paren, index: at + paren.index };
    const open = simp.lastIndexOf('(', date.index);
    const close = simp.indexOf(')', date.index);
    const cut: [number, number] = [open, close + 1];
    const named = open < end ? nameOf(line, at, Math.max(end, close + 1), cut) : nameOf(line, at, end);
    return { date, name: named, bound: boundOf(simp, date) };
  }
  return { date: null, name: nameOf(line, at, end), bound: 'range' };
}

export function findActivities(lines: PlanLine[], tableRows: ReadonlySet<number> = new Set()): PhaseDraft[] {
  const items: Item[] = [];
  /** The numbering styles open, outermost first, with the item each last opened. */
  const stack: { style: string; item: number }[] = [];
  let last: Item | null = null;
  let bodyLines = 0;
  for (const [i, line] of lines.entries()) {
    if (tableRows.has(i) || line.cells) {
      last = null;
      continue;
    }
    const marker = markerOf(line.simp);
    const opensWithDate = !marker && firstDateExpression(line.simp.slice(0, 40))?.index === 0;
    if (!marker && !opensWithDate) {
      bodyLines++;
      if (last && !last.date) {
        // The date under the heading: a time field, or a first line that opens with a date.
        const field = timeField(line.simp);
        const first = bodyLines === 1 ? dateAt(line.simp, 0) : null;
        if (field && bodyLines <= 3) {
          last.date = field.date;
          last.dateLine = i;
          last.bound = boundOf(line.simp, field.date);
        } else if (first) {
          last.date = first;
          last.dateLine = i;
          last.bound = boundOf(line.simp, first);
        }
      }
      continue;
    }
    if (opensWithDate && last && !last.date && bodyLines === 0) {
      // The first line under a heading, opening with a date: the heading's date (六月中旬,社区…召开…).
      const first = dateAt(line.simp, 0);
      if (first) {
        last.date = first;
        last.dateLine = i;
        last.bound = boundOf(line.simp, first);
        bodyLines++;
        continue;
      }
    }
    const style = marker?.style ?? 'date';
    // One list per section: a 一、 heading closes the lists above it.
    if (style === 'cn') stack.length = 0;
    const open = stack.findIndex((s) => s.style === style);
    if (open >= 0) stack.length = open;
    const parent = stack.length ? stack[stack.length - 1].item : -1;
    const at = marker?.length ?? 0;
    const heading = readHeading(line, at);
    const item: Item = { line: i, style, depth: stack.length, parent, at, dateLine: i, hasDatedChild: false, ...heading };
    if (!heading.date && style === 'date') continue;
    items.push(item);
    stack.push({ style, item: items.length - 1 });
    last = item;
    bodyLines = 0;
  }
  for (const item of items) {
    if (!item.date) continue;
    for (let p = item.parent; p >= 0; p = items[p].parent) items[p].hasDatedChild = true;
  }
  // A line that opens with a date is an item of a list of such lines, not a page's date alone.
  const listed = (x: Item, k: number) =>
    x.style !== 'date' || [items[k - 1], items[k + 1]].some((y) => y && y.style === 'date' && Math.abs(y.line - x.line) <= 3);
  const activities = items.filter((x, k) => x.date && !x.hasDatedChild && x.name && listed(x, k));
  if (activities.length < 2) return [];
  return activities.map((x) => {
    const date = x.date!;
    const dateLine = lines[x.dateLine];
    const to = sentenceEnd(dateLine.simp, date.index + date.text.length);
    return {
      name: x.name!,
      line: x.line,
      date,
      bound: x.bound,
      tasks: [],
      source:
        x.dateLine === x.line
          ? { line: x.line, from: 0, to: Math.max(to, sentenceEnd(lines[x.line].simp, x.at)) }
          : { line: x.line, from: 0, to, lastLine: x.dateLine },
    };
  });
}
