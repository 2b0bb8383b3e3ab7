/**
 * The overdue flag, as a pure function: ledger rows and an as-of date in, the values of the
 * columns it owns and the overdue list out. Overdue: a deadline before the as-of date, with no
 * completion and no sign-off. 首次逾期日期 is the as-of date of the first run that saw the item
 * overdue, and is kept on later runs, so the record shows how long an item has been late.
 */
import { CLOSED_STATUS_WORDS, isTotalLabel, OPEN_STATUS_WORDS } from '../cell-words';
import { daysBetween, type IsoDate } from '../dates';
import { workdaysBetween } from '../workdays';
import { type DateRules, parseCellDate } from '../ledger/cell-date';
import type { LedgerLocation } from '../ledger/find';
import { type GridValue, gridText } from '../ledger/grid';
import type { LedgerField } from '../ledger/headers';

export interface LedgerItem {
  row: number;
  problem: string;
  measure: string;
  leader: string;
  unit: string;
  owner: string;
  deadline: IsoDate | null;
  closed: boolean;
  firstOverdue: IsoDate | null;
  /** What the previous run wrote into 逾期天数: a number means the item was overdue then. */
  previousDaysOverdue: number | null;
}

export interface UnreadableCell {
  row: number;
  header: string;
  text: string;
}

/** The cells whose text marks a totals row. */
export const TOTAL_LABEL_FIELDS: LedgerField[] = ['seq', 'problem', 'measure'];

/**
 * Whether a ledger row holds an item: a problem, a measure or a deadline (a 序号 typed ahead does
 * not count); a totals row (合计 in its 序号, problem or measure cell) is not one, as in the status formulas.
 */
export function isItemRow(loc: LedgerLocation, cells: readonly GridValue[]): boolean {
  const text = (f: LedgerField) => (loc.columns[f] ? gridText(cells[loc.columns[f]! - 1]) : '');
  if (!text('problem') && !text('measure') && !text('deadline')) return false;
  return !TOTAL_LABEL_FIELDS.some((f) => isTotalLabel(text(f)));
}

const containsAny = (words: string[]) => (text: string) => words.some((w) => text.includes(w));
const closedText = containsAny(CLOSED_STATUS_WORDS);
const openText = containsAny(OPEN_STATUS_WORDS);

/**
 * The ledger's items, their dates read with the one grammar the status formulas are made from
 * (typed-date.ts), whether the ledger has them or not. A date cell that cannot be read is listed,
 * and its item counts as neither overdue nor due soon, as 日期有误 does in the workbook; the caller
 * decides whether that stops the run (a ledger made by hand) or is reported (one with our formulas).
 */
export function readLedgerItems(loc: LedgerLocation, year: number | null, _rules?: DateRules): { items: LedgerItem[]; unreadable: UnreadableCell[] } {
  const c = loc.columns;
  const headers = loc.sheet.rows[loc.headerRow - 1] ?? [];
  const items: LedgerItem[] = [];
  const unreadable: UnreadableCell[] = [];
  for (let r = loc.headerRow + 1; r <= loc.sheet.rows.length; r++) {
    const cells = loc.sheet.rows[r - 1] ?? [];
    const at = (f: LedgerField) => (c[f] ? (cells[c[f]! - 1] ?? null) : null);
    const text = (f: LedgerField) => gridText(at(f));
    if (!isItemRow(loc, cells)) continue;
    const problems: UnreadableCell[] = [];
    const date = (f: LedgerField, purpose: 'deadline' | 'done') => {
      const d = parseCellDate(at(f), year, purpose);
      if (d.kind === 'error') problems.push({ row: r, header: gridText(headers[c[f]! - 1]), text: d.text });
      return d;
    };
    const deadline = date('deadline', 'deadline');
    const completed = date('completed', 'done');
    const signedOff = date('signedOff', 'done');
    const firstOverdue = c.firstOverdue ? parseCellDate(at('firstOverdue'), year, 'deadline') : { kind: 'empty' as const };
    unreadable.push(...problems);
    const status = text('status');
    const statusClosed = closedText(status) && !openText(status);
    const previous = at('daysOverdue');
    items.push({
      row: r,
      problem: text('problem'),
      measure: text('measure'),
      leader: text('leader'),
      unit: text('unit'),
      owner: text('owner'),
      // A bad date leaves the item out of every count, as 日期有误 does in the workbook.
      deadline: deadline.kind === 'date' && !problems.length ? deadline.date : null,
      closed: problems.length
        ? false
        : completed.kind === 'date' || completed.kind === 'done' || signedOff.kind === 'date' || signedOff.kind === 'done' || statusClosed,
      firstOverdue: firstOverdue.kind === 'date' ? firstOverdue.date : null,
      previousDaysOverdue: typeof previous === 'number' ? previous : null,
    });
  }
  return { items, unreadable };
}

