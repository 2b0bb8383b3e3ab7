/** campaign-ledger flag: the overdue flag on an .xlsx file. */
import path from 'node:path';
import { settingsLines } from '../core/flag/messages';
import { format, type Strings } from '../core/locale';
import { DEFAULT_DUE_SOON_DAYS } from '../core/model';
import { type FileFlagOutcome, flagXlsx } from '../xlsx/flag';
import { CliError } from './errors';
import type { Io } from './main';
import { countOption, dateOption, langOption, parse, yearOption } from './options';
import { asCliError, openFileAction } from './file-action';

const FLAG_OPTIONS = {
  'as-of': { type: 'string' },
  output: { type: 'string', short: 'o' },
  'in-place': { type: 'boolean' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  year: { type: 'string' },
  'due-soon-days': { type: 'string' },
  lang: { type: 'string' },
} as const;

export async function flagCommand(argv: string[], s: Strings, io: Io): Promise<void> {
  const { values, positionals } = parse(argv, FLAG_OPTIONS, s);
  const lang = values.lang === undefined ? undefined : langOption(values.lang as string, s);
  if (positionals.length !== 1) throw new CliError(s.cli.flagUsage);
  const file = positionals[0];
  // Without --as-of, the workbook's own as-of date (总览's AsOfDate; =TODAY() is today).
  const asOf = dateOption(values['as-of'] as string | undefined, '--as-of', s) ?? undefined;
  const year = yearOption(values.year as string | undefined, s);
  const dueSoonDays =
    values['due-soon-days'] === undefined ? undefined : countOption(values['due-soon-days'] as string, '--due-soon-days', 365, DEFAULT_DUE_SOON_DAYS, s);
  // Today, from the clock the command was given: what a later as-of date is a preview of.
  const runDate = io.today();
  const action = openFileAction(file, values, 'flagged', s, (m) => io.err(`! ${m}`));
  try {
    let outcome;
    try {
      outcome = await flagXlsx(action.input, { asOf, runDate, dueSoonDays, year, lang });
    } catch (error) {
      throw asCliError(error, s, file);
    }
    action.finish(outcome.chunks);
    report(outcome, values.json === true, action.output, runDate, s, io);
  } finally {
    action.release();
  }
}

function report(outcome: FileFlagOutcome, json: boolean, output: string, runDate: string, s: Strings, io: Io): void {
  const c = outcome.result.counts;
  const settings = outcome.settings;
  for (const w of outcome.warnings) io.err(`! ${w}`);
  if (json) {
    io.out(
      JSON.stringify(
        {
          asOf: settings.asOf,
          asOfFrom: settings.asOfFrom,
          dueSoonDays: settings.dueSoonDays,
          dueSoonFrom: settings.dueSoonFrom,
          preview: settings.preview,
          ledgerSheet: outcome.ledgerSheet,
          output: path.resolve(output),
          counts: c,
          overdue: outcome.result.overdue,
        },
        null,
        2,
      ),
    );
    return;
  }
  for (const line of settingsLines(settings, runDate, s)) io.out(line);
  io.out(
    format(s.cli.flagged, {
      overdue: c.overdue,
      dueSoon: c.dueSoon,
      newlyOverdue: c.newlyOverdue,
      closed: c.closedSinceLastRun,
      asOf: settings.asOf,
      ledger: outcome.ledgerSheet,
    }),
  );
  io.out(format(s.cli.wrote, { path: path.resolve(output) }));
}
