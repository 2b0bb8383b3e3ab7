/**
 * Ledger cells that are not clean dates (users paste more than they type): text dates, non-dates,
 * white space, words. LibreOffice computes the workbook's 整改状态 and 总览; the flag reads the
 * same file; both agree on every row.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { layoutWorkbook, strings } from '../../src/core';
import { flagXlsx } from '../../src/xlsx/flag';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf, layoutTwo } from '../helpers/handmade';
import { recalculate } from '../helpers/libreoffice';
import { plain, readWorkbook, tempDir } from '../helpers/workbook';

const st = strings('zh-CN').ledger.statuses;
const AS_OF = '2026-05-15';
const dir = tempDir('cl-cells-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Row by row: what is pasted into 整改时限 (I), 完成日期 (J) and 销号日期 (M), and the status the semantics give.
const CASES: { label: string; deadline: ExcelJS.CellValue; completed?: ExcelJS.CellValue; signedOff?: ExcelJS.CellValue; status: string }[] = [
  { label: 'text date, long past', deadline: '2026-01-01', status: st.overdue },
  { label: 'text date with slashes, tomorrow', deadline: '2026/5/16', status: st.dueSoon },
  { label: 'text date in Chinese, far ahead', deadline: '2026年9月1日', status: st.inProgress },
  { label: 'month and day only (the campaign’s year)', deadline: '3月1日', status: st.overdue },
  { label: 'not a date', deadline: 'abc', status: st.dateError },
  { label: 'a formula pasted as text', deadline: '=1+1', status: st.dateError },
  { label: 'an impossible date', deadline: '2026-02-30', status: st.dateError },
  { label: 'a phone number', deadline: 13800138000, status: st.dateError },
  { label: 'a single space as sign-off', deadline: new Date('2026-09-01T00:00:00Z'), signedOff: ' ', status: st.inProgress },
  { label: 'no deadline, in words', deadline: '长期坚持', status: st.noDeadline },
  { label: 'done, in words', deadline: new Date('2026-01-01T00:00:00Z'), completed: '已完成', status: st.completed },
  { label: 'completion that is not a date', deadline: new Date('2026-06-01T00:00:00Z'), completed: 'xyz', status: st.dateError },
  { label: 'real date, past', deadline: new Date('2026-04-01T00:00:00Z'), status: st.overdue },
];

let statuses: unknown[];
let remaining: unknown[];
let dashboard: Record<string, unknown>;
let flag: Awaited<ReturnType<typeof flagXlsx>>;

beforeAll(async () => {
  const campaign = campaignWith(
    CASES.map((c) => ({ label: c.label, deadline: '2026-06-01' })),
    '2026-03-01',
    { asOf: AS_OF },
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeXlsx(layoutWorkbook(campaign))) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('整改台账')!;
  CASES.forEach((c, i) => {
    ws.getCell(3 + i, 9).value = c.deadline;
    if (c.completed !== undefined) ws.getCell(3 + i, 10).value = c.completed;
    if (c.signedOff !== undefined) ws.getCell(3 + i, 13).value = c.signedOff;
  });
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const file = path.join(dir, 'pasted.xlsx');
  fs.writeFileSync(file, bytes);
  flag = await flagXlsx(bytes, { runDate: '2026-11-25' });
  const out = await readWorkbook(recalculate([file])[0]);
  const ledger = out.getWorksheet('整改台账')!;
  statuses = CASES.map((_, i) => plain(ledger.getCell(3 + i, 11)));
  remaining = CASES.map((_, i) => plain(ledger.getCell(3 + i, 12)));
  dashboard = {};
  out.getWorksheet('总览')!.eachRow((r) => {
    const label = plain(r.getCell(1));
    if (typeof label === 'string' && typeof plain(r.getCell(2)) === 'number' && !(label in dashboard)) dashboard[label] = plain(r.getCell(2));
  });
});

test('the workbook gives every row the status the semantics give', () => {
  expect(CASES.map((c, i) => `${c.label}: ${statuses[i]}`)).toEqual(CASES.map((c) => `${c.label}: ${c.status}`));
});

test('剩余天数 reads text dates and stays blank where there is no usable date', () => {
  expect(remaining).toEqual([-134, 1, 109, -75, null, null, null, null, 109, null, null, null, -44]);
});

test('总览 counts 日期有误, and its total counts every row', () => {
  expect(dashboard[st.dateError]).toBe(5);
  expect(dashboard[strings('zh-CN').dashboard.total]).toBe(CASES.length);
});

test('the flag agrees with the workbook on every row, and lists the cells that are not dates', () => {
  expect(flag.settings.asOf).toBe(AS_OF);
  const overdueRows = flag.result.overdue.map((o) => o.row).sort((a, b) => a - b);
  expect(overdueRows).toEqual(CASES.map((c, i) => (c.status === st.overdue ? 3 + i : 0)).filter(Boolean));
  expect(flag.result.counts.overdue).toBe(dashboard[st.overdue]);
  expect(flag.result.counts.dueSoon).toBe(dashboard[st.dueSoon]);
  const warning = flag.warnings.find((w) => w.includes('日期有误'))!;
  for (const [i, c] of CASES.entries()) if (c.status === st.dateError) expect(warning).toContain(`第 ${3 + i} 行`);
});

test('a deadline formula the file never computed is reported by row, not read as no deadline in silence', async () => {
  const wb = layoutTwo();
  // A program wrote =A6-30 and nothing computed it: the file holds no value for it.
  wb.getWorksheet('Sheet1')!.getCell('A7').value = { formula: 'A6-30' } as ExcelJS.CellFormulaValue;
  const outcome = await flagXlsx(await bytesOf(wb), { asOf: '2024-04-10', runDate: '2024-04-10' });
  expect(outcome.warnings.find((w) => w.includes('没有计算结果的公式'))).toBe(
    '第 7 行的“截止日期”是没有计算结果的公式(文件由程序写出、未在 Excel 或 WPS 中打开过),无法判断是否逾期;请在 Excel 或 WPS 中打开并保存一次后再标记。',
  );
});
