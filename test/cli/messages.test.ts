/**
 * Clear words for every mistake on the command line: an old .xls is asked to be saved as .xlsx, a
 * text or Word file is "not a workbook", missing files and folders are said in words (never
 * ENOENT), a reader that stops early ends the output quietly, a plan whose phases have no dates
 * names them, and a flagged file flagged again keeps one suffix. Each refusal exits 2, writes
 * nothing and leaves the input as it was.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { outputFileName, strings } from '../../src/core';
import { tempDir } from '../helpers/workbook';

const root = path.resolve(__dirname, '../..');
const BIN = path.join(root, 'bin/campaign-ledger.js');
const dir = tempDir('cl-messages-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (f: string) => path.join(dir, f);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs, and checks the refusal: exit 2, one line on stderr, no file added to the folder, the input as it was. */
function refused(...args: string[]): string {
  const before = fs.readdirSync(dir).sort();
  const r = run(...args);
  expect([r.code, r.out]).toEqual([2, '']);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/ENOENT|EISDIR|EACCES|Error:|at /);
  expect(fs.readdirSync(dir).sort()).toEqual(before);
  return r.err.trim();
}

beforeAll(() => {
  fs.copyFileSync(path.join(root, 'test/fixtures/xls/ledger.xls'), at('台账.xls'));
  fs.copyFileSync(path.join(root, 'test/fixtures/docx/tables-plan.docx'), at('方案.docx'));
  fs.writeFileSync(at('笔记.txt'), '会议记录\n');
  fs.mkdirSync(at('folder'));
  expect(run('demo', '-o', 'master.xlsx').code).toBe(0);
});

test('an .xls is asked to be saved as .xlsx, by flag, add-status, split and merge (not told its output name is wrong)', () => {
  const said = '台账.xls 是旧版 Excel 工作簿(.xls),无法直接读取,未作任何修改。请在 Excel 或 WPS 中打开它,“另存为”Excel 工作簿(*.xlsx)后再试。';
  // Before: "输出文件应以 .xlsx 结尾:台账-flagged.xls".
  expect(refused('flag', '台账.xls')).toBe(said);
  expect(refused('add-status', '台账.xls')).toBe(said);
  expect(refused('split', '台账.xls', '-o', 'units')).toBe(said);
  expect(refused('merge', 'master.xlsx', '台账.xls', '-o', 'merged.xlsx')).toBe(said);
  expect(refused('flag', '台账.xls', '--lang', 'en')).toBe(
    '台账.xls is an old Excel workbook (.xls), which cannot be read directly; nothing was changed. Open it in Excel or WPS, save it as an Excel workbook (*.xlsx), then try again.',
  );
});

test('a .txt or a .docx given to flag, add-status, split or merge is not a workbook', () => {
  for (const [file, what] of [
    ['笔记.txt', '它是文本文件'],
    ['方案.docx', '它是一份文字文档'],
  ]) {
    const said = `${file} 不是 Excel 工作簿(${what}),未作任何修改。请给出 .xlsx 工作簿。`;
    expect(refused('flag', file)).toBe(said);
    expect(refused('flag', file, '--in-place')).toBe(said);
    expect(refused('add-status', file)).toBe(said);
    expect(refused('split', file, '-o', 'units')).toBe(said);
    expect(refused('merge', 'master.xlsx', file, '-o', 'merged.xlsx')).toBe(said);
    expect(refused('merge', file, 'master.xlsx', '-o', 'merged.xlsx')).toBe(said);
  }
  expect(refused('flag', '笔记.txt', '--lang', 'zh-TW')).toBe('笔记.txt 不是 Excel 活頁簿(它是文字檔),未作任何修改。請給出 .xlsx 活頁簿。');
});

test('missing files and folders are named in words', () => {
  const missing = '找不到这个文件或文件夹,请检查名称和位置';
  expect(refused('flag', '没有.xlsx')).toBe(`无法读取 没有.xlsx:${missing}`);
  expect(refused('flag', '没有.xlsx', '--in-place')).toBe(`无法读取 没有.xlsx:${missing}`);
  expect(refused('split', '没有.xlsx', '-o', 'units')).toBe(`无法读取 没有.xlsx:${missing}`);
  expect(refused('merge', 'master.xlsx', 'no-such-folder', '-o', 'merged.xlsx')).toBe(`无法读取 no-such-folder:${missing}`);
  expect(refused('parse', '没有.txt')).toBe(`无法读取 没有.txt:${missing}`);
  expect(refused('flag', 'master.xlsx', '-o', path.join('no-such-folder', 'out.xlsx'))).toBe(`无法写入 ${path.join('no-such-folder', 'out.xlsx')}:${missing}`);
  expect(refused('flag', 'folder')).toBe('无法读取 folder:这是一个文件夹,不是文件');
  expect(refused('flag', '没有.xlsx', '--lang', 'en')).toBe('Cannot read 没有.xlsx: there is no such file or folder; check its name and where it is');
});

