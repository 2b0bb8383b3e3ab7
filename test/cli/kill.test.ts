/**
 * kill -9 during `flag --in-place` of a 200,000-row ledger that has a second hard link, twenty
 * times: the workbook under either name is never half-written. The file is written whole beside
 * it and renamed over it, so a kill leaves the old workbook (or, after the rename, the new one
 * whole); the temporary file a killed run leaves is removed by the next run.
 *
 * On main the hard-linked file was truncated and rewritten where it stood: 4 kills in 10 left it
 * corrupt (3.4-10 MB of 15 MB).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { bigLedger } from '../../src/bench/big-ledger';
import { tempDir } from '../helpers/workbook';

// CL_BIN: another build to hold to the same test (main's, to see it fail there).
const BIN = process.env.CL_BIN ?? path.resolve(__dirname, '../../bin/campaign-ledger.js');
const TRIALS = Number(process.env.KILL_TRIALS ?? 20);
const ROWS = 200_000;
const AS_OF = '2026-04-15';

const sha = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** A workbook whole: every part inflates, and it is either the original or flagged. */
function whole(bytes: Uint8Array, original: string): 'original' | 'flagged' | 'corrupt' {
  if (sha(bytes) === original) return 'original';
  try {
    const files = unzipSync(bytes);
    return new TextDecoder().decode(files['xl/workbook.xml']).includes('逾期清单') ? 'flagged' : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

test(`kill -9 during the write, ${TRIALS} times: a hard-linked ${ROWS.toLocaleString('en')}-row ledger is never corrupt, under either name`, async () => {
  const dir = tempDir('cl-kill-');
  const ledger = bigLedger(ROWS, AS_OF);
  const original = sha(ledger);
  const file = path.join(dir, 'ledger.xlsx');
  const other = path.join(dir, 'other-name.xlsx');
  const outcomes: string[] = [];
  const others: string[] = [];
  let midWrite = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    for (const f of [file, other]) fs.rmSync(f, { force: true });
    fs.writeFileSync(file, ledger);
    fs.linkSync(file, other);
    const child = spawn(process.execPath, [BIN, 'flag', 'ledger.xlsx', '--as-of', AS_OF, '--in-place'], { cwd: dir, stdio: 'ignore' });
    const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
    // Waits for the file the write starts with (the temporary file; main's backup before it
    // rewrote the file where it stood), then kills a few milliseconds in.
    const temp = path.join(dir, `.ledger.xlsx.${child.pid}.tmp`);
    const backup = path.join(dir, `.ledger.xlsx.${child.pid}.bak`);
    let seen = false;
    for (let i = 0; i < 600_000 && child.exitCode === null && child.signalCode === null; i++) {
      if (fs.existsSync(temp) || fs.existsSync(backup)) {
        seen = true;
        break;
      }
      sleep(1);
    }
    sleep(trial % 4);
    try {
      if (seen && fs.statSync(temp).size < ledger.length) midWrite++;
    } catch {
      // Renamed already.
    }
    child.kill('SIGKILL');
    await ended;
    expect(seen).toBe(true);
    outcomes.push(whole(new Uint8Array(fs.readFileSync(file)), original));
    others.push(whole(new Uint8Array(fs.readFileSync(other)), original));
  }
  process.stdout.write(`kill -9 trials: ${outcomes.join(' ')}; the other name: ${others.join(' ')}; killed mid-write: ${midWrite}\n`);
  expect([...outcomes, ...others].filter((o) => o === 'corrupt')).toEqual([]);
  // The other name keeps the workbook as it was (the file was replaced, not rewritten).
  expect(others.filter((o) => o !== 'original')).toEqual([]);
  // At least some kills came while the new file was being written.
  expect(midWrite).toBeGreaterThan(0);
  // The next run removes what the killed runs left.
  const left = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.bak') || f.endsWith('.lock'));
  const last = spawn(process.execPath, [BIN, 'flag', 'ledger.xlsx', '--as-of', AS_OF, '--in-place'], { cwd: dir, stdio: 'ignore' });
  await new Promise((resolve) => last.on('close', resolve));
  expect(left()).toEqual([]);
}, 3_600_000);
