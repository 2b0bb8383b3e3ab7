/**
 * 添加状态列 on ledgers made by hand: six layouts (header words, title rows, text dates, totals
 * rows, an own status column), recalculated by LibreOffice; every row must show the status the
 * README's semantics give, for an as-of date of 2024-04-10 and a 3-day window (expectations
 * written from the semantics, row by row). Nothing of the ledger's changes; a second run changes
 * nothing; the flag then reads the ledger as the new formulas do.
 */
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { ProblemError } from '../../src/core/flag';
import { layoutWorkbook } from '../../src/core';
import { flagXlsx } from '../../src/xlsx/flag';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { withFile } from '../../src/xlsx/package/zip';
import { writeXlsx } from '../../src/xlsx/render';
import { addStatusColumnsXlsx, type FileStatusColumnsOutcome } from '../../src/xlsx/status-columns';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf, layoutFive, layoutFour, layoutOne, layoutSix, layoutThree, layoutTwo } from '../helpers/handmade';
import { recalculate } from '../helpers/libreoffice';
import { changedCells, partText, withoutCellsAndExtent, withoutPrintFit } from '../helpers/sheet-xml';
import { tempDir } from '../helpers/workbook';

const AS_OF = '2024-04-10';
type Row = [string, number | ''] | '';

interface Layout {
  build: () => ExcelJS.Workbook;
  sheet: string;
  sheetPath: string;
  /** The status column (the remaining-days column is the next one). */
  statusCol: number;
  rows: Record<number, Row>;
}

const LAYOUTS: Record<string, Layout> = {
  // 完成情况 is the ledger's own status column; 3月底 is 2024-03-31 (the date grammar's month end); a merged footer.
  one: {
    build: layoutOne,
    sheet: '作风问题整改台账',
    sheetPath: 'xl/worksheets/sheet1.xml',
    statusCol: 12,
    rows: {
      3: ['已逾期', -26],
      4: ['即将到期', 2],
      5: ['已完成', ''],
      6: ['已逾期', -26],
      7: ['已逾期', -10],
      8: ['未设时限', ''],
      9: ['进行中', 50],
      10: '',
    },
  },
  // Header on row 4 under title rows; 办结日期 and 销号时间 as real dates.
  two: {
    build: layoutTwo,
    sheet: 'Sheet1',
    sheetPath: 'xl/worksheets/sheet2.xml',
    statusCol: 10,
    rows: { 5: ['已逾期', -9], 6: ['已完成', ''], 7: ['已销号', ''], 8: ['即将到期', 0], 9: ['已逾期', -1] },
  },
  // Traditional headers, serial numbers without a date format, completed after the deadline.
  three: {
    build: layoutThree,
    sheet: '整改台賬',
    sheetPath: 'xl/worksheets/sheet1.xml',
    statusCol: 10,
    rows: { 2: ['已逾期', -26], 3: ['进行中', 8], 4: ['逾期完成', ''] },
  },
  // Two title rows, 编号/问题清单/整改举措/整改期限/办结时间/整改进展, dotted and spaced text dates, a 小 计 row.
  four: {
    build: layoutFour,
    sheet: '巡察整改台账',
    sheetPath: 'xl/worksheets/sheet1.xml',
    statusCol: 11,
    rows: { 4: ['已逾期', -21], 5: ['即将到期', 2], 6: ['已完成', ''], 7: ['未设时限', ''], 8: ['日期有误', ''], 9: '', 10: ['已完成', ''] },
  },
  // Traditional headers, real dates, √ as signed off, a 合計 row.
  five: {
    build: layoutFive,
    sheet: '整改清單',
    sheetPath: 'xl/worksheets/sheet1.xml',
    statusCol: 9,
    rows: { 2: ['已逾期', -9], 3: ['即将到期', 3], 4: ['已销号', ''], 5: ['未设时限', ''], 6: '' },
  },
  // English headers, 是 as done, a Total row.
  six: {
    build: layoutSix,
    sheet: 'Ledger',
    sheetPath: 'xl/worksheets/sheet1.xml',
    statusCol: 7,
    rows: { 2: ['进行中', 10], 3: ['已逾期', -5], 4: ['已完成', ''], 5: '' },
  },
};

const results = new Map<string, { input: Uint8Array; outcome: FileStatusColumnsOutcome; recalculated: string }>();

