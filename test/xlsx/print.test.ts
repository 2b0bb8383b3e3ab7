/**
 * Printing as LibreOffice prints: the demo workbook and the demo flagged print one page per
 * sheet's content (plus one per 督办单), no blank pages from spare or empty list rows, and every
 * date in full, never ### (a column too narrow for 2026-11-25 in the sheet's font); hand-made
 * ledgers after add-status likewise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import JSZip from 'jszip';
import { flagXlsx } from '../../src/xlsx/flag';
import { absoluteRows } from '../../src/xlsx/render';
import { addStatusColumnsXlsx } from '../../src/xlsx/status-columns';
import { bytesOf, layoutFive, layoutFour, layoutOne, layoutSix } from '../helpers/handmade';
import { pdfPages, printToPdf } from '../helpers/libreoffice';
import { tempDir } from '../helpers/workbook';

const root = path.resolve(__dirname, '../..');
const dir = tempDir('cl-print-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the demo and the demo flagged: one page per sheet’s content, one per 督办单, no ###', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/campaign-ledger.js'), ...args], { encoding: 'utf8' });
  const demo = path.join(dir, 'demo.xlsx');
  expect(cli(['demo', '-o', demo]).status).toBe(0);
  const flagged = cli(['flag', demo, '--json']);
  expect(flagged.status).toBe(0);
  const units = new Set((JSON.parse(flagged.stdout).overdue as { unit: string }[]).map((o) => o.unit));
  expect(units.size).toBeGreaterThan(0);
  const pdfs = printToPdf([demo, path.join(dir, 'demo-flagged.xlsx')]);
  // 总览, 阶段安排, 整改台账, 领导小组; flagged: also 标记记录, 逾期清单 and a 督办单 per unit.
  expect(pdfs.map((pdf) => pdfPages(pdf).length)).toEqual([4, 4 + 2 + units.size]);
  for (const pdf of pdfs) {
    const pages = pdfPages(pdf);
    expect(pages.filter((p) => p.includes('###')).length).toBe(0);
    expect(pages.some((p) => /统计日期: \d{4}-\d{2}-\d{2}/.test(p))).toBe(true);
  }
});

test('add-status on hand-made ledgers: one page per sheet, the new columns beside the items, no prepared rows, no ###', async () => {
  const layouts = { one: layoutOne, four: layoutFour, five: layoutFive, six: layoutSix };
  const files: string[] = [];
  for (const [name, build] of Object.entries(layouts)) {
    const out = await addStatusColumnsXlsx(await bytesOf(build()), { asOf: '2024-04-10' });
    files.push(path.join(dir, `status-${name}.xlsx`));
    fs.writeFileSync(files[files.length - 1], out.bytes);
  }
  const pdfs = printToPdf(files);
  // Each workbook's sheets (layout one has 说明 too) and 状态设置: one page each. Before the print
  // area and the one-page width, layout five printed its two new columns on a page of their own,
  // and the 200 prepared rows' formulas added blank pages.
  expect(pdfs.map((pdf) => pdfPages(pdf).length)).toEqual([3, 2, 2, 2]);
  for (const pdf of pdfs) {
    const pages = pdfPages(pdf);
    expect(pages.filter((p) => p.includes('###')).length).toBe(0);
    const ledger = pages.find((p) => p.includes('整改状态'))!;
    expect(ledger).toMatch(/已逾期\s+-\d+/);
    expect(pages.some((p) => /统计日期\s+2024-04-10/.test(p))).toBe(true);
  }
}, 120_000);

test('a user’s own print area comes through the flag anchored as it was', async () => {
  const wb = layoutOne();
  wb.getWorksheet('说明')!.pageSetup.printArea = absoluteRows('A1:B5');
  const out = await flagXlsx(await bytesOf(wb), { asOf: '2024-04-10', runDate: '2024-04-10' });
  const xml = await (await JSZip.loadAsync(out.bytes)).file('xl/workbook.xml')!.async('string');
  expect(xml).toMatch(/_xlnm\.Print_Area" localSheetId="1">&apos;说明&apos;!\$A\$1:\$B\$5</);
});
