/**
 * npm run bench: prints JSON figures. Each case runs in a child process of its own, so its peak
 * RSS is its own; inside it, one warm-up run, then the median of the measured runs.
 */
import { fork } from 'node:child_process';
import ExcelJS from 'exceljs';
import {
  campaignFromTemplate,
  LEDGER_COLUMN_KEYS,
  layoutWorkbook,
  ledgerStatus,
  remainingDays,
  strings,
  toExcelSerial,
  withSampleItems,
  type Campaign,
} from '../core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parsePlan } from '../core/plan';
import { docxText } from '../docx/plan-text';
import { planCurves } from './plan-curves';
import { strToU8, zipSync } from 'fflate';
import { doubleFromXlsx } from '../excel-double/from-xlsx';
import { ExcelDouble } from '../excel-double/double';
import { cellInput } from '../excel/cell-input';
import { flagWorkbook } from '../excel/flag';
import { insertCampaign } from '../excel/insert';
import { range as a1Range } from '../core/address';
import { flagXlsx } from '../xlsx/flag';
import { buildWeb, CHROMIUM, launchChromium, serveDir } from './web';
import { spawnSync } from 'node:child_process';
import { bigLedger } from './big-ledger';
import { distributeFigures, officeMergeFigures } from './distribute';
import { writeXlsx } from '../xlsx/render';
import { useNodeCompressor } from '../cli/compressor';
import { flagRatioFigures } from './flag-ratio';

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
      i + 1,
      item.category,
      item.problem,
      item.measure,
      item.type,
      item.leader,
      item.unit,
      item.owner,
      serial(item.deadline),
      serial(item.completed),
      s.ledger.statuses[ledgerStatus(item, AS_OF, 3)],
      remainingDays(item, AS_OF),
      serial(item.signedOff),
      item.signer,
      item.remarks,
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
  return (await flagXlsx(await ledgerBytes(c), { asOf: AS_OF, runDate: AS_OF })).chunks.reduce((n, chunk) => n + chunk.length, 0);
}

/** The baseline for flagging: ExcelJS merely reading and writing the same file. */
async function readWrite(c: Campaign): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await ledgerBytes(c)) as unknown as ArrayBuffer);
  return (await wb.xlsx.writeBuffer()).byteLength;
}

const CASES: Record<string, (c: Campaign) => Promise<number>> = { build: fullBuild, plainValues, flag: flagLedger, readWrite };

// Office.js, against the Excel double: round trips and request sizes are what cost in Excel.
const INSERT_ROWS = 1_000;
const OFFICE_RUNS = 3;

interface OfficeFigures {
  syncs: number;
  medianMs: number;
  maxRequestKiB: number;
  maxResponseKiB: number;
}

