/** What can stop an action in Excel, and how to say it to the user. */
import { format, type Strings } from '../core/locale';
import type { UnreadableCell } from '../core/ledger';

export type HostProblem =
  | { kind: 'readOnly' }
  | { kind: 'workbookProtected' }
  | { kind: 'sheetProtected'; sheet: string }
  | { kind: 'noLedger' }
  | { kind: 'unreadable'; cells: UnreadableCell[] }
  | { kind: 'unsupported'; version: string }
  | { kind: 'tooLarge' };

export class HostError extends Error {
  constructor(readonly problem: HostProblem) {
    super(problem.kind);
  }
}

const LIST_LIMIT = 10;

/** Office.js errors carry a code; anything else is reported by its message. */
export function hostMessage(error: unknown, s: Strings): string {
  if (error instanceof HostError) {
    const p = error.problem;
    switch (p.kind) {
      case 'readOnly': return s.host.readOnly;
      case 'workbookProtected': return s.host.workbookProtected;
      case 'sheetProtected': return format(s.host.sheetProtected, { sheet: p.sheet });
      case 'noLedger': return s.host.noLedger;
      case 'unsupported': return format(s.host.unsupported, { version: p.version });
      case 'tooLarge': return s.host.tooLarge;
      case 'unreadable': {
        const list = p.cells.slice(0, LIST_LIMIT).map((c) => format(s.host.unreadableCell, { row: c.row, header: c.header, text: c.text }));
        if (p.cells.length > LIST_LIMIT) list.push(`… (+${p.cells.length - LIST_LIMIT})`);
        return format(s.host.unreadable, { list: list.join(';') });
      }
    }
  }
  const code = (error as { code?: string } | null)?.code;
  if (code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded') return s.host.tooLarge;
  if (code === 'AccessDenied') return s.host.readOnly;
  const message = error instanceof Error ? error.message : String(error);
  return format(s.host.unexpected, { message });
}
