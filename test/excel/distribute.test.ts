/**
 * 分发与汇总 through Office.js (into the Excel double) against the same runs on the same files
 * through the .xlsx path: the same numbers, the same merged cells, 汇总记录 and state, the same
 * names and messages; two reads and one write, whatever the number of files; a second merge reads
 * only; a locked ledger refused with nothing written.
 */
import ExcelJS from 'exceljs';
import { campaignFromTemplate, DEFAULT_TEMPLATE_ID, layoutWorkbook, withSampleItems } from '../../src/core';
import type { MergeOptions, SplitOptions } from '../../src/core/distribute';
import type { ExcelDouble } from '../../src/excel-double/double';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { mergeIntoWorkbook, splitWorkbook } from '../../src/excel/distribute';
import { ActionFailed, hostMessage } from '../../src/excel/errors';
import { strings } from '../../src/core/locale';
import { mergeXlsx, readUnitFile } from '../../src/xlsx/merge';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { writeXlsx } from '../../src/xlsx/render';
import { splitXlsx } from '../../src/xlsx/split';
import { bytesOf, layoutOne } from '../helpers/handmade';
import { compareCells, contents } from '../helpers/parity';
import { editUnitCopy } from '../helpers/unit-copy';

const SPLIT: SplitOptions = { now: '2026-12-01T02:00:00Z', today: '2026-12-01', newCampaignId: () => 'CL-test', masterName: '台账.xlsx' };
const MERGE: MergeOptions = { localTime: '2026-12-08 09:30' };

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function ourNames(double: ExcelDouble): Record<string, string> {
  return Object.fromEntries(double.state.names.filter((n) => n.name.startsWith('CL_')).map((n) => [n.name, n.formula.replace(/^=/, '')]));
}

function fileNames(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(XlsxPackage.open(bytes).definedNames()).filter(([n]) => n.startsWith('CL_')));
}

describe.each([
  [
    'a campaign workbook',
    async () => writeXlsx(layoutWorkbook(withSampleItems(campaignFromTemplate(DEFAULT_TEMPLATE_ID, { start: '2026-11-01', lang: 'zh-CN' }), 12, '2026-12-01'))),
  ],
  ['a ledger kept by hand', async () => bytesOf(layoutOne())],
])('%s', (_label, build) => {
  let double: ExcelDouble;
  let numbered: Uint8Array;
  let units: { file: string; bytes: Uint8Array }[];
  let sheet: string;

  beforeAll(async () => {
    const bytes = await build();
    double = await doubleFromXlsx(bytes);
    const file = await splitXlsx(bytes, SPLIT);
    numbered = Buffer.concat(file.master!.chunks);
    sheet = file.ledgerSheet;
    // Each unit completes its first item and remarks on it; one also rewords a locked cell.
    units = await Promise.all(
      file.copies.map(async (c, i) => ({
        file: c.fileName,
        bytes: await editUnitCopy(c.bytes, (ws, col) => {
          const done = col('完成日期') > 0 ? col('完成日期') : col('完成情况');
          ws.getRow(3).getCell(done).value = col('完成日期') > 0 ? new Date(Date.UTC(2026, 11, 1 + i)) : '已完成';
          ws.getRow(3).getCell(col('备注')).value = `第${i + 1}次报送`;
          if (i === 0) {
            ws.unprotect();
            ws.getRow(3).getCell(3).value = '改过的内容';
          }
        }),
      })),
    );
  });

  test('split: the same numbers, header and names as the .xlsx path, in three reads (the third: the dropdowns) and one write', async () => {
    const syncs = double.syncs.length;
    const outcome = await splitWorkbook(double.context(), SPLIT);
    expect(outcome.syncs).toBe(4);
    expect(double.syncs.length - syncs).toBe(4);
    expect(outcome.numbered).toBe(true);
    expect(compareCells(await workbook(numbered), double, [sheet])).toEqual([]);
    expect(ourNames(double)).toEqual(fileNames(numbered));
    expect(outcome.copies.map((c) => c.fileName)).toEqual((await splitXlsx(numbered, SPLIT)).copies.map((c) => c.fileName));
    // Split again: numbered already, nothing written.
    const again = await splitWorkbook(double.context(), SPLIT);
    expect([again.numbered, again.syncs]).toEqual([false, 3]);
  });

  test('merge: every cell of the ledger, 汇总记录 and the state as the .xlsx path writes them, and the same messages; three round trips for all the files', async () => {
    const file = await mergeXlsx(numbered, units, MERGE);
    expect(file.changed).toBe(true);
    const merged = Buffer.concat(file.chunks);
    const syncs = double.syncs.length;
    const outcome = await mergeIntoWorkbook(
      double.context(),
      units.map((u) => readUnitFile(u.file, u.bytes)),
      MERGE,
    );
    expect(outcome.messages).toEqual(file.messages);
    expect(outcome.counts.changes).toBeGreaterThanOrEqual(units.length);
    expect(outcome.counts.reported).toBeGreaterThanOrEqual(1);
    expect(outcome.syncs).toBe(3);
    expect(double.syncs.length - syncs).toBe(3);
    const wb = await workbook(merged);
    const own = wb.worksheets.filter((w) => w.name !== sheet && !double.state.sheets.slice(0, -2).some((s) => s.name === w.name)).map((w) => w.name);
    expect(own).toEqual(['汇总记录', '_汇总状态']);
    expect(double.state.sheets.map((s) => [s.name, s.visibility])).toEqual(wb.worksheets.map((w) => [w.name, w.state === 'visible' ? 'Visible' : 'Hidden']));
    expect(compareCells(wb, double, [sheet, ...own])).toEqual([]);
    expect(ourNames(double)).toEqual(fileNames(merged));
  });

  test('merging the same files again reads only, and says nothing changed', async () => {
    const syncs = double.syncs.length;
    const again = await mergeIntoWorkbook(
      double.context(),
      units.map((u) => readUnitFile(u.file, u.bytes)),
      MERGE,
    );
    expect(again.changed).toBe(false);
    expect(again.syncs).toBe(2);
    expect(double.syncs.length - syncs).toBe(2);
    expect(again.messages.at(-1)).toBe(strings('zh-CN').distribute.nothingChanged);
  });
});

