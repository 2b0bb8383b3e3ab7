/**
 * The ribbon's 标记逾期 button (ExecuteFunction): flags the workbook's ledger without opening
 * the pane, tells the user the counts, and always completes the event, also on errors, so
 * Excel never shows the button as still running.
 */
import { type IsoDate } from '../core/dates';
import { flagSummary } from '../core/flag';
import { type Lang, strings } from '../core/locale';
import type { ContextApi } from './api';
import { hostMessage } from './errors';
import { flagWorkbook } from './flag';
import { checkRequirements, type RequirementCheck } from './requirements';

export interface RibbonHost {
  run<T>(batch: (context: ContextApi) => Promise<T>): Promise<T>;
  isSetSupported: RequirementCheck;
  /** Shows a message (a dialog in Excel); resolves when it is closed or could not be shown. */
  notify(message: string, kind: 'info' | 'error'): Promise<void>;
  today(): IsoDate;
  lang: Lang;
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
