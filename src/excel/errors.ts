/** What can stop an action in Excel, and how to say it to the user. */
import { ProblemError, problemMessage } from '../core/flag';
import { format, type Strings } from '../core/locale';
import type { ContextApi } from './api';

/** Problems of an action in Excel are the core's Problem; HostError is its error there. */
export { ProblemError as HostError, type Problem as HostProblem } from '../core/flag';

/** An action that failed part-way; `undone` says whether what it had written was removed again. */
export class ActionFailed extends Error {
  constructor(
    readonly reason: unknown,
    readonly undone: boolean,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/**
 * The first round trip of an action only reads, so Excel refuses it for one reason only: a user is
 * typing in a cell (Excel.RunOptions.delayForCellEdit: "if the user is in cell edit when the batch
 * request is processed by the host, the batch automatically fails").
 */
export async function firstSync(context: ContextApi): Promise<void> {
  try {
    await context.sync();
  } catch (error) {
    const code = codeOf(error);
    if (code === 'InvalidOperation' || code === 'InvalidOperationInCellEditMode') throw new ProblemError({ kind: 'cellEditing' });
    throw error;
  }
}

/**
 * DATE(1904,1,2) is 1463 in the 1900 date system and 1 in the 1904 one. Older Mac workbooks use
 * the latter; every serial the add-in reads or writes would be 1,462 days off there.
 */
export const DATE_PROBE = [1904, 1, 2] as const;
export const DATE_PROBE_1900 = 1463;

/** AccessDenied names the member Excel refused (errorLocation): the workbook's structure, a sheet's cells, or neither. */
function accessDenied(error: unknown, s: Strings): string {
  const location = (error as { debugInfo?: { errorLocation?: string } }).debugInfo?.errorLocation ?? '';
  if (/^(WorksheetCollection\.|Worksheet\.(delete|name|visibility|position))/.test(location)) return s.host.workbookProtected;
  if (/^(Range|Table|DataValidation|ConditionalFormat|Chart|PageLayout|Worksheet)/.test(location)) return s.host.sheetWriteDenied;
  return s.host.accessDenied;
}

/** Office.js errors carry a code; anything else is reported by its message. */
export function hostMessage(error: unknown, s: Strings): string {
  if (error instanceof ActionFailed) {
    const message = hostMessage(error.reason, s);
    return error.undone ? `${message} ${s.host.undone}` : message;
  }
  if (error instanceof ProblemError) return problemMessage(error.problem, s, error.file);
  const code = codeOf(error);
  if (code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded') return s.host.tooLarge;
  if (code === 'InvalidOperationInCellEditMode') return s.host.cellEditing;
  if (code === 'AccessDenied') return accessDenied(error, s);
  const message = error instanceof Error ? error.message : String(error);
  return format(s.host.unexpected, { message });
}
