/**
 * The flag on real .xlsx files: hand-made ledgers and a generated one. The right rows flagged,
 * 首次逾期日期 kept across runs, every other cell as it was, the same result when run twice,
 * and LibreOffice recalculating the output without an error.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { layoutWorkbook, workdaysBetween } from '../../src/core';
import { type FileFlagOutcome as FlagOutcome, flagXlsx } from '../../src/xlsx/flag';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith, localToday } from '../helpers/campaigns';
import { bytesOf, LAYOUT_ONE, LAYOUT_THREE, LAYOUT_TWO, layoutOne, layoutThree, layoutTwo } from '../helpers/handmade';
import { recalculate } from '../helpers/libreoffice';
import { differences, snapshot } from '../helpers/snapshot';
import { errorCells, plain, readWorkbook, sheet, tempDir } from '../helpers/workbook';

const AS_OF = '2024-04-10';
const RUN = '2024-04-10';
const layouts = [
  ['layout one (title row, synonyms, text dates)', layoutOne, LAYOUT_ONE],
  ['layout two (header on row 4, other order, real dates)', layoutTwo, LAYOUT_TWO],
  ['layout three (Traditional, serial numbers, earlier 首次逾期日期)', layoutThree, LAYOUT_THREE],
] as const;

let dir: string;
const inputs: Record<string, Uint8Array> = {};
const outputs: Record<string, FlagOutcome> = {};
const recalculated: Record<string, ExcelJS.Workbook> = {};

// A generated ledger whose as-of cell is fixed on the day before 国庆 2025, for the workday formula.
const holidayCampaign = campaignWith(
  [
    { label: 'w1', deadline: '2025-09-30' },
    { label: 'w2', deadline: '2025-10-10' },
    { label: 'w3', deadline: '2025-09-20' },
    { label: 'w4', deadline: '2025-10-01', completed: '2025-09-25' },
  ],
  '2025-09-01',
  { asOf: '2025-09-26' },
);

beforeAll(async () => {
  dir = tempDir('cl-flag-');
  for (const [name, build] of layouts) {
    inputs[name] = await bytesOf(build());
    outputs[name] = await flagXlsx(inputs[name], { asOf: AS_OF, runDate: RUN });
  }
  inputs.generated = await writeXlsx(layoutWorkbook(holidayCampaign));
  outputs.generated = await flagXlsx(inputs.generated, { asOf: '2025-09-26', runDate: RUN });
  const names = Object.keys(outputs);
  const files = names.map((n, i) => {
    const f = path.join(dir, `out${i}.xlsx`);
    fs.writeFileSync(f, outputs[n].bytes);
    return f;
  });
  const out = recalculate(files);
  for (const [i, n] of names.entries()) recalculated[n] = await readWorkbook(out[i]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(layouts)('%s', (name, _build, expected) => {
  test('the ledger is found and the right rows are flagged', () => {
    const o = outputs[name];
    expect(o.ledgerSheet).toBe(expected.sheet);
    expect(o.result.overdue.map((i) => [i.row, i.daysOverdue]).sort((a, b) => a[0] - b[0])).toEqual(expected.overdue);
    expect(o.result.counts.dueSoon).toBe(expected.dueSoon);
  });

  test('nothing outside the owned columns and sheets changed', async () => {
    const skip = (s: string, _r: number, c: number) => s === expected.sheet && c >= expected.ownedFrom;
    const before = await snapshot(inputs[name], skip);
    const after = await snapshot(outputs[name].bytes, skip);
    expect(differences(before, after, { [expected.sheet]: expected.ownedFrom })).toEqual([]);
    // The sheets the flag adds come after the user's own, in a fixed order.
    expect(after.map((s) => s.name).slice(0, before.length)).toEqual(before.map((s) => s.name));
    expect(after.map((s) => s.name).slice(before.length)).toEqual(['标记记录', '逾期清单', '_工作日']);
  });

  test('running twice on the same day changes nothing', async () => {
    const again = await flagXlsx(outputs[name].bytes, { asOf: AS_OF, runDate: RUN });
    expect(again.result.counts.newlyOverdue).toBe(0);
    expect(differences(await snapshot(outputs[name].bytes), await snapshot(again.bytes))).toEqual([]);
  });

  test('LibreOffice recalculates the flagged workbook without an error', () => {
    expect(errorCells(recalculated[name])).toEqual([]);
  });
});

describe('across runs', () => {
  test('首次逾期日期 is kept; a newly overdue item gets the later date; closures are counted', async () => {
    const first = outputs[layouts[0][0]];
    // Between the runs the office marks 会议过多 as done.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(first.bytes as unknown as ArrayBuffer);
    wb.getWorksheet('作风问题整改台账')!.getCell('G3').value = '已完成';
    const edited = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const second = await flagXlsx(edited, { asOf: '2024-04-20', runDate: '2024-04-20' });
    // By unit in pinyin order: 办公室 (bàn), 纪检室 (jì), 业务科 (yè).
    expect(second.result.overdue.map((i) => [i.row, i.firstOverdue, i.daysOverdue])).toEqual([
      [4, '2024-04-20', 8],
      [7, '2024-04-10', 20],
      [6, '2024-04-10', 36],
    ]);
    expect(second.result.counts).toMatchObject({ overdue: 3, newlyOverdue: 1, closedSinceLastRun: 1 });
    const out = await readWorkbook(await writeTemp(second.bytes));
    const ws = sheet(out, '作风问题整改台账');
    // The owned columns stand one empty column right of the ledger (J is its last, K stays empty).
    expect([2, 3, 4, 6].map((r) => plain(ws.getCell(`K${r}`)))).toEqual([null, null, null, null]);
    expect(['L', 'M'].map((c) => [3, 4, 6].map((r) => plain(ws.getCell(`${c}${r}`))))).toEqual([
      ['2024-04-10', '2024-04-20', '2024-04-10'],
      [null, 8, 36],
    ]);
    const log = sheet(out, '标记记录');
    expect(log.rowCount).toBe(3);
    expect([2, 3].map((r) => [3, 4, 5, 6].map((c) => plain(log.getRow(r).getCell(c))))).toEqual([
      [3, 1, 3, 0],
      [3, 0, 1, 1],
    ]);
  });

  test('layout three keeps the 首次逾期日期 an earlier run wrote', () => {
    const o = outputs[layouts[2][0]];
    expect(o.result.overdue[0].firstOverdue).toBe('2024-03-20');
    expect(o.result.counts.newlyOverdue).toBe(0);
  });
});

async function writeTemp(bytes: Uint8Array): Promise<string> {
  const f = path.join(dir, `t${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(f, bytes);
  return f;
}

describe('the 逾期清单 sheet and its 督办单', () => {
  test('overdue items grouped by unit and owner, then one notice per unit with page breaks', async () => {
    const out = await readWorkbook(await writeTemp(outputs[layouts[0][0]].bytes));
    const ws = sheet(out, '逾期清单');
    const listed = [4, 5, 6].map((r) => [1, 2, 3, 6].map((c) => plain(ws.getRow(r).getCell(c))));
    expect(listed).toEqual([
      ['办公室', '张三', '会议过多', 26],
      ['纪检室', '钱七', '作风漂浮', 10],
      ['业务科', '赵六', '服务不优', 26],
    ]);
    const titles: number[] = [];
    ws.eachRow((row, r) => {
      if (plain(row.getCell(1)) === '整改督办单') titles.push(r);
    });
    expect(titles).toHaveLength(3);
    const zip = await (await import('jszip')).default.loadAsync(outputs[layouts[0][0]].bytes);
    const sheetXml = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /worksheets\/sheet\d+\.xml$/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    const breaks = sheetXml.map((x) => /<rowBreaks count="(\d+)"/.exec(x)?.[1]).filter(Boolean);
    expect(breaks).toEqual(['3']);
    // A percentage worked out from its columns (layout/print.ts), never fit-to-pages, which would make engines ignore the page breaks.
    expect(sheetXml.some((x) => /<pageSetup[^>]*scale="\d+"/.test(x) && !/fitToPage/.test(x))).toBe(true);
  });
});

describe('workdays in the workbook', () => {
  test('剩余工作日 around 国庆 2025, computed by LibreOffice from the hidden holiday sheet', () => {
    const ws = sheet(recalculated.generated, '整改台账');
    const header = ws.getRow(2);
    let col = 0;
    header.eachCell((c, n) => {
      if (plain(c) === '剩余工作日') col = n;
    });
    expect(col).toBeGreaterThan(0);
    // As of Friday 2025-09-26: 9/28 (Sunday) is a make-up workday, 10/1–10/8 are holidays;
    // 9/20 was five working days ago (Monday 22 to Friday 26); w4 is completed.
    expect([3, 4, 5, 6].map((r) => plain(ws.getRow(r).getCell(col)))).toEqual([3, 5, -5, null]);
    expect(workdaysBetween('2025-09-26', '2025-09-20')).toBe(-5);
  });

  test('hand-made ledgers read the workbook’s today (TODAY()) for 剩余工作日', () => {
    const ws = sheet(recalculated[layouts[1][0]], 'Sheet1');
    const got = plain(ws.getCell('L5'));
    const want = workdaysBetween(localToday(), '2024-04-01');
    expect(got).toBe(want === null ? null : want);
  });
});
