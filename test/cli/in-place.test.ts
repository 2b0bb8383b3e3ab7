/**
 * `flag --in-place` keeps the file what it was (its link, permissions, owner), refuses
 * a file it must not touch (read-only, open in another program, being changed by another run), and
 * never writes over changes made while it worked. It never rewrites a file where it stands (a hard
 * link is replaced, and the user told); a lock, a temporary file or a backup that a dead run left is
 * removed, and a signal leaves none behind. Limits and rare characters, as the command runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { campaignFromTemplate, layoutWorkbook, strings, withSampleItems } from '../../src/core';
import { encodeExcelJsPartsWhole } from '../../src/cli/exceljs-utf8';
import { writeXlsx } from '../../src/xlsx/render';
import { InPlaceFile } from '../../src/cli/write-file';
import { bigLedger } from '../../src/bench/big-ledger';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { bytesOf, layoutOne } from '../helpers/handmade';
import { insertLedger } from '../helpers/insert-ledger';
import { tempDir } from '../helpers/workbook';

const BIN = path.resolve(__dirname, '../../bin/campaign-ledger.js');
const s = strings('zh-CN');
let dir: string;
let ledger: Uint8Array;
const hash = (f: string) =>
  crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(dir, f)))
    .digest('hex');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function fresh(name: string, mode = 0o644): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, ledger);
  fs.chmodSync(file, mode);
  return file;
}

/** The flag adds its sheets (逾期清单 …) to the workbook. */
const flagged = (file: string) => strFromU8(unzipSync(new Uint8Array(fs.readFileSync(file)))['xl/workbook.xml']).includes('逾期清单');

beforeAll(async () => {
  dir = tempDir('cl-inplace-');
  ledger = await bytesOf(layoutOne());
});

