/** A second flag of a file replaces the workday names; it does not add a second range to them. */
import ExcelJS from 'exceljs';
import { WORKDAY_NAMES } from '../../src/core';
import { flagXlsx } from '../../src/xlsx/flag';
import { bytesOf, layoutOne } from '../helpers/handmade';

test('after two runs each CL_ name has exactly one range, on the workday sheet', async () => {
  const first = await flagXlsx(await bytesOf(layoutOne()), { asOf: '2024-04-10', runDate: '2024-04-10' });
  // Between the runs the names point elsewhere (say an older version laid the sheet out otherwise).
  const edited = new ExcelJS.Workbook();
  await edited.xlsx.load(first.bytes as unknown as ArrayBuffer);
  edited.definedNames.model = edited.definedNames.model.map((n) => (n.name.startsWith('CL_') ? { ...n, ranges: ["'_工作日'!$H$2:$H$3"] } : n));
  const second = await flagXlsx(await bytesOf(edited), { asOf: '2024-04-20', runDate: '2024-04-20' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(second.bytes as unknown as ArrayBuffer);
  for (const name of Object.values(WORKDAY_NAMES)) {
    const entry = wb.definedNames.model.find((n) => n.name === name);
    expect(entry?.ranges).toHaveLength(1);
    expect(entry!.ranges[0]).toMatch(/^'?_工作日'?!\$[A-E]\$/);
  }
});
