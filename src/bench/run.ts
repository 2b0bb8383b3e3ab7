/**
 * npm run bench: prints JSON figures. Each case runs in a child process of its own, so its peak
 * RSS is its own; inside it, one warm-up run, then the median of the measured runs.
 */
import { fork } from 'node:child_process';
import ExcelJS from 'exceljs';
import {
  campaignFromTemplate, LEDGER_COLUMN_KEYS, layoutWorkbook, ledgerStatus, remainingDays, strings,
  toExcelSerial, withSampleItems, type Campaign,
} from '../core';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from '../core/plan';
import { flagXlsx } from '../xlsx/flag';
import { writeXlsx } from '../xlsx/render';

const ROWS = 10_000;
const RUNS = 5;
const AS_OF = '2026-04-15';

function bigCampaign(): Campaign {
  return withSampleItems(campaignFromTemplate('jiefang-sixiang', { start: '2026-03-02', lang: 'zh-CN', asOf: AS_OF }), ROWS, AS_OF);
}

/** The baseline: ExcelJS writing the same rows as plain values (statuses computed, no formulas). */
async function plainValues(campaign: Campaign): Promise<number> {
  const s = strings(campaign.lang);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(s.sheets.ledger);
  ws.addRow(LEDGER_COLUMN_KEYS.map((k) => s.ledger.columns[k]));
  campaign.items.forEach((item, i) => {
    const serial = (d: string | null) => (d ? toExcelSerial(d) : null);
    ws.addRow([
      i + 1, item.category, item.problem, item.measure, item.type, item.leader, item.unit, item.owner,
      serial(item.deadline), serial(item.completed), s.ledger.statuses[ledgerStatus(item, AS_OF, 3)],
      remainingDays(item, AS_OF), serial(item.signedOff), item.signer, item.remarks,
    ]);
  });
  return (await wb.xlsx.writeBuffer()).byteLength;
}

async function fullBuild(campaign: Campaign): Promise<number> {
  return (await writeXlsx(layoutWorkbook(campaign))).byteLength;
}

/** The same 10,000-row ledger as a file, for the flag cases (built once per process, not timed). */
let ledgerFile: Uint8Array | null = null;
async function ledgerBytes(c: Campaign): Promise<Uint8Array> {
  ledgerFile ??= await writeXlsx(layoutWorkbook(c));
  return ledgerFile;
}

async function flagLedger(c: Campaign): Promise<number> {
  return (await flagXlsx(await ledgerBytes(c), { asOf: AS_OF, runDate: AS_OF })).bytes.byteLength;
}

/** The baseline for flagging: ExcelJS merely reading and writing the same file. */
async function readWrite(c: Campaign): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await ledgerBytes(c)) as unknown as ArrayBuffer);
  return (await wb.xlsx.writeBuffer()).byteLength;
}

const CASES: Record<string, (c: Campaign) => Promise<number>> = { build: fullBuild, plainValues, flag: flagLedger, readWrite };

const PLANS_DIR = path.resolve(__dirname, '../../../shared/plans');

/** Parsing: the five sample plans (after warm-up), and a 2 MB paste. */
function planFigures(): Record<string, unknown> {
  if (!fs.existsSync(PLANS_DIR)) return { skipped: `no plans at ${PLANS_DIR}` };
  const texts = fs.readdirSync(PLANS_DIR).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(PLANS_DIR, f), 'utf8'));
  const time = (fn: () => void) => {
    const t0 = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < 3; i++) for (const t of texts) parsePlan(t);
  const runs = Array.from({ length: 9 }, () => time(() => texts.forEach((t) => parsePlan(t)))).sort((a, b) => a - b);
  const big = texts.join('\n').repeat(Math.ceil(2_000_000 / texts.join('\n').length)).slice(0, 2_000_000);
  const bigRuns = Array.from({ length: 3 }, () => time(() => parsePlan(big))).sort((a, b) => a - b);
  return {
    plans: texts.length,
    allPlansMedianMs: Math.round(runs[4] * 10) / 10,
    allPlansGoal: 'under 50 ms',
    twoMegabyteChars: big.length,
    twoMegabyteMedianMs: Math.round(bigRuns[1]),
    twoMegabyteGoal: 'under 1000 ms',
  };
}

async function measure(name: string): Promise<void> {
  const campaign = bigCampaign();
  const fn = CASES[name];
  await fn(campaign);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    (global as { gc?: () => void }).gc?.();
    const t0 = process.hrtime.bigint();
    bytes = await fn(campaign);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  process.send!({ name, medianMs: Math.round(times[Math.floor(RUNS / 2)]), minMs: Math.round(times[0]), bytes, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) });
}

function runChild(name: string): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--case', name], { execArgv: ['--expose-gc'] });
    child.on('message', (m) => resolve(m as Record<string, number | string>));
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`bench case ${name} exited ${code}`)));
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--case');
  if (i > 0) return measure(process.argv[i + 1]);
  const build = await runChild('build');
  const plain = await runChild('plainValues');
  const ratio = Number(build.medianMs) / Number(plain.medianMs);
  const planParsing = planFigures();
  const flag = await runChild('flag');
  const readWriteFigures = await runChild('readWrite');
  const flagRatio = Number(flag.medianMs) / Number(readWriteFigures.medianMs);
  const report = {
    ledgerRows: ROWS,
    runs: RUNS,
    buildWorkbook: build,
    exceljsPlainValues: plain,
    ratio: Math.round(ratio * 100) / 100,
    goal: 'ratio <= 1.5',
    meetsGoal: ratio <= 1.5,
    planParsing,
    flag: {
      ledgerRows: ROWS,
      flagLedger: flag,
      exceljsReadWrite: readWriteFigures,
      ratio: Math.round(flagRatio * 100) / 100,
      goal: 'ratio <= 1.5',
      meetsGoal: flagRatio <= 1.5,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
