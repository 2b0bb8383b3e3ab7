/**
 * The overdue flag through Office.js (into the Excel double) against the flag on the same file
 * through the .xlsx path: the same cells, the same sheets; three round trips; refusals that
 * change nothing.
 */
import ExcelJS from 'exceljs';
import { layoutWorkbook } from '../../src/core';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { type ExcelDouble } from '../../src/excel-double/double';
import { HostError } from '../../src/excel/errors';
import { flagWorkbook } from '../../src/excel/flag';
import { flagXlsx } from '../../src/xlsx/flag';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf, layoutOne, layoutThree, layoutTwo } from '../helpers/handmade';
import { compareCells } from '../helpers/parity';

const OPTIONS = { asOf: '2024-04-10', runDate: '2024-04-10' };

const generated = campaignWith(
  [
    { label: 'g1', deadline: '2024-03-30', unit: '办公室' },
    { label: 'g2', deadline: '2024-04-12', unit: '业务科' },
    { label: 'g3', deadline: '2024-03-01', unit: '业务科', owner: '李四' },
    { label: 'g4', deadline: '2024-04-01', completed: '2024-03-25' },
    { label: 'g5', deadline: null },
  ],
  '2024-03-01',
);

/** Round trips: three when the ledger is ours or in view; a hand-made ledger elsewhere costs one read more. */
const inputs: [string, () => Promise<Uint8Array>, number][] = [
  ['generated ledger', () => writeXlsx(layoutWorkbook(generated)), 3],
  ['hand-made layout one', () => bytesOf(layoutOne()), 3],
  ['hand-made layout two (ledger on the second sheet, the first in view)', () => bytesOf(layoutTwo()), 4],
  [
    'hand-made layout two, ledger in view',
    async () => {
      const wb = layoutTwo();
      wb.views = [{ activeTab: 1 } as ExcelJS.WorkbookView];
      return bytesOf(wb);
    },
    3,
  ],
  ['hand-made layout three', () => bytesOf(layoutThree()), 3],
  [
    'hand-made layout one with a note kept beside it, below the top rows',
    async () => {
      const wb = layoutOne();
      wb.getWorksheet('作风问题整改台账')!.getCell('L40').value = '以上为第一批';
      return bytesOf(wb);
    },
    3,
  ],
];

function cellsOf(double: ExcelDouble): string {
  return JSON.stringify(double.state.sheets.map((s) => [s.name, s.visibility, [...s.cells.entries()]]));
}

