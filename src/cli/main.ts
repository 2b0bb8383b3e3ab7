/** campaign-ledger: the command line. It orchestrates; the domain lives in src/core. */
import path from 'node:path';
import {
  campaignFromTemplate,
  DEFAULT_DUE_SOON_DAYS,
  DEFAULT_TEMPLATE_ID,
  format,
  layoutWorkbook,
  ledgerStatus,
  MAX_SAMPLE_ITEMS,
  STATUS_KEYS,
  type Campaign,
  type IsoDate,
  type Strings,
  TEMPLATES,
  localIsoDate,
  withSampleItems,
  findTemplate,
  strings,
  addDays,
} from '../core';
import { CliError } from './errors';
import { countOption, dateOption, langOption, messageLang, nameOption, outputOption, parse, requireString } from './options';
import { flagCommand } from './flag-command';
import { statusCommand } from './status-command';
import { mergeCommand, splitCommand } from './distribute-commands';
import { campaignFromPlanFile, parseCommand, yearOption } from './plan-commands';
import { writeFileAtomically } from './write-file';
import { useNodeCompressor } from './compressor';
import { encodeExcelJsPartsWhole } from './exceljs-utf8';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  today: () => IsoDate;
  /** The moment, where a command records one (split, merge); the clock when absent. */
  now?: () => Date;
}

/**
 * A reader that stops early (`parse plan.txt | head`) closes the pipe: the rest of the output is
 * not wanted, which is no error. What follows is dropped; the command ends as it would have.
 */
const closed = { stdout: false, stderr: false };
let watching = false;
function watchPipes(): void {
  if (watching) return;
  watching = true;
  for (const name of ['stdout', 'stderr'] as const)
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed[name] = true;
    });
}

const defaultIo: Io = {
  out: (line) => void (closed.stdout || process.stdout.write(`${line}\n`)),
  err: (line) => void (closed.stderr || process.stderr.write(`${line}\n`)),
  today: () => localIsoDate(new Date()),
};

function listTemplates(s: Strings, io: Io): void {
  io.out(s.cli.templatesHeader);
  for (const t of TEMPLATES) {
    const texts = s.templates[t.id];
    const size = t.phases.length
      ? format(s.cli.phasesCount, { n: t.phases.length })
      : format(s.cli.noPhases, { n: t.areas.reduce((n, a) => n + a.tasks.length, 0) });
    io.out(`  ${t.id.padEnd(18)} ${texts.name}(${size})`);
    io.out(`  ${''.padEnd(18)} ${texts.description}`);
  }
}

function printStatusCounts(campaign: Campaign, asOf: IsoDate, s: Strings, io: Io): void {
  const counts = Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) as Record<(typeof STATUS_KEYS)[number], number>;
  for (const item of campaign.items) counts[ledgerStatus(item, asOf, campaign.dueSoonDays)]++;
  io.out(format(s.cli.statusCountsAsOf, { total: campaign.items.length, asOf }));
  for (const k of STATUS_KEYS) io.out(`  ${s.ledger.statuses[k]}\t${counts[k]}`);
}

async function writeCampaign(campaign: Campaign, output: string, force: boolean, s: Strings, io: Io): Promise<void> {
  // ExcelJS is loaded only by the commands that build a new workbook: flag never needs it.
  const { writeXlsx } = await import('../xlsx/render');
  encodeExcelJsPartsWhole();
  const bytes = await writeXlsx(layoutWorkbook(campaign));
  writeFileAtomically(output, bytes, force, s);
  io.out(format(s.cli.wrote, { path: path.resolve(output) }));
}

