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
 * The first round trip of an action, which only reads. A user typing in a cell makes Excel refuse
 * it with its own code, InvalidOperationInCellEditMode ("The operation isn't available while
 * Excel is in Edit cell mode", https://learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling);
 * that is said as "press Enter or Esc". Any other refusal, a plain InvalidOperation too ("The
 * operation attempted is invalid on the object"), is reported as it is.
 *
 * The actions run with Excel.RunOptions.delayForCellEdit, which makes Excel wait instead; office.js
 * sends that option only where the host supports it, and Microsoft's reference ties it to no
 * ExcelApi set, so where it is ignored the refusal above is what the user sees.
 */
export async function firstSync(context: ContextApi): Promise<void> {
  try {
    await context.sync();
  } catch (error) {
    if (codeOf(error) === 'InvalidOperationInCellEditMode') throw new ProblemError({ kind: 'cellEditing' });
    throw error;
  }
}

/**
 * DATE(1904,1,2) is 1463 in the 1900 date system and 1 in the 1904 one. Older Mac workbooks use
 * the latter; every serial the add-in reads or writes would be 1,462 days off there.
 */
export const DATE_PROBE = [1904, 1, 2] as const;
export const DATE_PROBE_1900 = 1463;
const DATE_PROBE_1904 = 1;

/**
 * What the DATE probe says, after the sync: nothing when the workbook counts dates from 1900; the
 * 1904 date system only when Excel answered 1; anything else (an error, which Excel.FunctionResult
 * reports in `error` with no `value`, or another number) is a probe that failed, said as such.
 */
export function checkDateSystem(epoch: { value: number; error: string }): void {
  if (epoch.error) throw new ProblemError({ kind: 'dateProbe', got: String(epoch.error) });
  if (epoch.value === DATE_PROBE_1900) return;
  if (epoch.value === DATE_PROBE_1904) throw new ProblemError({ kind: 'dateSystem1904' });
  throw new ProblemError({ kind: 'dateProbe', got: String(epoch.value) });
}

/**
 * AccessDenied is, as Microsoft documents it, "You cannot perform the requested operation", with
 * no cause (application-specific-api-error-handling, above). The actions check protection and
 * read-only before they write and name the sheet then; what Excel refuses past those checks is
 * said as a refusal with its possible causes and the member Excel names (debugInfo.errorLocation:
 * "The object type and property or method name … if available"), never as one guessed cause.
 */
function accessDenied(error: unknown, s: Strings): string {
  const location = (error as { debugInfo?: { errorLocation?: string } }).debugInfo?.errorLocation;
  return format(s.host.accessDenied, { where: location ? ` (${location})` : '' });
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
  // "The operation failed because multiple workbooks are open and the workbook being called by
  // this API has lost focus" (the Excel-specific codes of the page above).
  if (code === 'InactiveWorkbook') return s.host.inactiveWorkbook;
  const message = error instanceof Error ? error.message : String(error);
  // Office.js codes are not localized and name the refusal exactly: kept beside the message.
  return format(s.host.unexpected, { message: code && !message.includes(code) ? `${message} (${code})` : message });
}