async function officeCase(prepare: () => Promise<ExcelDouble>, action: (d: ExcelDouble) => Promise<unknown>): Promise<OfficeFigures> {
  const times: number[] = [];
  let double: ExcelDouble | null = null;
  for (let i = 0; i < OFFICE_RUNS + 1; i++) {
    double = await prepare();
    const t0 = process.hrtime.bigint();
    await action(double);
    if (i > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const syncs = double!.syncs;
  return {
    syncs: syncs.length,
    medianMs: Math.round(times[Math.floor(times.length / 2)]),
    maxRequestKiB: Math.round(Math.max(...syncs.map((x) => x.requestBytes)) / 1024),
    maxResponseKiB: Math.round(Math.max(...syncs.map((x) => x.responseBytes)) / 1024),
  };
}

/** The naive insert: the same cells, one sync per row written. */
async function naiveInsert(double: ExcelDouble, campaign: Campaign): Promise<void> {
  const context = double.context();
  const spec = layoutWorkbook(campaign);
  for (const sheet of spec.sheets) {
    const ws = context.workbook.worksheets.add(sheet.name);
    const rows = [
      ...sheet.blocks.flatMap((b) => b.values.map((v, i) => ({ row: b.row + i, col: b.col, v }))),
      ...sheet.tables.flatMap((t) => [t.header, ...t.rows].map((v, i) => ({ row: t.row + i, col: t.col, v }))),
    ];
    for (const r of rows) {
      if (!r.v.length) continue;
      ws.getRange(a1Range(r.row, r.col, r.row, r.col + r.v.length - 1)).formulas = [r.v.map(cellInput)];
      await context.sync();
    }
    for (const f of sheet.filled) {
      for (let row = f.firstRow; row <= f.lastRow; row++) {
        ws.getRange(a1Range(row, f.col, row, f.col)).formulas = [[`=${f.formula.replace(new RegExp(`([A-Z])${f.firstRow}(?![0-9])`, 'g'), `$1${row}`)}`]];
        await context.sync();
      }
    }
  }
}

/** The naive flag: read a row, write its result, one sync per ledger row. */
async function naiveFlag(double: ExcelDouble, rows: number): Promise<void> {
  const context = double.context();
  const ws = context.workbook.worksheets.getItem(strings('zh-CN').sheets.ledger);
  for (let row = 3; row < 3 + rows; row++) {
    const r = ws.getRange(`A${row}:O${row}`).load('values');
    await context.sync();
    const deadline = r.values[0][8];
    const overdue = typeof deadline === 'number' && deadline < toExcelSerial(AS_OF) && r.values[0][9] === '' && r.values[0][12] === '';
    ws.getRange(`P${row}:Q${row}`).values = [[overdue ? toExcelSerial(AS_OF) : '', overdue ? toExcelSerial(AS_OF) - (deadline as number) : '']];
  }
  await context.sync();
}

async function officeFigures(): Promise<Record<string, unknown>> {
  const small = withSampleItems(campaignFromTemplate('jiefang-sixiang', { start: '2026-03-02', lang: 'zh-CN', asOf: AS_OF }), INSERT_ROWS, AS_OF);
  const insert = await officeCase(
    async () => new ExcelDouble(),
    (d) => insertCampaign(d.context(), small),
  );
  const insertNaive = await officeCase(
    async () => new ExcelDouble(),
    (d) => naiveInsert(d, small),
  );
  const bytes = await ledgerBytes(bigCampaign());
  const flag = await officeCase(
    () => doubleFromXlsx(bytes),
    (d) => flagWorkbook(d.context(), { asOf: AS_OF, runDate: AS_OF }),
  );
  const flagNaive = await officeCase(
    () => doubleFromXlsx(bytes),
    (d) => naiveFlag(d, ROWS),
  );
  const merge = await officeMergeFigures(AS_OF, officeCase);
  const perTrip = 100;
  const projected = (f: OfficeFigures) => Math.round((f.syncs * perTrip) / 100) / 10;
  return {
    note: `against the Excel double; "projectedSeconds" assumes ${perTrip} ms per round trip (a guess for Excel on the web, not a measurement)`,
    insert: {
      ledgerRows: INSERT_ROWS,
      batched: insert,
      naiveOneSyncPerRow: insertNaive,
      goal: 'at most 4 syncs',
      meetsGoal: insert.syncs <= 4,
      projectedSeconds: { batched: projected(insert), naive: projected(insertNaive) },
    },
    flag: {
      ledgerRows: ROWS,
      batched: flag,
      naiveOneSyncPerRow: flagNaive,
      goal: 'at most 3 syncs',
      meetsGoal: flag.syncs <= 3,
      projectedSeconds: { batched: projected(flag), naive: projected(flagNaive) },
    },
    merge: {
      ledgerRows: 10_000,
      unitFiles: 50,
      changedItems: 10_000,
      batched: merge,
      goal: 'at most 3 syncs',
      meetsGoal: merge.syncs <= 3,
    },
  };
}

const PLANS_DIR = path.resolve(__dirname, '../../../shared/plans');
/** The real plans collected for the importer's tests (dist/bench → test/fixtures/plans). */
const CORPUS_DIR = path.resolve(__dirname, '../../test/fixtures/plans');

const texts = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    : [];

const elapsed = (fn: () => void) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

/**
 * A Word document of about `bytes` (compressed), made of the plans' paragraphs with a 时间安排
 * table after each plan: the size a long plan with tables and pasted attachments reaches.
 */
function bigDocx(plans: string[], bytes: number): Uint8Array {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = (copies: number) => {
    const parts: string[] = [];
    for (let c = 0; c < copies; c++) {
      for (const plan of plans) {
        for (const line of plan.split('\n')) if (line.trim()) parts.push(`<w:p><w:r><w:t xml:space="preserve">${esc(line)} ${c}</w:t></w:r></w:p>`);
        const row = (cells: string[]) => `<w:tr>${cells.map((x) => `<w:tc><w:p><w:r><w:t>${esc(x)}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`;
        parts.push(
          `<w:tbl>${row(['阶段', '时间', '主要任务'])}${row([`动员部署${c}`, `3月${(c % 28) + 1}日至4月${(c % 28) + 1}日`, `召开动员会${c}`])}</w:tbl>`,
        );
      }
    }
    return `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${parts.join('')}</w:body></w:document>`;
  };
  const zip = (copies: number) => zipSync({ 'word/document.xml': strToU8(body(copies)) });
  const one = zip(1).length;
  let copies = Math.max(1, Math.round(bytes / one));
  let out = zip(copies);
  copies = Math.max(1, Math.round((copies * bytes) / out.length));
  out = zip(copies);
  return out;
}

/** Parsing: the sample and corpus plans (after warm-up), a 2 MB paste, a 1 MB .docx. */
function planFigures(): Record<string, unknown> {
  const samples = [...texts(PLANS_DIR), ...texts(CORPUS_DIR)];
  if (!samples.length) return { skipped: `no plans at ${PLANS_DIR} or ${CORPUS_DIR}` };
  for (let i = 0; i < 3; i++) for (const t of samples) parsePlan(t);
  const runs = Array.from({ length: 9 }, () => elapsed(() => samples.forEach((t) => parsePlan(t)))).sort((a, b) => a - b);
  const perPlan = samples.map((t) => Array.from({ length: 5 }, () => elapsed(() => parsePlan(t))).sort((a, b) => a - b)[2]);
  const all = samples.join('\n');
  const big = all.repeat(Math.ceil(2_000_000 / all.length)).slice(0, 2_000_000);
  const bigRuns = Array.from({ length: 3 }, () => elapsed(() => parsePlan(big))).sort((a, b) => a - b);
  const docx = bigDocx(samples, 1_000_000);
  let docxChars = 0;
  let docxPhases = 0;
  const docxRuns = Array.from({ length: 3 }, () =>
    elapsed(() => {
      const text = docxText(docx);
      docxChars = text.length;
      docxPhases = parsePlan(text).phases.length;
    }),
  ).sort((a, b) => a - b);
  return {
    plans: samples.length,
    allPlansMedianMs: Math.round(runs[4] * 10) / 10,
    slowestPlanMs: Math.round(Math.max(...perPlan) * 100) / 100,
    allPlansGoal: 'each under 50 ms',
    twoMegabyteChars: big.length,
    twoMegabyteMedianMs: Math.round(bigRuns[1]),
    twoMegabyteGoal: 'under 1000 ms',
    docxBytes: docx.length,
    docxTextChars: docxChars,
    docxPhases,
    docxReadAndParseMedianMs: Math.round(docxRuns[1]),
    // Input size against time: text, lines broken after 至, a .docx schedule table (plan-curves.ts).
    curves: planCurves(samples),
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
  process.send!({
    name,
    medianMs: Math.round(times[Math.floor(RUNS / 2)]),
    minMs: Math.round(times[0]),
    bytes,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}

function runChild(name: string): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--case', name], { execArgv: ['--expose-gc'] });
    child.on('message', (m) => resolve(m as Record<string, number | string>));
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`bench case ${name} exited ${code}`)));
  });
}

/**
 * The task pane: the JavaScript and CSS it loads at start in Excel (gzipped, office.js excluded;
 * the .xlsx code is a separate chunk loaded only by browser actions), and the time to first render
 * in headless Chromium (median of 7 loads, from navigation start to the title being drawn).
 */
async function paneFigures(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-bench-web-'));
  try {
    buildWeb(dir);
    const html = fs.readFileSync(path.join(dir, 'taskpane.html'), 'utf8');
    const startFiles = [...html.matchAll(/(?:src|href)="?([\w.-]+\.(?:js|css))/g)].map((m) => m[1]);
    const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length;
    const startKiB = Math.round(startFiles.reduce((n, f) => n + gz(f), 0) / 102.4) / 10;
    const lazy = fs.readdirSync(dir).filter((f) => f.endsWith('.js') && !startFiles.includes(f) && !['commands.js', 'dialog.js'].includes(f));
    const lazyKiB = Math.round(lazy.reduce((n, f) => n + gz(f), 0) / 102.4) / 10;
    if (!fs.existsSync(CHROMIUM))
      return {
        startFiles,
        startGzipKiB: startKiB,
        goal: 'at most 150 KiB',
        meetsGoal: startKiB <= 150,
        loadedOnDemandGzipKiB: lazyKiB,
        firstRender: `skipped: no ${CHROMIUM}`,
      };
    const server = await serveDir(dir);
    const browser = await launchChromium();
    const times: number[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const page = await browser.newPage({ viewport: { width: 350, height: 900 } });
        await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
        // A page script (a string: this file is compiled without DOM types).
        await page.addInitScript(`new MutationObserver((m, o) => {
          if (document.getElementById('title')?.textContent) { window.firstRender = performance.now(); o.disconnect(); }
        }).observe(document, { subtree: true, childList: true, characterData: true });`);
        await page.goto(`${server.url}/taskpane.html`);
        await page.waitForFunction('window.firstRender !== undefined');
        if (i > 0) times.push(Number(await page.evaluate('window.firstRender')));
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
    times.sort((a, b) => a - b);
    return {
      startFiles,
      startGzipKiB: startKiB,
      goal: 'at most 150 KiB',
      meetsGoal: startKiB <= 150,
      loadedOnDemandGzipKiB: lazyKiB,
      firstRenderMedianMs: Math.round(times[Math.floor(times.length / 2)]),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const LARGE_ROWS = 200_000;

/**
 * A 200,000-row ledger flagged by the command line as a user runs it, in a fresh process (its peak
 * memory is the command's own): time, peak RSS, and the sizes in and out.
 */
function largeFlagFigures(): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-bench-large-'));
  try {
    const input = path.join(dir, 'ledger.xlsx');
    const output = path.join(dir, 'flagged.xlsx');
    fs.writeFileSync(input, bigLedger(LARGE_ROWS, AS_OF));
    const main = path.resolve(__dirname, '../cli/main.js');
    const script = `const t0 = Date.now(); require(${JSON.stringify(main)}).main(process.argv.slice(1)).then((code) => {
      process.stderr.write('\\n' + JSON.stringify({ code, ms: Date.now() - t0, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\\n');
    });`;
    const r = spawnSync(process.execPath, ['-e', script, 'flag', input, '--as-of', AS_OF, '-o', output], { encoding: 'utf8' });
    const figures = JSON.parse(r.stderr.trim().split('\n').pop()!) as { code: number; ms: number; maxRssMiB: number };
    if (figures.code !== 0) throw new Error(`flag of ${LARGE_ROWS} rows failed: ${r.stderr}`);
    return {
      ledgerRows: LARGE_ROWS,
      inputBytes: fs.statSync(input).size,
      outputBytes: fs.statSync(output).size,
      ms: figures.ms,
      peakRssMiB: figures.maxRssMiB,
      goal: 'peak memory under 300 MiB',
      meetsGoal: figures.maxRssMiB < 300,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runChildReport(name: string): Promise<unknown> {
  return runChild(name);
}

async function main(): Promise<void> {
  // The flag is measured as the command line runs it.
  useNodeCompressor();
  const i = process.argv.indexOf('--case');
  if (i > 0 && process.argv[i + 1] === 'office') {
    process.send!(await officeFigures());
    return;
  }
  if (i > 0) return measure(process.argv[i + 1]);
  // `npm run bench -- --flag-ratio`: the flag against ExcelJS as whole commands, and its split, alone.
  if (process.argv.includes('--flag-ratio')) {
    const wholeCommands = flagRatioFigures({ ledger: await ledgerBytes(bigCampaign()), asOf: AS_OF });
    process.stdout.write(`${JSON.stringify({ flagWholeCommands: wholeCommands }, null, 2)}\n`);
    return;
  }
  // `npm run bench -- --plans`: the plan importer's figures alone, in seconds.
  if (process.argv.includes('--plans')) {
    process.stdout.write(`${JSON.stringify({ planParsing: planFigures() }, null, 2)}\n`);
    return;
  }
  const build = await runChild('build');
  const plain = await runChild('plainValues');
  const ratio = Number(build.medianMs) / Number(plain.medianMs);
  const planParsing = planFigures();
  const flag = await runChild('flag');
  const readWriteFigures = await runChild('readWrite');
  const flagRatio = Number(flag.medianMs) / Number(readWriteFigures.medianMs);
  const office = await runChildReport('office');
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
      goal: 'ratio <= 0.3 (the flag edits the package in place; ExcelJS only reads and writes it)',
      meetsGoal: flagRatio <= 0.3,
      large: largeFlagFigures(),
      wholeCommands: flagRatioFigures({ ledger: await ledgerBytes(bigCampaign()), asOf: AS_OF }),
    },
    distribute: distributeFigures(AS_OF),
    hostile: await (await import('./hostile')).hostileFigures(),
    officeJs: office,
    taskPane: await paneFigures(),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
