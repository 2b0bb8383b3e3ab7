/** A unit's copy carries the master's dropdowns on the columns the unit fills: inline lists and lists on another sheet. */
import ExcelJS from 'exceljs';
import { splitXlsx } from '../../src/xlsx/split';
import { bytesOf, layoutOne } from '../helpers/handmade';

test('the lists of the columns a unit fills come along (read from a hidden sheet of the copy); locked columns get none', async () => {
  const wb = layoutOne();
  // ExcelJS takes a range address here and writes it as one sqref (its typings omit this API).
  const ws = wb.getWorksheet('作风问题整改台账') as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } };
  // 完成情况 (G): an inline list; 备注 (H): a list on another sheet; 负责人 (E, locked): a list too.
  ws.dataValidations.add('G3:G9', { type: 'list', allowBlank: true, formulae: ['"已完成,推进中,未启动"'] });
  ws.dataValidations.add('H3:H9', { type: 'list', allowBlank: true, formulae: ['说明!$D$1:$D$2'] });
  ws.dataValidations.add('E3:E9', { type: 'list', allowBlank: true, formulae: ['"张三,李四"'] });
  const notes = wb.getWorksheet('说明')!;
  notes.getCell('D1').value = '需协调';
  notes.getCell('D2').value = '已上报';
  const { copies } = await splitXlsx(await bytesOf(wb), {
    now: '2026-12-01T02:00:00Z',
    today: '2026-12-01',
    newCampaignId: () => 'CL-x',
    masterName: 'm.xlsx',
  });
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(copies.find((c) => c.unit === '办公室')!.bytes as unknown as ArrayBuffer);
  const ledger = copy.getWorksheet('作风问题整改台账')!;
  const headers = ledger.getRow(2).values as ExcelJS.CellValue[];
  const rule = (h: string) => ledger.getRow(3).getCell(headers.indexOf(h)).dataValidation;
  expect(rule('完成情况')).toMatchObject({ type: 'list', formulae: ["'_选项'!$A$1:$A$3"] });
  expect(rule('备注')).toMatchObject({ type: 'list', formulae: ["'_选项'!$B$1:$B$2"] });
  expect(rule('负责人')).toBeUndefined();
  const lists = copy.getWorksheet('_选项')!;
  expect(lists.state).toBe('hidden');
  expect([1, 2, 3].map((r) => lists.getCell(`A${r}`).value)).toEqual(['已完成', '推进中', '未启动']);
  expect([1, 2].map((r) => lists.getCell(`B${r}`).value)).toEqual(['需协调', '已上报']);
});