beforeAll(async () => {
  const dir = tempDir('cl-status-');
  const files: string[] = [];
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    const input = await bytesOf(layout.build());
    const outcome = await addStatusColumnsXlsx(input, { asOf: AS_OF, dueSoonDays: 3 });
    const file = path.join(dir, `${name}.xlsx`);
    fs.writeFileSync(file, outcome.bytes);
    files.push(file);
    results.set(name, { input, outcome, recalculated: '' });
  }
  recalculate(files).forEach((f, i) => (results.get(Object.keys(LAYOUTS)[i])!.recalculated = f));
}, 180_000);

describe.each(Object.entries(LAYOUTS))('layout %s', (name, layout) => {
  test('LibreOffice computes the status the semantics give on every row (totals and footer rows blank)', () => {
    const { recalculated } = results.get(name)!;
    const rows = XlsxPackage.open(new Uint8Array(fs.readFileSync(recalculated))).scan(layout.sheet, {}).rows;
    const got: Record<number, Row> = {};
    for (const r of Object.keys(layout.rows).map(Number)) {
      const status = rows[r - 1]?.[layout.statusCol - 1] ?? '';
      const days = rows[r - 1]?.[layout.statusCol] ?? '';
      got[r] = status === '' && days === '' ? '' : [status as string, days as number | ''];
    }
    expect(got).toEqual(layout.rows);
  });

  test('nothing of the ledger changes: every original cell and sheet element as it was', () => {
    const { input, outcome } = results.get(name)!;
    const before = partText(input, layout.sheetPath);
    const after = partText(outcome.bytes, layout.sheetPath);
    expect(changedCells(before, after)).toEqual([]);
    // The sheet gains its new columns' colours and a printing percentage (never fit-to-pages); everything else outside the cells is as it was.
    const rest = (xml: string) => withoutPrintFit(withoutCellsAndExtent(xml).replace(/<conditionalFormatting\b[\s\S]*?<\/conditionalFormatting>/g, ''));
    expect(after).not.toMatch(/fitToPage="1"/);
    expect(rest(after)).toBe(rest(before));
  });

  test('a second run changes nothing and says so', async () => {
    const { outcome } = results.get(name)!;
    const again = await addStatusColumnsXlsx(outcome.bytes, { asOf: AS_OF });
    expect(again.kind).toBe('unchanged');
    expect(again.changed).toBe(false);
    expect(Buffer.from(again.bytes).equals(Buffer.from(outcome.bytes))).toBe(true);
    expect(again.messages.join('')).toMatch(/已有状态列/);
  });
});

test('a ledger with a status column of its own gets ours beside it, and the message says so', () => {
  const { outcome } = results.get('one')!;
  expect(outcome.messages.join('\n')).toMatch(/原有的“完成情况”列保持不变/);
  const rows = XlsxPackage.open(outcome.bytes).topGrid(5).sheets[0].rows;
  expect(rows[1].slice(6, 13)).toEqual(['完成情况', '备注', '督办次数', '核实人', undefined, '整改状态', '剩余天数']);
});

test('the settings sheet holds the as-of date, the window and the year, by name; =TODAY() unless --as-of', async () => {
  const { outcome } = results.get('four')!;
  const pkg = XlsxPackage.open(outcome.bytes);
  expect(pkg.definedNames()).toMatchObject({ CL_AsOfDate: "'状态设置'!$B$3", CL_DueSoonDays: "'状态设置'!$B$4", CL_DateYear: "'状态设置'!$B$5" });
  const live = await addStatusColumnsXlsx(await bytesOf(layoutFour()));
  expect(partText(live.bytes, 'xl/worksheets/sheet2.xml')).toContain('<f>TODAY()</f>');
});

test('the flag then reads the ledger as the formulas do: their as-of date and window, their dates', async () => {
  const { outcome } = results.get('four')!;
  const flagged = await flagXlsx(outcome.bytes, { runDate: '2026-12-01' });
  expect([flagged.settings.asOf, flagged.settings.asOfFrom, flagged.settings.dueSoonDays]).toEqual([AS_OF, 'workbook', 3]);
  // Row 4 is 已逾期 in the workbook; row 8 (下周五) is 日期有误, listed, not overdue; 整改状态 is not read as the ledger's own.
  expect(flagged.result.overdue.map((o) => o.row)).toEqual([4]);
  expect(flagged.result.counts.dueSoon).toBe(1);
  expect(flagged.warnings.join('')).toMatch(/第 8 行.*下周五/);
});

