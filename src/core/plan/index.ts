/**
 * Pasted plan text → what the plan says: title, year, phases with dates and tasks, top-level
 * tasks, deadlines and the leading group, with warnings wherever a date could not be read
 * (never a silent guess). Pure: no I/O.
 */
import { format, type Lang, strings } from '../locale';
import { resolveRange } from './date-expr';
import { findLeadingGroup, type GroupNames } from './group';
import { lineItem, SECTION_HEADING } from './items';
import { findMilestones } from './milestones';
import { findPhases } from './phases';
import { garbageShare, MAX_PLAN_CHARS, type PlanLine, toLines } from './text';
import { detectYear, type YearSource } from './year';

export type InferredDate = 'start' | 'end';

export interface ParsedPhase {
  name: string;
  start: string | null;
  end: string | null;
  /** The dates the plan does not state and the importer worked out: check them before use. */
  inferred: InferredDate[];
  tasks: string[];
}

/** A row of a 任务分工 / 责任分解 table, or a task written with its units and deadline. */
export interface ParsedAssignment {
  task: string;
  lead: string[];
  units: string[];
  due: string | null;
}

/** The contract of `campaign-ledger parse --json`. */
export interface ParsedPlan {
  title: string;
  year: number | null;
  yearSource: YearSource | null;
  phases: ParsedPhase[];
  tasks: string[];
  milestones: { due: string; text: string }[];
  leadingGroup: GroupNames;
  assignments: ParsedAssignment[];
  warnings: string[];
}

export interface ParseOptions {
  year?: number | null;
  lang?: Lang;
}

const TITLE_END = /(?:实施方案|工作方案|活动方案|方案|实施意见|意见|通知|办法|计划|安排)$/;
const TITLE_PREFIX = /^(?:信息名称|标题|题目|第[一二三四五六七八九十\d]+篇)\s*[::]\s*/;
const CONTENT_SECTION = /内容|任务|活动安排|工作安排|重点|措施|举措|项目/;

function findTitle(lines: PlanLine[]): string {
  for (const pass of [0, 1]) {
    for (const line of lines.slice(0, 60)) {
      const simp = line.simp.replace(TITLE_PREFIX, '');
      const cut = line.simp.length - simp.length;
      const candidate = pass === 0 ? simp : simp.replace(/\s*[(][^)]{1,6}[)]$/, '');
      if (candidate.length >= 4 && candidate.length <= 60 && TITLE_END.test(candidate) && !/[。;]/.test(candidate)) {
        return line.original.slice(cut, cut + candidate.length).trim();
      }
    }
  }
  return lines[0]?.original.slice(0, 60) ?? '';
}

/** Content items of a plan without phases: the numbered items of its 主要内容 / 任务 sections. */
function contentTasks(lines: PlanLine[]): string[] {
  const tasks: string[] = [];
  let inContent = false;
  let marker: string | null = null;
  for (const line of lines) {
    if (SECTION_HEADING.test(line.simp)) {
      inContent = CONTENT_SECTION.test(line.simp.slice(0, 20));
      marker = null;
      continue;
    }
    if (!inContent) continue;
    const item = lineItem(line);
    if (!item) continue;
    // Items of the first numbering style met in the section; deeper levels are details.
    const style = /^\d/.test(line.simp) ? 'digit' : /^[(（]/.test(line.simp) ? 'paren' : 'inline';
    marker ??= style;
    if (style === marker) tasks.push(item);
  }
  return tasks;
}

export function parsePlan(input: string, options: ParseOptions = {}): ParsedPlan {
  const s = strings(options.lang ?? 'zh-CN').plan.warnings;
  const warnings: string[] = [];
  const empty: ParsedPlan = {
    title: '',
    year: options.year ?? null,
    yearSource: options.year ? 'option' : null,
    phases: [],
    tasks: [],
    milestones: [],
    leadingGroup: { leader: [], deputies: [], members: [], office: [] },
    assignments: [],
    warnings,
  };
  if (!input.trim()) {
    warnings.push(s.empty);
    return empty;
  }
  if (garbageShare(input) > 0.1) {
    warnings.push(s.binary);
    return empty;
  }
  let text = input;
  if (text.length > MAX_PLAN_CHARS) {
    warnings.push(format(s.truncated, { n: MAX_PLAN_CHARS }));
    text = text.slice(0, MAX_PLAN_CHARS);
  }
  const lines = toLines(text);
  const year = detectYear(lines, options.year ?? null);
  if (year.year === null) warnings.push(year.masked ? format(s.maskedYear, { text: year.masked }) : s.noYear);

  let cursorYear = year.year;
  let lastStartMonth = 0;
  const phases: ParsedPhase[] = findPhases(lines).map((draft) => {
    let start: string | null = null;
    let end: string | null = null;
    if (!draft.date) {
      warnings.push(format(s.phaseWithoutDates, { name: draft.name }));
    } else if (cursorYear !== null) {
      // Phases run in order: a start month far before the previous one is the next year.
      if (draft.date.start.year === null && lastStartMonth - draft.date.start.month >= 6) cursorYear++;
      const r = resolveRange(draft.date, cursorYear);
      start = r.start;
      end = r.end;
      if (r.startYear !== null) cursorYear = r.startYear;
      lastStartMonth = draft.date.start.month;
      for (const p of r.problems) warnings.push(format(p.kind === 'invalidDate' ? s.invalidDate : s.endBeforeStart, { text: p.text, name: draft.name }));
    }
    return { name: draft.name, start, end, inferred: [], tasks: [...new Set(draft.tasks)] };
  });

  const found = findMilestones(lines, year.year);
  for (const bad of found.invalid) warnings.push(format(s.invalidDate, { text: bad, name: '' }));
  const leadingGroup = findLeadingGroup(lines);
  const tasks = phases.length ? [] : contentTasks(lines);
  if (!phases.length) warnings.push(s.noPhases);
  if (!phases.length && !tasks.length && !found.milestones.length && !Object.values(leadingGroup).some((l) => l.length)) {
    warnings.push(s.notPlan);
  }
  return {
    title: findTitle(lines),
    year: year.year,
    yearSource: year.source,
    phases,
    tasks,
    milestones: found.milestones,
    leadingGroup,
    assignments: [],
    warnings,
  };
}

export { campaignFromPlan, type PlanCampaignOptions, type PlanCampaignResult } from './campaign';
export { findDateExpressions, firstDateExpression, resolveRange, type DateExpression } from './date-expr';
export { MAX_PLAN_CHARS } from './text';
export type { YearSource } from './year';