const BUILD_OPTIONS = {
  template: { type: 'string' },
  plan: { type: 'string' },
  year: { type: 'string' },
  start: { type: 'string' },
  name: { type: 'string' },
  lang: { type: 'string' },
  'as-of': { type: 'string' },
  'due-soon-days': { type: 'string' },
  'sample-items': { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  'tasks-to-ledger': { type: 'boolean' },
} as const;

async function build(argv: string[], s: Strings, io: Io): Promise<void> {
  const { values } = parse(argv, BUILD_OPTIONS, s);
  const lang = langOption(values.lang as string | undefined, s);
  const planFile = values.plan as string | undefined;
  if (planFile !== undefined && values.template !== undefined) throw new CliError(s.cli.templateOrPlan);
  if (planFile === undefined && values['tasks-to-ledger']) throw new CliError(s.cli.tasksToLedgerNeedsPlan);
  const templateId = planFile === undefined ? requireString(values, 'template', s) : null;
  if (templateId !== null && !findTemplate(templateId)) {
    throw new CliError(format(s.cli.unknownTemplate, { id: templateId, ids: TEMPLATES.map((t) => t.id).join(', ') }));
  }
  const start = templateId !== null ? dateOption(requireString(values, 'start', s), '--start', s)! : null;
  const year = yearOption(values.year as string | undefined, s);
  const asOf = dateOption(values['as-of'] as string | undefined, '--as-of', s);
  const dueSoonDays = countOption(values['due-soon-days'] as string | undefined, '--due-soon-days', 365, DEFAULT_DUE_SOON_DAYS, s);
  const sampleItems = countOption(values['sample-items'] as string | undefined, '--sample-items', MAX_SAMPLE_ITEMS, 0, s);
  const name = nameOption(values.name as string | undefined, s);
  const output = outputOption(values.output as string | undefined, s);

  let campaign =
    templateId !== null
      ? campaignFromTemplate(templateId, { start: start!, lang, name, asOf, dueSoonDays })
      : campaignFromPlanFile({ file: planFile!, year, lang, name, asOf, dueSoonDays, tasksToLedger: values['tasks-to-ledger'] === true }, s, io);
  const reportDay = asOf ?? io.today();
  if (sampleItems > 0) campaign = withSampleItems(campaign, sampleItems, reportDay);
  await writeCampaign(campaign, output, values.force === true, s, io);
  if (sampleItems > 0) printStatusCounts(campaign, reportDay, s, io);
}

const DEMO_OPTIONS = { output: { type: 'string', short: 'o' }, lang: { type: 'string' } } as const;
export const DEMO_OUTPUT = path.join('out', 'campaign-ledger-demo.xlsx');
export const DEMO_SAMPLE_ITEMS = 21;

/** The README's first command: a workbook from the default template, started a month ago, with every status. */
async function demo(argv: string[], s: Strings, io: Io): Promise<void> {
  const { values } = parse(argv, DEMO_OPTIONS, s);
  const lang = langOption(values.lang as string | undefined, s);
  const output = values.output ? outputOption(values.output as string, s) : DEMO_OUTPUT;
  const today = io.today();
  let campaign = campaignFromTemplate(DEFAULT_TEMPLATE_ID, { start: addDays(today, -30), lang, name: strings(lang).sample.campaignName });
  campaign = withSampleItems(campaign, DEMO_SAMPLE_ITEMS, today);
  const fs = await import('node:fs');
  fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
  // The demo file is the demo's own: replacing it on every run is expected.
  await writeCampaign(campaign, output, true, s, io);
  printStatusCounts(campaign, today, s, io);
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  useNodeCompressor();
  if (io === defaultIo) watchPipes();
  const s = strings(messageLang(argv));
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'templates':
        listTemplates(s, io);
        return 0;
      case 'build':
        await build(rest, s, io);
        return 0;
      case 'demo':
        await demo(rest, s, io);
        return 0;
      case 'parse':
        parseCommand(rest, s, io);
        return 0;
      case 'flag':
        await flagCommand(rest, s, io);
        return 0;
      case 'add-status':
        await statusCommand(rest, s, io);
        return 0;
      case 'split':
        await splitCommand(rest, s, io);
        return 0;
      case 'merge':
        await mergeCommand(rest, s, io);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(s.cli.usage);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(format(s.cli.unknownCommand, { command }));
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    io.err(String((error as Error)?.stack ?? error));
    return 1;
  }
}