test('a symbolic link: the file it names is flagged, the link stays a link', () => {
  const target = fresh('target.xlsx');
  fs.symlinkSync('target.xlsx', path.join(dir, 'link.xlsx'));
  const before = hash('target.xlsx');
  const r = run('flag', 'link.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(r.code).toBe(0);
  expect(fs.lstatSync(path.join(dir, 'link.xlsx')).isSymbolicLink()).toBe(true);
  expect(hash('target.xlsx')).not.toBe(before);
  expect(flagged(target)).toBe(true);
});

test('the file keeps its permissions (600 stays 600) and its owner', () => {
  const file = fresh('private.xlsx', 0o600);
  const canChown = process.getuid?.() === 0;
  if (canChown) fs.chownSync(file, 4321, 4321);
  const r = run('flag', 'private.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(r.code).toBe(0);
  const st = fs.statSync(file);
  expect(st.mode & 0o777).toBe(0o600);
  if (canChown) expect([st.uid, st.gid]).toEqual([4321, 4321]);
  else expect(st.uid).toBe(process.getuid?.());
});

test('a hard-linked file is replaced by a new file, never rewritten where it stands: the other name keeps the old workbook, and the user is told', () => {
  const file = fresh('linked.xlsx');
  fs.linkSync(file, path.join(dir, 'other-name.xlsx'));
  const inode = fs.statSync(file).ino;
  const original = crypto.createHash('sha256').update(ledger).digest('hex');
  const r = run('flag', 'linked.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(r.code).toBe(0);
  expect(fs.statSync(file).ino).not.toBe(inode);
  expect(flagged(file)).toBe(true);
  expect(hash('other-name.xlsx')).toBe(original);
  expect(r.err).toMatch(/linked\.xlsx 还有 1 个硬链接;已用新文件替换 linked\.xlsx,其他链接名下仍是原来的工作簿/);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak') || f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
});

describe('refused, file untouched, one line', () => {
  test.each([
    ['a read-only file', 'readonly.xlsx', () => fresh('readonly.xlsx', 0o444), /只读文件/],
    [
      'a file LibreOffice has open',
      'lo-open.xlsx',
      () => {
        fresh('lo-open.xlsx');
        fs.writeFileSync(path.join(dir, '.~lock.lo-open.xlsx#'), 'user,host');
      },
      /正被其他程序打开.*\.~lock\.lo-open\.xlsx#/,
    ],
    [
      'a file Excel or WPS has open',
      'excel-open.xlsx',
      () => {
        fresh('excel-open.xlsx');
        fs.writeFileSync(path.join(dir, '~$excel-open.xlsx'), 'owner');
      },
      /正被其他程序打开/,
    ],
    [
      'a file another run is flagging',
      'busy.xlsx',
      () => {
        fresh('busy.xlsx');
        // A live process holds the lock: this test runner.
        fs.writeFileSync(path.join(dir, '.busy.xlsx.campaign-ledger.lock'), String(process.pid));
      },
      /另一个 campaign-ledger 正在处理/,
    ],
  ])('%s', (_, name, setup, message) => {
    setup();
    const before = hash(name);
    const r = run('flag', name, '--as-of', '2024-04-10', '--in-place');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(hash(name)).toBe(before);
  });
});

test('a lock left by a run that died is taken over', () => {
  fresh('stale.xlsx');
  fs.writeFileSync(path.join(dir, '.stale.xlsx.campaign-ledger.lock'), '999999999');
  const r = run('flag', 'stale.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/\.stale\.xlsx\.campaign-ledger\.lock 是一次已结束的运行留下的锁,已接管/);
  expect(fs.existsSync(path.join(dir, '.stale.xlsx.campaign-ledger.lock'))).toBe(false);
});

test('a lock whose process number now belongs to a live, unrelated process (started after the lock) is taken over', () => {
  fresh('reused.xlsx');
  // A live process that started after the lock was written cannot be the run that wrote it.
  const other = spawn('sleep', ['60']);
  try {
    const lock = path.join(dir, '.reused.xlsx.campaign-ledger.lock');
    fs.writeFileSync(lock, String(other.pid));
    // Written long before (2 January 1970): before the process started by any clock, also under
    // faketime, where this run's clock is not the kernel's that dates the process.
    const longAgo = new Date(86_400_000);
    fs.utimesSync(lock, longAgo, longAgo);
    const r = run('flag', 'reused.xlsx', '--as-of', '2024-04-10', '--in-place');
    expect(r.code).toBe(0);
    expect(flagged(path.join(dir, 'reused.xlsx'))).toBe(true);
    expect(fs.existsSync(lock)).toBe(false);
  } finally {
    other.kill();
  }
});

test('a lock that records a live process started at another time (its number reused) is taken over; one recording this very process is not', () => {
  fresh('identity.xlsx');
  const lock = path.join(dir, '.identity.xlsx.campaign-ledger.lock');
  // Linux records the start in clock ticks: the test runner's number with another start is stale.
  const own = fs.existsSync(`/proc/${process.pid}/stat`);
  fs.writeFileSync(lock, `${process.pid}\n1\n`);
  const r = run('flag', 'identity.xlsx', '--as-of', '2024-04-10', '--in-place');
  if (own) expect(r.code).toBe(0);
  const stat = fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  fs.writeFileSync(lock, `${process.pid}\n${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}\n`);
  const again = run('flag', 'identity.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(again.code).toBe(2);
  expect(again.err).toMatch(/另一个 campaign-ledger 正在处理/);
  fs.rmSync(lock);
});

test('the temporary and backup files a killed run left beside the file are removed by the next run; a live run’s are not', () => {
  fresh('leftovers.xlsx');
  const dead = ['.leftovers.xlsx.999999999.tmp', '.leftovers.xlsx.999999998.bak'];
  for (const f of dead) fs.writeFileSync(path.join(dir, f), 'half a workbook');
  // The test runner is alive and started before this file was written: a live run's file.
  const live = `.leftovers.xlsx.${process.pid}.tmp`;
  fs.writeFileSync(path.join(dir, live), 'being written');
  const r = run('flag', 'leftovers.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(r.code).toBe(0);
  for (const f of dead) expect(fs.existsSync(path.join(dir, f))).toBe(false);
  expect(fs.existsSync(path.join(dir, live))).toBe(true);
  fs.rmSync(path.join(dir, live));
  // -o cleans up beside its own target too.
  fs.writeFileSync(path.join(dir, '.out.xlsx.999999999.tmp'), 'half a workbook');
  expect(run('flag', 'leftovers.xlsx', '--as-of', '2024-04-10', '-o', 'out.xlsx').code).toBe(0);
  expect(fs.existsSync(path.join(dir, '.out.xlsx.999999999.tmp'))).toBe(false);
});

test.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s while a run works leaves neither its lock nor its temporary file', async (signal) => {
  const name = `signal-${signal}.xlsx`;
  fs.writeFileSync(path.join(dir, name), bigLedger(20_000, '2024-04-10'));
  const child = spawn(process.execPath, [BIN, 'flag', name, '--as-of', '2024-04-10', '--in-place'], { cwd: dir });
  const lock = path.join(dir, `.${name}.campaign-ledger.lock`);
  const done = new Promise<number | null>((resolve) => child.on('close', (code, sig) => resolve(sig ? -1 : code)));
  for (let i = 0; i < 2000 && !fs.existsSync(lock); i++) await new Promise((r) => setTimeout(r, 5));
  child.kill(signal);
  await done;
  expect(fs.readdirSync(dir).filter((f) => f.includes(name) && f !== name)).toEqual([]);
  // The workbook is either as it was or flagged whole.
  XlsxPackage.open(new Uint8Array(fs.readFileSync(path.join(dir, name))));
});

test('two runs at once: one flags, the other is refused, and no 标记记录 row is lost', async () => {
  fresh('twice.xlsx');
  const start = () =>
    new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'flag', 'twice.xlsx', '--as-of', '2024-04-10', '--in-place'], { cwd: dir });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => resolve({ code, err }));
    });
  const results = await Promise.all([start(), start()]);
  const codes = results.map((r) => r.code).sort();
  // Either both ran one after the other (the first finished before the second started), or one was refused.
  if (codes[1] === 2) expect(results.find((r) => r.code === 2)!.err).toMatch(/另一个 campaign-ledger 正在处理/);
  expect(codes[0]).toBe(0);
  expect(fs.readdirSync(dir).filter((f) => f.includes('twice') && f.endsWith('.lock'))).toEqual([]);
});

