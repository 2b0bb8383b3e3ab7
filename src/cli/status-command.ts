/** campaign-ledger add-status: live 整改状态 and 剩余天数 columns added to a ledger made by hand. */
import { DEFAULT_DUE_SOON_DAYS, type Strings } from '../core';
import { addStatusColumnsXlsx } from '../xlsx/status-columns';
import { CliError } from './errors';
import { asCliError, openFileAction } from './file-action';
import type { Io } from './main';
import { countOption, dateOption, langOption, parse } from './options';

const STATUS_OPTIONS = {
  output: { type: 'string', short: 'o' },
  'in-place': { type: 'boolean' },
  force: { type: 'boolean' },
  lang: { type: 'string' },
  'as-of': { type: 'string' },
  'due-soon-days': { type: 'string' },
} as const;

export async function statusCommand(argv: string[], s: Strings, io: Io): Promise<void> {
  const { values, positionals } = parse(argv, STATUS_OPTIONS, s);
  const lang = langOption(values.lang as string | undefined, s);
  if (positionals.length !== 1) throw new CliError(s.cli.statusUsage);
  const file = positionals[0];
  // A fixed as-of date and window for the settings sheet; without them =TODAY() and 3 days.
  const asOf = dateOption(values['as-of'] as string | undefined, '--as-of', s) ?? undefined;
  const dueSoonDays = countOption(values['due-soon-days'] as string | undefined, '--due-soon-days', 365, DEFAULT_DUE_SOON_DAYS, s);
  const action = openFileAction(file, values, 'status', s, (m) => io.err(`! ${m}`));
  try {
    let outcome;
    try {
      outcome = await addStatusColumnsXlsx(action.input, { lang, asOf, dueSoonDays });
    } catch (error) {
      throw asCliError(error, s, file);
    }
    // A ledger that has its columns already is not written again (nor copied to -o).
    action.finish(outcome.changed ? outcome.chunks : null);
    for (const m of outcome.messages) io.out(m);
  } finally {
    action.release();
  }
}
