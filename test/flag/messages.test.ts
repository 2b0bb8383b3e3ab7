/**
 * One outcome, one problem type, one formatter for the command line, the pane and the ribbon:
 * the summary names the sheet the list really went to, and every host lists unreadable cells the
 * same way, with the same limit.
 */
import ExcelJS from 'exceljs';
import { flagSummary, LIST_LIMIT, problemMessage, strings } from '../../src/core';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { hostMessage, HostError } from '../../src/excel/errors';
import { flagWorkbook } from '../../src/excel/flag';
import { flagXlsx } from '../../src/xlsx/flag';
import { bytesOf, layoutOne } from '../helpers/handmade';

const zh = strings('zh-CN');

test('a user’s own 逾期清单 keeps its name; the summary names the sheet the list went to, in the file and in Excel', async () => {
  const wb = layoutOne();
  wb.addWorksheet('逾期清单').getCell('A1').value = '我自己的清单';
  const bytes = await bytesOf(wb);
  const file = await flagXlsx(bytes, { asOf: '2024-04-10', runDate: '2024-04-10' });
  const excel = await flagWorkbook((await doubleFromXlsx(bytes)).context(), { asOf: '2024-04-10', runDate: '2024-04-10' });
  for (const outcome of [file, excel]) {
    expect(outcome.overdueSheet).toBe('逾期清单 (2)');
    expect(flagSummary(outcome, zh)).toContain('逾期清单见工作表“逾期清单 (2)”');
  }
  const out = new ExcelJS.Workbook();
  await out.xlsx.load(file.bytes as unknown as ArrayBuffer);
  expect(out.getWorksheet('逾期清单')!.getCell('A1').value).toBe('我自己的清单');
});

test('unreadable cells: the same list and the same limit for a file and for Excel', () => {
  const cells = Array.from({ length: LIST_LIMIT + 5 }, (_, i) => ({ row: i + 3, header: '完成时限', text: '下周五' }));
  const forFile = problemMessage({ kind: 'unreadable', cells }, zh, '台账.xlsx');
  const inExcel = hostMessage(new HostError({ kind: 'unreadable', cells }), zh);
  for (const m of [forFile, inExcel]) {
    expect(m.match(/下周五/g)).toHaveLength(LIST_LIMIT);
    expect(m).toContain('… (+5)');
  }
});
