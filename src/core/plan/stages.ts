/**
 * Stages written in sentences rather than headings, as news reports and notices write them:
 * - dates before the name: `9月上旬至10月中旬,学习动员阶段;`, `10月11-31日为摸底调查阶段、`,
 *   `2016年12月1日至2017年1月31日是集中整治阶段,…` (a line, or a clause of a paragraph);
 * - a sentence that announces the stages and lists them: `行动将分四阶段依次进行,2018年底前进行
 *   排查,…,2019年1至5月进行集中整治,6至7月进行全面核查,…` (dates first; clauses without a date
 *   go on with the stage before them), `活动分四个步骤实施,普法培训阶段(5月-12月);…;最后就是
 *   总结评估,…` (names first, one a clause, a last one without dates);
 * - the span of the whole campaign (从12月19日起至2019年底), which gives a first stage that only
 *   says when it ends (2018年底前进行排查) its start.
 */
import { type DateExpression, findDateExpressions, firstDateExpression } from './date-expr';
import type { PhaseDraft } from './phases';
import type { PlanLine } from './text';

/** How far into a clause its date may start: a web page's stray characters (境卫2016年…) or 从/自. */
const DATE_LEAD = 3;
const NUMBER = '[两二三四五六七八九十2-9]';
/** 分四阶段依次进行, 分三个阶段, 分四个步骤实施: the announcement; its count is group 1. */
const ANNOUNCE = new RegExp(`分(?:为|成)?(${NUMBER})?个?(?:阶段|步骤|环节)(?:依次)?(?:进行|实施|开展|推进|组织实施)?`);
const COUNT: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/** Words before a stage's name: 是 / 为 / 进行 after its dates, 最后 / 然后 before the last one. */
const NAME_LEAD = /^(?:\s|[,,::、])*(?:是|为|进行|开展|组织|实施)?\s*/;
const LAST_LEAD = /^(?:最后(?:就是|是|为)?|然后|再|最终|之后)\s*/;
const NOT_A_NAME = /^(?:本|各|每|该|这|此|整个|两个|三个|四个)|^(?:下一?|上一?|前|后|全)阶段/;
const PHASE_NAME = /^[^\s,,;;。、::()]{1,20}?阶段$/;

export interface StageFound {
  name: string;
  /** Where the name stands in the line. */
  at: number;
  date: DateExpression | null;
  /** The clause the stage was read from: [from, to) in the line. */
  clause: [number, number];
}

function trimName(text: string): { text: string; lead: number } {
  const lead = NAME_LEAD.exec(text)?.[0].length ?? 0;
  let name = text.slice(lead);
  const last = LAST_LEAD.exec(name)?.[0].length ?? 0;
  name = name.slice(last);
  const quoted = /^[“"'‘](.*?)[”"'’]$/.exec(name);
  if (quoted) return { text: quoted[1], lead: lead + last + 1 };
  return { text: name.replace(/[。;;,,、]+$/, ''), lead: lead + last };
}

/** A clause that starts with its dates: the date, and the name after it (or in the next piece). */
function dateFirst(simp: string, from: number, to: number, next?: [number, number]): StageFound | null {
  const clause = simp.slice(from, to);
  const date = firstDateExpression(clause);
  if (!date || date.index > DATE_LEAD || /\d/.test(clause.slice(0, date.index))) return null;
  const after = from + date.index + date.text.length;
  // The words that bind the date to the clause (起 / 开始 / 前 / 以前) are not the name.
  const bound = /^(?:起|开始|以前|之前|前)/.exec(simp.slice(after, to))?.[0].length ?? 0;
  let restFrom = after + bound;
  let restTo = to;
  const own = /^[^,,;;。]*/.exec(simp.slice(restFrom, restTo))![0];
  if (!trimName(own).text && next) {
    restFrom = next[0];
    restTo = next[1];
  }
  const piece = /^[^,,;;。]*/.exec(simp.slice(restFrom, restTo))![0];
  const { text, lead } = trimName(piece);
  if (text.length < 2 || text.length > 30 || NOT_A_NAME.test(text)) return null;
  return { name: text, at: restFrom + lead, date, clause: [from, Math.max(to, restTo)] };
}

/** Pieces of [from, to) split at any of `separators`, as [start, end) pairs. */
function pieces(simp: string, from: number, to: number, separators: RegExp): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || separators.test(simp[i])) {
      if (i > start) out.push([start, i]);
      start = i + 1;
    }
  }
  return out;
}

