/** Turns a built-in template into a dated Campaign, and adds sample rectification items. */
import { addDays, daysBetween, type IsoDate, minDate } from './dates';
import { type Lang, RECTIFICATION_TYPE_KEYS, STATUS_KEYS, type StatusKey, strings, type TemplateStrings } from './locale';
import {
  blankItem,
  type Campaign,
  DEFAULT_DUE_SOON_DAYS,
  emptyLeadingGroup,
  type LeadingGroup,
  type Person,
  type RectificationItem,
  ROLE_GROUP_FIELD,
  type Task,
} from './model';
import { findTemplate, type TemplateData, type TemplateTask } from './templates';

export { DEFAULT_DUE_SOON_DAYS } from './model';
export const MAX_SAMPLE_ITEMS = 100_000;

export interface TemplateOptions {
  start: IsoDate;
  lang: Lang;
  name?: string;
  asOf?: IsoDate | null;
  dueSoonDays?: number;
}

export class UnknownTemplateError extends Error {
  constructor(readonly id: string) {
    super(`unknown template: ${id}`);
  }
}

export function templateStrings(template: TemplateData, lang: Lang): TemplateStrings {
  return strings(lang).templates[template.id];
}

export function taskText(template: TemplateData, lang: Lang, key: string): string {
  const own = templateStrings(template, lang).tasks[key];
  return own ?? strings(lang).standardTasks[key] ?? key;
}

export function unitText(lang: Lang, key: string): string {
  return strings(lang).standardUnits[key] ?? key;
}

function datedTask(template: TemplateData, lang: Lang, task: TemplateTask, from: IsoDate, until: IsoDate): Task {
  const start = minDate(addDays(from, task.offset), until);
  return {
    text: taskText(template, lang, task.key),
    start,
    end: minDate(addDays(start, Math.max(task.days, 1) - 1), until),
    unit: unitText(lang, task.unit),
  };
}

export function campaignFromTemplate(templateId: string, options: TemplateOptions): Campaign {
  const template = findTemplate(templateId);
  if (!template) throw new UnknownTemplateError(templateId);
  const { lang, start } = options;
  const texts = templateStrings(template, lang);

  let cursor = start;
  const phases = template.phases.map((phase) => {
    const phaseStart = cursor;
    const phaseEnd = addDays(phaseStart, phase.days - 1);
    cursor = addDays(phaseEnd, 1);
    return {
      name: texts.phases[phase.key].name,
      goal: texts.phases[phase.key].goal,
      start: phaseStart,
      end: phaseEnd,
      unit: unitText(lang, phase.unit),
      tasks: phase.tasks.map((t) => datedTask(template, lang, t, phaseStart, phaseEnd)),
    };
  });
  const end = phases.length ? phases[phases.length - 1].end! : addDays(start, (template.days ?? 365) - 1);
  const tasks = template.areas.flatMap((area) => area.tasks.map((t) => ({ ...datedTask(template, lang, t, start, end), area: texts.areas[area.key] })));

  return {
    name: options.name ?? texts.name,
    lang,
    templateId: template.id,
    start,
    end,
    phases,
    tasks,
    milestones: [],
    leadingGroup: emptyLeadingGroup(),
    units: template.units.map((u) => unitText(lang, u)),
    categories: [...strings(lang).defaults.categories],
    owners: [],
    items: [],
    asOf: options.asOf ?? null,
    dueSoonDays: options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS,
  };
}

function isGroupEmpty(group: LeadingGroup): boolean {
  return Object.values(group).every((people: Person[]) => people.length === 0);
}

/** Dates that make an item land on `status` as of `asOf`; `spread` varies them from row to row. */
/** The statuses dates can give (日期有误 comes only from a cell that is not a date). */
const DATED_STATUSES = STATUS_KEYS.filter((k): k is Exclude<StatusKey, 'dateError'> => k !== 'dateError');

function sampleDates(status: Exclude<StatusKey, 'dateError'>, asOf: IsoDate, dueSoonDays: number, spread: number) {
  const d = (n: number) => addDays(asOf, n);
  switch (status) {
    case 'overdue':
      return { deadline: d(-1 - (spread % 20)), completed: null, signedOff: null };
    case 'dueSoon':
      return { deadline: d(spread % (dueSoonDays + 1)), completed: null, signedOff: null };
    case 'inProgress':
      return { deadline: d(dueSoonDays + 1 + (spread % 30)), completed: null, signedOff: null };
    case 'noDeadline':
      return { deadline: null, completed: null, signedOff: null };
    case 'completed':
      return { deadline: d(-5 + (spread % 10)), completed: d(-6), signedOff: null };
    case 'completedLate':
      return { deadline: d(-12 - (spread % 5)), completed: d(-3), signedOff: null };
    case 'signedOff':
      return { deadline: d(-20 - (spread % 10)), completed: d(-21 - (spread % 10)), signedOff: d(-2) };
  }
}

/**
 * Adds `count` example items whose deadlines straddle `asOf`, cycling through all seven
 * statuses so a demo workbook shows every one. Fills an empty leading group with sample people.
 */
export function withSampleItems(campaign: Campaign, count: number, asOf: IsoDate): Campaign {
  const s = strings(campaign.lang);
  const group = isGroupEmpty(campaign.leadingGroup) ? emptyLeadingGroup() : campaign.leadingGroup;
  if (isGroupEmpty(campaign.leadingGroup)) {
    for (const p of s.sample.people) group[ROLE_GROUP_FIELD[p.role]].push({ name: p.name, position: p.position, contact: p.contact });
  }
  const leaders = [...group.leader, ...group.deputies].map((p) => p.name);
  const owners = [...new Set([...campaign.owners, ...s.sample.owners])];
  const items: RectificationItem[] = [];
  for (let i = 0; i < count; i++) {
    const status = DATED_STATUSES[i % DATED_STATUSES.length];
    const spread = Math.floor(i / DATED_STATUSES.length);
    const sample = s.sample.problems[i % s.sample.problems.length];
    const dates = sampleDates(status, asOf, campaign.dueSoonDays, spread);
    items.push({
      ...blankItem(),
      category: campaign.categories[i % campaign.categories.length] ?? '',
      problem: sample.problem,
      measure: sample.measure,
      type: s.ledger.types[RECTIFICATION_TYPE_KEYS[i % RECTIFICATION_TYPE_KEYS.length]],
      leader: leaders[i % Math.max(leaders.length, 1)] ?? '',
      unit: campaign.units[i % campaign.units.length] ?? '',
      owner: owners[i % owners.length],
      ...dates,
      signer: dates.signedOff ? (group.office[0]?.name ?? '') : '',
    });
  }
  return { ...campaign, leadingGroup: group, owners, items: [...campaign.items, ...items] };
}

/** Length of the campaign in days, inclusive. */
export function campaignDays(campaign: Campaign): number {
  return daysBetween(campaign.start, campaign.end) + 1;
}
