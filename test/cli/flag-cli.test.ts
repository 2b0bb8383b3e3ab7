/** campaign-ledger flag as a user runs it. */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { layoutWorkbook } from '../../src/core';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf, layoutOne } from '../helpers/handmade';
import { differences, snapshot } from '../helpers/snapshot';
import { tempDir } from '../helpers/workbook';

const BIN = path.resolve(__dirname, '../../bin/campaign-ledger.js');
let dir: string;
const hash = (f: string) =>
  crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(dir, f)))
    .digest('hex');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = tempDir('cl-flagcli-');
  fs.writeFileSync(path.join(dir, 'ledger.xlsx'), await bytesOf(layoutOne()));
  const generated = campaignWith(
    [
      { label: 'g1', deadline: '2024-04-01' },
      { label: 'g2', deadline: '2024-04-30' },
      { label: 'g3', deadline: '2024-03-01', completed: '2024-03-02' },
    ],
    '2024-03-01',
    { asOf: '2024-04-10' },
  );
  fs.writeFileSync(path.join(dir, 'generated.xlsx'), await writeXlsx(layoutWorkbook(generated)));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('prints the counts and writes a new file next to the input, leaving the input alone', () => {
  const before = hash('ledger.xlsx');
  const r = run('flag', 'ledger.xlsx', '--as-of', '2024-04-10');
  expect(r.code).toBe(0);
  expect(r.out).toContain('逾期 3 项,即将到期 1 项,新增逾期 3 项');
  expect(r.out).toContain('ledger-flagged.xlsx');
  expect(hash('ledger.xlsx')).toBe(before);
  expect(run('flag', 'ledger.xlsx', '--as-of', '2024-04-10').code).toBe(2);
  expect(run('flag', 'ledger.xlsx', '--as-of', '2024-04-10', '--force').code).toBe(0);
});

test('--json lists the overdue items', () => {
  const r = run('flag', 'ledger.xlsx', '--as-of', '2024-04-10', '-o', 'j.xlsx', '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(j.counts).toEqual({ overdue: 3, dueSoon: 1, newlyOverdue: 3, closedSinceLastRun: 0 });
  expect(j.overdue.map((o: { problem: string }) => o.problem)).toEqual(['会议过多', '作风漂浮', '服务不优']);
  expect(j.overdue[0]).toMatchObject({ row: 3, unit: '办公室', owner: '张三', deadline: '2024-03-15', daysOverdue: 26, firstOverdue: '2024-04-10' });
});

test('--in-place replaces the file, and a second run the same day changes nothing', async () => {
  fs.copyFileSync(path.join(dir, 'ledger.xlsx'), path.join(dir, 'inplace.xlsx'));
  expect(run('flag', 'inplace.xlsx', '--as-of', '2024-04-10', '--in-place').code).toBe(0);
  const once = fs.readFileSync(path.join(dir, 'inplace.xlsx'));
  expect(run('flag', 'inplace.xlsx', '--as-of', '2024-04-10', '--in-place').code).toBe(0);
  const twice = fs.readFileSync(path.join(dir, 'inplace.xlsx'));
  expect(differences(await snapshot(once), await snapshot(twice))).toEqual([]);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('a generated workbook keeps its table, validation and conditional formats', async () => {
  const r = run('flag', 'generated.xlsx', '--as-of', '2024-04-10', '-o', 'g-out.xlsx');
  expect(r.code).toBe(0);
  expect(r.out).toContain('逾期 1 项');
  const skip = (s: string, _r: number, c: number) => s === '整改台账' && c >= 16;
  const before = await snapshot(fs.readFileSync(path.join(dir, 'generated.xlsx')), skip);
  const after = await snapshot(fs.readFileSync(path.join(dir, 'g-out.xlsx')), skip);
  expect(differences(before, after, { 整改台账: 16 })).toEqual([]);
  expect(after.find((s) => s.name === '整改台账')?.tables).toEqual(['CampaignLedger']);
});

describe('refusals: exit 2, one line, input untouched', () => {
  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'encrypted.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    fs.writeFileSync(path.join(dir, 'corrupt.xlsx'), crypto.randomBytes(4096));
    const noLedger = new ExcelJS.Workbook();
    noLedger.addWorksheet('Sheet1').addRow(['姓名', '电话']);
    fs.writeFileSync(path.join(dir, 'noledger.xlsx'), Buffer.from(await noLedger.xlsx.writeBuffer()));
    const bad = layoutOne();
    bad.getWorksheet('作风问题整改台账')!.getCell('F5').value = '下周五';
    bad.getWorksheet('作风问题整改台账')!.getCell('F8').value = '2024-02-30';
    fs.writeFileSync(path.join(dir, 'baddates.xlsx'), await bytesOf(bad));
    const zip = await JSZip.loadAsync(await bytesOf(layoutOne()));
    zip.file('xl/charts/chart1.xml', '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>');
    fs.writeFileSync(path.join(dir, 'chart.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
  });

  test.each([
    ['noledger.xlsx', /没有找到整改台账/],
    ['encrypted.xlsx', /打开密码或是旧的 \.xls/],
    ['corrupt.xlsx', /不是可读取的 \.xlsx/],
    ['baddates.xlsx', /第 5 行“完成时限”:下周五;第 8 行“完成时限”:2024-02-30/],
    ['missing.xlsx', /无法读取 missing\.xlsx/],
  ])('%s', (file, message) => {
    const exists = fs.existsSync(path.join(dir, file));
    const before = exists ? hash(file) : '';
    const files = fs.readdirSync(dir).sort();
    const r = run('flag', file, '--as-of', '2024-04-10', '--in-place');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    if (exists) expect(hash(file)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(files);
  });

  test('a workbook with a chart is flagged, and the chart part comes out byte for byte', async () => {
    const r = run('flag', 'chart.xlsx', '--as-of', '2024-04-10', '-o', 'chart-out.xlsx');
    expect(r.code).toBe(0);
    const before = await JSZip.loadAsync(fs.readFileSync(path.join(dir, 'chart.xlsx')));
    const after = await JSZip.loadAsync(fs.readFileSync(path.join(dir, 'chart-out.xlsx')));
    const chart = async (z: JSZip) => z.file('xl/charts/chart1.xml')!.async('uint8array');
    expect(Buffer.from(await chart(after)).equals(Buffer.from(await chart(before)))).toBe(true);
  });

  test('-o and --in-place together', () => {
    const r = run('flag', 'ledger.xlsx', '-o', 'x.xlsx', '--in-place');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/只能选一个/);
  });
});
