/**
 * Pasted plan text → what the plan says: title, year, phases with dates and tasks, top-level
 * tasks, deadlines and the leading group, with warnings wherever a date could not be read
 * (never a silent guess). Pure: no I/O.
 */
import { addDays } from '../dates';
import { format, type Lang, strings } from '../locale';

import { findActivities } from './activities';
import { type DateExpression, type InferredDate, resolveRange } from './date-expr';
import { findLeadingGroup, type GroupNames } from './group';
import { lineItem, SECTION_HEADING } from './items';
import { findMilestones } from './milestones';
import { proseAssignments } from './assignments';
import { findPhases, type PhaseDraft, type SourceRef } from './phases';
import { campaignSpan } from './stages';
import { readTables } from './tables';
import { garbageShare, MAX_PLAN_CHARS, type PlanLine, spanOf, toLines } from './text';
import { detectYear, type YearSource } from './year';

/** The text a date was read from: its place in the text given to parsePlan, and the text itself. */
export interface PlanSource {
  start: number;
  end: number;
  text: string;
}

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
  /** The sentence the item and its dates were read from (none for an item the user added). */
  source?: PlanSource | null;
}

/** A row of a 任务分工 / 责任分解 table, or a task written with its units and deadline. */
export interface ParsedAssignment {
  task: string;
  lead: string[];
  units: string[];
  due: string | null;
}

/**
 * The schedule's shape: phases follow one another (阶段, 步骤, a 时间安排 table); activities may
 * overlap, and a single day is allowed (活动方案, 系列活动). Null when the plan has no schedule.
 */
export type ScheduleShape = 'phases' | 'activities';

/** The contract of `campaign-ledger parse --json`. */
export interface ParsedPlan {
  title: string;
  year: number | null;
  yearSource: YearSource | null;
  shape: ScheduleShape | null;
  /** The schedule: phases or activities, as `shape` says, in the plan's order. */
  phases: ParsedPhase[];
  tasks: string[];
  milestones: { due: string; text: string; source?: PlanSource | null }[];
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
  if (cover) return cover;
  // No title line: what the notice says it holds (决定…举办学院第五届思辩文化节), else the first line
  // that is not a salutation (全体师生:).
  for (const line of head.slice(0, 12)) {
    const m = HOLDS.exec(line.simp);
    if (m) return line.original.slice((m.index ?? 0) + m[0].length - m[1].length, (m.index ?? 0) + m[0].length);
  }
  const first = lines.find((l) => !/[::]$/.test(l.simp)) ?? lines[0];
  return first?.original.slice(0, 60) ?? '';
}

