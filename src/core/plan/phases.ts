/**
 * Phase headings in the forms plans use: 第一阶段:学习动员阶段(2月18日至3月10日),
 * (一)学习宣传阶段(3月10日至4月5日), 1、学习调研阶段:时间从9月下旬至11月中旬, a heading with its
 * dates in the next paragraph, a heading without a colon. The tasks of a phase are the numbered
 * items that follow it, up to the next phase or section.
 */
import { type DateExpression, firstDateExpression } from './date-expr';
import { inlineItems, ITEM_START, lineItem, SECTION_HEADING } from './items';
import type { PlanLine } from './text';

const CN = '[一二三四五六七八九十]';
const ORDINAL = new RegExp(`^(第(?:${CN}{1,3}|\\d{1,2})阶段|[(（]${CN}{1,3}[)）]|\\d{1,2}\\s*[、.．](?!\\d)|${CN}{1,3}\\s*、)\\s*[::]?\\s*`);
const NAMED = /^([^\s::(),,。;、“”"]{1,20}?阶段)(?=$|[\s::(),,。;]|\d)/;
const SHORT_NAME = /^([^\s::(),,。;、“”"\d]{2,12})(?=$|[\s::(),,。;]|\d)/;
/** Not names of phases: 本阶段, 各阶段, 下一阶段 … */
const NOT_A_NAME = /^(本|各|每|该|下|上|这|此|整个|前|后|两个|三个|四个|全)/;
const TIME_LINE = /^(?:\s*(?:时间|活动时间|时间安排)\s*[::为是从自]?|从|自)/;

export interface PhaseDraft {
  name: string;
  /** Offsets into the line where the name stands (in both versions of it). */
  line: number;
  nameSpan: [number, number];
  date: DateExpression | null;
  tasks: string[];
}

function headingAt(line: PlanLine): { name: [number, number]; rest: number } | null {
  const m = ORDINAL.exec(line.simp);
  if (!m) return null;
  const rest = line.simp.slice(m[0].length);
  const named = NAMED.exec(rest);
  if (named && !NOT_A_NAME.test(named[1])) {
    return { name: [m[0].length, m[0].length + named[1].length], rest: m[0].length + named[1].length };
  }
  if (m[1].startsWith('第')) {
    const short = SHORT_NAME.exec(rest);
    if (short && !NOT_A_NAME.test(short[1])) return { name: [m[0].length, m[0].length + short[1].length], rest: m[0].length + short[1].length };
    const ordinal = m[1];
    return { name: [0, ordinal.length], rest: m[0].length };
  }
  return null;
}

export function findPhases(lines: PlanLine[]): PhaseDraft[] {
  const phases: PhaseDraft[] = [];
  let current: PhaseDraft | null = null;
  let afterHeading = 0;
  for (const [i, line] of lines.entries()) {
    const heading = headingAt(line);
    if (heading) {
      const original = line.original.slice(heading.name[0], heading.name[1]);
      current = { name: original, line: i, nameSpan: heading.name, date: firstDateExpression(line.simp.slice(heading.rest)), tasks: [] };
      phases.push(current);
      current.tasks.push(...inlineItems(line, heading.rest));
      afterHeading = 0;
      continue;
    }
    if (!current) continue;
    if (SECTION_HEADING.test(line.simp)) {
      current = null;
      continue;
    }
    afterHeading++;
    // Dates in the next paragraph: a time sentence (时间从12月下旬至2月下旬) right after the heading.
    if (!current.date && afterHeading <= 2 && (TIME_LINE.test(line.simp) || (afterHeading === 1 && !ITEM_START.test(line.simp)))) {
      const date = firstDateExpression(line.simp);
      if (date && (TIME_LINE.test(line.simp) || date.start !== date.end)) {
        current.date = date;
        continue;
      }
    }
    const item = lineItem(line);
    if (item) current.tasks.push(item, ...inlineItems(line, line.simp.indexOf(item) + 1).slice(0));
    else current.tasks.push(...inlineItems(line));
  }
  return phases;
}
