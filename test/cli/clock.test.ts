/**
 * The command line on other days: its clock set by `faketime` (a Debian package; installed by
 * scripts/ensure-test-deps.sh) to a month end, the last half hour of a year, a leap day, and the
 * first half hour of a year in Beijing while UTC is still in the old one. Each run takes its
 * today from the clock, in the office's time zone, and the demo's printed counts and the flag's
 * agree on it. (The rest of the suite passes under these clocks too: see
 * docs/tests.md for running it so.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/workbook';

const BIN = path.resolve(__dirname, '../../bin/campaign-ledger.js');
const dir = tempDir('cl-clock-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * This process's environment without a faketime of its own (the whole suite run under faketime):
 * a clock set inside another is not set at all, so the outer one is taken off first.
 */
function ownClockEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('FAKETIME') && !k.startsWith('FAKERANDOM') && k !== 'DONT_FAKE_MONOTONIC'),
  );
  const preload = (env.LD_PRELOAD ?? '')
    .split(/[: ]/)
    .filter((l) => l && !/faketime/.test(l))
    .join(':');
  if (preload) env.LD_PRELOAD = preload;
  else delete env.LD_PRELOAD;
  return env;
}

function at(clock: string, tz: string, ...args: string[]) {
  const r = spawnSync('faketime', [clock, process.execPath, BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...ownClockEnv(), TZ: tz } });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test.each([
  ['2027-01-31 10:00', 'UTC', '2027-01-31'],
  ['2026-12-31 23:30', 'UTC', '2026-12-31'],
  ['2028-02-29 12:00', 'UTC', '2028-02-29'],
  ['2027-01-01 00:30', 'Asia/Shanghai', '2027-01-01'],
])('at %s (%s) every command’s today is %s, and the demo and the flag agree on it', (clock, tz, today) => {
  const name = `${today}-${tz.replace('/', '-')}`;
  const demo = at(clock, tz, 'demo', '-o', `${name}.xlsx`);
  expect(demo.code).toBe(0);
  expect(demo.out).toContain(`(统计日期 ${today})`);
  // The demo's counts, computed as it was built, against the flag's, read back from the file.
  const printed = (label: string) => Number(new RegExp(`${label}\\t(\\d+)`).exec(demo.out)![1]);
  const flag = at(clock, tz, 'flag', `${name}.xlsx`, '--json');
  expect(flag.code).toBe(0);
  const json = JSON.parse(flag.out);
  expect(json).toMatchObject({ asOf: today, asOfFrom: 'today', preview: false });
  expect([json.counts.overdue, json.counts.dueSoon]).toEqual([printed('已逾期'), printed('即将到期')]);
});
