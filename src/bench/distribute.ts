/**
 * 分发与汇总 measured as the command line runs them, each in a fresh process (its peak memory is the
 * command's own): a 10,000-item master split into 50 units, then the 50 copies of 200 items merged
 * back, with every item changed, with ten changed per copy, and ten in each of 5 copies (memory
 * should follow the changes, not the files); and the merge through Office.js into the Excel double.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { ExcelDouble } from '../excel-double/double';
import { doubleFromXlsx } from '../excel-double/from-xlsx';
import { mergeIntoWorkbook } from '../excel/distribute';
import { readUnitFile } from '../xlsx/merge';
import { concat } from '../xlsx/package/zip';
import { splitXlsx } from '../xlsx/split';
import { bigLedger } from './big-ledger';

const ITEMS = 10_000;
const UNITS = 50;

interface Run {
  code: number;
  ms: number;
  maxRssMiB: number;
  out: string;
}

function cli(args: string[]): Run {
  const main = path.resolve(__dirname, '../cli/main.js');
  const script = `const t0 = Date.now(); const lines = []; require(${JSON.stringify(main)}).main(process.argv.slice(1), { out: (l) => lines.push(l), err: (l) => lines.push(l), today: () => '2026-04-15' }).then((code) => {
    process.stderr.write('\\n' + JSON.stringify({ code, ms: Date.now() - t0, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), out: lines.join('\\n') }) + '\\n');
  });`;
  const r = spawnSync(process.execPath, ['-e', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const run = JSON.parse(r.stderr.trim().split('\n').pop()!) as Run;
  if (run.code !== 0) throw new Error(`${args[0]} failed: ${run.out}`);
  return run;
}

/** A unit's copy with the 备注 of its first `n` items filled in, as the unit would (the sheet's XML edited). */
function withRemarks(bytes: Uint8Array, n: number): Uint8Array {
  const parts = unzipSync(bytes);
  const name = 'xl/worksheets/sheet1.xml';
  let done = 0;
  // 备注 is column I of a copy of the benchmark's ledger (台账编号 first); its cells are there, empty but styled.
  parts[name] = strToU8(
    strFromU8(parts[name]).replace(/<c r="I(\d+)" s="(\d+)"\/>/g, (m, row: string, s: string) =>
      Number(row) >= 3 && done++ < n ? `<c r="I${row}" s="${s}" t="inlineStr"><is><t>已按期推进</t></is></c>` : m,
    ),
  );
  return zipSync(parts);
}

function filled(file: string, n: number, to: string): void {
  fs.writeFileSync(to, withRemarks(fs.readFileSync(file), n));
}

/**
 * The merge through Office.js, into the Excel double: the same 10,000-item master and 50 copies
 * of 200 items, every item changed. `officeCase` measures it (round trips, request sizes, time).
 */
export async function officeMergeFigures<T>(
  asOf: string,
  officeCase: (prepare: () => Promise<ExcelDouble>, action: (d: ExcelDouble) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const split = await splitXlsx(bigLedger(ITEMS, asOf, UNITS), {
    now: '2026-04-15T00:00:00Z',
    today: asOf,
    newCampaignId: () => 'CL-bench',
    masterName: 'master.xlsx',
  });
  const master = concat(split.master!.chunks);
  const copies = split.copies.map((c) => ({ file: c.fileName, bytes: withRemarks(c.bytes, c.items) }));
  return officeCase(
    () => doubleFromXlsx(master),
    (d) =>
      mergeIntoWorkbook(
        d.context(),
        copies.map((c) => readUnitFile(c.file, c.bytes)),
        { localTime: `${asOf} 09:00` },
      ),
  );
}

export function distributeFigures(asOf: string): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-bench-distribute-'));
  try {
    const master = path.join(dir, 'master.xlsx');
    fs.writeFileSync(master, bigLedger(ITEMS, asOf, UNITS));
    const split = cli(['split', master, '-o', path.join(dir, 'units')]);
    const copies = fs.readdirSync(path.join(dir, 'units')).map((f) => path.join(dir, 'units', f));
    const merges: Record<string, unknown>[] = [];
    // Every item of 50 files changed; ten per file; ten per file of 5 files: memory follows the changes, not the files.
    for (const [files, perCopy] of [
      [copies.length, 200],
      [copies.length, 10],
      [5, 10],
    ]) {
      const back = path.join(dir, `back-${files}-${perCopy}`);
      fs.mkdirSync(back);
      for (const c of copies.slice(0, files)) filled(c, perCopy, path.join(back, path.basename(c)));
      const run = cli(['merge', master, back, '-o', path.join(dir, `merged-${files}-${perCopy}.xlsx`)]);
      merges.push({ files, changedItems: perCopy * files, ms: run.ms, peakRssMiB: run.maxRssMiB, summary: run.out.split('\n').at(-2) });
    }
    return {
      split: { items: ITEMS, units: copies.length, ms: split.ms, peakRssMiB: split.maxRssMiB, masterBytes: fs.statSync(master).size },
      merge: merges,
      goal: 'merge under 5 s',
      meetsGoal: merges.every((m) => Number(m.ms) < 5000),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