test('items added below the prepared rows: a run extends the formulas; one within them changes nothing', async () => {
  const { outcome } = results.get('six')!;
  const pkg = XlsxPackage.open(outcome.bytes);
  expect(pkg.definedNames().CL_StatusRows).toBe("'Ledger'!$G$2:$H$204");
  // An item typed at row 180 leaves fewer than 50 prepared rows: the next run adds 200 more.
  const ExcelJSLib = (await import('exceljs')).default;
  const wb = new ExcelJSLib.Workbook();
  await wb.xlsx.load(outcome.bytes as unknown as ArrayBuffer);
  wb.getWorksheet('Ledger')!.getRow(180).values = [9, 'late', 'D', '2024-05-01'];
  const extended = await addStatusColumnsXlsx(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  expect(extended.kind).toBe('extend');
  expect(XlsxPackage.open(extended.bytes).definedNames().CL_StatusRows).toBe("'Ledger'!$G$2:$H$380");
});

test('a workbook made by campaign-ledger has its status formulas already: refused, nothing written', async () => {
  const bytes = await writeXlsx(layoutWorkbook(campaignWith([{ label: 'a', deadline: '2024-04-01' }], '2024-03-01')));
  await expect(addStatusColumnsXlsx(bytes)).rejects.toEqual(new ProblemError({ kind: 'ourLedger' }));
});

test('the file: a print area down to the last row of the user’s, no scale where it fits at 100%, never fit-to-pages; a run after items typed below grows it, the next changes nothing', async () => {
  const { outcome } = results.get('six')!;
  const pkg = XlsxPackage.open(outcome.bytes);
  expect(pkg.localName('_xlnm.Print_Area', 'Ledger')).toBe("'Ledger'!$A$1:$H$5");
  expect(partText(outcome.bytes, 'xl/worksheets/sheet1.xml')).not.toMatch(/fitToPage="1"|<pageSetup [^>]*scale="(?!100")/);
  // Layout one is wider than a portrait page: a percentage (as test/excel/status-columns.test.ts checks against Excel).
  expect(partText(results.get('one')!.outcome.bytes, 'xl/worksheets/sheet1.xml')).toMatch(/<pageSetup [^>]*scale="\d\d"/);
  const ExcelJSLib = (await import('exceljs')).default;
  const wb = new ExcelJSLib.Workbook();
  await wb.xlsx.load(outcome.bytes as unknown as ArrayBuffer);
  wb.getWorksheet('Ledger')!.getRow(8).values = [4, 'w', 'D', '2024-05-01'];
  const grown = await addStatusColumnsXlsx(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  expect(grown.kind).toBe('unchanged');
  expect(grown.changed).toBe(true);
  expect(grown.messages).toEqual(['“Ledger”已有状态列(公式覆盖到第 204 行);打印区域已延伸到 A1:H8。']);
  expect(XlsxPackage.open(grown.bytes).localName('_xlnm.Print_Area', 'Ledger')).toBe("'Ledger'!$A$1:$H$8");
  const again = await addStatusColumnsXlsx(grown.bytes);
  expect(again.changed).toBe(false);
});

test('status columns from a version without helper columns: a run adds the helpers right of everything and writes every row anew', async () => {
  const { outcome } = results.get('one')!;
  // As an earlier version left the file: no helper columns recorded (their cells here stay, unnamed, as any user's would).
  const pkg = XlsxPackage.open(outcome.bytes);
  pkg.setName('CL_StatusHelpers', null);
  const old = withFile({}, pkg.save()).bytes;
  const again = await addStatusColumnsXlsx(old, { asOf: AS_OF });
  expect(again.kind).toBe('extend');
  const names = XlsxPackage.open(again.bytes).definedNames();
  // L and M are the status columns, N and O the first helpers (one date column); the new ones stand one column right of O.
  expect(names.CL_StatusHelpers).toBe("'作风问题整改台账'!$Q$2:$R$2");
  const file = path.join(tempDir('cl-status-old-'), 'one.xlsx');
  fs.writeFileSync(file, again.bytes);
  const rows = XlsxPackage.open(new Uint8Array(fs.readFileSync(recalculate([file])[0]))).scan('作风问题整改台账', {}).rows;
  const got = Object.fromEntries(Object.keys(LAYOUTS.one.rows).map((r) => [r, [rows[Number(r) - 1]?.[11] ?? '', rows[Number(r) - 1]?.[12] ?? '']]));
  expect(got).toEqual(Object.fromEntries(Object.entries(LAYOUTS.one.rows).map(([r, v]) => [r, v === '' ? ['', ''] : v])));
}, 120_000);
