/**
 * Pasted plan text → what the plan says: title, year, phases with dates and tasks, top-level
 * tasks, deadlines and the leading group, with warnings wherever a date could not be read
 * (never a silent guess). Pure: no I/O.
 */
import { addDays } from '../dates';
import { format, type Lang, strings } from '../locale';

import { type InferredDate, resolveRange } from './date-expr';
import { findLeadingGroup, type GroupNames } from './group';
import { lineItem, SECTION_HEADING } from './items';
import { findMilestones } from './milestones';
import { proseAssignments } from './assignments';
import { findPhases, type PhaseDraft } from './phases';
import { readTables } from './tables';
import { garbageShare, MAX_PLAN_CHARS, type PlanLine, toLines } from './text';
import { detectYear, type YearSource } from './year';

/**
 * A warning as what was found and its values, without words: each host says it (and how to
 * fix it: --year on the command line, the 方案年份 field in the pane) in its own terms.
 */
export interface PlanWarning {
  code: keyof ReturnType<typeof strings>['plan']['warnings'];
  params: Record<string, string | number>;
}
type Warn = (code: PlanWarning['code'], params?: PlanWarning['params']) => void;

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

/** A cover letter's title (关于印发《…》的通知) names the plan; the plan's own title is preferred. */
const COVER_LETTER = /^(?:.{0,30}关于)?印发|通知$/;

function titleIn(simp: string): string | null {
  const bare = simp.replace(TITLE_PREFIX, '');
  for (const candidate of [bare, bare.replace(/\s*[(][^)]{1,6}[)]$/, '')]) {
    if (candidate.length >= 4 && candidate.length <= 60 && TITLE_END.test(candidate) && !/[。;]/.test(candidate)) return candidate;
  }
  return null;
}

/**
 * The plan's title: a short line ending in 方案 / 意见 / 通知 …, or two lines that do together
 * (Word and web pages break long titles). A cover letter's title only when there is no other.
 */