/**
 * Lines and clauses that name a stage after its dates: 9月上旬至10月中旬,学习动员阶段;
 * Only names that end in 阶段 count here; the clauses of an announced list are read by announcedStages.
 */
export function datedStageClauses(line: PlanLine): StageFound[] {
  const found: StageFound[] = [];
  for (const [from, to] of pieces(line.simp, 0, line.simp.length, /[;;。]/)) {
    const sub = pieces(line.simp, from, to, /[,,]/);
    for (const [k, [a, b]] of sub.entries()) {
      const stage = dateFirst(line.simp, a, b, sub[k + 1]);
      if (stage && PHASE_NAME.test(stage.name)) {
        found.push({ ...stage, clause: [from, to] });
        break;
      }
    }
  }
  return found;
}

/** Stages listed in the sentence that announces them (分四阶段依次进行,…), with dates or without. */
export function announcedStages(line: PlanLine): StageFound[] {
  const m = ANNOUNCE.exec(line.simp);
  if (!m) return [];
  const count = m[1] ? (COUNT[m[1]] ?? Number(m[1])) : null;
  const start = (m.index ?? 0) + m[0].length;
  const stop = line.simp.indexOf('。', start);
  const end = stop < 0 ? line.simp.length : stop;
  if (end - start < 4) return [];
  const simp = line.simp;
  const found: StageFound[] = [];
  if (simp.slice(start, end).includes(';') || simp.slice(start, end).includes(';')) {
    // One stage a clause: dates first or last, or a name alone.
    for (const [a, b] of pieces(simp, start, end, /[;;]/)) {
      const sub = pieces(simp, a, b, /[,,]/);
      const first = sub[0];
      if (!first) continue;
      let stage = dateFirst(simp, first[0], first[1], sub[1]);
      if (!stage) {
        const clause = simp.slice(first[0], first[1]);
        const date = firstDateExpression(clause);
        const nameEnd = date ? clause.lastIndexOf('(', date.index) : -1;
        const { text, lead } = trimName(nameEnd > 0 ? clause.slice(0, nameEnd) : date ? '' : clause);
        if (text.length >= 2 && text.length <= 20 && !NOT_A_NAME.test(text)) stage = { name: text, at: first[0] + lead, date, clause: [a, b] };
      }
      if (stage) found.push({ ...stage, clause: [a, b] });
      if (count !== null && found.length === count) break;
    }
  } else {
    // Dates first, one a clause; a clause without dates goes on with the stage before it.
    const sub = pieces(simp, start, end, /[,,]/);
    for (const [k, [a, b]] of sub.entries()) {
      const stage = dateFirst(simp, a, b, sub[k + 1]);
      if (stage) found.push(stage);
      if (count !== null && found.length === count) break;
    }
  }
  if (found.length < 2 || !found.some((s) => s.date) || (count !== null && found.length !== count)) return [];
  return found;
}

/** 从12月19日起至2019年底, 自…至…, 时间为…至…: the campaign's whole span, when the plan gives one. */
const CAMPAIGN_SPAN = /(?:从|自|时间(?:为|是|:)?|于)\s*$/;

export function campaignSpan(lines: PlanLine[]): DateExpression | null {
  for (const line of lines.slice(0, 200)) {
    for (const date of findDateExpressions(line.simp)) {
      if (date.range && !date.incomplete && CAMPAIGN_SPAN.test(line.simp.slice(Math.max(0, date.index - 4), date.index))) return date;
    }
  }
  return null;
}

/** The drafts of stages found in one line. */
export function stageDrafts(
  stages: StageFound[],
  line: PlanLine,
  index: number,
  boundOf: (text: string, d: DateExpression | null) => PhaseDraft['bound'],
): PhaseDraft[] {
  return stages.map((s) => {
    const clause = line.simp.slice(s.clause[0], s.clause[1]);
    const date = s.date && { ...s.date, index: s.date.index };
    return {
      name: line.original.slice(s.at, s.at + s.name.length),
      line: index,
      date,
      bound: date ? boundOf(clause, { ...date, index: clause.indexOf(date.text) }) : 'range',
      tasks: [],
      source: { line: index, from: s.clause[0], to: s.clause[1] },
    };
  });
}
