/** campaign-ledger flag: the overdue flag on an .xlsx file. */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_DUE_SOON_DAYS, format, type Strings } from '../core';
import { problemMessage, ProblemError } from '../core/flag';
import { type FileFlagOutcome, flagXlsx } from '../xlsx/flag';
import { LIMITS } from '../xlsx/package/limits';
import { CliError } from './errors';
import type { Io } from './main';
import { countOption, dateOption, langOption, parse } from './options';
import { yearOption } from './plan-commands';
import { InPlaceFile, writeFileAtomically } from './write-file';

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

/** Next to the input: 台账.xlsx → 台账-flagged.xlsx. */
export function defaultFlagOutput(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}-flagged${ext || '.xlsx'}`);
}

export async function flagCommand(argv: string[], s: Strings, io: Io): Promise<void> {
  const { values, positionals } = parse(argv, FLAG_OPTIONS, s);
  const lang = values.lang === undefined ? undefined : langOption(values.lang as string, s);
  if (positionals.length !== 1) throw new CliError(s.cli.flagUsage);
  const file = positionals[0];
  if (values.output !== undefined && values['in-place']) throw new CliError(s.cli.outputOrInPlace);
  // Without --as-of, the workbook's own as-of date (总览's AsOfDate; =TODAY() is today).
  const asOf = dateOption(values['as-of'] as string | undefined, '--as-of', s) ?? undefined;
  const year = yearOption(values.year as string | undefined, s);
  const dueSoonDays =
    values['due-soon-days'] === undefined ? undefined : countOption(values['due-soon-days'] as string, '--due-soon-days', 365, DEFAULT_DUE_SOON_DAYS, s);
  const output = values['in-place'] ? file : ((values.output as string | undefined) ?? defaultFlagOutput(file));
  if (!values['in-place'] && !/\.xlsx$/i.test(output)) throw new CliError(format(s.cli.outputNotXlsx, { path: output }));
  if (!values['in-place'] && !values.force && fs.existsSync(output)) throw new CliError(format(s.cli.outputExists, { path: output }));

  // --in-place takes the file for itself first (its lock, no lock of another program), so that
  // what is read is what gets replaced.
  const inPlace = values['in-place'] ? InPlaceFile.open(file, s) : null;
  try {
    const bytes = inPlace ? inPlace.read() : readInput(file, s);
    let outcome;
    try {
      outcome = await flagXlsx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { asOf, runDate: io.today(), dueSoonDays, year, lang });
    } catch (error) {
      if (error instanceof ProblemError) throw new CliError(problemMessage(error.problem, s, file));
      throw error;
    }
    // --in-place replaces the input only through a complete temporary file and a rename.
    if (inPlace) inPlace.commit(outcome.chunks);
    else writeFileAtomically(output, outcome.chunks, true, s);
    report(outcome, values.json === true, output, s, io);
  } finally {
    inPlace?.release();
  }
}

/** The input file, after checking its size against the limit (before anything is read). */
export function readInput(file: string, s: Strings): Buffer {
  try {
    const size = fs.statSync(file).size;
    if (size > LIMITS.fileBytes) throw new CliError(problemMessage({ kind: 'limit', what: 'file', limit: LIMITS.fileBytes }, s, file));
    return fs.readFileSync(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(format(s.cli.readFailed, { path: file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }));
  }
}

function report(outcome: FileFlagOutcome, json: boolean, output: string, s: Strings, io: Io): void {
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
  if (settings.overridden) io.out(format(s.cli.asOfOverride, { asOf: settings.asOf, workbook: settings.overridden }));
  else if (settings.asOfFrom === 'workbook' || settings.dueSoonFrom === 'workbook')
    io.out(format(s.cli.settingsFromWorkbook, { asOf: settings.asOf, days: settings.dueSoonDays }));
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