test('a locked ledger sheet, or a copy of another campaign, is refused and nothing is written', async () => {
  const bytes = await bytesOf(layoutOne());
  const { master, copies } = await splitXlsx(bytes, SPLIT);
  const numbered = Buffer.concat(master!.chunks);
  const edited = await editUnitCopy(copies[0].bytes, (ws, col) => {
    ws.getRow(3).getCell(col('备注')).value = '已报';
  });
  const double = await doubleFromXlsx(numbered);
  double.sheet('作风问题整改台账').protected = true;
  const before = JSON.stringify([...double.sheet('作风问题整改台账').cells]);
  await expect(mergeIntoWorkbook(double.context(), [readUnitFile('a.xlsx', edited)], MERGE)).rejects.toMatchObject({ problem: { kind: 'sheetProtected' } });
  const other = await splitXlsx(bytes, { ...SPLIT, newCampaignId: () => 'CL-other' });
  const open = await doubleFromXlsx(numbered);
  const error = await mergeIntoWorkbook(open.context(), [readUnitFile('a.xlsx', edited), readUnitFile('b.xlsx', other.copies[0].bytes)], MERGE).catch((e) => e);
  expect(hostMessage(error, strings('zh-CN'))).toContain('b.xlsx 是另一项活动');
  expect(JSON.stringify([...double.sheet('作风问题整改台账').cells])).toBe(before);
  expect(open.state.sheets.map((s) => s.name)).not.toContain('汇总记录');
});