function findTitle(lines: PlanLine[]): string {
  const head = lines.slice(0, 60);
  let cover: string | null = null;
  for (const [i, line] of head.entries()) {
    const next = head[i + 1];
    // A title Word or a web page broke after 关于…: the first line has 关于, the second does not.
    const broken = next && line.simp.length <= 40 && /关于/.test(line.simp) && !/关于/.test(next.simp) && !/[。;:,]$/.test(line.simp);
    const alone = titleIn(line.simp);
    const joined = broken && !alone ? line.simp + next.simp : null;
    const fromJoin = joined ? titleIn(joined) : null;
    const found = fromJoin ?? alone;
    if (!found) continue;
    const original = fromJoin ? line.original + next.original : line.original;
    const cut = original.length - (fromJoin ? joined! : line.simp).replace(TITLE_PREFIX, '').length;
    const title = original.slice(cut, cut + found.length).trim();
    if (!COVER_LETTER.test(found)) return title;
    cover ??= title;
  }
  return cover ?? lines[0]?.original.slice(0, 60) ?? '';
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

/**
 * Drafts → dated phases. Phases run in order, so a start month far before the previous one is in
 * the next year; a phase with only an end (截止…, …以前) starts the day after the previous phase
 * ends, and one with only a start (…起) ends the day before the next begins: both marked inferred.
 * What cannot be worked out stays empty, with a warning.
 */
function resolvePhases(drafts: PhaseDraft[], planYear: number | null, warn: Warn): ParsedPhase[] {
  let cursorYear = planYear;
  let lastStartMonth = 0;
  const phases: ParsedPhase[] = drafts.map((draft) => {
    const phase: ParsedPhase = { name: draft.name, start: null, end: null, inferred: [], tasks: [...new Set(draft.tasks)] };
    if (!draft.date) {
      warn('phaseWithoutDates', { name: draft.name });
      return phase;
    }
    if (draft.date.incomplete) {
      warn('cutRange', { name: draft.name, text: draft.date.text });
      return phase;
    }
    if (cursorYear === null) return phase;
    const month = (draft.bound === 'until' ? draft.date.end : draft.date.start).month;
    if (draft.date.start.year === null && lastStartMonth - month >= 6) cursorYear++;
    const r = resolveRange(draft.date, cursorYear, planYear);
    if (r.startYear !== null && draft.bound !== 'until') cursorYear = r.startYear;
    lastStartMonth = month;
    for (const p of r.problems) warn(p.kind === 'invalidDate' ? 'invalidDate' : 'endBeforeStart', { text: p.text, name: draft.name });
    // A bound (截止9月30日, 3月11日起) is one date: only a year carried over New Year makes it a guess.
    if (draft.bound === 'until') {
      phase.end = r.end;
      if (r.startYearCarried && r.end) phase.inferred = ['end'];
    } else if (draft.bound === 'from') {
      phase.start = r.start;
      if (r.startYearCarried && r.start) phase.inferred = ['start'];
    } else {
      phase.start = r.start;
      phase.end = r.end;
      phase.inferred = r.inferred;
    }
    return phase;
  });
  for (const [i, phase] of phases.entries()) {
    const draft = drafts[i];
    if (!draft.date || draft.date.incomplete || planYear === null) continue;
    if (draft.bound === 'until' && !phase.start) {
      const before = phases[i - 1]?.end;
      if (before && phase.end && before < phase.end) {
        phase.start = addDays(before, 1);
        phase.inferred = ['start', ...phase.inferred];
      } else warn('noStart', { name: phase.name, text: draft.date.text });
    }
    if (draft.bound === 'from' && !phase.end) {
      const next = phases[i + 1]?.start;
      if (next && phase.start && phase.start < next) {
        phase.end = addDays(next, -1);
        phase.inferred = [...phase.inferred, 'end'];
      } else warn('noEnd', { name: phase.name, text: draft.date.text });
    }
  }
  return phases;
}

/** What the plan says, with its warnings worded for the command line (the contract of `parse --json`). */
export function parsePlan(input: string, options: ParseOptions = {}): ParsedPlan {
  return readPlan(input, options).plan;
}

/** What the plan says, and its warnings also as codes, for a host that words them itself (the pane). */
export function readPlan(input: string, options: ParseOptions = {}): { plan: ParsedPlan; notes: PlanWarning[] } {
  const notes: PlanWarning[] = [];
  const s = strings(options.lang ?? 'zh-CN').plan.warnings;
  // The warnings array is filled as notes come, so an early return carries them too.
  const warnings: string[] = [];
  const warn: Warn = (code, params = {}) => {
    notes.push({ code, params });
    warnings.push(format(s[code], params));
  };
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
    warn('empty');
    return { plan: empty, notes };
  }
  if (garbageShare(input) > 0.1) {
    warn('binary');
    return { plan: empty, notes };
  }
  let text = input;
  if (text.length > MAX_PLAN_CHARS) {
    warn('truncated', { n: MAX_PLAN_CHARS });
    text = text.slice(0, MAX_PLAN_CHARS);
  }
  const lines = toLines(text);
  const year = detectYear(lines, options.year ?? null);
  if (year.year === null) warn(year.masked ? 'maskedYear' : 'noYear', year.masked ? { text: year.masked } : {});

  const tables = readTables(lines);
  const drafts = [...findPhases(lines, tables.rows), ...tables.phases].sort((a, b) => a.line - b.line);
  const phases = resolvePhases(drafts, year.year, warn);
  const assignments: ParsedAssignment[] = [...tables.assignments, ...proseAssignments(lines)]
    .sort((a, b) => a.line - b.line)
    .map((a) => ({
      task: a.task,
      lead: a.lead,
      units: a.units,
      due: a.due && year.year !== null ? resolveRange({ ...a.due, start: a.due.end, range: false }, year.year).end : null,
    }));

  const found = findMilestones(lines, year.year);
  for (const bad of found.invalid) warn('invalidDate', { text: bad, name: '' });
  const leadingGroup = findLeadingGroup(lines);
  const tasks = phases.length ? [] : contentTasks(lines);
  if (!phases.length) warn('noPhases');
  if (!phases.length && !tasks.length && !found.milestones.length && !Object.values(leadingGroup).some((l) => l.length)) {
    warn('notPlan');
  }
  const plan: ParsedPlan = {
    title: findTitle(lines),
    year: year.year,
    yearSource: year.source,
    phases,
    tasks,
    milestones: found.milestones,
    leadingGroup,
    assignments,
    warnings,
  };
  return { plan, notes };
}

export { campaignFromPlan, type PlanCampaignOptions, type PlanCampaignResult } from './campaign';
export type { InferredDate } from './date-expr';
export { findDateExpressions, firstDateExpression, resolveRange, type DateExpression } from './date-expr';
export { MAX_PLAN_CHARS } from './text';
export type { YearSource } from './year';
