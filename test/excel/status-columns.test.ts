/**
 * 添加状态列 through Office.js (into the Excel double) against the same run on the same file
 * through the .xlsx path: the same cells on every sheet, the same names, print area and colour
 * rules; two reads and one write; refusals and failures that leave the workbook as it was.
 */
import ExcelJS from 'exceljs';
import { layoutWorkbook } from '../../src/core';
import type { StatusColumnsOptions } from '../../src/core/status-columns';
import { type ExcelDouble } from '../../src/excel-double/double';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { key } from '../../src/excel-double/state';
import { ActionFailed, type HostError, hostMessage } from '../../src/excel/errors';
import { addStatusColumnsWorkbook } from '../../src/excel/status-columns';
import { strings } from '../../src/core/locale';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { writeXlsx } from '../../src/xlsx/render';
import { addStatusColumnsXlsx } from '../../src/xlsx/status-columns';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf, layoutFive, layoutFour, layoutOne, layoutSix, layoutThree, layoutTwo } from '../helpers/handmade';
import { compareCells, conditionalRules } from '../helpers/parity';
import { partText } from '../helpers/sheet-xml';

const OPTIONS: StatusColumnsOptions = { asOf: '2024-04-10', dueSoonDays: 3 };

/** layoutSix with notes kept beside it: one in the top rows, one far below them. */
function withNotes(): ExcelJS.Workbook {
  const wb = layoutSix();
  const ws = wb.getWorksheet('Ledger')!;
  ws.getCell('H3').value = '核对:周九';
  ws.getCell('J40').value = '以上为第一批';
  return wb;
}

function withPrintArea(): ExcelJS.Workbook {
  const wb = layoutFive();
  wb.getWorksheet('整改清單')!.pageSetup.printArea = 'A1:G6';
  return wb;
}

/**
 * Name, sheet, round trips: two reads, a measure of the printed columns (for the print scale) and a
 * write when the ledger is in view; a ledger elsewhere costs one read more. A second run neither
 * measures nor writes.
 */
const inputs: [string, () => ExcelJS.Workbook, string, number][] = [
  ['layout one', layoutOne, '作风问题整改台账', 4],
  ['layout two (the ledger on the second sheet, the first in view)', layoutTwo, 'Sheet1', 5],
  ['layout three', layoutThree, '整改台賬', 4],
  ['layout four', layoutFour, '巡察整改台账', 4],
  ['layout five, with a print area', withPrintArea, '整改清單', 4],
  ['layout six', layoutSix, 'Ledger', 4],
  ['layout six with notes beside it', withNotes, 'Ledger', 4],
];

function contents(double: ExcelDouble): string {
  return JSON.stringify([
    double.state.sheets.map((s) => [
      s.name,
      s.visibility,
      s.pageLayout.printArea ?? null,
      [...s.cells.entries()].filter(([, c]) => c.formula !== undefined || (c.value !== null && c.value !== '')).map(([k, c]) => [k, c.formula ?? c.value]),
    ]),
    double.state.names.map((n) => [n.name, n.formula]).sort(),
  ]);
}

describe.each(inputs)('%s', (_label, build, sheet, roundTrips) => {
  let double: ExcelDouble;
  let file: ExcelJS.Workbook;
  let pkg: XlsxPackage;
  let outcome: Awaited<ReturnType<typeof addStatusColumnsWorkbook>>;
  let fileMessages: string[];

  beforeAll(async () => {
    const bytes = await bytesOf(build());
    double = await doubleFromXlsx(bytes);
    outcome = await addStatusColumnsWorkbook(double.context(), OPTIONS);
    const written = await addStatusColumnsXlsx(bytes, OPTIONS);
    fileMessages = written.messages;
    pkg = XlsxPackage.open(written.bytes);
    file = new ExcelJS.Workbook();
    await file.xlsx.load(written.bytes as unknown as ArrayBuffer);
  });

  test('the same sheets, in the same order and visibility, and the same messages as the .xlsx path', () => {
    expect(double.state.sheets.map((s) => [s.name, s.visibility])).toEqual(file.worksheets.map((w) => [w.name, w.state === 'visible' ? 'Visible' : 'Hidden']));
    expect(outcome.ledgerSheet).toBe(sheet);
    expect(outcome.kind).toBe('add');
    expect(outcome.messages).toEqual(fileMessages);
  });

  test('every cell of every sheet agrees with the .xlsx path', () => {
    expect(
      compareCells(
        file,
        double,
        file.worksheets.map((w) => w.name),
      ),
    ).toEqual([]);
  });

  test('the names, the print area and the colour rules agree with the .xlsx path', () => {
    const names = pkg.definedNames();
    const ours = (n: string) => n.startsWith('CL_');
    expect(Object.fromEntries(double.state.names.filter((n) => ours(n.name)).map((n) => [n.name, n.formula.replace(/^=/, '')]))).toEqual(
      Object.fromEntries(Object.entries(names).filter(([n]) => ours(n))),
    );
    expect(double.sheet(sheet).pageLayout.printArea ?? null).toBe(pkg.localName('_xlnm.Print_Area', sheet)?.replace(/^.*!/, '').replace(/\$/g, '') ?? null);
    const rules = conditionalRules(file, double, sheet);
    expect(rules.excel.length).toBeGreaterThan(0);
    expect(rules.excel).toEqual(rules.xlsx);
  });

  test(`${roundTrips} round trips`, () => {
    expect(outcome.syncs).toBe(roundTrips);
    expect(double.syncs.length).toBe(roundTrips);
  });

  test('a second run changes nothing, writes nothing and says so', async () => {
    const before = contents(double);
    const syncs = double.syncs.length;
    const again = await addStatusColumnsWorkbook(double.context(), OPTIONS);
    expect(again.kind).toBe('unchanged');
    expect(again.messages.join('')).toMatch(/已有状态列/);
    expect(again.syncs).toBe(roundTrips - 2);
    expect(double.syncs.length - syncs).toBe(roundTrips - 2);
    expect(contents(double)).toBe(before);
  });
});

