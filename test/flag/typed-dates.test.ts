/**
 * One reading of typed dates (issue 19, item 3): 47 typed forms of a deadline, and 15 texts that
 * are no date, in three ledgers — one made by hand (after add-status), our template, and a unit's
 * copy split from it. LibreOffice computes each row's 整改状态 and 剩余天数 (recalculated, read
 * back); the flag reads the same files. Row by row, both must give the day the form means (or
 * 日期有误 / an unreadable cell for both). The as-of date, 2027-03-01, is after every day, so each
 * readable row is overdue: the flag lists it with its deadline, LibreOffice gives as-of + 剩余天数.
 * Dates without a year are in 2026, the ledger's year.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { fromExcelSerial, type IsoDate, layoutWorkbook, strings, toExcelSerial } from '../../src/core';
import { ProblemError } from '../../src/core/flag';
import { findDateExpressions, resolveRange } from '../../src/core/plan/date-expr';
import { readTypedDate } from '../../src/core/typed-date';
import { type FileFlagOutcome, flagXlsx } from '../../src/xlsx/flag';
import { cellEdits } from '../../src/xlsx/package/cells';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { withFile } from '../../src/xlsx/package/zip';
import { writeXlsx } from '../../src/xlsx/render';
import { splitXlsx } from '../../src/xlsx/split';
import { addStatusColumnsXlsx } from '../../src/xlsx/status-columns';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf } from '../helpers/handmade';
import { recalculate } from '../helpers/libreoffice';
import { plain, readWorkbook, tempDir } from '../helpers/workbook';

const st = strings('zh-CN').ledger.statuses;
const AS_OF = '2027-03-01';
const YEAR = 2026;
const dir = tempDir('cl-typed-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Typed = string | number | Date;
/** A typed deadline and the day it means (null: no date). */
const FORMS: [Typed, IsoDate | null][] = [
  ['2026.12.1', '2026-12-01'],
  ['2026/12/1', '2026-12-01'],
  ['2026-12-01', '2026-12-01'],
  ['2026年12月1日', '2026-12-01'],
  ['12月1日', '2026-12-01'],
  ['12月底', '2026-12-31'],
  ['12月末', '2026-12-31'],
  ['11月上旬', '2026-11-10'],
  ['11月中旬', '2026-11-20'],
  ['11月下旬', '2026-11-30'],
  ['2026年11月中旬', '2026-11-20'],
  ['2月底', '2026-02-28'],
  ['2月下旬', '2026-02-28'],
  ['12月1日前', '2026-12-01'],
  ['12月1日以前', '2026-12-01'],
  ['12月1日之前', '2026-12-01'],
  ['12月底前', '2026-12-31'],
  ['11月中旬前', '2026-11-20'],
  ['年底', '2026-12-31'],
  ['年末', '2026-12-31'],
  ['2026年底', '2026-12-31'],
  ['2026年年底', '2026-12-31'],
  ['2026年末', '2026-12-31'],
  ['年底前', '2026-12-31'],
  ['２０２６年１２月１日', '2026-12-01'],
  ['2026 年 12 月 1 日', '2026-12-01'],
  ['\u300012月1日\u3000', '2026-12-01'],
  ['2026-3-5', '2026-03-05'],
  ['2026/03/05', '2026-03-05'],
  ['3月5号', '2026-03-05'],
  ['2026.12.01前', '2026-12-01'],
  ['9月15以前', '2026-09-15'],
  ['2026年9月', '2026-09-30'],
  ['9月', '2026-09-30'],
  ['3月初', '2026-03-10'],
  ['2025年12月31日', '2025-12-31'],
  ['2024年2月底', '2024-02-29'],
  ['12.1', '2026-12-01'],
  ['12/1', '2026-12-01'],
  ['2026-12-1前', '2026-12-01'],
  ['12月上旬前', '2026-12-10'],
  ['2026年6月下旬', '2026-06-30'],
  ['6月30号之前', '2026-06-30'],
  ['２０２６．１２．１', '2026-12-01'],
  ['12月1日 前', '2026-12-01'],
  [new Date(Date.UTC(2026, 9, 8)), '2026-10-08'],
  [46300, fromExcelSerial(46300)],
  // No date: an impossible day, a word, a range, a number that is not a day, a year too short …
  ['2026-02-30', null],
  ['2月30日', null],
  ['13月1日', null],
  ['下周五', null],
  ['十二月底', null],
  ['12月32日', null],
  ['2026-12', null],
  ['2026.13.1', null],
  ['abc', null],
  ['12月1日至12月5日', null],
  ['1890-01-01', null],
  [13800138000, null],
  ['2026年12月1日左右', null],
  ['26-12-1', null],
  ['前12月1日', null],
];
const READABLE = FORMS.filter(([, day]) => day).length;
const label = (t: Typed) => (t instanceof Date ? `date ${t.toISOString().slice(0, 10)}` : JSON.stringify(t));

