/**
 * The ribbon's 标记逾期 button (ExecuteFunction): flags the workbook's ledger without opening
 * the pane, tells the user the counts, and always completes the event, also on errors, so
 * Excel never shows the button as still running.
 */
import { type IsoDate } from '../core/dates';
import { format, type Lang, strings, type Strings } from '../core/locale';
import type { ContextApi } from './api';
import { hostMessage } from './errors';
import { flagWorkbook, type FlagActionOutcome } from './flag';
import { checkRequirements, type RequirementCheck } from './requirements';

export interface RibbonHost {
  run<T>(batch: (context: ContextApi) => Promise<T>): Promise<T>;
  isSetSupported: RequirementCheck;
  /** Shows a message (a dialog in Excel); resolves when it is closed or could not be shown. */
  notify(message: string, kind: 'info' | 'error'): Promise<void>;
  today(): IsoDate;
  lang: Lang;
}

const UNITS_SHOWN = 8;

export function flagSummary(outcome: FlagActionOutcome, s: Strings): string {
  const { result } = outcome;
  const c = result.counts;
  if (!c.overdue) return format(s.host.flaggedNone, { asOf: result.asOf, dueSoon: c.dueSoon });
  const byUnit = new Map<string, number>();
  for (const item of result.overdue) byUnit.set(item.unit || '—', (byUnit.get(item.unit || '—') ?? 0) + 1);
  const units = [...byUnit]
    .sort((a, b) => b[1] - a[1])
    .slice(0, UNITS_SHOWN)
    .map(([unit, n]) => format(s.host.byUnit, { unit, n }));
  if (byUnit.size > UNITS_SHOWN) units.push('…');
  const head = format(s.host.flagged, { asOf: result.asOf, overdue: c.overdue, newly: c.newlyOverdue, dueSoon: c.dueSoon, sheet: outcome.overdueSheet });
  return [head, ...units, ...outcome.warnings].join('\n');
}

export async function flagFromRibbon(event: { completed(): void }, host: RibbonHost): Promise<void> {
  const s = strings(host.lang);
  try {
    checkRequirements(host.isSetSupported);
    const today = host.today();
    // As of the workbook's own as-of cell (=TODAY() is today), with its own due-soon window.
    const outcome = await host.run((context) => flagWorkbook(context, { runDate: today }));
    await host.notify(flagSummary(outcome, s), 'info');
  } catch (error) {
    try {
      await host.notify(hostMessage(error, s), 'error');
    } catch {
      // Nothing more can be shown; the event must still complete.
    }
  } finally {
    event.completed();
  }
}
