/**
 * Phase headings in the forms plans use: 第一阶段:学习动员阶段(2月18日至3月10日),
 * (一)学习宣传阶段(3月10日至4月5日), 1、学习调研阶段:时间从9月下旬至11月中旬, 8.1筹备启动阶段(…),
 * 第一阶段为攻坚突破阶段,时间从…, a heading with its dates in the next paragraph, (四)巩固提高(6月5日至
 * 6月20日) in a schedule section, 分为自查自纠(7月1日—7月31日)和督促检查(…)两个阶段 in a sentence.
 * The tasks of a phase are the numbered items that follow it, up to the next phase or section.
 */
import { type DateExpression, firstDateExpression } from './date-expr';
import { inlineItems, ITEM_START, lineItem, SECTION_HEADING } from './items';
import { announcedStages, datedStageClauses, stageDrafts } from './stages';
import type { PlanLine } from './text';

const CN = '[一二三四五六七八九十]';
const STAGE_LABEL = `第(?:${CN}{1,3}|\\d{1,2})个?阶段`;
/** 第一步: a phase only when it has dates (a step without them is a sub-step of a phase). */
const STEP_LABEL = `第(?:${CN}{1,3}|\\d{1,2})步`;
/** A heading's number: 第一阶段, (一), 1、, 8.1, 一、; a list number may precede the label ((二)第二阶段为…). */
const ORDINAL = new RegExp(
  `^(${STAGE_LABEL}|${STEP_LABEL}|(?:[(（]${CN}{1,3}[)）]|\\d{1,2}\\.\\d{1,2}(?![\\d月日号])|\\d{1,2}\\s*[、.．](?:(?!\\d)|(?=\\d{1,2}月))|${CN}{1,3}\\s*、)(?:\\s*${STAGE_LABEL})?)\\s*(?:[::]|为|是)?\\s*`,
);
const NAMED = /^([^\s::(),,。;、“”"]{1,20}?阶段)(?=$|[\s::(),,。;]|\d)/;
/** After 第一阶段: the name up to its dates or the end of the clause; 、 may join two aims. */
const LABELLED_NAME = /^([^\s::(),,。;“”"\d]{2,20}?)(?=$|\s|[::(),,。;]|\d)/;
/** In a schedule section: (四)巩固提高(6月5日至6月20日) or (四)巩固提高。6月5日至…, a short name right before its dates. */
const SHORT_NAME = /^([^\s::(),,。;、“”"\d]{2,12})(?=\s*[(。:,])/;
/** Not names of phases: 本阶段, 各阶段, 下一阶段 … */
const NOT_A_NAME = /^(?:本|各|每|该|这|此|整个|两个|三个|四个)|^(?:下一?|上一?|前|后|全)阶段/;
const TIME_LINE = /^(?:\s*(?:时间|活动时间|时间安排)\s*[::为是从自]?|从|自)/;
/** A section whose numbered items are phases even without the word 阶段. */
const SCHEDULE_SECTION = /步骤|时间|阶段|进度|安排|日程|进程/;

/** For a section heading (三、…), whether its section is the schedule; null for any other line. */
export function scheduleSection(line: PlanLine): boolean | null {
  return SECTION_HEADING.test(line.simp) ? SCHEDULE_SECTION.test(line.simp.slice(0, 16)) : null;
}
/** 分为自查自纠(7月1日—7月31日)和督促检查(8月1日—9月30日)两个阶段 */
const STAGE_SENTENCE = /分(?:为|成)?((?:[^。;]{2,30}?\([^)]{3,40}\)[、,,和及与]?){2,6})(?:等)?(?:两|二|三|四|五|六|[2-6])个阶段/;
const STAGE_ITEM = /([^\s,,、和及与()]{2,12})\s*\(([^)]{3,40})\)/g;
/** 分学习提高、查摆问题、集中整改和巩固提升等四个阶段: names only, no dates. */
const STAGE_NAMES = /分(?:为|成)?([^。;:,()\d]{4,60}?)等?([两二三四五六七八九]|[2-9])个阶段/;
const COUNT: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Whether a phase's date is a whole range, or only its end (截止…, …以前) or start (…起). */
export type DateBound = 'range' | 'until' | 'from';

/** Where a draft was read: from a position in one line to a position in it or a later line. */
export interface SourceRef {
  line: number;
  from: number;
  to: number;
  /** The line `to` is in, when the dates stand in a later line than the name. */
  lastLine?: number;
}

export interface PhaseDraft {
  name: string;
  line: number;
  date: DateExpression | null;
  bound: DateBound;
  tasks: string[];
  source: SourceRef;
  /** A row of a table of activities (活动名称 | 时间): an activity, not a phase. */
  activity?: boolean;
}

/** The end of the sentence that holds position i: the next full stop or semicolon, or the line's end. */
export function sentenceEnd(text: string, i: number): number {
  const m = /[。;;!?]/.exec(text.slice(i));
  return m ? i + (m.index ?? 0) + 1 : text.length;
}

/**
 * A date inside a parenthesis the text never closes, at the end of the line ((四)整改阶段(9月中):
 * the page was cut there, so the range may have gone on.
 */
function cutOff(text: string, date: DateExpression | null): DateExpression | null {
  if (!date) return date;
  const rest = text.slice(date.index + date.text.length);
  const open = text.lastIndexOf('(', date.index);
  if (rest.trim() === '' && open >= 0 && text.indexOf(')', open) < 0) return { ...date, incomplete: true, cut: true };
  return date;
}

export function boundOf(text: string, date: DateExpression | null): DateBound {
  if (!date || date.range) return 'range';
  const before = text.slice(Math.max(0, date.index - 3), date.index);
  const after = text.slice(date.index + date.text.length, date.index + date.text.length + 3);
  if (/(?:截止|截至|到|至)\s*$/.test(before) || /^\s*(?:以前|之前|前)/.test(after)) return 'until';
  if (/^\s*(?:起|开始)/.test(after)) return 'from';
  return 'range';
}

/** How a heading is numbered: a list keeps one style ((一)(二)…, 1、2、…). */
function styleOf(ordinal: string): string {
  return /^[(（]/.test(ordinal) ? 'paren' : /^\d/.test(ordinal) ? 'digit' : /^第/.test(ordinal) ? 'label' : 'cn';
}

/**
 * A phase heading at the start of the line. Without the word 阶段, a short name with its dates
 * is a phase in a schedule section, or in a list whose earlier items were phases (`listStyle`).
 */
function headingAt(line: PlanLine, inSchedule: boolean, listStyle: string | null): { name: [number, number]; rest: number; style: string } | null {
  const m = ORDINAL.exec(line.simp);
  if (!m) return null;
  const style = styleOf(m[1]);
  const at = m[0].length;
  const rest = line.simp.slice(at);
  if (/步$/.test(m[1]) && !firstDateExpression(rest)) return null;
  // 第一阶段(3月1日—3月31日):宣传发动: the dates before the name.
  const lead = /^\(([^)]{3,40})\)\s*[::]?\s*/.exec(rest);
  if (lead && /阶段$|步$/.test(m[1]) && firstDateExpression(lead[1])?.index === 0) {
    const after = rest.slice(lead[0].length);
    const name = NAMED.exec(after) ?? LABELLED_NAME.exec(after);
    const from = at + lead[0].length;
    if (name && !NOT_A_NAME.test(name[1])) return { name: [from, from + name[1].length], rest: at, style };
  }
  const named = NAMED.exec(rest);
  if (named && !NOT_A_NAME.test(named[1])) return { name: [at, at + named[1].length], rest: at + named[1].length, style };
  if (/阶段$|步$/.test(m[1])) {
    // 第一阶段(宣传)3月20日-3月23日: the name in parentheses, the dates after it.
    const inParens = /^\(([^()\d]{2,12})\)/.exec(rest);
    if (inParens && !firstDateExpression(inParens[1]) && firstDateExpression(rest.slice(inParens[0].length))?.index === 0) {
      return { name: [at + 1, at + 1 + inParens[1].length], rest: at + inParens[0].length, style };
    }
    const labelled = LABELLED_NAME.exec(rest);
    if (labelled && !NOT_A_NAME.test(labelled[1])) return { name: [at, at + labelled[1].length], rest: at + labelled[1].length, style };
    const label = m[1].slice(m[1].indexOf('第'));
    return { name: [m[1].length - label.length, m[1].length], rest: at, style };
  }
  if (inSchedule || listStyle === style) {
    const short = SHORT_NAME.exec(rest);
    const after = short ? rest.slice(short[1].length).replace(/^\s*[(。:,]\s*/, '') : '';
    if (short && !NOT_A_NAME.test(short[1]) && firstDateExpression(after)?.index === 0) {
      return { name: [at, at + short[1].length], rest: at + short[1].length, style };
    }
  }
  return null;
}

/** Phases named in one sentence, each with its dates in parentheses. */
function stageSentence(line: PlanLine, index: number): PhaseDraft[] {
  const m = STAGE_SENTENCE.exec(line.simp);
  if (!m) return [];
  const from = (m.index ?? 0) + m[0].indexOf(m[1]);
  const drafts: PhaseDraft[] = [];
  for (const item of m[1].matchAll(STAGE_ITEM)) {
    const date = firstDateExpression(item[2]);
    if (!date) continue;
    const at = from + (item.index ?? 0);
    const to = at + item[0].length;
    drafts.push({
      name: line.original.slice(at, at + item[1].length),
      line: index,
      date,
      bound: boundOf(item[2], date),
      tasks: [],
      source: { line: index, from: at, to },
    });
  }
  return drafts.length >= 2 ? drafts : [];
}

/** Phases named in one sentence without dates, as many as the sentence says. */
function stageNames(line: PlanLine, index: number): PhaseDraft[] {
  const m = STAGE_NAMES.exec(line.simp);
  if (!m) return [];
  const count = COUNT[m[2]] ?? Number(m[2]);
  const from = (m.index ?? 0) + m[0].indexOf(m[1]);
  const names: PhaseDraft[] = [];
  let offset = 0;
  for (const part of m[1].split(/[、和及与]/)) {
    const at = m[1].indexOf(part, offset);
    offset = at + part.length;
    const name = part.trim();
    if (name.length < 2 || name.length > 10) return [];
    names.push({
      name: line.original.slice(from + at, from + at + part.length).trim(),
      line: index,
      date: null,
      bound: 'range',
      tasks: [],
      source: { line: index, from: m.index ?? 0, to: sentenceEnd(line.simp, m.index ?? 0) },
    });
  }
  return names.length === count ? names : [];
}

/**
 * `tableRows`: lines a table reader has taken; they are not read again as text. Phases named only
 * in a sentence (分A、B和C三个阶段) count when the plan has no phase headings of its own.
 */
export function findPhases(lines: PlanLine[], tableRows: ReadonlySet<number> = new Set()): PhaseDraft[] {
  const phases: PhaseDraft[] = [];
  const named: PhaseDraft[] = [];
  let current: PhaseDraft | null = null;
  let afterHeading = 0;
  let inSchedule = false;
  let listStyle: string | null = null;
  for (const [i, line] of lines.entries()) {
    if (tableRows.has(i)) {
      current = null;
      continue;
    }
    const heading = headingAt(line, inSchedule, listStyle);
    if (heading) {
      listStyle = heading.style;
      const restText = line.simp.slice(heading.rest);
      const date = cutOff(restText, firstDateExpression(restText));
      const to = date ? sentenceEnd(line.simp, heading.rest + date.index + date.text.length) : sentenceEnd(line.simp, heading.name[1]);
      current = {
        name: line.original.slice(heading.name[0], heading.name[1]),
        line: i,
        date,
        bound: boundOf(restText, date),
        tasks: [],
        source: { line: i, from: 0, to },
      };
      phases.push(current);
      current.tasks.push(...inlineItems(line, heading.rest));
      afterHeading = 0;
      continue;
    }
    const section = scheduleSection(line);
    if (section !== null) {
      inSchedule = section;
      listStyle = null;
      current = null;
      continue;
    }
    const stages = stageSentence(line, i);
    if (stages.length) {
      phases.push(...stages);
      current = null;
      continue;
    }
    // Stages announced and listed in one sentence, or named after their dates, line by line.
    const written = announcedStages(line);
    const clauses = written.length ? written : datedStageClauses(line);
    if (clauses.length) {
      phases.push(...stageDrafts(clauses, line, i, boundOf));
      current = null;
      continue;
    }
    if (!named.length) named.push(...stageNames(line, i));
    if (!current) continue;
    afterHeading++;
    // Dates in the next paragraph: a time sentence (时间从12月下旬至2月下旬) right after the heading.
    if (!current.date && afterHeading <= 2 && (TIME_LINE.test(line.simp) || (afterHeading === 1 && !ITEM_START.test(line.simp)))) {
      const date = cutOff(line.simp, firstDateExpression(line.simp));
      if (date && (TIME_LINE.test(line.simp) || date.start !== date.end)) {
        current.date = date;
        current.bound = boundOf(line.simp, date);
        current.source = { ...current.source, lastLine: i, to: sentenceEnd(line.simp, date.index + date.text.length) };
        continue;
      }
    }
    const item = lineItem(line);
    if (item) current.tasks.push(item, ...inlineItems(line, line.simp.indexOf(item) + 1).slice(0));
    else current.tasks.push(...inlineItems(line));
  }
  return phases.length ? phases : named;
}