/** What each reader says of a row: the day, or 日期有误. */
type Reading = IsoDate | '日期有误';
const expected: Reading[] = FORMS.map(([, day]) => day ?? '日期有误');

/** A cell set in a file as the product edits files (in place), so the file stays as it was made. */
function setCell(bytes: Uint8Array, sheet: string, row: number, col: number, value: number): Uint8Array {
  const pkg = XlsxPackage.open(bytes);
  pkg.editSheet(sheet, cellEdits(pkg.scan(sheet, { anchorFrom: 1 }), [{ row, col, content: { kind: 'value', value } }]), true);
  return withFile({}, pkg.save()).bytes;
}

/** The day `days` after the as-of date, however far back (an engine may read 1890-01-01 as a day). */
function dayAfterAsOf(days: number): Reading {
  const d = new Date(Date.UTC(2027, 2, 1 + days));
  return d.toISOString().slice(0, 10);
}

/** LibreOffice's reading of rows first..: the day as-of + 剩余天数 for an overdue row, else the status. */
function workbookReadings(ws: ExcelJS.Worksheet, first: number, statusCol: number): Reading[] {
  return FORMS.map((_, i) => {
    const status = plain(ws.getCell(first + i, statusCol));
    const days = plain(ws.getCell(first + i, statusCol + 1));
    if (status === st.overdue && typeof days === 'number') return dayAfterAsOf(days);
    return String(status) as Reading;
  });
}

/**
 * The flag's reading of rows `rows` (from the sheet's row `first`): the deadline of an overdue row,
 * 日期有误 for a cell its warning lists as no date. The warning names ten cells and counts the rest
 * (… (+5)): a row neither overdue nor named is one of those, when the count adds up.
 */
function flagReadings(outcome: FileFlagOutcome, first: number, count = FORMS.length): Reading[] {
  const deadlines = new Map(outcome.result.overdue.map((o) => [o.row, o.deadline]));
  const warning = outcome.warnings.find((w) => w.includes('日期有误')) ?? '';
  const more = Number(/\(\+(\d+)\)/.exec(warning)?.[1] ?? 0);
  const readings = Array.from({ length: count }, (_, i): Reading | null =>
    deadlines.has(first + i) ? deadlines.get(first + i)! : new RegExp(`第 ${first + i} 行`).test(warning) ? '日期有误' : null,
  );
  const unnamed = readings.filter((r) => r === null).length;
  return readings.map((r) => r ?? ((unnamed === more ? '日期有误' : '(not read)') as Reading));
}

const byForm = (readings: Reading[]) => FORMS.map(([t], i) => `${label(t)} → ${readings[i]}`);

/** The hand-made ledger: its header on row 2 under a title, the forms in 完成时限 from row 3. */
function handMade(forms = FORMS): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账');
  ws.getCell('A1').value = '某局问题整改台账';
  ws.getRow(2).values = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '完成时限'];
  forms.forEach(([typed], i) => (ws.getRow(3 + i).values = [i + 1, `问题${i + 1}`, '措施', i % 2 ? '办公室' : '宣传科', '张三', typed]));
  return wb;
}

const results: Record<'handMade' | 'template' | 'copy', { workbook: Reading[]; flag: Reading[] }> = {} as never;
let rawFlag: unknown;
let rawReadable: FileFlagOutcome | unknown;

