import type { IsoDate } from './dates';
import type { Lang, RoleKey } from './locale';

export interface Task {
  text: string;
  start: IsoDate | null;
  end: IsoDate | null;
  unit: string;
  /** Content area (思想建设 …) for campaigns without phases. */
  area?: string;
}

export interface Phase {
  name: string;
  start: IsoDate | null;
  end: IsoDate | null;
  unit: string;
  goal: string;
  tasks: Task[];
}

export interface Milestone {
  due: IsoDate;
  text: string;
}

export interface Person {
  name: string;
  position: string;
  contact: string;
}

export interface LeadingGroup {
  leader: Person[];
  deputies: Person[];
  members: Person[];
  office: Person[];
}

export interface RectificationItem {
  category: string;
  problem: string;
  measure: string;
  /** One of the locale's 整改类型 texts, or whatever the user typed. */
  type: string;
  leader: string;
  unit: string;
  owner: string;
  deadline: IsoDate | null;
  completed: IsoDate | null;
  signedOff: IsoDate | null;
  signer: string;
  remarks: string;
}

export interface Campaign {
  name: string;
  lang: Lang;
  templateId: string | null;
  start: IsoDate;
  end: IsoDate;
  phases: Phase[];
  /**
   * How the plan's schedule reads: phases follow one another; activities (an activity plan's
   * items) may overlap and last a day. Absent means phases.
   */
  scheduleShape?: 'phases' | 'activities';
  /** Tasks outside any phase (campaigns without phases, or plan items not under a phase). */
  tasks: Task[];
  milestones: Milestone[];
  leadingGroup: LeadingGroup;
  units: string[];
  categories: string[];
  owners: string[];
  items: RectificationItem[];
  /** A fixed as-of date; null means the workbook reports as of TODAY(). */
  asOf: IsoDate | null;
  dueSoonDays: number;
}

/** The due-soon window (days) of a new campaign, and of a workbook that does not set one. */
export const DEFAULT_DUE_SOON_DAYS = 3;

/** Which list of the leading group holds each role. */
export const ROLE_GROUP_FIELD: Record<RoleKey, keyof LeadingGroup> = {
  leader: 'leader',
  deputy: 'deputies',
  member: 'members',
  office: 'office',
};

export function emptyLeadingGroup(): LeadingGroup {
  return { leader: [], deputies: [], members: [], office: [] };
}

export function blankItem(): RectificationItem {
  return {
    category: '',
    problem: '',
    measure: '',
    type: '',
    leader: '',
    unit: '',
    owner: '',
    deadline: null,
    completed: null,
    signedOff: null,
    signer: '',
    remarks: '',
  };
}
