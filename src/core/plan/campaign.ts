/** A parsed plan → a Campaign the layout can render: its phases, tasks, deadlines and leading group. */
import { DEFAULT_DUE_SOON_DAYS } from '../campaign';
import { endOfMonth, type IsoDate, maxDate, minDate, toIso } from '../dates';
import { type Lang, strings } from '../locale';
import type { Campaign, Person, RectificationItem, Task } from '../model';
import { MAX_NAME_LENGTH } from '../text';
import type { ParsedPlan } from './index';

export interface PlanCampaignOptions {
  lang: Lang;
  name?: string;
  asOf?: IsoDate | null;
  dueSoonDays?: number;
  /** Used only when the plan has no dates at all (a plan without phases). */
  today: IsoDate;
  /** The plan's 任务分工 tasks also become ledger items, tracked and flagged like rectification items. */
  tasksToLedger?: boolean;
}

export type PlanCampaignResult = { ok: true; campaign: Campaign } | { ok: false; reason: 'noYear' | 'noSchedule' };

const undated = (text: string): Task => ({ text, start: null, end: null, unit: '' });
const person = (name: string): Person => ({ name, position: '', contact: '' });

export function campaignFromPlan(plan: ParsedPlan, options: PlanCampaignOptions): PlanCampaignResult {
  if (!plan.phases.length && !plan.tasks.length && !plan.milestones.length && !plan.assignments.length) return { ok: false, reason: 'noSchedule' };
  const dates = [...plan.phases.flatMap((p) => [p.start, p.end]), ...plan.milestones.map((m) => m.due), ...plan.assignments.map((a) => a.due)].filter(
    (d): d is IsoDate => !!d,
  );
  // Without a year no phase has a date, unless the user typed them in the preview.
  if (plan.phases.length && plan.year === null && !dates.length) return { ok: false, reason: 'noYear' };
  if (plan.phases.length && !dates.length) return { ok: false, reason: 'noSchedule' };
  const year = plan.year;
  const start = dates.length ? dates.reduce(minDate) : year ? toIso(year, 1, 1) : options.today;
  const end = dates.length ? dates.reduce(maxDate) : year ? endOfMonth(year, 12) : options.today;
  const s = strings(options.lang);
  const area = s.plan.summary.assignments;
  const unitOf = (a: ParsedPlan['assignments'][number]) => (a.lead.length ? a.lead : a.units).join('、');
  const assigned: Task[] = plan.assignments.map((a) => ({ text: a.task, start: null, end: a.due, unit: unitOf(a), area }));
  const items: RectificationItem[] = options.tasksToLedger
    ? plan.assignments.map((a) => ({
        category: area,
        problem: a.task,
        measure: '',
        type: '',
        leader: '',
        unit: unitOf(a),
        owner: '',
        deadline: a.due,
        completed: null,
        signedOff: null,
        signer: '',
        // Units that share the task (责任单位 beside a 牵头单位) are kept where the owner sees them.
        remarks: a.lead.length && a.units.length ? a.units.join('、') : '',
      }))
    : [];
  const planUnits = [...new Set(items.map((i) => i.unit).filter(Boolean))];
  const name = (options.name ?? plan.title ?? '').trim().slice(0, MAX_NAME_LENGTH) || s.sample.campaignName;
  return {
    ok: true,
    campaign: {
      name,
      lang: options.lang,
      templateId: null,
      start,
      end,
      phases: plan.phases.map((p) => ({ name: p.name, start: p.start, end: p.end, unit: '', goal: '', tasks: p.tasks.map(undated) })),
      ...(plan.shape === 'activities' ? { scheduleShape: 'activities' as const } : {}),
      tasks: [...plan.tasks.map(undated), ...assigned],
      milestones: plan.milestones.map((m) => ({ due: m.due, text: m.text })),
      leadingGroup: {
        leader: plan.leadingGroup.leader.map(person),
        deputies: plan.leadingGroup.deputies.map(person),
        members: plan.leadingGroup.members.map(person),
        office: plan.leadingGroup.office.map(person),
      },
      units: [...new Set([...Object.values(s.standardUnits), ...planUnits])],
      categories: items.length ? [...s.defaults.categories, area] : [...s.defaults.categories],
      owners: [],
      items,
      asOf: options.asOf ?? null,
      dueSoonDays: options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS,
    },
  };
}