describe('all or nothing', () => {
  test.each([
    ['adding 汇总记录', /worksheets\.add\(汇总记录/],
    ['writing the ledger', /作风问题整改台账.*\.formulas/],
    ['setting the names', /names\.add\(CL_MergeLog/],
  ])('a merge failing while %s leaves the workbook as it was, and the message says so', async (_label, where) => {
    const { master, copies } = await splitXlsx(await bytesOf(layoutOne()), SPLIT);
    const edited = await editUnitCopy(copies[0].bytes, (ws, col) => {
      ws.getRow(3).getCell(col('备注')).value = '已报';
    });
    const double = await doubleFromXlsx(Buffer.concat(master!.chunks));
    const before = contents(double);
    double.failOn = where;
    const error = await mergeIntoWorkbook(double.context(), [readUnitFile('a.xlsx', edited)], MERGE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionFailed);
    expect((error as ActionFailed).undone).toBe(true);
    expect(hostMessage(error, strings('zh-CN'))).toMatch(/已撤销这次写入的内容/);
    expect(contents(double)).toBe(before);
  });

  test('a split failing while it numbers the items leaves the ledger as it was', async () => {
    const double = await doubleFromXlsx(await bytesOf(layoutOne()));
    const before = contents(double);
    double.failOn = /names\.add\(CL_ItemCounter/;
    const error = await splitWorkbook(double.context(), SPLIT).catch((e: unknown) => e);
    expect((error as ActionFailed).undone).toBe(true);
    expect(contents(double)).toBe(before);
  });
});

test('split in Excel gives the copies the dropdowns of the columns a unit fills, as the .xlsx path does', async () => {
  const wb = layoutOne();
  const ws = wb.getWorksheet('作风问题整改台账') as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } };
  ws.dataValidations.add('G3:G9', { type: 'list', allowBlank: true, formulae: ['"已完成,推进中,未启动"'] });
  ws.dataValidations.add('H3:H9', { type: 'list', allowBlank: true, formulae: ['说明!$D$1:$D$2'] });
  wb.getWorksheet('说明')!.getCell('D1').value = '需协调';
  wb.getWorksheet('说明')!.getCell('D2').value = '已上报';
  const bytes = await bytesOf(wb);
  const double = await doubleFromXlsx(bytes);
  const outcome = await splitWorkbook(double.context(), SPLIT);
  // Two reads, the rules, the ranges they name, one write.
  expect(outcome.syncs).toBe(5);
  const lists = (unit: string) =>
    outcome.copies
      .find((c) => c.unit === unit)!
      .spec.sheets.find((s) => s.key === 'lists')!
      .blocks.map((b) => b.values.flat());
  expect(lists('办公室')).toEqual([
    ['已完成', '推进中', '未启动'],
    ['需协调', '已上报'],
  ]);
  const file = await splitXlsx(bytes, SPLIT);
  const copy = await workbook(file.copies.find((c) => c.unit === '办公室')!.bytes);
  expect([1, 2, 3].map((r) => copy.getWorksheet('_选项')!.getCell(`A${r}`).value)).toEqual(lists('办公室')[0]);
});

// Excel shows =TODAY() as the day it computes: read as a value, the master's as-of would reach its
// copies as a date typed by the office, and they would stop counting the next day.
test('split in Excel: the copies count as of the master’s date; its =TODAY() stays =TODAY() though Excel shows a date', async () => {
  const bytes = await writeXlsx(
    layoutWorkbook(withSampleItems(campaignFromTemplate(DEFAULT_TEMPLATE_ID, { start: '2026-11-01', lang: 'zh-CN' }), 4, '2026-12-01')),
  );
  const asOfIn = async (edit: (cell: { value: unknown; formula?: string }) => void) => {
    const double = await doubleFromXlsx(bytes);
    const ref = double.state.names.find((n) => n.name === 'AsOfDate')!.formula;
    const [, sheet, address] = /^='?(.+?)'?!(.+)$/.exec(ref)!;
    const cell = double.cell(sheet, address.replace(/\$/g, ''))!;
    expect(cell.formula).toBe('TODAY()');
    edit(cell);
    const outcome = await splitWorkbook(double.context(), SPLIT);
    // Two reads, the rules (the as-of cell's formula with them), one write: no round trip more.
    expect(outcome.syncs).toBe(4);
    const settings = outcome.copies[0].spec.sheets.find((s) => s.key === 'statusSettings')!;
    return settings.blocks.find((b) => b.row === 3)!.values[0][1];
  };
  // What Excel shows for =TODAY() on 2026-12-05: its serial.
  expect(await asOfIn((cell) => (cell.value = 46361))).toEqual({ formula: 'TODAY()' });
  // A date the office typed over it: the copies count as of that day.
  expect(
    await asOfIn((cell) => {
      delete cell.formula;
      cell.value = 46357;
    }),
  ).toBe(46357);
});

describe('three-way merge in Excel, as the file path merges', () => {
  const campaign = () =>
    writeXlsx(layoutWorkbook(withSampleItems(campaignFromTemplate(DEFAULT_TEMPLATE_ID, { start: '2026-11-01', lang: 'zh-CN' }), 12, '2026-12-01')));

  test('a stale copy changes nothing; two people of one unit both kept; a conflict reported with both values, not applied', async () => {
    const { master, copies } = await splitXlsx(await campaign(), SPLIT);
    let file = Buffer.concat(master!.chunks) as Uint8Array;
    const double = await doubleFromXlsx(file);
    const sheet = '整改台账';
    const copy = copies[0];
    const wbCopy = await workbook(copy.bytes);
    const fill = (cell: string, value: string) => editUnitCopy(copy.bytes, (ws, col) => (ws.getRow(cell === 'a' ? 3 : 4).getCell(col('备注')).value = value));
    const rounds = [
      [{ file: 'a.xlsx', bytes: await fill('a', '甲填的') }],
      // The untouched copy of the same split, sent again.
      [{ file: copy.fileName, bytes: copy.bytes }],
      // Another person of the unit, another row; and one who changed the row 甲 filled.
      [
        { file: 'b.xlsx', bytes: await fill('b', '乙填的') },
        { file: 'c.xlsx', bytes: await fill('a', '丙改的') },
      ],
    ];
    const outcomes = [];
    for (const units of rounds) {
      const onFile = await mergeXlsx(file, units, MERGE);
      if (onFile.changed) file = Buffer.concat(onFile.chunks);
      const inExcel = await mergeIntoWorkbook(
        double.context(),
        units.map((u) => readUnitFile(u.file, u.bytes)),
        MERGE,
      );
      expect(inExcel.messages).toEqual(onFile.messages);
      expect(inExcel.conflicts).toEqual(onFile.conflicts);
      outcomes.push(inExcel);
    }
    expect(outcomes.map((o) => [o.changed, o.counts.changes, o.counts.conflicts])).toEqual([
      [true, 1, 0],
      [false, 0, 0],
      [true, 1, 1],
    ]);
    expect(outcomes[2].conflicts).toMatchObject([{ file: 'c.xlsx', column: '备注', base: '', master: '甲填的', copy: '丙改的' }]);
    const wb = await workbook(file);
    expect(compareCells(wb, double, [sheet, '汇总记录'])).toEqual([]);
    // The cells as the units filled them: 甲's row and 乙's.
    const ws = wb.getWorksheet(sheet)!;
    const at = (text: string) => {
      let found: [number, number] = [0, 0];
      ws.eachRow((row, r) => row.eachCell((c, k) => void (c.value === text && (found = [r, k]))));
      return found;
    };
    const [header, remarks] = at('备注');
    const [, idCol] = at('台账编号');
    const ids = [3, 4].map((r) => wbCopy.worksheets[0].getCell(r, 1).value as string);
    expect(header).toBeGreaterThan(0);
    expect(ids.map((id) => ws.getCell(at(id)[0], remarks).value)).toEqual(['甲填的', '乙填的']);
    expect(idCol).toBeGreaterThan(0);
  });

  test('items appended above 合计 and a signature block, the total grown over them: the same cells as the file path, one read more', async () => {
    const master = new ExcelJS.Workbook();
    const ws = master.addWorksheet('整改台账');
    ws.getRow(1).values = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限'];
    ws.getRow(2).values = [1, '会议过多', '精简会议', '办公室', '张三', '2026-12-15'];
    ws.getCell('A4').value = '合计';
    ws.getCell('C4').value = { formula: 'COUNTA(B2:B2)', result: 1 } as ExcelJS.CellFormulaValue;
    ws.getCell('A5').value = '填表人:周九';
    const bytes = await bytesOf(master);
    const unit = new ExcelJS.Workbook();
    unit.addWorksheet('台账').addRows([
      ['问题描述', '整改措施', '责任单位', '责任人', '整改时限'],
      ['服务不优', '优化服务', '纪检室', '赵六', '2026-12-10'],
      ['作风漂浮', '转变作风', '纪检室', '钱七', '2026-12-11'],
    ]);
    const units = [{ file: 'unit.xlsx', bytes: await bytesOf(unit) }];
    const onFile = await mergeXlsx(bytes, units, MERGE);
    const double = await doubleFromXlsx(bytes);
    const inExcel = await mergeIntoWorkbook(
      double.context(),
      units.map((u) => readUnitFile(u.file, u.bytes)),
      MERGE,
    );
    expect(inExcel.messages).toEqual(onFile.messages);
    expect(inExcel.counts).toMatchObject({ appended: 1, reported: 1 });
    // Two reads, the footer's formulas, one write.
    expect(inExcel.syncs).toBe(4);
    expect(double.cell('整改台账', 'B3')!.value).toBe('服务不优');
    expect(double.cell('整改台账', 'C4')!.formula).toBe('COUNTA(B2:B3)');
    expect(double.cell('整改台账', 'A5')!.value).toBe('填表人:周九');
    expect(compareCells(await workbook(Buffer.concat(onFile.chunks)), double, ['整改台账'])).toEqual([]);
  });
});
