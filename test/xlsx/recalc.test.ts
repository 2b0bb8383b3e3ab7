/**
 * The status formulas, proven by LibreOffice: workbooks are written by the .xlsx renderer,
 * recalculated headless, and the values read back. Expected values are written by hand from
 * the README's status semantics.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { addDays, createContext, ledgerStatus, remainingDays } from '../../src/core';
import { campaignWith, type Case, localToday } from '../helpers/campaigns';
import { recalculate } from '../helpers/libreoffice';
import { errorCells, plain, readWorkbook, sheet, tempDir, writeCampaign } from '../helpers/workbook';

const AS_OF = '2026-03-15';

// Deadline, completion and sign-off against an as-of date of 2026-03-15 and a 3-day window.
const FIXED_CASES: (Case & { status: string; remaining: number | null })[] = [
  { label: 'c01 well before deadline', deadline: '2026-03-31', status: '进行中', remaining: 16, unit: '办公室', owner: '张三' },
  { label: 'c02 deadline at window edge', deadline: '2026-03-18', status: '即将到期', remaining: 3, unit: '办公室', owner: '张三' },
  { label: 'c03 one day past window', deadline: '2026-03-19', status: '进行中', remaining: 4, unit: '办公室', owner: '张三' },
  { label: 'c04 deadline on as-of day', deadline: '2026-03-15', status: '即将到期', remaining: 0, unit: '办公室', owner: '张三' },
  { label: 'c05 deadline yesterday', deadline: '2026-03-14', status: '已逾期', remaining: -1, unit: '办公室', owner: '张三' },
  { label: 'c06 deadline end of February', deadline: '2026-02-28', status: '已逾期', remaining: -15, unit: '宣传科', owner: '张三' },
  { label: 'c07 completed on the deadline', deadline: '2026-03-10', completed: '2026-03-10', status: '已完成', remaining: null, unit: '宣传科', owner: '张三' },
  { label: 'c08 completed a day late', deadline: '2026-03-10', completed: '2026-03-11', status: '逾期完成', remaining: null, unit: '宣传科', owner: '李四' },
  { label: 'c09 completed early', deadline: '2026-04-01', completed: '2026-03-01', status: '已完成', remaining: null, unit: '宣传科', owner: '李四' },
  {
    label: 'c10 signed off after late completion',
    deadline: '2026-03-01',
    completed: '2026-03-05',
    signedOff: '2026-03-06',
    status: '已销号',
    remaining: null,
    unit: '宣传科',
    owner: '李四',
  },
  {
    label: 'c11 signed off, no completion date',
    deadline: '2026-03-01',
    signedOff: '2026-03-02',
    status: '已销号',
    remaining: null,
    unit: '纪检监察室',
    owner: '李四',
  },
  { label: 'c12 no deadline', deadline: null, status: '未设时限', remaining: null, unit: '纪检监察室', owner: '李四' },
  { label: 'c13 no deadline, completed', deadline: null, completed: '2026-03-03', status: '已完成', remaining: null, unit: '纪检监察室', owner: '李四' },
];

let dir: string;
const files: Record<string, string> = {};
const recalculated: Record<string, ExcelJS.Workbook> = {};
const originals: Record<string, ExcelJS.Workbook> = {};
const today = localToday();

/** What a user does: type a date over the =TODAY() in the as-of cell, and save. */
async function overwriteAsOf(file: string, iso: string): Promise<void> {
  const wb = await readWorkbook(file);
  const [y, m, d] = iso.split('-').map(Number);
  sheet(wb, '总览').getCell('B3').value = new Date(Date.UTC(y, m - 1, d));
  await wb.xlsx.writeFile(file);
}

/** What a user does: type a new item into the first empty row below the table. */
async function appendRow(file: string, row: number, deadline: string): Promise<void> {
  const wb = await readWorkbook(file);
  const ws = sheet(wb, '整改台账');
  ws.getCell(`C${row}`).value = '新增问题';
  const [y, m, d] = deadline.split('-').map(Number);
  ws.getCell(`I${row}`).value = new Date(Date.UTC(y, m - 1, d));
  await wb.xlsx.writeFile(file);
}

