/**
 * Printing as LibreOffice prints: the demo workbook and the demo flagged show every date in full,
 * never ### (a column too narrow for 2026-11-25 in the sheet's font).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pdfPages, printToPdf } from '../helpers/libreoffice';
import { tempDir } from '../helpers/workbook';

const root = path.resolve(__dirname, '../..');
const dir = tempDir('cl-print-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the demo and the demo flagged print no ###, and the as-of date in each title row', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/campaign-ledger.js'), ...args], { encoding: 'utf8' });
  const demo = path.join(dir, 'demo.xlsx');
  expect(cli(['demo', '-o', demo]).status).toBe(0);
  expect(cli(['flag', demo]).status).toBe(0);
  const pdfs = printToPdf([demo, path.join(dir, 'demo-flagged.xlsx')]);
  for (const pdf of pdfs) {
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.filter((p) => p.includes('###')).length).toBe(0);
    expect(pages.some((p) => /统计日期: \d{4}-\d{2}-\d{2}/.test(p))).toBe(true);
  }
});
