/**
 * One source of truth: the flag reports with the as-of date and due-soon window the user can see
 * and edit on 总览, as the workbook's own formulas do; =TODAY() means today; --as-of overrides and
 * says so. The file path is held against LibreOffice's 总览, the Excel path against the file path.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { campaignFromTemplate, DASHBOARD_CELLS, layoutWorkbook, strings, withSampleItems } from '../../src/core';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { flagWorkbook } from '../../src/excel/flag';
import { flagFromRibbon } from '../../src/excel/ribbon';
import { flagXlsx } from '../../src/xlsx/flag';
import { writeXlsx } from '../../src/xlsx/render';
import { recalculate } from '../helpers/libreoffice';
import { plain, readWorkbook, tempDir } from '../helpers/workbook';

const root = path.resolve(__dirname, '../..');
const dir = tempDir('cl-settings-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const zh = strings('zh-CN');
const RUN = '2026-11-25';
/** Built with --as-of 2026-11-20; the user then types 30 over the window on 总览. */
async function editedWorkbook(edit?: (dashboard: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const campaign = withSampleItems(campaignFromTemplate('xuexi-shijian', { start: '2026-09-21', lang: 'zh-CN', asOf: '2026-11-20' }), 40, '2026-11-20');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeXlsx(layoutWorkbook(campaign))) as unknown as ArrayBuffer);
  const dashboard = wb.getWorksheet('总览')!;
  dashboard.getCell(DASHBOARD_CELLS.dueSoon.row, DASHBOARD_CELLS.dueSoon.col).value = 30;
  edit?.(dashboard);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** 总览's 已逾期 and 即将到期 counts as LibreOffice computes them. */
async function dashboardCounts(bytes: Uint8Array, name: string): Promise<{ overdue: unknown; dueSoon: unknown }> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  const [out] = recalculate([file]);
  const ws = (await readWorkbook(out)).getWorksheet('总览')!;
  const row = (label: string) => {
    let v: unknown;
    ws.eachRow((r) => {
      if (plain(r.getCell(1)) === label && typeof plain(r.getCell(2)) === 'number' && v === undefined) v = plain(r.getCell(2));
    });
    return v;
  };
  return { overdue: row(zh.ledger.statuses.overdue), dueSoon: row(zh.ledger.statuses.dueSoon) };
}

test('the file path reports with 总览’s as-of date and window, and agrees with 总览', async () => {
  const bytes = await editedWorkbook();
  const outcome = await flagXlsx(bytes, { runDate: RUN });
  expect(outcome.settings).toEqual({
    asOf: '2026-11-20',
    asOfFrom: 'workbook',
    overridden: null,
    asOfSheet: '总览',
    dueSoonDays: 30,
    dueSoonFrom: 'workbook',
    preview: false,
  });
  const counts = await dashboardCounts(bytes, 'edited.xlsx');
  expect(counts.dueSoon).toBeGreaterThan(3);
  expect({ overdue: outcome.result.counts.overdue, dueSoon: outcome.result.counts.dueSoon }).toEqual(counts);
});

test('=TODAY() in the as-of cell means today, whatever result the file last cached', async () => {
  const bytes = await editedWorkbook((d) => {
    d.getCell(DASHBOARD_CELLS.asOf.row, DASHBOARD_CELLS.asOf.col).value = {
      formula: 'TODAY()',
      result: new Date('2020-01-01T00:00:00Z'),
    } as ExcelJS.CellFormulaValue;
  });
  const outcome = await flagXlsx(bytes, { runDate: RUN });
  expect(outcome.settings).toMatchObject({ asOf: RUN, asOfFrom: 'today', dueSoonDays: 30 });
});

test('--as-of and --due-soon-days override the workbook, and the command says so', () => {
  const input = path.join(dir, '台账.xlsx');
  return editedWorkbook().then((bytes) => {
    fs.writeFileSync(input, bytes);
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'bin/campaign-ledger.js'), 'flag', input, '--force', '-o', path.join(dir, 'out.xlsx'), ...args], {
        encoding: 'utf8',
      });
    const over = run(['--as-of', '2026-11-23']);
    expect(over.status).toBe(0);
    expect(over.stdout).toContain('按 --as-of 以 2026-11-23 为截止日期统计(工作簿“总览”中设定的是 2026-11-20)');
    const own = run([]);
    expect(own.stdout).toContain('按工作簿“总览”中的设置统计:截止日期 2026-11-20,即将到期 30 天内。');
    const json = JSON.parse(run(['--json', '--due-soon-days', '2']).stdout);
    expect(json).toMatchObject({ asOf: '2026-11-20', asOfFrom: 'workbook', dueSoonDays: 2, dueSoonFrom: 'option' });
  });
});

test('in Excel (pane and ribbon) the same settings, the same counts as the file path', async () => {
  const bytes = await editedWorkbook();
  const file = await flagXlsx(bytes, { runDate: RUN });
  const double = await doubleFromXlsx(bytes);
  const excel = await flagWorkbook(double.context(), { runDate: RUN });
  expect(excel.settings).toEqual(file.settings);
  expect(excel.result.counts).toEqual(file.result.counts);

  const messages: string[] = [];
  await flagFromRibbon(
    { completed: () => undefined },
    {
      run: (batch) => double.run(batch),
      isSetSupported: () => true,
      today: () => RUN,
      lang: 'zh-CN',
      notify: async (m) => {
        messages.push(m);
      },
    },
  );
  expect(messages[0]).toContain(`截至 2026-11-20:逾期 ${file.result.counts.overdue} 项`);
});
