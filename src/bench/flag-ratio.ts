/**
 * The flag against ExcelJS as whole commands, as a user runs them (Node's start included):
 * `node bin/campaign-ledger.js flag` on the 10,000-row ledger, and a Node script that reads and
 * writes the same file with ExcelJS. They run back to back (a pair: a busy moment of a shared
 * machine slows both), after one unmeasured run of each; the ratio is the median of the pairs'.
 * Each process also records its own CPU time at exit (user + system, GC threads included), which a
 * loaded machine disturbs less than the wall clock.
 *
 * The split says where the flag's time goes, in one more run of the same command with its steps
 * timed from outside (flag-split.ts, preloaded): Node's own start, loading the command's modules,
 * reading the package, planning, writing the parts, compressing them, writing the file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'campaign-ledger.js');
const CPU_AT_EXIT = path.join(__dirname, 'cpu-at-exit.js');
const SPLIT = path.join(__dirname, 'flag-split.js');

interface Run {
  ms: number;
  cpuMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs one command (with the CPU recorder preloaded), timing it from outside. */
function run(args: string[], dir: string, extraEnv: Record<string, string> = {}): Run {
  const cpuFile = path.join(dir, 'cpu.json');
  fs.rmSync(cpuFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', CPU_AT_EXIT, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CL_BENCH_CPU_FILE: cpuFile, ...extraEnv },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = JSON.parse(fs.readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export interface FlagRatioOptions {
  /** The ledger file to flag (written by the caller). */
  ledger: Uint8Array;
  asOf: string;
  pairs?: number;
}

export function flagRatioFigures({ ledger, asOf, pairs = 3 }: FlagRatioOptions): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-bench-ratio-'));
  try {
    fs.writeFileSync(path.join(dir, 'ledger.xlsx'), ledger);
    const exceljsScript = path.join(dir, 'exceljs-read-write.js');
    fs.writeFileSync(
      exceljsScript,
      `const ExcelJS = require(${JSON.stringify(require.resolve('exceljs'))});
(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(process.argv[2]);
  await wb.xlsx.writeFile(process.argv[3]);
})().catch((e) => { console.error(e); process.exitCode = 1; });
`,
    );
    const flag = () => run([BIN, 'flag', 'ledger.xlsx', '--as-of', asOf, '-o', 'flagged.xlsx', '--force'], dir);
    const exceljs = () => run([exceljsScript, 'ledger.xlsx', 'exceljs.xlsx'], dir);
    const loadBefore = os.loadavg()[0];
    flag();
    exceljs();
    const runs = Array.from({ length: pairs }, () => ({ flag: flag(), exceljs: exceljs() }));
    const loadAfter = os.loadavg()[0];
    const flagMs = median(runs.map((r) => r.flag.ms));
    const exceljsMs = median(runs.map((r) => r.exceljs.ms));
    const ratio = median(runs.map((r) => r.flag.ms / r.exceljs.ms));
    const cpuRatio = median(runs.map((r) => r.flag.cpuMs / r.exceljs.cpuMs));
    return {
      what: `node bin/campaign-ledger.js flag on ${ledger.length} bytes, against ExcelJS readFile + writeFile of the same file, whole processes`,
      pairs,
      flagMs: round(flagMs),
      exceljsMs: round(exceljsMs),
      ratio: round(ratio, 2),
      goal: 'ratio <= 0.3 (median of paired runs, wall clock)',
      meetsGoal: ratio <= 0.3,
      cpu: {
        flagMs: round(median(runs.map((r) => r.flag.cpuMs))),
        exceljsMs: round(median(runs.map((r) => r.exceljs.cpuMs))),
        ratio: round(cpuRatio, 2),
      },
      pairRatios: runs.map((r) => round(r.flag.ms / r.exceljs.ms, 2)),
      loadAverage: { before: round(loadBefore, 1), after: round(loadAfter, 1), cores: os.cpus().length },
      split: flagSplit(dir, asOf, pairs),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The flag's steps in CPU ms (and wall ms), the median of `runs` runs of each step. */
function flagSplit(dir: string, asOf: string, runs: number): Record<string, unknown> {
  const splitFile = path.join(dir, 'split.json');
  const all: Record<string, { cpuMs: number; ms: number }>[] = [];
  for (let i = 0; i < runs; i++) {
    fs.rmSync(splitFile, { force: true });
    run(['-r', SPLIT, BIN, 'flag', 'ledger.xlsx', '--as-of', asOf, '-o', 'flagged.xlsx', '--force'], dir, { CL_BENCH_SPLIT_FILE: splitFile });
    all.push(JSON.parse(fs.readFileSync(splitFile, 'utf8')));
  }
  const out: Record<string, unknown> = { note: 'CPU ms of the process in each step (GC threads included), and wall ms; median of the runs' };
  for (const step of Object.keys(all[0])) {
    out[step] = { cpuMs: round(median(all.map((a) => a[step].cpuMs))), ms: round(median(all.map((a) => a[step].ms))) };
  }
  return out;
}
