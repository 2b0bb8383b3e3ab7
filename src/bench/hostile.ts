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
import { CHROMIUM, launchChromium, serveDir } from './web';

/** Past this a run is stopped and counted as a hang. */
const TIMEOUT_S = 120;
const GOAL = { ms: 30_000, rssMiB: 1024 };

export interface HostileFigure {
  id: string;
  inputBytes: number;
  ms: number;
  /** User and system CPU time: what the run cost, whatever else the machine was doing. */
  cpuMs: number | null;
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
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '@@%M %U %S', 'timeout', '-s', 'KILL', String(TIMEOUT_S), process.execPath, '-e', script, ...args(c, file, dir)],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: [stdin, 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const ms = Date.now() - t0;
  if (typeof stdin === 'number') fs.closeSync(stdin);
  const rss = /@@(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  const err = (r.stderr ?? '').replace(/@@[\d. ]+\s*$/, '').trim();
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
    cpuMs: rss ? Math.round((Number(rss[2]) + Number(rss[3])) * 1000) : null,
    peakRssMiB,
    outcome,
    expected,
    asExpected,
    meetsGoal: !killed && ms <= GOAL.ms && (peakRssMiB ?? 0) <= GOAL.rssMiB,
  };
}

/** Every case, in a temporary folder removed afterwards: on the command line, then the flag's in the browser. */
export async function hostileFigures(dist = path.resolve(__dirname, '..'), only?: string[]): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-hostile-'));
  try {
    const picked = CASES.filter((c) => !only || only.includes(c.id));
    const cases = picked.map((c) => runCase(c, dist, dir));
    // The browser runs this worktree's code: only measured with it.
    const own = path.resolve(dist) === path.resolve(__dirname, '..');
    const inBrowser = picked.filter((c) => (c.command === 'flag' || c.command === 'add-status') && !c.file.startsWith('/dev/'));
    const browser = own ? await browserFigures(inBrowser, dir) : { skipped: 'another build' };
    return {
      goal: `every input of at most 50 MB within ${GOAL.rssMiB} MiB and ${GOAL.ms / 1000} s, or refused with the limit named`,
      commandLine: {
        cases: Object.fromEntries(cases.map(({ id, ...f }) => [id, f])),
        worst: { ms: Math.max(...cases.map((c) => c.ms)), peakRssMiB: Math.max(...cases.map((c) => c.peakRssMiB ?? 0)) },
        meetsGoal: cases.every((c) => c.meetsGoal && c.asExpected),
      },
      browser,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same files flagged in headless Chromium, by the code the pane runs (a bundle of the package
 * editor, fflate compressing): the time of the action, and the renderer's peak memory (VmHWM).
 */
async function browserFigures(cases: HostileCase[], dir: string): Promise<Record<string, unknown>> {
  if (!fs.existsSync(CHROMIUM)) return { skipped: `no ${CHROMIUM}` };
  const web = path.join(dir, 'web');
  await bundle(web);
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="flag.js"></script>');
  for (const c of cases) if (!fs.existsSync(path.join(web, c.file))) fs.copyFileSync(path.join(dir, c.file), path.join(web, c.file));
  const server = await serveDir(web);
  const figures: Record<string, unknown> = {};
  try {
    for (const c of cases) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}/index.html`);
        const t0 = Date.now();
        const done = await Promise.race([
          page.evaluate(
            ([file, command, asOf]) =>
              (globalThis as never as { hostileAction: (u: string, c: string, a: string) => Promise<unknown> }).hostileAction(file, command, asOf),
            [c.file, c.command, AS_OF] as const,
          ),
          new Promise((resolve) => setTimeout(() => resolve({ hang: true }), TIMEOUT_S * 1000)),
        ]).catch((error: unknown) => ({ crashed: String(error).split('\n')[0] }));
        const cdp = await browser.newBrowserCDPSession();
        const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
        const peak = Math.max(0, ...processInfo.filter((p) => p.type === 'renderer').map((p) => peakRssKiB(p.id)));
        const d = done as { ok?: boolean; ms?: number; problem?: string; hang?: boolean; crashed?: string };
        const outcome = d.hang ? 'hang' : d.crashed ? `crash: ${d.crashed}` : d.ok ? 'ok' : `refused: ${d.problem}`;
        const expected = c.expect.ok ? 'ok' : `refused: ${[c.expect.problem.kind, c.expect.problem.what ?? c.expect.problem.reason].filter(Boolean).join(':')}`;
        const ms = d.ms ?? Date.now() - t0;
        figures[c.id] = {
          ms,
          peakRssMiB: Math.round(peak / 1024),
          outcome,
          asExpected: outcome === expected,
          meetsGoal: !d.hang && ms <= GOAL.ms && peak / 1024 <= GOAL.rssMiB,
        };
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const all = Object.values(figures) as { ms: number; peakRssMiB: number; asExpected: boolean; meetsGoal: boolean }[];
  return {
    cases: figures,
    worst: { ms: Math.max(...all.map((f) => f.ms)), peakRssMiB: Math.max(...all.map((f) => f.peakRssMiB)) },
    meetsGoal: all.every((f) => f.asExpected && f.meetsGoal),
  };
}

/** A process's peak resident memory in KiB (Linux), 0 where unknown. */
function peakRssKiB(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** browser-flag.ts bundled for the browser, as the pane's build bundles the package editor. */
async function bundle(out: string): Promise<void> {
  const { default: webpack } = await import('webpack');
  const root = path.resolve(__dirname, '../..');
  await new Promise<void>((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        target: 'web',
        devtool: false,
        entry: path.join(root, 'src/bench/browser-flag.ts'),
        output: { path: out, filename: 'flag.js' },
        resolve: { extensions: ['.ts', '.js'] },
        module: {
          rules: [
            {
              test: /\.ts$/,
              loader: 'ts-loader',
              exclude: /node_modules/,
              options: { configFile: path.join(root, 'tsconfig.json'), transpileOnly: true, compilerOptions: { module: 'es2020' } },
            },
          ],
        },
        performance: { hints: false },
      },
      (error, stats) => (error || stats?.hasErrors() ? reject(error ?? new Error(stats!.toString('errors-only'))) : resolve()),
    ),
  );
}

if (require.main === module) {
  const only = process.argv.indexOf('--only');
  const dist = process.argv[2] && !process.argv[2].startsWith('--') ? path.resolve(process.argv[2]) : undefined;
  void hostileFigures(dist, only > 0 ? process.argv[only + 1].split(',') : undefined).then((f) => process.stdout.write(`${JSON.stringify(f, null, 2)}\n`));
}