export interface FlagUpdate {
  row: number;
  firstOverdue: IsoDate | null;
  daysOverdue: number | null;
}

export interface OverdueItem {
  row: number;
  unit: string;
  owner: string;
  leader: string;
  problem: string;
  measure: string;
  deadline: IsoDate;
  daysOverdue: number;
  firstOverdue: IsoDate;
  workdaysLeft: number | null;
}

export interface FlagCounts {
  overdue: number;
  dueSoon: number;
  newlyOverdue: number;
  closedSinceLastRun: number;
}

/** What a flag run found, as every host reports it. */
export interface FlagSummary {
  asOf: IsoDate;
  /** Grouped by 责任单位, then 责任人, longest overdue first. */
  overdue: OverdueItem[];
  counts: FlagCounts;
}

export interface FlagResult {
  asOf: IsoDate;
  updates: FlagUpdate[];
  /** Grouped by 责任单位, then 责任人, longest overdue first. */
  overdue: OverdueItem[];
  counts: FlagCounts;
}

export function computeFlag(items: LedgerItem[], asOf: IsoDate, dueSoonDays: number): FlagResult {
  const updates: FlagUpdate[] = [];
  // Deadlines repeat: working days are counted once per deadline, not once per item.
  const workdays = new Map<IsoDate, number | null>();
  const workdaysTo = (deadline: IsoDate) => {
    let n = workdays.get(deadline);
    if (n === undefined) workdays.set(deadline, (n = workdaysBetween(asOf, deadline)));
    return n;
  };
  const overdue: OverdueItem[] = [];
  const counts: FlagCounts = { overdue: 0, dueSoon: 0, newlyOverdue: 0, closedSinceLastRun: 0 };
  for (const item of items) {
    const isOverdue = !item.closed && item.deadline !== null && asOf > item.deadline;
    const left = item.deadline ? daysBetween(asOf, item.deadline) : null;
    if (!item.closed && left !== null && left >= 0 && left <= dueSoonDays) counts.dueSoon++;
    if (item.closed && item.previousDaysOverdue !== null) counts.closedSinceLastRun++;
    if (!isOverdue) {
      updates.push({ row: item.row, firstOverdue: item.firstOverdue, daysOverdue: null });
      continue;
    }
    counts.overdue++;
    if (!item.firstOverdue) counts.newlyOverdue++;
    const firstOverdue = item.firstOverdue ?? asOf;
    const daysOverdue = daysBetween(item.deadline!, asOf);
    updates.push({ row: item.row, firstOverdue, daysOverdue });
    overdue.push({
      row: item.row,
      unit: item.unit,
      owner: item.owner,
      leader: item.leader,
      problem: item.problem,
      measure: item.measure,
      deadline: item.deadline!,
      daysOverdue,
      firstOverdue,
      workdaysLeft: workdaysTo(item.deadline!),
    });
  }
  overdue.sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN') || a.owner.localeCompare(b.owner, 'zh-CN') || b.daysOverdue - a.daysOverdue || a.row - b.row);
  return { asOf, updates, overdue, counts };
}