/** …决定(于…)举办/开展 X活动 / X节 / X周: the event a notice without a title line announces. */
const HOLDS =
  /决定[^。;]{0,30}?(?:举办|开展|举行|组织开展)\s*([^,。;:、()]{4,40}?(?:活动|文化节|读书节|艺术节|科技节|体育节|节|活动周|宣传周|活动月|竞赛|比赛|行动))(?=[,。;:(]|$)/;

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

/** The text of a draft's source, as the plan gives it. */
function sourceOf(lines: PlanLine[], ref: SourceRef): PlanSource {
  const first = lines[ref.line];
  const lastLine = ref.lastLine ?? ref.line;
  const last = lines[lastLine];
  const start = spanOf(first, ref.from, ref.from + 1)[0];
  const end = spanOf(last, Math.max(ref.to - 1, 0), ref.to)[1];
  // The text as the reader saw it: the plan's own script, web-page pinyin and control characters gone.
  const text =
    lastLine === ref.line
      ? first.original.slice(ref.from, ref.to)
      : [first.original.slice(ref.from), ...lines.slice(ref.line + 1, lastLine).map((l) => l.original), last.original.slice(0, ref.to)].join('\n');
  return { start, end, text: text.trim() };
}

/**
 * Drafts → dated items. Phases run in order, so a start month far before the previous one is in
 * the next year; a phase with only an end (截止…, …以前) starts the day after the previous phase
 * ends (the first one when the campaign's span gives its start), and one with only a start (…起,
 * 10月至验收结束) ends the day before the next begins: all marked inferred. Activities keep their
 * own dates only. What cannot be worked out stays empty, with a warning.
 */
function resolveSchedule(drafts: PhaseDraft[], shape: ScheduleShape, planYear: number | null, span: DateExpression | null, warn: Warn): ParsedPhase[] {
  // An activity plan's warnings speak of activities.
  const w =
    shape === 'activities'
      ? ({ phaseWithoutDates: 'activityWithoutDates', cutRange: 'activityCutRange', noStart: 'activityNoStart', noEnd: 'activityNoEnd' } as const)
      : ({ phaseWithoutDates: 'phaseWithoutDates', cutRange: 'cutRange', noStart: 'noStart', noEnd: 'noEnd' } as const);
  let cursorYear = planYear;
  let lastStartMonth = 0;
  const bounds = drafts.map((d) => (d.date?.incomplete && !d.date.cut ? 'from' : d.bound));
  const phases: ParsedPhase[] = drafts.map((draft, i) => {
    const phase: ParsedPhase = { name: draft.name, start: null, end: null, inferred: [], tasks: [...new Set(draft.tasks)], source: null };
    if (!draft.date) {
      warn(w.phaseWithoutDates, { name: draft.name });
      return phase;
    }
    if (draft.date.cut) {
      warn(w.cutRange, { name: draft.name, text: draft.date.text });
      return phase;
    }
    if (cursorYear === null) return phase;
    const bound = bounds[i];
    const month = (bound === 'until' ? draft.date.end : draft.date.start).month;
    if (draft.date.start.year === null && lastStartMonth - month >= 6) cursorYear++;
    const date = draft.date.incomplete ? { ...draft.date, end: draft.date.start, range: false } : draft.date;
    const r = resolveRange(date, cursorYear, planYear);
    if (r.startYear !== null && bound !== 'until') cursorYear = r.startYear;
    lastStartMonth = month;
    for (const p of r.problems) warn(p.kind === 'invalidDate' ? 'invalidDate' : 'endBeforeStart', { text: p.text, name: draft.name });
    // A bound (截止9月30日, 3月11日起) is one date: only a year carried over New Year makes it a guess.
    if (bound === 'until') {
      phase.end = r.end;
      if (r.startYearCarried && r.end) phase.inferred = ['end'];
    } else if (bound === 'from') {
      phase.start = r.start;
      if (r.startYearCarried && r.start) phase.inferred = ['start'];
    } else {
      phase.start = r.start;
      phase.end = r.end;
      phase.inferred = r.inferred;
    }
    return phase;
  });
  const firstStart = span && planYear !== null ? resolveRange(span, planYear).start : null;
  for (const [i, phase] of phases.entries()) {
    const draft = drafts[i];
    const bound = bounds[i];
    if (!draft.date || draft.date.cut || planYear === null) continue;
    const phased = shape === 'phases';
    if (bound === 'until' && !phase.start) {
      // The day after the previous phase; for the first, the campaign's own start.
      const before = phased ? phases[i - 1]?.end : null;
      const from = before ? addDays(before, 1) : phased && i === 0 ? firstStart : null;
      if (from && phase.end && from <= phase.end) {
        phase.start = from;
        phase.inferred = ['start', ...phase.inferred];
      } else warn(w.noStart, { name: phase.name, text: draft.date.text });
    }
    if (bound === 'from' && !phase.end) {
      const next = phased ? phases[i + 1]?.start : null;
      if (next && phase.start && phase.start < next) {
        phase.end = addDays(next, -1);
        phase.inferred = [...phase.inferred, 'end'];
      } else warn(w.noEnd, { name: phase.name, text: draft.date.text });
    }
  }
  return phases;
}

/** The first year the schedule writes, in the plan's order (the year its dates fall in). */
function scheduleYear(drafts: PhaseDraft[]): number | null {
  for (const d of drafts) {
    const y = d.date && !d.date.cut ? (d.bound === 'until' ? (d.date.end.year ?? d.date.start.year) : (d.date.start.year ?? d.date.end.year)) : null;
    if (y !== null && y !== undefined) return y;
  }
  return null;
}

/**
 * Phases when the plan names them (阶段, 步骤, a 时间安排 table); else activities when two or more
 * dated items make a schedule; else the phases named without dates, if any.
 */
function chooseSchedule(phases: PhaseDraft[], activities: PhaseDraft[]): { shape: ScheduleShape | null; drafts: PhaseDraft[] } {
  // A table of activities (活动名称 | 活动时间) is an activity plan's schedule.
  if (phases.length >= 2 && phases.every((p) => p.activity)) return { shape: 'activities', drafts: phases };
  // Phases the plan names win: dated items under them are their tasks (3、4月份,…), not a schedule of their own.
  if (phases.some((p) => p.date)) return { shape: 'phases', drafts: phases };
  if (activities.length >= 2) return { shape: 'activities', drafts: activities };
  return phases.length ? { shape: 'phases', drafts: phases } : { shape: null, drafts: [] };
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
    shape: null,
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
  const tables = readTables(lines);
  const phaseDrafts = [...findPhases(lines, tables.rows), ...tables.phases].sort((a, b) => a.line - b.line);
  const schedule = chooseSchedule(phaseDrafts, findActivities(lines, tables.rows));
  const year = detectYear(lines, options.year ?? null, scheduleYear(schedule.drafts));
  if (year.year === null) warn(year.masked ? 'maskedYear' : 'noYear', year.masked ? { text: year.masked } : {});
  if (year.disagrees) warn(year.disagrees.source === 'number' ? 'yearNumberDiffers' : 'yearSignatureDiffers', { year: year.year!, other: year.disagrees.year });

  const phases = schedule.shape ? resolveSchedule(schedule.drafts, schedule.shape, year.year, campaignSpan(lines), warn) : [];
  schedule.drafts.forEach((d, i) => (phases[i].source = sourceOf(lines, d.source)));
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
  const milestones = found.milestones.map((m) => ({ due: m.due, text: m.text, source: sourceOf(lines, m.source) }));
  const leadingGroup = findLeadingGroup(lines);
  const tasks = phases.length ? [] : contentTasks(lines);
  if (!phases.length) warn('noPhases');
  if (!phases.length && !tasks.length && !milestones.length && !Object.values(leadingGroup).some((l) => l.length)) {
    warn('notPlan');
  }
  const plan: ParsedPlan = {
    title: findTitle(lines),
    year: year.year,
    yearSource: year.source,
    shape: schedule.shape,
    phases,
    tasks,
    milestones,
    leadingGroup,
    assignments,
    warnings,
  };
  return { plan, notes };
}

export { campaignFromPlan, type PlanCampaignOptions, type PlanCampaignResult } from './campaign';
export type { InferredDate } from './date-expr';
export { findDateExpressions, firstDateExpression, resolveRange, type DateExpression } from './date-expr';
export { MAX_PLAN_CHARS, spanOf } from './text';
export type { YearSource } from './year';
