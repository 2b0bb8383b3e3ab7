/** parse and build --plan as a user runs them; the built schedules recalculated by LibreOffice. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedPlan } from '../../src/core';
import { recalculate } from '../helpers/libreoffice';
import { errorCells, plain, readWorkbook, sheet, tempDir } from '../helpers/workbook';

const BIN = path.resolve(__dirname, '../../bin/campaign-ledger.js');
const PLANS = path.resolve(__dirname, '../../../shared/plans');
/** An activity plan of issue 21's development set: 13 activities, single days and overlaps. */
const ACTIVITY_PLAN = path.resolve(__dirname, '../fixtures/plans-dev/college-debate-festival-2017.txt');
let dir: string;

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = tempDir('cl-plan-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parse', () => {
  test('--json prints exactly the contract', () => {
    const r = run(['parse', path.join(PLANS, 'plan-a.txt'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['title', 'year', 'yearSource', 'shape', 'phases', 'tasks', 'milestones', 'leadingGroup', 'assignments', 'warnings']);
    expect(typeof j.title).toBe('string');
    expect(Number.isInteger(j.year)).toBe(true);
    expect(['option', 'text', 'schedule', 'number', 'signature', null]).toContain(j.yearSource);
    expect(j.shape).toBe('phases');
    const text = fs.readFileSync(path.join(PLANS, 'plan-a.txt'), 'utf8');
    for (const p of j.phases) {
      expect(Object.keys(p)).toEqual(['name', 'start', 'end', 'inferred', 'tasks', 'source']);
      expect(p.inferred.every((k: unknown) => k === 'start' || k === 'end')).toBe(true);
      for (const d of [p.start, p.end]) expect(d === null || /^\d{4}-\d{2}-\d{2}$/.test(d)).toBe(true);
      expect(p.tasks.every((t: unknown) => typeof t === 'string')).toBe(true);
      // The source is where the phase was read: its offsets in the file, and that sentence.
      expect(Object.keys(p.source)).toEqual(['start', 'end', 'text']);
      expect(text.slice(p.source.start, p.source.end)).toContain(p.name);
    }
    for (const m of j.milestones) {
      expect(Object.keys(m)).toEqual(['due', 'text', 'source']);
      expect(text.slice(m.source.start, m.source.end)).toBe(m.text);
    }
    expect(Object.keys(j.leadingGroup)).toEqual(['leader', 'deputies', 'members', 'office']);
    expect(Array.isArray(j.warnings)).toBe(true);
    expect(j.phases[0]).toMatchObject({ name: '思想发动阶段', start: '2008-06-01', end: '2008-07-31', inferred: [], tasks: [] });
    expect(j.phases[0].source.text).toContain('思想发动阶段');
    expect(j.assignments).toEqual([]);
  });

  test('- reads standard input; --year is reported as the source', () => {
    const r = run(['parse', '-', '--json', '--year', '2008'], fs.readFileSync(path.join(PLANS, 'plan-b.txt')));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect([j.year, j.yearSource]).toEqual([2008, 'option']);
    expect(j.phases[2]).toMatchObject({ start: '2008-12-21', end: '2009-02-28' });
  });

  test('a readable summary without --json', () => {
    const r = run(['parse', path.join(PLANS, 'plan-d.txt')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('學習動員階段  2011-02-18 ~ 2011-03-10');
    expect(r.out).toContain('年份:2011(取自正文)');
    expect(r.out).toContain('组长:XXX');
  });

  test('a file saved in GB18030 reads the same as UTF-8', () => {
    const text = '第一阶段:学习动员阶段(2024年2月18日至3月10日)';
    const gb = Buffer.from([0xb5, 0xda]); // 第 in GB18030: prove the decoder is used, not a guess
    expect(new TextDecoder('gb18030').decode(gb)).toBe('第');
    const utf8 = run(['parse', '-', '--json'], text);
    fs.writeFileSync(path.join(dir, 'gb.txt'), Buffer.from(iconvGb18030(text)));
    const fromGb = run(['parse', 'gb.txt', '--json']);
    // The same reading; each source quotes its own file (this one's punctuation is full-width).
    const reading = (out: string) => (JSON.parse(out) as ParsedPlan).phases.map(({ source, ...phase }) => ({ ...phase, at: [source?.start, source?.end] }));
    expect(reading(fromGb.out)).toEqual(reading(utf8.out));
  });

  test.each([
    [['parse', 'missing.txt'], /无法读取 missing\.txt:找不到这个文件或文件夹/],
    [['parse'], /用法:campaign-ledger parse/],
    [['parse', 'a', 'b'], /用法/],
    [['parse', '-', '--year', '20x8'], /--year/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = run(args, '');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });

  test('empty, binary and foreign input: exit 0 with warnings', () => {
    for (const input of ['', Buffer.from([0, 1, 2, 255, 254, 3, 0, 0, 9, 200]), 'Implementation plan for the audit']) {
      const r = run(['parse', '-', '--json'], input);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).warnings.length).toBeGreaterThan(0);
    }
  });
});

describe('plans as Word documents', () => {
  const DOCX = path.resolve(__dirname, '../fixtures/docx');

  test('parse FILE.docx reads as the text does; its summary marks worked-out dates with ≈', () => {
    const fromWord = JSON.parse(run(['parse', path.join(DOCX, 'env-action-2005.docx'), '--json']).out);
    const fromText = JSON.parse(run(['parse', path.resolve(__dirname, '../fixtures/plans/env-action-2005.txt'), '--json']).out);
    expect(fromWord).toEqual(fromText);
    const r = run(['parse', path.join(DOCX, 'tables-plan.docx')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('巩固提升  ≈2023-07-01 ~ ≈2023-07-31  (≈ 为推算的日期,请核对)');
    expect(r.out).toContain('2023-04-30  开展校园周边食品安全检查  食品经营科、各市场监管所、县教育局');
  });

  test.each([
    ['old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /旧版 Word 或 WPS 文档.*另存为”\.docx/],
    ['old.wps', Buffer.from('not really wps'), /旧版 Word 或 WPS 文档/],
    ['broken.docx', Buffer.from('PK\u0003\u0004broken'), /不是可读取的 Word 文档/],
  ])('%s: exit 2 with one line asking for a .docx', (name, bytes, message) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    for (const args of [
      ['parse', name],
      ['build', '--plan', name, '-o', `${name}.xlsx`],
    ]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    }
    expect(fs.existsSync(path.join(dir, `${name}.xlsx`))).toBe(false);
  });

  test('--tasks-to-ledger needs --plan', () => {
    const r = run(['build', '--template', 'jiefang-sixiang', '--start', '2024-01-01', '--tasks-to-ledger', '-o', 't.xlsx']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--tasks-to-ledger 只用于 --plan/);
  });
});

/** GB18030 encoding for the characters of the test sentence (Node has a decoder, not an encoder). */
function iconvGb18030(text: string): number[] {
  const table: Record<string, number[]> = {
    第: [0xb5, 0xda],
    一: [0xd2, 0xbb],
    阶: [0xbd, 0xd7],
    段: [0xb6, 0xce],
    学: [0xd1, 0xa7],
    习: [0xcf, 0xb0],
    动: [0xb6, 0xaf],
    员: [0xd4, 0xb1],
    年: [0xc4, 0xea],
    月: [0xd4, 0xc2],
    日: [0xc8, 0xd5],
    至: [0xd6, 0xc1],
    '(': [0xa3, 0xa8],
    ')': [0xa3, 0xa9],
    ':': [0xa3, 0xba],
  };
  return Array.from(text).flatMap((ch) => table[ch] ?? [ch.charCodeAt(0)]);
}

describe('build --plan', () => {
  // As-of dates chosen inside each campaign, so the statuses differ from phase to phase.
  const cases: [string, string[], string, [string, string][]][] = [
    [
      'plan-a.txt',
      [],
      '2008-08-15',
      [
        ['思想发动阶段', '已结束'],
        ['差距剖析阶段', '进行中'],
        ['工作创新阶段', '未开始'],
      ],
    ],
    [
      'plan-b.txt',
      ['--year', '2008'],
      '2008-12-25',
      [
        ['学习调研阶段', '已结束'],
        ['分析检查阶段', '进行中'],
        ['整改落实阶段', '进行中'],
      ],
    ],
    [
      'plan-d.txt',
      [],
      '2011-04-01',
      [
        ['學習動員階段', '已结束'],
        ['查擺問題階段', '进行中'],
        ['整改處理階段', '未开始'],
        ['評價總結階段', '未开始'],
      ],
    ],
    [
      'plan-e.txt',
      [],
      '2010-06-10',
      [
        ['學習動員階段', '已结束'],
        ['查擺問題階段', '进行中'],
        ['整改提高階段', '进行中'],
      ],
    ],
  ];
  const built: Record<string, string> = {};

  beforeAll(() => {
    for (const [plan, extra, asOf] of cases) {
      const r = run(['build', '--plan', path.join(PLANS, plan), ...extra, '--as-of', asOf, '-o', `${plan}.xlsx`]);
      if (r.code !== 0) throw new Error(`build --plan ${plan} failed: ${r.err}`);
    }
    const c = run(['build', '--plan', path.join(PLANS, 'plan-c.txt'), '-o', 'plan-c.txt.xlsx']);
    if (c.code !== 0) throw new Error(c.err);
    const docx = path.resolve(__dirname, '../fixtures/docx/tables-plan.docx');
    const w = run(['build', '--plan', docx, '--tasks-to-ledger', '--as-of', '2023-05-15', '-o', 'tables-plan.docx.xlsx']);
    if (w.code !== 0) throw new Error(w.err);
    const a = run(['build', '--plan', ACTIVITY_PLAN, '--as-of', '2017-11-20', '-o', 'activities.xlsx']);
    if (a.code !== 0) throw new Error(a.err);
    const files = [...cases.map(([p]) => p), 'plan-c.txt', 'tables-plan.docx', 'activities'].map((p) => path.join(dir, `${p}.xlsx`));
    recalculate(files).forEach((out, i) => {
      built[path.basename(files[i], '.xlsx')] = out;
    });
  });

  test.each(cases.map((c) => [c[0], c[3]] as const))('%s: LibreOffice gives each phase its status', async (plan, expected) => {
    const wb = await readWorkbook(built[plan]);
    expect(errorCells(wb)).toEqual([]);
    const ws = sheet(wb, '阶段安排');
    const got: [string, string][] = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      const name = plain(ws.getCell(`B${r}`));
      if (typeof name === 'string' && /阶段|階段/.test(name)) got.push([name, String(plain(ws.getCell(`H${r}`)))]);
    }
    expect(got).toEqual(expected);
  });

  test('the leading group goes onto its sheet and into the ledger dropdown', async () => {
    const wb = await readWorkbook(built['plan-a.txt']);
    const group = sheet(wb, '领导小组');
    expect([3, 4, 5, 6].map((r) => [plain(group.getCell(`A${r}`)), plain(group.getCell(`B${r}`))])).toEqual([
      ['组长', '刘克'],
      ['副组长', '徐金荣'],
      ['副组长', '潘荣兴'],
      ['副组长', '钱平南'],
    ]);
    const original = await readWorkbook(path.join(dir, 'plan-a.txt.xlsx'));
    const dv = (sheet(original, '整改台账') as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(dv.F3.formulae[0]).toMatch(/^'领导小组'!\$B\$3:\$B\$\d+$/);
  });

  test('milestones become dated rows of the schedule', async () => {
    const ws = sheet(await readWorkbook(built['plan-a.txt']), '阶段安排');
    const rows = [];
    for (let r = 3; r <= ws.rowCount; r++)
      if (plain(ws.getCell(`B${r}`)) === '时间节点') rows.push([plain(ws.getCell(`C${r}`)), plain(ws.getCell(`F${r}`)), plain(ws.getCell(`H${r}`))]);
    expect(rows).toEqual([
      ['2008-09-10', '各科室在9月10日前将讨论交流情况以书面形式上报办公室', '未开始'],
      ['2008-09-10', '在9月10日前上报局办公室', '未开始'],
    ]);
  });

  test('a .docx with --tasks-to-ledger: its 任务分工 rows are dated schedule tasks and ledger items LibreOffice flags', async () => {
    const wb = await readWorkbook(built['tables-plan.docx']);
    expect(errorCells(wb)).toEqual([]);
    const schedule = sheet(wb, '阶段安排');
    const tasks = [];
    for (let r = 3; r <= schedule.rowCount; r++) {
      if (plain(schedule.getCell(`B${r}`)) === '任务分工') continue;
      const text = plain(schedule.getCell(`F${r}`));
      if (typeof text === 'string' && /检查|风险|台账并/.test(text)) tasks.push([text, plain(schedule.getCell(`D${r}`)), plain(schedule.getCell(`G${r}`))]);
    }
    expect(tasks).toEqual([
      ['开展校园周边食品安全检查', '2023-04-30', '食品经营科'],
      ['整治农村集体聚餐风险', '2023-06-30', '食品生产科'],
      ['建立问题整改台账并逐项销号', '2023-07-31', '综合执法大队'],
    ]);
    const ledger = sheet(wb, '整改台账');
    const header = [1, 2, 3].find((r) => plain(ledger.getCell(`C${r}`)) === '问题描述')!;
    const items = [1, 2, 3].map((i) => ['B', 'C', 'G', 'I', 'K', 'O'].map((col) => plain(ledger.getCell(`${col}${header + i}`))));
    expect(items).toEqual([
      ['任务分工', '开展校园周边食品安全检查', '食品经营科', '2023-04-30', '已逾期', '各市场监管所、县教育局'],
      ['任务分工', '整治农村集体聚餐风险', '食品生产科', '2023-06-30', '进行中', '各乡镇人民政府'],
      ['任务分工', '建立问题整改台账并逐项销号', '综合执法大队', '2023-07-31', '进行中', '各市场监管所'],
    ]);
  });

  test('an activity plan: one row an activity, overlapping ones each with their own timeline, single days; LibreOffice gives each its status', async () => {
    const wb = await readWorkbook(built.activities);
    expect(errorCells(wb)).toEqual([]);
    const ws = sheet(wb, '阶段安排');
    expect(plain(ws.getCell('B2'))).toBe('活动');
    // The timeline column of the week of 13 November 2017 (a Monday).
    let week = 0;
    for (let c = 9; c <= ws.columnCount; c++) if (plain(ws.getRow(2).getCell(c)) === '2017-11-13') week = c;
    expect(week).toBeGreaterThan(0);
    const rows: unknown[][] = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      const name = plain(ws.getCell(`B${r}`));
      if (typeof name === 'string' && name)
        rows.push([name, plain(ws.getCell(`C${r}`)), plain(ws.getCell(`D${r}`)), plain(ws.getCell(`H${r}`)), plain(ws.getRow(r).getCell(week))]);
    }
    expect(rows.slice(0, 4)).toEqual([
      ['学院第五届“善·德”思辩文化节开幕式暨第七届校园主持人大赛', '2017-11-13', '2017-11-13', '已结束', '■'],
      ['晚读成果展示', '2017-11-30', '2017-11-30', '未开始', null],
      ['青春激扬中国梦团日活动', '2017-11-02', '2017-11-22', '进行中', '■'],
      ['一学一做一争当团日活动', '2017-12-04', '2017-12-20', '未开始', null],
    ]);
    expect(rows).toHaveLength(13);
  });

  test('plan-c (no phases): its tasks on the schedule', async () => {
    const ws = sheet(await readWorkbook(built['plan-c.txt']), '阶段安排');
    const tasks = [3, 4, 5, 6, 7].map((r) => plain(ws.getCell(`F${r}`)));
    expect(tasks).toEqual(['推进思想建设创新', '完善组织建设创新', '强化队伍建设创新', '加大制度建设创新', '提升作风建设创新']);
  });

  test.each([
    [['build', '--plan', path.join(PLANS, 'plan-b.txt'), '-o', 'b.xlsx'], /未能确定年份.*--year/],
    [['build', '--plan', 'empty.txt', '-o', 'e.xlsx'], /没有读出可用的日程/],
    [['build', '--plan', 'nope.txt', '-o', 'n.xlsx'], /无法读取 nope\.txt/],
    [['build', '--plan', path.join(PLANS, 'plan-a.txt'), '--template', 'jiefang-sixiang', '-o', 'x.xlsx'], /--template 或 --plan/],
  ])('%j: exit 2, one line, no file', (args, message) => {
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const before = fs.readdirSync(dir).sort();
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