const todayCases: (Case & { status: string; remaining: number | null })[] = [
  { label: 't1 tomorrow', deadline: addDays(today, 1), status: '即将到期', remaining: 1 },
  { label: 't2 yesterday', deadline: addDays(today, -1), status: '已逾期', remaining: -1 },
  { label: 't3 in ten days', deadline: addDays(today, 10), status: '进行中', remaining: 10 },
];

const leapCases: (Case & { status: string; remaining: number | null })[] = [
  { label: 'l1 29 February', deadline: '2028-02-29', status: '即将到期', remaining: 1 },
  { label: 'l2 1 March', deadline: '2028-03-01', status: '即将到期', remaining: 2 },
  { label: 'l3 2 March', deadline: '2028-03-03', status: '进行中', remaining: 4 },
  { label: 'l4 end of January', deadline: '2028-01-31', status: '已逾期', remaining: -28 },
];

const HOSTILE = ['=1+1', '+SUM(A1:A3)', '-2', '@cmd', '=HYPERLINK("http://example.invalid","x")'];

beforeAll(async () => {
  dir = tempDir();
  files.fixed = await writeCampaign(campaignWith(FIXED_CASES, '2026-02-01'), path.join(dir, 'fixed.xlsx'));
  await overwriteAsOf(files.fixed, AS_OF);
  files.today = await writeCampaign(campaignWith(todayCases, addDays(today, -10)), path.join(dir, 'today.xlsx'));
  const appended = campaignWith(todayCases, addDays(today, -10));
  files.appended = await writeCampaign(appended, path.join(dir, 'appended.xlsx'));
  await appendRow(files.appended, createContext(appended).ledger.lastTableRow + 1, addDays(today, -2));
  files.leap = await writeCampaign(campaignWith(leapCases, '2028-02-01', { asOf: '2028-02-28' }), path.join(dir, 'leap.xlsx'));
  files.hostile = await writeCampaign(
    campaignWith(
      HOSTILE.map((h, i) => ({ label: `h${i}`, problem: h, owner: h, deadline: '2026-03-20' })),
      '2026-02-01',
      { asOf: AS_OF, name: 'A&B =活动' },
    ),
    path.join(dir, 'hostile.xlsx'),
  );
  const names = Object.keys(files);
  const out = recalculate(names.map((n) => files[n]));
  for (const [i, n] of names.entries()) {
    recalculated[n] = await readWorkbook(out[i]);
    originals[n] = await readWorkbook(files[n]);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function ledgerRows(wb: ExcelJS.Workbook, count: number) {
  const ws = sheet(wb, '整改台账');
  return Array.from({ length: count }, (_, i) => ({
    problem: plain(ws.getCell(`C${3 + i}`)),
    status: plain(ws.getCell(`K${3 + i}`)),
    remaining: plain(ws.getCell(`L${3 + i}`)),
  }));
}

describe('整改状态 and 剩余天数, as-of date typed over =TODAY()', () => {
  test.each(FIXED_CASES.map((c, i) => [c.label, i, c] as const))('%s', (_label, i, c) => {
    const row = ledgerRows(recalculated.fixed, FIXED_CASES.length)[i];
    expect(row.problem).toBe(c.label);
    expect(row.status).toBe(c.status);
    expect(row.remaining ?? null).toBe(c.remaining === null ? null : c.remaining);
  });

  test('the JavaScript semantics agree with LibreOffice on every case', () => {
    const rows = ledgerRows(recalculated.fixed, FIXED_CASES.length);
    const statusText: Record<string, string> = {
      overdue: '已逾期',
      dueSoon: '即将到期',
      inProgress: '进行中',
      noDeadline: '未设时限',
      completed: '已完成',
      completedLate: '逾期完成',
      signedOff: '已销号',
    };
    FIXED_CASES.forEach((c, i) => {
      const input = { deadline: c.deadline, completed: c.completed ?? null, signedOff: c.signedOff ?? null };
      expect(statusText[ledgerStatus(input, AS_OF, 3)]).toBe(rows[i].status);
      expect(remainingDays(input, AS_OF)).toBe(rows[i].remaining ?? null);
    });
  });

  test('dashboard counts per status, share signed off, due soon', () => {
    const ws = sheet(recalculated.fixed, '总览');
    const counts: Record<string, Plain> = {};
    for (let r = 13; r <= 19; r++) counts[String(plain(ws.getCell(`A${r}`)))] = plain(ws.getCell(`B${r}`));
    expect(counts).toEqual({ 已逾期: 2, 即将到期: 2, 进行中: 2, 未设时限: 1, 已完成: 3, 逾期完成: 1, 已销号: 2 });
    expect(plain(ws.getCell('A7'))).toBe('整改事项总数');
    expect(plain(ws.getCell('B7'))).toBe(13);
    expect(plain(ws.getCell('B8'))).toBe(2);
    expect(plain(ws.getCell('B9'))).toBe(2);
    expect(plain(ws.getCell('B10'))).toBeCloseTo(2 / 13, 10);
  });

  test('dashboard counts per 责任单位 and per 责任人', () => {
    const ws = sheet(recalculated.fixed, '总览');
    const table = (col: number) => {
      const found: Record<string, Plain[]> = {};
      for (let r = 1; r <= ws.rowCount; r++) {
        const label = plain(ws.getRow(r).getCell(col));
        const count = plain(ws.getRow(r).getCell(col + 1));
        if (typeof label === 'string' && typeof count === 'number') {
          found[label] = [0, 1, 2, 3, 4].map((k) => plain(ws.getRow(r).getCell(col + 1 + k)));
        }
      }
      return found;
    };
    const units = table(1);
    // [count, overdue, due soon, done or signed off, share signed off]
    expect(units['办公室']).toEqual([5, 1, 2, 0, 0]);
    expect(units['宣传科'].slice(0, 4)).toEqual([5, 1, 0, 4]);
    expect(units['宣传科'][4]).toBeCloseTo(1 / 5, 10);
    expect(units['纪检监察室'].slice(0, 4)).toEqual([3, 0, 0, 2]);
    // A unit with no items: zero counts and a blank share (no #DIV/0!).
    expect(units['组织人事科']).toEqual([0, 0, 0, 0, null]);
    const owners = table(8);
    expect(owners['张三'].slice(0, 4)).toEqual([7, 2, 2, 1]);
    expect(owners['李四'].slice(0, 4)).toEqual([6, 0, 0, 5]);
    expect(owners['李四'][4]).toBeCloseTo(2 / 6, 10);
  });

  test('phase statuses, days and the timeline', () => {
    const ws = sheet(recalculated.fixed, '阶段安排');
    const phases: Record<string, Plain[]> = {};
    for (let r = 3; r <= ws.rowCount; r++) {
      const name = plain(ws.getCell(`B${r}`));
      if (typeof name === 'string' && name.endsWith('阶段')) {
        phases[name] = [plain(ws.getCell(`C${r}`)), plain(ws.getCell(`D${r}`)), plain(ws.getCell(`E${r}`)), plain(ws.getCell(`H${r}`))];
      }
    }
    expect(phases).toEqual({
      学习动员阶段: ['2026-02-01', '2026-02-21', 21, '已结束'],
      查摆问题阶段: ['2026-02-22', '2026-03-23', 30, '进行中'],
      整改落实阶段: ['2026-03-24', '2026-05-07', 45, '未开始'],
      总结提升阶段: ['2026-05-08', '2026-05-22', 15, '未开始'],
    });
    // 2026-02-22 is a Sunday: its week starts on Monday 02-16; the phase touches six weeks.
    const header = ws.getRow(2);
    expect(plain(header.getCell(9))).toBe('2026-01-26');
    let row = 3;
    while (plain(ws.getCell(`B${row}`)) !== '查摆问题阶段') row++;
    const marked: string[] = [];
    for (let col = 9; col <= ws.columnCount; col++) {
      if (plain(ws.getRow(row).getCell(col)) === '■') marked.push(String(plain(header.getCell(col))));
    }
    expect(marked).toEqual(['2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
  });

  test('no error value anywhere in the recalculated workbook', () => {
    expect(errorCells(recalculated.fixed)).toEqual([]);
  });
});

describe('as-of date from =TODAY()', () => {
  test.each(todayCases.map((c, i) => [c.label, i, c] as const))('%s', (_label, i, c) => {
    const row = ledgerRows(recalculated.today, todayCases.length)[i];
    expect(row.status).toBe(c.status);
    expect(row.remaining).toBe(c.remaining);
    expect(plain(sheet(recalculated.today, '总览').getCell('B3'))).toBe(today);
  });

  test('a row typed below the table gets its status and remaining days', () => {
    const row = createContext(campaignWith(todayCases, addDays(today, -10))).ledger.lastTableRow + 1;
    const ws = sheet(recalculated.appended, '整改台账');
    expect(plain(ws.getCell(`C${row}`))).toBe('新增问题');
    expect(plain(ws.getCell(`K${row}`))).toBe('已逾期');
    expect(plain(ws.getCell(`L${row}`))).toBe(-2);
    expect(plain(ws.getCell(`K${row + 1}`)) ?? '').toBe('');
    // …and the counts include it, since they read whole columns.
    expect(plain(sheet(recalculated.appended, '总览').getCell('B7'))).toBe(4);
  });

  test('the prepared rows below the table carry the dropdowns and date checks', () => {
    const row = createContext(campaignWith(todayCases, addDays(today, -10))).ledger.lastTableRow + 1;
    const dv = (originals.today.getWorksheet('整改台账') as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations
      .model;
    expect(dv[`E${row}`]?.type).toBe('list');
    expect(dv[`G${row}`]?.formulae?.[0]).toMatch(/^'领导小组'!\$G\$3:\$G\$\d+$/);
    expect(dv[`I${row}`]?.type).toBe('date');
  });
});

describe('leap years', () => {
  test.each(leapCases.map((c, i) => [c.label, i, c] as const))('%s (as of 2028-02-28)', (_label, i, c) => {
    const row = ledgerRows(recalculated.leap, leapCases.length)[i];
    expect(row.status).toBe(c.status);
    expect(row.remaining).toBe(c.remaining);
  });
});

describe('user text is never a formula', () => {
  test('text starting with = + - @ comes back as the same text', () => {
    const ws = sheet(recalculated.hostile, '整改台账');
    HOSTILE.forEach((h, i) => {
      expect(plain(ws.getCell(`C${3 + i}`))).toBe(h);
      expect(plain(ws.getCell(`H${3 + i}`))).toBe(h);
      expect(ws.getCell(`C${3 + i}`).formula).toBeUndefined();
    });
    expect(plain(ws.getCell('A1'))).toBe('A&B =活动 · 整改台账');
    expect(errorCells(recalculated.hostile)).toEqual([]);
  });

  test("an '&' in the campaign name is escaped in the page header", () => {
    expect(sheet(originals.hostile, '整改台账').headerFooter.oddHeader).toContain('&LA&&B =活动');
  });
});

describe('what LibreOffice keeps', () => {
  test('tables, validation, conditional formats and print titles survive a LibreOffice round trip', () => {
    const ws = sheet(recalculated.fixed, '整改台账');
    expect(Object.keys((ws as unknown as { tables: object }).tables)).toContain('CampaignLedger');
    const dv = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(dv.E3?.type).toBe('list');
    expect(dv.I3?.type).toBe('date');
    const cfs = (ws as unknown as { conditionalFormattings: { ref: string; rules: { formulae?: string[] }[] }[] }).conditionalFormattings;
    expect(cfs.flatMap((cf) => cf.rules.flatMap((r) => r.formulae ?? [])).join(' ')).toContain('已逾期');
    expect(ws.pageSetup.printTitlesRow).toBe('1:2');
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
  });
});

type Plain = ReturnType<typeof plain>;
