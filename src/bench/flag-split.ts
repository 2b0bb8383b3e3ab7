/**
 * Preloaded (`node -r`) into one run of the flag command by the flag-ratio bench: where its time
 * goes, measured from outside by wrapping the functions each step is made of (the command itself
 * carries no timing code). Written at exit into CL_BENCH_SPLIT_FILE, in CPU ms and wall ms:
 * - start: Node's own, before any of our code runs;
 * - load: loading the flag command's modules;
 * - read: the package opened, every sheet's top rows, the ledger's columns (inflate included,
 *   also given alone);
 * - plan: the core's planFlag;
 * - write: the cells and sheets written as text (the ledger's edits, 逾期清单, the log, styles);
 * - compress: deflate and CRC of the written parts;
 * - file: the output written to disk;
 * - other: options, messages, exit.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

interface Clock {
  cpu: number;
  wall: number;
}

const now = (): Clock => {
  const u = process.cpuUsage();
  return { cpu: (u.user + u.system) / 1000, wall: performance.now() };
};
const since = (a: Clock, b: Clock): Clock => ({ cpu: b.cpu - a.cpu, wall: b.wall - a.wall });
const plus = (a: Clock, b: Clock): Clock => ({ cpu: a.cpu + b.cpu, wall: a.wall + b.wall });
const minus = (a: Clock, b: Clock): Clock => ({ cpu: a.cpu - b.cpu, wall: a.wall - b.wall });
const ZERO: Clock = { cpu: 0, wall: 0 };

const file = process.env.CL_BENCH_SPLIT_FILE;
const begin = now();
/* eslint-disable @typescript-eslint/no-require-imports -- modules loaded at this point on purpose, to time their loading */
require('../cli/main');
require('../cli/flag-command');
const loaded = now();

type Fn = (...args: unknown[]) => unknown;
const spans: Record<string, { from: Clock; to: Clock }> = {};
const totals: Record<string, Clock> = { compress: ZERO, inflate: ZERO, file: ZERO };

/** Wraps obj[name]: its last call's span, or the sum of its calls' times under `total`. */
function wrap(obj: Record<string, unknown>, name: string, as: { span?: string; total?: string }): void {
  const f = obj[name] as Fn;
  obj[name] = function (this: unknown, ...args: unknown[]) {
    const from = now();
    const done = () => {
      const to = now();
      if (as.span) spans[as.span] = { from, to };
      if (as.total) totals[as.total] = plus(totals[as.total], since(from, to));
    };
    const result = f.apply(this, args);
    if (result instanceof Promise) return result.finally(done);
    done();
    return result;
  };
}

const zl = zlib as unknown as Record<string, unknown>;
wrap(zl, 'deflateRawSync', { total: 'compress' });
wrap(zl, 'crc32', { total: 'compress' });
wrap(zl, 'inflateRawSync', { total: 'inflate' });
wrap(require('../xlsx/flag'), 'flagXlsx', { span: 'flag' });
wrap(require('../core/flag/plan'), 'planFlag', { span: 'plan' });
const writeFile = require('../cli/write-file');
wrap(writeFile, 'writeFileAtomically', { total: 'file' });
wrap(writeFile.InPlaceFile.prototype, 'commit', { total: 'file' });
/* eslint-enable @typescript-eslint/no-require-imports */

if (file) {
  process.on('exit', () => {
    const end = now();
    const { flag, plan } = spans;
    if (!flag || !plan) return;
    const read = since(flag.from, plan.from);
    const write = minus(since(plan.to, flag.to), totals.compress);
    const steps: Record<string, Clock> = {
      start: begin,
      load: since(begin, loaded),
      read,
      'read.inflate': totals.inflate,
      plan: since(plan.from, plan.to),
      write,
      compress: totals.compress,
      file: totals.file,
    };
    steps.other = minus(since(loaded, end), plus(since(flag.from, flag.to), totals.file));
    steps.total = end;
    const out: Record<string, { cpuMs: number; ms: number }> = {};
    for (const [k, v] of Object.entries(steps)) out[k] = { cpuMs: v.cpu, ms: v.wall };
    fs.writeFileSync(file, JSON.stringify(out));
  });
}
