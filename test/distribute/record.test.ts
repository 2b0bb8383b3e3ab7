/** A copy's record is read whole, also where a program that saved the copy dropped the record's name; text comes through whole. */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { mergeXlsx } from '../../src/xlsx/merge';
import { splitXlsx } from '../../src/xlsx/split';
import { bytesOf } from '../helpers/handmade';
import { editUnitCopy } from '../helpers/unit-copy';
import ExcelJS from 'exceljs';

test('a unit with 60 items, its copy without the CL_CopyInfo name: an item deleted far down is still noticed', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['序号', '问题描述', '责任单位', '整改时限', '备注']);
  for (let i = 1; i <= 60; i++) ws.addRow([i, `问题${i}`, '办公室', new Date(Date.UTC(2026, 11, 20))]);
  const { master, copies } = await splitXlsx(await bytesOf(wb), {
    now: '2026-12-01T02:00:00Z',
    today: '2026-12-01',
    newCampaignId: () => 'CL-x',
    masterName: 'm.xlsx',
  });
  const parts = unzipSync(copies[0].bytes);
  const workbook = strFromU8(parts['xl/workbook.xml']);
  expect(workbook).toContain('CL_CopyInfo');
  parts['xl/workbook.xml'] = strToU8(workbook.replace(/<definedName name="CL_CopyInfo"[^<]*<\/definedName>/, ''));
  // The unit deletes ZG-0050 (row 52 of its copy).
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
  parts['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace(/<row r="52"[\s\S]*?<\/row>/, ''));
  const withoutName = zipSync(parts);
  expect(strFromU8(unzipSync(withoutName)['xl/workbook.xml'])).not.toContain('CL_CopyInfo');
  const outcome = await mergeXlsx(Buffer.concat(master!.chunks), [{ file: 'a.xlsx', bytes: withoutName }], { localTime: '2026-12-02 09:00' });
  expect(outcome.messages).toContain('“a.xlsx”:ZG-0050 在副本中被删除,总台账保留该事项。');
  expect(outcome.counts).toEqual({ changes: 0, appended: 0, reported: 1, conflicts: 0 });
});

test('rare characters and emoji come through split and merge whole (赵𨭎, 😀)', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['序号', '问题描述', '责任单位', '责任人', '整改时限', '备注']);
  ws.addRow([1, '𠀀字问题😀', '办公室', '赵𨭎', new Date(Date.UTC(2026, 11, 20))]);
  const { master, copies } = await splitXlsx(await bytesOf(wb), {
    now: '2026-12-01T02:00:00Z',
    today: '2026-12-01',
    newCampaignId: () => 'CL-x',
    masterName: 'm.xlsx',
  });
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(copies[0].bytes as unknown as ArrayBuffer);
  const sheet = copy.getWorksheet('台账')!;
  expect([sheet.getCell('C3').value, sheet.getCell('E3').value]).toEqual(['𠀀字问题😀', '赵𨭎']);
  const edited = await editUnitCopy(copies[0].bytes, (w, col) => {
    w.getRow(3).getCell(col('备注')).value = '赵𨭎已整改 😀';
  });
  const outcome = await mergeXlsx(Buffer.concat(master!.chunks), [{ file: '赵𨭎.xlsx', bytes: edited }], { localTime: '2026-12-02 09:00' });
  const merged = new ExcelJS.Workbook();
  await merged.xlsx.load(Buffer.concat(outcome.chunks) as unknown as ArrayBuffer);
  expect(merged.getWorksheet('台账')!.getCell('F2').value).toBe('赵𨭎已整改 😀');
  const log = merged.getWorksheet('汇总记录')!;
  expect([log.getCell('B2').value, log.getCell('H2').value]).toEqual(['赵𨭎.xlsx', '赵𨭎已整改 😀']);
});