test('`parse plan.txt | head` ends quietly', () => {
  // A plan long enough that the reader stops before the output ends.
  const lines = [
    '关于开展2026年作风建设活动的实施方案',
    ...Array.from({ length: 3000 }, (_, i) => `${i + 1}. 任务${i + 1}:2026年3月${(i % 28) + 1}日前完成。`),
  ];
  fs.writeFileSync(at('long.txt'), lines.join('\n'));
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" parse long.txt | head -1; echo "exit:\${PIPESTATUS[0]}" >&2`], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(r.stdout).toBe('标题:关于开展2026年作风建设活动的实施方案\n');
  // Before: an EPIPE stack trace and exit 1.
  expect(r.stderr).toBe('exit:0\n');
});

test('a plan whose phases have no dates: build names them and says how to give their dates', () => {
  fs.writeFileSync(at('undated.txt'), '关于开展2026年作风建设活动的实施方案\n一、第一阶段:动员部署\n二、第二阶段:整改落实\n三、第三阶段:总结提升\n');
  expect(run('parse', 'undated.txt').out).toContain('1. 动员部署  (无日期)');
  // Before: "方案中没有读出可用的日程(阶段、任务或时间节点),未生成工作簿。"
  expect(refused('build', '--plan', 'undated.txt', '-o', 'plan.xlsx')).toBe(
    '方案中读到 3 个阶段,但都没有写明日期:“动员部署”、“整改落实”、“总结提升”,因此排不出日程,未生成工作簿。请在方案中每个阶段名称后写上起止时间,例如“动员部署(3月1日至3月15日)”,保存后再运行 build(可先用 parse 查看读到的日期)。',
  );
});

test('a flagged file flagged again keeps the name pattern: 台账-flagged.xlsx, never …-flagged-flagged.xlsx', () => {
  expect(run('flag', 'master.xlsx').code).toBe(0);
  expect(fs.existsSync(at('master-flagged.xlsx'))).toBe(true);
  // Its name is its result's: the command says how to update it or save a copy, and writes nothing.
  expect(refused('flag', 'master-flagged.xlsx')).toBe(
    'master-flagged.xlsx 的名称已带“-flagged”,结果仍用这个名称,也就是文件本身,未作任何修改。要更新这个文件,请加 --in-place;要另存一份,请用 -o 指定文件名。',
  );
  expect(run('flag', 'master-flagged.xlsx', '--in-place').code).toBe(0);
  expect(fs.readdirSync(dir).filter((f) => f.includes('flagged-flagged'))).toEqual([]);
});

test('the output name rule, one function in the core for the command line and the pane', () => {
  expect(outputFileName('台账.xlsx', 'flagged')).toBe('台账-flagged.xlsx');
  expect(outputFileName('台账-flagged.xlsx', 'flagged')).toBe('台账-flagged.xlsx');
  // A browser's second download of it.
  expect(outputFileName('台账-flagged (1).xlsx', 'flagged')).toBe('台账-flagged.xlsx');
  expect(outputFileName('台账-status.xlsx', 'flagged')).toBe('台账-status-flagged.xlsx');
  expect(outputFileName('台账.XLSM', 'merged')).toBe('台账-merged.XLSM');
  expect(outputFileName('台账.xls', 'status')).toBe('台账-status.xlsx');
  expect(outputFileName('a.b.xlsx', 'flagged')).toBe('a.b-flagged.xlsx');
});

test('every command-line message is there in all three languages', () => {
  const keys = (lang: 'zh-CN' | 'zh-TW' | 'en') => Object.keys(strings(lang).cli).sort();
  expect(keys('zh-TW')).toEqual(keys('zh-CN'));
  expect(keys('en')).toEqual(keys('zh-CN'));
});