test('new columns stand right of notes kept beside the ledger, below its top rows too', async () => {
  const double = await doubleFromXlsx(await bytesOf(withNotes()));
  await addStatusColumnsWorkbook(double.context(), OPTIONS);
  // The notes stay; the headers go to L and M, one column right of J40.
  expect(double.cell('Ledger', 'H3')?.value).toBe('核对:周九');
  expect(double.cell('Ledger', 'J40')?.value).toBe('以上为第一批');
  expect(double.cell('Ledger', 'L1')?.value).toBe('整改状态');
  expect(double.cell('Ledger', 'M1')?.value).toBe('剩余天数');
  expect(double.cell('Ledger', 'J1')).toBeUndefined();
});

test('items typed below the prepared rows: a run extends the formulas and their names', async () => {
  const double = await doubleFromXlsx(await bytesOf(layoutSix()));
  await addStatusColumnsWorkbook(double.context(), OPTIONS);
  const sheet = double.sheet('Ledger');
  const at = (a: string) => double.cell('Ledger', a);
  expect(at('G204')?.formula).toContain('D204');
  expect(at('G205')).toBeUndefined();
  // An item at row 180 leaves fewer than 50 prepared rows.
  [9, 'late', 'D', '2024-05-01'].forEach((value, i) => sheet.cells.set(key(180, i + 1), { value }));
  const extended = await addStatusColumnsWorkbook(double.context(), OPTIONS);
  expect(extended.kind).toBe('extend');
  expect(double.state.names.find((n) => n.name === 'CL_StatusRows')?.formula).toBe("='Ledger'!$G$2:$H$380");
  expect(at('G380')?.formula).toContain('D380');
  // 剩余天数 reads the deadline's day number in the hidden helpers (I: D's text rewritten, J: its day).
  expect(at('H205')?.formula).toContain('J205');
  expect(at('I205')?.formula).toContain('D205');
  expect(at('L380')?.formula).toContain('K380');
  expect(at('G381')).toBeUndefined();
});

describe('refusals change nothing', () => {
  async function refused(prepare: (d: ExcelDouble) => void, bytes?: Uint8Array): Promise<HostError> {
    const double = await doubleFromXlsx(bytes ?? (await bytesOf(layoutOne())));
    prepare(double);
    const before = contents(double);
    const error = await addStatusColumnsWorkbook(double.context(), OPTIONS).then(
      () => null,
      (e: unknown) => e,
    );
    expect(contents(double)).toBe(before);
    return error as HostError;
  }

  test('a protected ledger sheet', async () => {
    const error = await refused((d) => {
      d.sheet('作风问题整改台账').protected = true;
    });
    expect(error.problem).toEqual({ kind: 'sheetProtected', sheet: '作风问题整改台账' });
  });

  test('a protected workbook', async () => {
    const error = await refused((d) => {
      d.state.protected = true;
    });
    expect(error.problem.kind).toBe('workbookProtected');
  });

  test('a read-only workbook', async () => {
    const error = await refused((d) => {
      d.state.readOnly = true;
    });
    expect(error.problem.kind).toBe('readOnly');
  });

  test('no ledger', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').addRows([
      ['姓名', '电话'],
      ['张三', '123'],
    ]);
    const error = await refused(() => undefined, await bytesOf(wb));
    expect(error.problem.kind).toBe('noLedger');
  });

  test('a ledger campaign-ledger made (its status formulas are there)', async () => {
    const error = await refused(() => undefined, await writeXlsx(layoutWorkbook(campaignWith([{ label: 'a', deadline: '2024-04-01' }], '2024-03-01'))));
    expect(error.problem.kind).toBe('ourLedger');
  });
});

