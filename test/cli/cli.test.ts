/** The command line as a user runs it: the built bin, real files, exit codes and messages. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { recalculate } from '../helpers/libreoffice';
import { errorCells, plain, readWorkbook, sheet, tempDir } from '../helpers/workbook';

const BIN = path.resolve(__dirname, '../../bin/campaign-ledger.js');
let dir: string;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(path.resolve(__dirname, '../../dist/cli/main.js'))) throw new Error('run `npm run build:cli` first (npm test does)');
  dir = tempDir('cl-cli-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('templates lists the three built-in kinds', () => {
  const r = run('templates');
  expect(r.code).toBe(0);
  for (const id of ['jiefang-sixiang', 'xuexi-shijian', 'jiguan-chuangxin']) expect(r.out).toContain(id);
  expect(r.out).toContain('解放思想大讨论');
});

test('build writes a workbook that LibreOffice recalculates with every status', async () => {
  const r = run(
    'build',
    '--template',
    'xuexi-shijian',
    '--start',
    '2026-09-21',
    '--as-of',
    '2026-11-20',
    '--sample-items',
    '14',
    '--name',
    '测试活动',
    '-o',
    'a.xlsx',
  );
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toContain('a.xlsx');
  expect(r.out).toMatch(/已逾期\t2/);
  const [out] = recalculate([path.join(dir, 'a.xlsx')]);
  const wb = await readWorkbook(out);
  expect(errorCells(wb)).toEqual([]);
  const statuses = new Set(Array.from({ length: 14 }, (_, i) => plain(sheet(wb, '整改台账').getCell(`K${3 + i}`))));
  expect([...statuses].sort()).toEqual(['即将到期', '已完成', '已逾期', '已销号', '未设时限', '进行中', '逾期完成'].sort());
  const schedule = sheet(wb, '阶段安排');
  expect([3, 9, 14].map((r) => [plain(schedule.getCell(`B${r}`)), plain(schedule.getCell(`H${r}`))])).toEqual([
    ['学习调研阶段', '已结束'],
    ['分析检查阶段', '进行中'],
    ['整改落实阶段', '未开始'],
  ]);
});

test('build in English and Traditional Chinese names the sheets in that language', async () => {
  expect(run('build', '--template', 'jiguan-chuangxin', '--start', '2026-01-01', '--lang', 'en', '-o', 'en.xlsx').code).toBe(0);
  expect(run('build', '--template', 'jiefang-sixiang', '--start', '2026-01-01', '--lang', 'zh-TW', '-o', 'tw.xlsx').code).toBe(0);
  expect((await readWorkbook(path.join(dir, 'en.xlsx'))).worksheets.map((w) => w.name)).toEqual([
    'Overview',
    'Schedule',
    'Rectification',
    'Leading group',
    '_Settings',
  ]);
  expect((await readWorkbook(path.join(dir, 'tw.xlsx'))).worksheets.map((w) => w.name)).toContain('整改台賬');
});

describe('bad arguments: exit 2, one clear line, no file left behind', () => {
  test.each([
    [['build', '--template', 'nope', '--start', '2026-03-01', '-o', 'x.xlsx'], /没有名为“nope”的模板/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-02-30', '-o', 'x.xlsx'], /2026-02-30.*不是有效日期/],
    [['build', '--template', 'jiefang-sixiang', '--start', 'next monday', '-o', 'x.xlsx'], /不是有效日期/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01'], /缺少必填选项 -o/],
    [['build', '--start', '2026-03-01', '-o', 'x.xlsx'], /缺少必填选项 --template/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'x.csv'], /\.xlsx/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'x.xlsx', '--lang', 'fr'], /不支持的语言“fr”/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'x.xlsx', '--sample-items', '-3'], /--sample-items/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'x.xlsx', '--sample-items', '1e9'], /--sample-items/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'x.xlsx', '--name', '   '], /活动名称/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'x.xlsx', '--bogus'], /未知选项/],
    [['build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'no/such/dir/x.xlsx'], /无法写入 no\/such\/dir\/x\.xlsx/],
    [['frobnicate'], /未知命令“frobnicate”/],
    [['build', '--lang', 'en', '--template', 'nope', '--start', '2026-03-01', '-o', 'x.xlsx'], /^No template named "nope"/],
  ])('%j', (args, message) => {
    const before = fs.readdirSync(dir).sort();
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('an existing output is not overwritten without --force', () => {
    fs.writeFileSync(path.join(dir, 'keep.xlsx'), 'precious');
    const r = run('build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'keep.xlsx');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/已存在.*--force/);
    expect(fs.readFileSync(path.join(dir, 'keep.xlsx'), 'utf8')).toBe('precious');
    expect(run('build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'keep.xlsx', '--force').code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'keep.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  test('a read-only directory: clear message, nothing written', () => {
    if (process.getuid?.() === 0) {
      // root ignores directory permissions; a path under a regular file is unwritable for everyone.
      fs.writeFileSync(path.join(dir, 'afile'), '');
      const r = run('build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'afile/x.xlsx');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/无法写入 afile\/x\.xlsx/);
      return;
    }
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro, { mode: 0o555 });
    const r = run('build', '--template', 'jiefang-sixiang', '--start', '2026-03-01', '-o', 'ro/x.xlsx');
    expect(r.code).toBe(2);
    expect(fs.readdirSync(ro)).toEqual([]);
  });
});

test('help and no arguments', () => {
  expect(run('--help').code).toBe(0);
  expect(run('--help').out).toContain('campaign-ledger build');
  expect(run().code).toBe(2);
});

test('demo writes its workbook and prints a count per status', () => {
  const r = run('demo', '-o', 'demo.xlsx');
  expect(r.code).toBe(0);
  expect(fs.existsSync(path.join(dir, 'demo.xlsx'))).toBe(true);
  for (const s of ['已逾期', '即将到期', '进行中', '未设时限', '已完成', '逾期完成', '已销号']) expect(r.out).toMatch(new RegExp(`${s}\\t3`));
});