beforeAll(async () => {
  // 1. By hand, then add-status (its year set to 2026 on its settings sheet, as a user retypes it).
  const added = await addStatusColumnsXlsx(await bytesOf(handMade()), { asOf: AS_OF, dueSoonDays: 3 });
  const handFile = setCell(added.bytes, '状态设置', 5, 2, YEAR);
  // 2. Our template, the forms pasted over its deadlines (I), as-of fixed.
  const template = new ExcelJS.Workbook();
  const campaign = campaignWith(
    FORMS.map((_, i) => ({ label: `问题${i + 1}`, deadline: '2026-06-01', unit: i % 2 ? '办公室' : '宣传科' })),
    '2026-03-01',
    { asOf: AS_OF },
  );
  await template.xlsx.load((await writeXlsx(layoutWorkbook(campaign))) as unknown as ArrayBuffer);
  FORMS.forEach(([typed], i) => (template.getWorksheet('整改台账')!.getCell(3 + i, 9).value = typed));
  const templateFile = new Uint8Array((await template.xlsx.writeBuffer()) as ArrayBuffer);
  // 3. The unit 办公室's copy of the template, its as-of date typed over =TODAY().
  const { copies } = await splitXlsx(templateFile, { now: '2026-12-01T02:00:00Z', today: '2026-12-01', newCampaignId: () => 'CL-t', masterName: 'm.xlsx' });
  const copy = setCell(copies.find((c) => c.unit === '办公室')!.bytes, '状态设置', 3, 2, toExcelSerial(AS_OF));

  const files = { handMade: handFile, template: templateFile, copy };
  const paths = Object.entries(files).map(([name, bytes]) => {
    const file = path.join(dir, `${name}.xlsx`);
    fs.writeFileSync(file, bytes);
    return file;
  });
  const [hand, tmpl, unit] = await Promise.all(recalculate(paths).map(readWorkbook));

  // The copy holds every other item (the unit's), in order, its deadlines in the master's column order.
  const copySheet = unit.getWorksheet('整改台账')!;
  const copyHeader = (copySheet.getRow(2).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const copyRows = FORMS.map((_, i) => i).filter((i) => i % 2 === 1);
  const copyStatus = copyHeader.indexOf('整改状态');
  results.copy = {
    workbook: copyRows.map((_, k) => {
      const status = plain(copySheet.getCell(3 + k, copyStatus));
      const days = plain(copySheet.getCell(3 + k, copyStatus + 1));
      return status === st.overdue && typeof days === 'number' ? dayAfterAsOf(days) : (String(status) as Reading);
    }),
    flag: flagReadings(await flagXlsx(copy, { runDate: '2027-03-02' }), 3, copyRows.length),
  };
  results.handMade = {
    workbook: workbookReadings(hand.getWorksheet('整改台账')!, 3, 8),
    flag: flagReadings(await flagXlsx(handFile, { runDate: '2027-03-02' }), 3),
  };
  results.template = {
    workbook: workbookReadings(tmpl.getWorksheet('整改台账')!, 3, 11),
    flag: flagReadings(await flagXlsx(templateFile, { runDate: '2027-03-02' }), 3),
  };

  // The hand-made ledger before add-status: the flag reads it alike (its unreadable cells stop the run, listed).
  rawFlag = await flagXlsx(await bytesOf(handMade()), { asOf: AS_OF, runDate: AS_OF, year: YEAR }).catch((e: unknown) => e);
  rawReadable = await flagXlsx(await bytesOf(handMade(FORMS.filter(([, day]) => day))), { asOf: AS_OF, runDate: AS_OF, year: YEAR }).catch((e: unknown) => e);
}, 180_000);

test(`the table has at least 40 typed forms of a date (${READABLE}), and texts that are none (${FORMS.length - READABLE})`, () => {
  expect(READABLE).toBeGreaterThanOrEqual(40);
});

describe.each(['handMade', 'template'] as const)('%s ledger', (kind) => {
  test('LibreOffice computes the day each form means, and 日期有误 for the rest', () => {
    expect(byForm(results[kind].workbook)).toEqual(byForm(expected));
  });

  test('the flag reads every row as the workbook does', () => {
    expect(byForm(results[kind].flag)).toEqual(byForm(results[kind].workbook));
  });
});

test('a unit’s copy reads its items’ dates as its master does, in the master’s year, in the workbook and for the flag', () => {
  const rows = FORMS.map((f, i) => [f, expected[i]] as const).filter((_, i) => i % 2 === 1);
  const want = rows.map(([[t], day]) => `${label(t)} → ${day}`);
  expect(rows.map(([[t]], k) => `${label(t)} → ${results.copy.workbook[k]}`)).toEqual(want);
  expect(rows.map(([[t]], k) => `${label(t)} → ${results.copy.flag[k]}`)).toEqual(want);
});

test('before add-status the flag reads the hand-made ledger alike: the same cells unreadable, the same days', () => {
  expect(rawFlag).toBeInstanceOf(ProblemError);
  const problem = (rawFlag as ProblemError).problem;
  const cells = problem.kind === 'unreadable' ? problem.cells.map((c) => c.row) : [];
  expect(cells).toEqual(FORMS.map(([, day], i) => (day ? 0 : 3 + i)).filter(Boolean));
  const readable = FORMS.filter(([, day]) => day);
  const overdue = rawReadable instanceof ProblemError ? [] : (rawReadable as FileFlagOutcome).result.overdue;
  expect(readable.map(([t], i) => `${label(t)} → ${overdue.find((o) => o.row === 3 + i)?.deadline}`)).toEqual(
    readable.map(([t, day]) => `${label(t)} → ${day}`),
  );
});

test('the grammar ends a month’s parts as the plan reader does (上旬, 中旬, 下旬, 初, 中, 底, 末, a bare month, 年底)', () => {
  for (const text of [
    '2026年11月上旬',
    '2026年11月中旬',
    '2026年11月下旬',
    '2026年2月初',
    '2026年2月中',
    '2026年2月底',
    '2026年2月末',
    '2026年9月',
    '2026年底',
    '2024年2月底',
  ]) {
    const [e] = findDateExpressions(text);
    expect(`${text} → ${readTypedDate(text, null)}`).toBe(`${text} → ${resolveRange(e, null).end}`);
  }
});