describe.each(inputs)('%s', (_label, input, roundTrips) => {
  let bytes: Uint8Array;
  let double: ExcelDouble;
  let xlsx: ExcelJS.Workbook;
  let outcome: Awaited<ReturnType<typeof flagWorkbook>>;

  beforeAll(async () => {
    bytes = await input();
    double = await doubleFromXlsx(bytes);
    outcome = await flagWorkbook(double.context(), OPTIONS);
    xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load((await flagXlsx(bytes, OPTIONS)).bytes as unknown as ArrayBuffer);
  });

  test('the same sheets, in the same order and visibility, as the .xlsx path', () => {
    expect(double.state.sheets.map((s) => `${s.name}:${s.visibility}`)).toEqual(
      xlsx.worksheets.map((w) => `${w.name}:${w.state === 'visible' ? 'Visible' : 'Hidden'}`),
    );
  });

  test('every cell of every sheet agrees with the .xlsx path', () => {
    expect(
      compareCells(
        xlsx,
        double,
        xlsx.worksheets.map((w) => w.name),
      ),
    ).toEqual([]);
  });

  test('the workday names point where the .xlsx path points them', () => {
    const names = (xlsx.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model.filter((n) => n.name.startsWith('CL_'));
    expect(names.length).toBe(4);
    for (const n of names) expect(double.state.names.find((x) => x.name === n.name)?.formula).toBe(`=${n.ranges[0]}`);
  });

  test(`${roundTrips} round trips`, () => {
    expect(outcome.syncs).toBe(roundTrips);
    expect(double.syncs.length).toBe(outcome.syncs);
  });

  test('the 逾期清单 sheet is the one shown after the flag', () => {
    expect(double.state.sheets.find((s) => s.id === double.state.activeSheetId)?.name).toBe(outcome.overdueSheet);
  });

  test('a second run on the same day changes nothing', async () => {
    const before = cellsOf(double);
    await flagWorkbook(double.context(), OPTIONS);
    expect(cellsOf(double)).toBe(before);
  });
});

test("the flag's new columns stand right of a note kept beside the ledger", async () => {
  const wb = layoutOne();
  wb.getWorksheet('作风问题整改台账')!.getCell('L40').value = '以上为第一批';
  const double = await doubleFromXlsx(await bytesOf(wb));
  await flagWorkbook(double.context(), OPTIONS);
  expect(double.cell('作风问题整改台账', 'L40')?.value).toBe('以上为第一批');
  expect(double.cell('作风问题整改台账', 'L2')).toBeUndefined();
  expect(double.cell('作风问题整改台账', 'N2')?.value).toBe('首次逾期日期');
});

describe('refusals change nothing', () => {
  async function refused(prepare: (d: ExcelDouble) => void, bytes?: Uint8Array) {
    const double = await doubleFromXlsx(bytes ?? (await writeXlsx(layoutWorkbook(generated))));
    prepare(double);
    const before = cellsOf(double);
    const error = await flagWorkbook(double.context(), OPTIONS).then(
      () => null,
      (e: unknown) => e,
    );
    expect(cellsOf(double)).toBe(before);
    return error as HostError;
  }

  test('a protected ledger sheet', async () => {
    const error = await refused((d) => {
      d.sheet('整改台账').protected = true;
    });
    expect(error.problem).toEqual({ kind: 'sheetProtected', sheet: '整改台账' });
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

  test('no ledger in the workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').addRows([
      ['姓名', '电话'],
      ['张三', '123'],
    ]);
    const error = await refused(() => undefined, await bytesOf(wb));
    expect(error.problem.kind).toBe('noLedger');
  });

  test('a deadline that is not a date', async () => {
    const wb = layoutTwo();
    const ws = wb.getWorksheet('Sheet1')!;
    let deadlineCol = 0;
    ws.getRow(4).eachCell((c, col) => {
      if (String(c.value).includes('截止')) deadlineCol = col;
    });
    ws.getCell(5, deadlineCol).value = '下个月吧';
    const error = await refused(() => undefined, await bytesOf(wb));
    expect(error.problem.kind).toBe('unreadable');
  });
});

test('a ledger too large for one response is read in chunks, with the same result', async () => {
  const long = '问题描述'.repeat(60);
  const big = campaignWith(
    Array.from({ length: 4000 }, (_, i) => ({
      label: `${long}${i}`,
      deadline: i % 3 ? '2024-03-01' : '2024-05-01',
      unit: `单位${i % 7}`,
    })),
    '2024-02-01',
  );
  const bytes = await writeXlsx(layoutWorkbook(big));
  const whole = await doubleFromXlsx(bytes, { payloadLimit: Infinity });
  const wholeOutcome = await flagWorkbook(whole.context(), OPTIONS);
  const chunked = await doubleFromXlsx(bytes);
  const outcome = await flagWorkbook(chunked.context(), OPTIONS);
  // Past the 5 MB response limit the first read fails and the ledger comes in chunks.
  expect(Math.max(...whole.syncs.map((x) => x.responseBytes))).toBeGreaterThan(5 * 1024 * 1024);
  expect(outcome.syncs).toBeGreaterThan(3);
  expect(chunked.syncs.length).toBe(outcome.syncs);
  // Only the first attempt was over the limit (Excel refused it); every read after it fits.
  expect(chunked.syncs.map((x) => x.responseBytes > 5 * 1024 * 1024)).toEqual([false, true, ...Array(outcome.syncs - 2).fill(false)]);
  expect(outcome.result.counts).toEqual(wholeOutcome.result.counts);
  expect(cellsOf(chunked)).toBe(cellsOf(whole));
});
