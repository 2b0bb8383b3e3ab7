/** campaign-ledger parse, and the plan half of build. */
import {
  campaignFromPlan,
  format,
  parsePlan,
  ROLE_GROUP_FIELD,
  ROLE_KEYS,
  type Campaign,
  type IsoDate,
  type Lang,
  type ParsedPlan,
  type Strings,
} from '../core';
import { CliError } from './errors';
import { langOption, parse, yearOption } from './options';

// yearOption stands in options.ts (flag needs it without the plan reader); re-exported for its callers.
export { yearOption };
import { readPlanText } from './read-text';
import type { Io } from './main';

export function summary(plan: ParsedPlan, s: Strings): string[] {
  const t = s.plan.summary;
  const out: string[] = [];
  const source = plan.yearSource ? t.sources[plan.yearSource] : t.sources.none;
  out.push(`${t.title}:${plan.title || t.none}`);
  out.push(`${t.year}:${plan.year ?? '—'}(${source})`);
  out.push(`${plan.shape === 'activities' ? t.activities : t.phases}:${plan.phases.length ? '' : t.none}`);
  plan.phases.forEach((p, i) => {
    // Dates the plan does not state are marked ≈: the user checks them before building.
    const date = (d: string | null, k: 'start' | 'end') => (d ? `${p.inferred.includes(k) ? '≈' : ''}${d}` : '?');
    const dates = p.start || p.end ? `${date(p.start, 'start')} ~ ${date(p.end, 'end')}` : t.noDates;
    out.push(`  ${i + 1}. ${p.name}  ${dates}${p.inferred.length ? `  ${t.inferred}` : ''}`);
    for (const task of p.tasks) out.push(`     - ${task}`);
  });
  if (plan.tasks.length) {
    out.push(`${t.tasks}:`);
    for (const task of plan.tasks) out.push(`  - ${task}`);
  }
  if (plan.assignments.length) {
    out.push(`${t.assignments}:`);
    for (const a of plan.assignments) out.push(`  ${a.due ?? '—'}  ${a.task}  ${[...a.lead, ...a.units].join('、')}`);
  }
  out.push(`${t.milestones}:${plan.milestones.length ? '' : t.none}`);
  for (const m of plan.milestones) out.push(`  ${m.due}  ${m.text}`);
  const group = ROLE_KEYS.map((r) => [s.group.roles[r], plan.leadingGroup[ROLE_GROUP_FIELD[r]]] as const).filter(([, names]) => names.length);
  out.push(`${t.leadingGroup}:${group.length ? '' : t.none}`);
  for (const [role, names] of group) out.push(`  ${role}:${names.join('、')}`);
  if (plan.warnings.length) {
    out.push(`${t.warnings}:`);
    for (const w of plan.warnings) out.push(`  ! ${w}`);
  }
  return out;
}

const PARSE_OPTIONS = { year: { type: 'string' }, json: { type: 'boolean' }, lang: { type: 'string' } } as const;

export function parseCommand(argv: string[], s: Strings, io: Io): void {
  const { values, positionals } = parse(argv, PARSE_OPTIONS, s);
  const lang = langOption(values.lang as string | undefined, s);
  if (positionals.length !== 1) throw new CliError(s.cli.parseUsage);
  const year = yearOption(values.year as string | undefined, s);
  const plan = parsePlan(
    readPlanText(positionals[0], s, (m) => io.err(`! ${m}`)),
    { year, lang },
  );
  if (values.json) io.out(JSON.stringify(plan, null, 2));
  else for (const line of summary(plan, s)) io.out(line);
}

export interface PlanBuildOptions {
  file: string;
  year: number | null;
  lang: Lang;
  name?: string;
  asOf: IsoDate | null;
  dueSoonDays: number;
  tasksToLedger: boolean;
}

/**
 * Why a plan gives no schedule, in words a user can act on: phases read without a date are named,
 * with how to give them theirs.
 */
function noScheduleMessage(plan: ParsedPlan, reason: 'noYear' | 'noSchedule', s: Strings): string {
  if (reason === 'noYear') return s.cli.planNoYear;
  const undated = plan.phases.filter((p) => !p.start && !p.end);
  if (!undated.length) return s.cli.planNoSchedule;
  const names = undated.slice(0, 8).map((p) => `“${p.name}”`);
  if (undated.length > 8) names.push(`… (+${undated.length - 8})`);
  return format(s.cli.planUndatedPhases, { n: undated.length, phases: names.join('、'), example: undated[0].name });
}

/** The campaign of a plan file, or a CliError saying why there is none (warnings go to stderr). */
export function campaignFromPlanFile(o: PlanBuildOptions, s: Strings, io: Io): Campaign {
  const plan = parsePlan(
    readPlanText(o.file, s, (m) => io.err(`! ${m}`)),
    { year: o.year, lang: o.lang },
  );
  const result = campaignFromPlan(plan, {
    lang: o.lang,
    name: o.name,
    asOf: o.asOf,
    dueSoonDays: o.dueSoonDays,
    today: io.today(),
    tasksToLedger: o.tasksToLedger,
  });
  if (!result.ok) throw new CliError(noScheduleMessage(plan, result.reason, s));
  if (plan.warnings.length) {
    io.err(s.cli.planWarnings);
    for (const w of plan.warnings) io.err(`  ! ${w}`);
  }
  return result.campaign;
}
