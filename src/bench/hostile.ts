/**
 * The hostile cases of issue 23 (hostile-files.ts) as a user meets them: each file given to the
 * command line in a fresh process, its time and peak memory measured, and what came of it. The
 * goal: every input of at most 50 MB within 1 GB and 30 s, or refused with the limit named.
 *
 * `node dist/bench/hostile.js [DIST]` runs them alone; DIST is another build's dist folder (main's,
 * say, to see where it stood), and `--only id,id` picks cases.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AS_OF, CASES, type HostileCase } from './hostile-files';

/** Past this a run is stopped and counted as a hang. */
const TIMEOUT_S = 120;
const GOAL = { ms: 30_000, rssMiB: 1024 };

export interface HostileFigure {
  id: string;
  inputBytes: number;
  ms: number;
  peakRssMiB: number | null;
  outcome: string;
  expected: string;
  asExpected: boolean;
  meetsGoal: boolean;
}

function args(c: HostileCase, file: string, dir: string): string[] {
  switch (c.command) {
    case 'flag':
      return ['flag', file, '--as-of', AS_OF, '-o', path.join(dir, `${c.id}-out.xlsx`), '--force'];
    case 'add-status':
      return ['add-status', file, '--as-of', AS_OF, '-o', path.join(dir, `${c.id}-out.xlsx`), '--force'];
    case 'split':
      return ['split', file, '-o', path.join(dir, `${c.id}-units`), '--force'];
    case 'parse':
      return ['parse', file];
  }
}

/** One case through the command line of the build in `dist`. */
export function runCase(c: HostileCase, dist: string, dir: string): HostileFigure {
  let file = c.file;
  let input = 0;
  if (!file.startsWith('/dev/') && file !== '-') {
    const bytes = c.make();
    input = bytes.length;
    file = path.join(dir, c.file);
    fs.writeFileSync(file, bytes);
  }
  const main = path.join(dist, 'cli', 'main.js');
  const script = `require(${JSON.stringify(main)}).main(process.argv.slice(1)).then((code) => process.exit(code));`;
  const stdin = file === '-' ? fs.openSync('/dev/zero', 'r') : 'ignore';
  const t0 = Date.now();
  // time(1) reports the peak memory of the command it waited for, killed or not.
  const r = spawnSync('/usr/bin/time', ['-f', '@@%M', 'timeout', '-s', 'KILL', String(TIMEOUT_S), process.execPath, '-e', script, ...args(c, file, dir)], {
    cwd: dir,
    encoding: 'utf8',
    stdio: [stdin, 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - t0;
  if (typeof stdin === 'number') fs.closeSync(stdin);
  const rss = /@@(\d+)\s*$/.exec(r.stderr ?? '');
  const err = (r.stderr ?? '').replace(/@@\d+\s*$/, '').trim();
  const killed = /Command terminated by signal 9/.test(err) || r.status === 137 || ms >= TIMEOUT_S * 1000;
  const outcome = killed
    ? 'hang (killed)'
    : r.status === 0
      ? 'ok'
      : r.status === 2
        ? `refused: ${err
            .split('\n')
            .filter((l) => !l.startsWith('Command exited'))
            .pop()}`
        : `crash (exit ${r.status}): ${err.split('\n')[0].slice(0, 200)}`;
  const expected = c.expect.ok ? 'ok' : `refused ${c.expect.message}`;
  const asExpected = c.expect.ok ? outcome === 'ok' : outcome.startsWith('refused') && c.expect.message.test(outcome);
  const peakRssMiB = rss ? Math.round(Number(rss[1]) / 1024) : null;
  return {
    id: c.id,
    inputBytes: input,
    ms,
    peakRssMiB,
    outcome,
    expected,
    asExpected,
    meetsGoal: !killed && ms <= GOAL.ms && (peakRssMiB ?? 0) <= GOAL.rssMiB,
  };
}

/** Every case, in a temporary folder removed afterwards. */
export function hostileFigures(dist = path.resolve(__dirname, '..'), only?: string[]): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-hostile-'));
  try {
    const cases = CASES.filter((c) => !only || only.includes(c.id)).map((c) => runCase(c, dist, dir));
    return {
      goal: `every input of at most 50 MB within ${GOAL.rssMiB} MiB and ${GOAL.ms / 1000} s, or refused with the limit named`,
      cases: Object.fromEntries(cases.map(({ id, ...f }) => [id, f])),
      worst: { ms: Math.max(...cases.map((c) => c.ms)), peakRssMiB: Math.max(...cases.map((c) => c.peakRssMiB ?? 0)) },
      meetsGoal: cases.every((c) => c.meetsGoal && c.asExpected),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const only = process.argv.indexOf('--only');
  const dist = process.argv[2] && !process.argv[2].startsWith('--') ? path.resolve(process.argv[2]) : undefined;
  process.stdout.write(`${JSON.stringify(hostileFigures(dist, only > 0 ? process.argv[only + 1].split(',') : undefined), null, 2)}\n`);
}