test('a change another program makes while the run works is not written over', () => {
  const file = fresh('changing.xlsx');
  const edit = InPlaceFile.open(file, s);
  try {
    edit.read();
    const later = new Date(Date.now() + 5000);
    fs.appendFileSync(file, Buffer.from([0]));
    fs.utimesSync(file, later, later);
    expect(() => edit.commit([ledger])).toThrow(/处理期间被其他程序修改/);
  } finally {
    edit.release();
  }
});

test('names with characters outside the BMP (赵𨭎, emoji) come back whole from build and flag', async () => {
  // Dense enough that every part's 16,384-unit slices fall inside such characters (ExcelJS in Node
  // gave JSZip strings, sliced that way: this broke 2 of them before the command line's fix).
  encodeExcelJsPartsWhole();
  let c = withSampleItems(campaignFromTemplate('jiefang-sixiang', { start: '2024-03-01', lang: 'zh-CN', asOf: '2024-04-10' }), 300, '2024-04-10');
  c = { ...c, items: c.items.map((it, i) => ({ ...it, problem: `赵𨭎😀`.repeat(40) + i, owner: '赵𨭎' })) };
  fs.writeFileSync(path.join(dir, 'rare.xlsx'), await writeXlsx(layoutWorkbook(c)));
  const r = run('flag', 'rare.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(r.code).toBe(0);
  const files = unzipSync(new Uint8Array(fs.readFileSync(path.join(dir, 'rare.xlsx'))));
  const text = Object.values(files)
    .map((b) => strFromU8(b))
    .join('');
  expect(text.includes('\uFFFD')).toBe(false);
  for (const i of [0, 57, 299]) expect(text.includes(`赵𨭎😀`.repeat(40) + i)).toBe(true);
  // 逾期清单 lists overdue items with their owner.
  expect(text.split('赵𨭎').length).toBeGreaterThan(300 * 41);
});

test('a hand-made ledger with 赵𨭎 and an emoji keeps them in the ledger and in 逾期清单 after flag --in-place', async () => {
  const plain = new ExcelJS.Workbook();
  plain.addWorksheet('Sheet1').getCell('A1').value = '说明';
  const inserted = insertLedger(await bytesOf(plain));
  fs.writeFileSync(path.join(dir, 'rare-ledger.xlsx'), inserted.bytes);
  const r = run('flag', 'rare-ledger.xlsx', '--as-of', '2024-04-10', '--in-place');
  expect(r.code).toBe(0);
  const text = Object.values(unzipSync(new Uint8Array(fs.readFileSync(path.join(dir, 'rare-ledger.xlsx')))))
    .map((b) => strFromU8(b))
    .join('');
  expect(text.includes('\uFFFD')).toBe(false);
  expect(text.includes('赵𨭎')).toBe(true);
  // 服务不优 😀 is overdue: it is listed on 逾期清单 too.
  expect(text.split('服务不优 😀').length).toBeGreaterThanOrEqual(3);
});

describe('limits, checked before inflating: one line, exit 2, no memory exhausted', () => {
  /** A worksheet of `bytes` bytes: one row repeated, without row numbers (eight million rows, past Excel's last). */
  const rowsSheet = (bytes: number) => {
    const enc = new TextEncoder();
    const head = enc.encode('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
    const tail = enc.encode('</sheetData></worksheet>');
    const row = enc.encode('<row><c><v>1</v></c></row>');
    const big = new Uint8Array(bytes);
    big.set(head, 0);
    let at = head.length;
    for (; at + row.length + tail.length <= big.length; at += row.length) big.set(row, at);
    big.set(tail, at);
    return big.subarray(0, at + tail.length);
  };
  const zipWith = (name: string, sheet: Uint8Array<ArrayBuffer>) => {
    const files = unzipSync(ledger);
    files[name] = sheet;
    return zipSync(files, { level: 9 });
  };

  test('a zip bomb (a sheet that inflates a thousand times over)', () => {
    // 200 MB of one repeated row, stored in about 500 KB.
    const big = rowsSheet(200 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'bomb.xlsx'), zipWith('xl/worksheets/sheet1.xml', big));
    const before = hash('bomb.xlsx');
    const t0 = Date.now();
    const r = run('flag', 'bomb.xlsx', '--as-of', '2024-04-10', '--in-place');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    // Refused by the ratio or a limit, or (its top rows read, no header among them) as no ledger: never inflated to the end.
    expect(r.err).toMatch(/压缩炸弹|超出可处理的上限|没有找到整改台账/);
    expect(hash('bomb.xlsx')).toBe(before);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  test('a part whose stored size lies is read by what it holds (as Excel and LibreOffice read it); a lie that hides a zip bomb gets past no limit', () => {
    const files = unzipSync(ledger);
    const lie = (zipped: Uint8Array, name: string, size: number) => {
      const view = Buffer.from(zipped);
      const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
      let central = -1;
      for (let i = view.indexOf(signature); i >= 0 && central < 0; i = view.indexOf(signature, i + 1)) {
        if (view.toString('latin1', i + 46, i + 46 + view.readUInt16LE(i + 28)) === name) central = i;
      }
      expect(central).toBeGreaterThan(0);
      // The central directory claims the part inflates to `size` bytes.
      view.writeUInt32LE(size, central + 24);
      return view;
    };
    fs.writeFileSync(path.join(dir, 'liar.xlsx'), lie(zipSync(files), 'xl/worksheets/sheet1.xml', 16));
    const r = run('flag', 'liar.xlsx', '--as-of', '2024-04-10');
    expect(r.code).toBe(0);
    expect(flagged(path.join(dir, 'liar-flagged.xlsx'))).toBe(true);

    const big = rowsSheet(200 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'bomb-liar.xlsx'), lie(zipWith('xl/worksheets/sheet1.xml', big), 'xl/worksheets/sheet1.xml', 16));
    const bomb = run('flag', 'bomb-liar.xlsx', '--as-of', '2024-04-10');
    expect(bomb.code).toBe(2);
    // Refused by the ratio, by the rows the ledger may have, or as no ledger after its top rows: never inflated to the end.
    expect(bomb.err).toMatch(/压缩炸弹|超出可处理的上限|没有找到整改台账/);
  });
});