describe('all or nothing', () => {
  test.each([
    ['adding the settings sheet', /worksheets\.add\(状态设置/],
    ['defining the names', /names\.add\(CL_StatusRows/],
    ['writing the formulas', /autoFill/],
    ['setting the print area', /setPrintArea/],
  ])('a failure while %s leaves the workbook as it was, and the message says so', async (_label, where) => {
    const double = await doubleFromXlsx(await bytesOf(withPrintArea()));
    const before = contents(double);
    double.failOn = where;
    const error = await addStatusColumnsWorkbook(double.context(), OPTIONS).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActionFailed);
    expect((error as ActionFailed).undone).toBe(true);
    expect(hostMessage(error, strings('zh-CN'))).toMatch(/已撤销这次写入的内容/);
    expect(contents(double)).toBe(before);
  });
});

test('the print area: widened, or set where the sheet has none, down to the last row of the user’s (a footer too), never into the prepared rows; one page wide', async () => {
  const withArea = await doubleFromXlsx(await bytesOf(withPrintArea()));
  const fits = await addStatusColumnsWorkbook(withArea.context(), OPTIONS);
  expect(withArea.sheet('整改清單').pageLayout.printArea).toBe('A1:J6');
  // It fits one portrait page at 100%: no scale is set, and none is announced.
  expect(withArea.sheet('整改清單').pageLayout.zoom).toBeUndefined();
  expect(fits.messages.join('')).not.toMatch(/缩放/);
  // Wider columns: a percentage, which every Excel applies (not fit-to-pages: OfficeDev/office-js#1860), and the message says which.
  const wide = withPrintArea();
  for (let c = 2; c <= 7; c++) wide.getWorksheet('整改清單')!.getColumn(c).width = 24;
  const wideDouble = await doubleFromXlsx(await bytesOf(wide));
  const outcome = await addStatusColumnsWorkbook(wideDouble.context(), OPTIONS);
  const scale = Number(/打印缩放为 (\d+)%/.exec(outcome.messages.join(''))?.[1]);
  expect(scale).toBeGreaterThanOrEqual(10);
  expect(scale).toBeLessThan(100);
  expect(wideDouble.sheet('整改清單').pageLayout.zoom).toEqual({ scale });
  // The file path sets the same percentage.
  const file = await addStatusColumnsXlsx(await bytesOf(wide), OPTIONS);
  expect(file.messages).toEqual(outcome.messages);
  expect(partText(file.bytes, 'xl/worksheets/sheet1.xml')).toMatch(new RegExp(`<pageSetup [^>]*scale="${scale}"`));
  // Layout one: no print area; a merged footer on row 10 below seven items.
  const without = await doubleFromXlsx(await bytesOf(layoutOne()));
  await addStatusColumnsWorkbook(without.context(), OPTIONS);
  expect(without.sheet('作风问题整改台账').pageLayout.printArea).toBe('A1:M10');
});

test('a sheet scaled by its own setting keeps it', async () => {
  const wb = layoutFive();
  wb.getWorksheet('整改清單')!.pageSetup.scale = 80;
  const double = await doubleFromXlsx(await bytesOf(wb));
  const outcome = await addStatusColumnsWorkbook(double.context(), OPTIONS);
  expect(double.sheet('整改清單').pageLayout.zoom).toEqual({ scale: 80 });
  expect(outcome.messages.join('')).not.toMatch(/一页宽/);
});

test('items typed below the last one: a second run grows the print area over them, and says so', async () => {
  const double = await doubleFromXlsx(await bytesOf(layoutSix()));
  await addStatusColumnsWorkbook(double.context(), OPTIONS);
  expect(double.sheet('Ledger').pageLayout.printArea).toBe('A1:H5');
  [4, 'w', 'D', '2024-05-01'].forEach((value, i) => double.sheet('Ledger').cells.set(key(8, i + 1), { value }));
  const syncs = double.syncs.length;
  const again = await addStatusColumnsWorkbook(double.context(), OPTIONS);
  expect(again.kind).toBe('unchanged');
  expect(again.messages).toEqual(['“Ledger”已有状态列(公式覆盖到第 204 行);打印区域已延伸到 A1:H8。']);
  expect(double.sheet('Ledger').pageLayout.printArea).toBe('A1:H8');
  expect(double.syncs.length - syncs).toBe(3);
});
