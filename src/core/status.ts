/**
 * The status semantics of the ledger and the schedule, as code. The workbook computes the same
 * thing with formulas (formulas.ts); the tests hold the two against each other through
 * LibreOffice, so the README, the formulas and this file cannot drift apart.
 */
import { daysBetween, type IsoDate } from './dates';
import type { PhaseStatusKey, StatusKey } from './locale';

export interface StatusInput {
  deadline: IsoDate | null;
  completed: IsoDate | null;
  signedOff: IsoDate | null;
}

export function ledgerStatus(item: StatusInput, asOf: IsoDate, dueSoonDays: number): StatusKey {
  if (item.signedOff) return 'signedOff';
  if (item.completed) {
    if (!item.deadline || item.completed <= item.deadline) return 'completed';
    return 'completedLate';
  }
  if (!item.deadline) return 'noDeadline';
  if (asOf > item.deadline) return 'overdue';
  if (daysBetween(asOf, item.deadline) <= dueSoonDays) return 'dueSoon';
  return 'inProgress';
}

/** Days from the as-of date to the deadline (negative when overdue); null once done or without a deadline. */
export function remainingDays(item: StatusInput, asOf: IsoDate): number | null {
  if (!item.deadline || item.completed || item.signedOff) return null;
  return daysBetween(asOf, item.deadline);
}

export function phaseStatus(start: IsoDate | null, end: IsoDate | null, asOf: IsoDate): PhaseStatusKey | null {
  if (!start) return null;
  if (asOf < start) return 'notStarted';
  if (end && asOf > end) return 'ended';
  return 'inProgress';
}
