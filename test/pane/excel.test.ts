/**
 * The task pane in Excel mode, in headless Chromium, with the Excel double standing in for
 * office.js: insert a campaign, then flag, then read the double's workbook.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { unzipSync } from 'fflate';
import type { ExcelDouble } from '../../src/excel-double/double';
import { editUnitCopy } from '../helpers/unit-copy';
import { tempDir } from '../helpers/workbook';
import { launch, openPane, OFFICE_JS, servePane, type PaneServer } from '../helpers/pane-server';

let server: PaneServer;
let browser: Browser;
let officeJs: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir('cl-pane-excel-');
  server = await servePane({ testDouble: true });
  officeJs = fs.readFileSync(path.join(server.dir, 'excel-double.js'), 'utf8');
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('insert, then flag: the workbook holds the campaign, the flagged ledger and the list', async () => {
  const { page, requests, violations } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
  expect(await page.textContent('#create')).toBe('插入到工作簿');
  expect(await page.isHidden('#file-part')).toBe(true);
  await page.selectOption('#template', 'jiefang-sixiang');
  await page.fill('#start', '2024-02-01');
  await page.click('#create');
  await page.waitForSelector('#status:has-text("已插入")');
  expect(await page.textContent('#status')).toBe('已插入:总览、阶段安排、整改台账、领导小组。');
  const sheets = await page.evaluate(() => (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.state.sheets.map((s) => s.name));
  expect(sheets).toEqual(['Sheet1', '总览', '阶段安排', '整改台账', '领导小组', '_设置']);

  // Two items typed into the ledger, one long overdue.
  await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const ledger = d.state.sheets.find((s) => s.name === '整改台账')!;
    const put = (row: number, col: number, value: string | number) =>
      ledger.cells.set((row - 1) * 16384 + (col - 1), { ...(ledger.cells.get((row - 1) * 16384 + (col - 1)) ?? { value: null }), value });
    put(3, 3, '会议过多');
    put(3, 7, '办公室');
    put(3, 8, '张三');
    put(3, 9, 45352); // 2024-03-01
    put(4, 3, '文件过多');
    put(4, 7, '业务科');
    put(4, 8, '李四');
    put(4, 9, 72686); // 2099-01-01
  });
  await page.click('#flag');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.textContent('#error')).toBe('');
  await page.waitForSelector('#status:has-text("逾期 1 项")');
  expect(await page.textContent('#status')).toContain('办公室:1 项');
  const after = await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const ledger = d.state.sheets.find((s) => s.name === '整改台账')!;
    return {
      sheets: d.state.sheets.map((s) => s.name),
      // The flag's columns stand one column right of the table (Q stays empty): R, S, T.
      gap: ledger.cells.get(1 * 16384 + 16)?.value ?? null,
      header: ledger.cells.get(1 * 16384 + 18)?.value,
      firstOverdue: ledger.cells.get(2 * 16384 + 17)?.value,
      daysOverdue: ledger.cells.get(2 * 16384 + 18)?.value,
      notOverdue: ledger.cells.get(3 * 16384 + 18)?.value ?? null,
      active: d.state.sheets.find((s) => s.id === d.state.activeSheetId)?.name,
      syncs: d.syncs.length,
    };
  });
  expect(after.sheets).toEqual(['Sheet1', '总览', '阶段安排', '整改台账', '领导小组', '_设置', '标记记录', '逾期清单', '_工作日']);
  expect(after.gap).toBeNull();
  expect(after.header).toBe('逾期天数');
  expect(typeof after.firstOverdue).toBe('number');
  expect(after.daysOverdue).toBeGreaterThan(900);
  expect(after.notOverdue).toBeNull();
  expect(after.active).toBe('逾期清单');
  expect(after.syncs).toBe(2 + 3);
  expect(requests.filter((u) => !u.startsWith(server.url) && u !== OFFICE_JS)).toEqual([]);
  expect(await violations()).toEqual([]);
});

test('add-status on a ledger kept by hand: its columns, in three round trips; the second click changes nothing', async () => {
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
  expect(await page.textContent('#add-status')).toBe('添加状态列');
  // A ledger typed into Sheet1: header, two items, a 合计 row.
  await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const sheet = d.state.sheets[0];
    const rows: (string | number)[][] = [
      ['序号', '存在问题', '责任单位', '整改时限'],
      [1, '会议过多', '办公室', 45352],
      [2, '文件过多', '业务科', 72686],
      ['合计', '2项', '', ''],
    ];
    rows.forEach((row, r) => row.forEach((value, c) => value !== '' && sheet.cells.set(r * 16384 + c, { value })));
  });
  await page.click('#add-status');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.textContent('#error')).toBe('');
  expect(await page.textContent('#status')).toContain('已在“Sheet1”添加“整改状态”和“剩余天数”两列(第 2–203 行');
  const after = await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const sheet = d.state.sheets[0];
    const at = (r: number, c: number) => sheet.cells.get((r - 1) * 16384 + (c - 1));
    return {
      sheets: d.state.sheets.map((s) => s.name),
      header: [at(1, 6)?.value, at(1, 7)?.value],
      formula: typeof at(2, 6)?.formula,
      totals: at(4, 6)?.formula ?? null,
      names: d.state.names.map((n) => n.name).sort(),
      syncs: d.syncs.length,
    };
  });
  expect(after.sheets).toEqual(['Sheet1', '状态设置']);
  expect(after.header).toEqual(['整改状态', '剩余天数']);
  expect(after.formula).toBe('string');
  // The totals row gets no status formula.
  expect(after.totals).toBeNull();
  expect(after.names).toEqual(['CL_AsOfDate', 'CL_DateYear', 'CL_DueSoonDays', 'CL_StatusHeader', 'CL_StatusRows']);
  expect(after.syncs).toBe(3);
  await page.click('#add-status');
  await page.waitForSelector('#status:has-text("已有状态列")');
  expect(await page.evaluate(() => (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.syncs.length)).toBe(3 + 2);
  expect(await violations()).toEqual([]);
});

test('分发与汇总 in Excel for Mac: the ledger numbered in place, the units’ workbooks opened by Excel (no download), a unit’s copy merged back', async () => {
  // Office for Mac's webview does not download blobs (OfficeDev/office-js#2700, "by design"); the
  // double plays Mac with ?platform=Mac: a blob link's click goes nowhere, and Excel.createWorkbook
  // (ExcelApi 1.8) is recorded.
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html?platform=Mac`, officeJs);
  expect(await page.textContent('#split')).toBe('分发并打开各单位工作簿');
  expect(await page.textContent('#merge')).toBe('汇总到本工作簿');
  await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const sheet = d.state.sheets[0];
    const rows: (string | number)[][] = [
      ['序号', '存在问题', '责任单位', '整改时限', '备注'],
      [1, '会议过多', '办公室', 45352],
      [2, '文件过多', '业务科', 72686],
    ];
    rows.forEach((row, r) => row.forEach((value, c) => sheet.cells.set(r * 16384 + c, { value })));
  });
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.click('#split');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.textContent('#error')).toBe('');
  const status = (await page.textContent('#status'))!;
  expect(status).toContain('已在 Excel 中打开 2 个单位的工作簿');
  expect(status).toContain('在 Mac 上,新窗口可能在当前窗口后面');
  expect(status).not.toContain('下载');
  expect(downloads).toEqual([]);
  // The workbooks Excel opened, in the order the status lists their file names.
  const ordered = [...status.matchAll(/(整改台账-[^:\s]+\.xlsx):/g)].map((m) => m[1]);
  expect([...ordered].sort()).toEqual(['整改台账-业务科.xlsx', '整改台账-办公室.xlsx']);
  const opened = await page.evaluate(() =>
    (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.createdWorkbooks.map((w) => Array.from(w.bytes)),
  );
  expect(opened).toHaveLength(2);
  const copies: Record<string, Uint8Array> = Object.fromEntries(ordered.map((n, i) => [n, Uint8Array.from(opened[i])]));
  for (const bytes of Object.values(copies)) expect(Object.keys(unzipSync(bytes))).toContain('xl/workbook.xml');
  const numbered = await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const at = (r: number, c: number) => d.state.sheets[0].cells.get((r - 1) * 16384 + (c - 1))?.value;
    return { ids: [at(1, 6), at(2, 6), at(3, 6)], syncs: d.syncs.length };
  });
  expect(numbered).toEqual({ ids: ['台账编号', 'ZG-0001', 'ZG-0002'], syncs: 4 });

  const office = path.join(dir, '整改台账-办公室.xlsx');
  fs.writeFileSync(
    office,
    await editUnitCopy(copies['整改台账-办公室.xlsx'], (ws, col) => {
      ws.getRow(3).getCell(col('备注')).value = '已整改';
    }),
  );
  await page.setInputFiles('#unit-files', office);
  await page.click('#merge');
  await page.waitForSelector('#status:has-text("更新 1 处")');
  const merged = await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    return { remark: d.state.sheets[0].cells.get(1 * 16384 + 4)?.value, sheets: d.state.sheets.map((s) => [s.name, s.visibility]), syncs: d.syncs.length };
  });
  expect(merged).toEqual({
    remark: '已整改',
    sheets: [
      ['Sheet1', 'Visible'],
      ['汇总记录', 'Visible'],
      ['_汇总状态', 'Hidden'],
    ],
    syncs: 4 + 3,
  });
  expect(await violations()).toEqual([]);
});

test('a plan chosen as .docx is read in the pane, corrected, and the corrected plan is inserted', async () => {
  const { page, requests, violations } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
  await page.check('input[name=source][value=plan]');
  await page.setInputFiles('#plan-file', path.resolve(__dirname, '../fixtures/docx/tables-plan.docx'));
  await page.waitForSelector('#status:has-text("已读取 tables-plan.docx")');
  // Only office.js (the double stands in for it) and the page's own files: nothing uploaded.
  expect(requests.filter((u) => !u.startsWith(server.url) && u !== OFFICE_JS)).toEqual([]);
  expect(await page.getAttribute('#phase-rows tr:nth-child(3) .phase-start', 'class')).toContain('inferred');
  await page.fill('#phase-rows tr:nth-child(2) .phase-name', '全面排查整治');
  await page.fill('#phase-rows tr:nth-child(3) .phase-start', '2023-07-03');
  await page.fill('#leader', '刘明');
  await page.click('#create');
  await page.waitForSelector('#status:has-text("已插入")');
  const inserted = await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const texts = (name: string) => [...d.state.sheets.find((s) => s.name === name)!.cells.values()].map((c) => c.value);
    return { schedule: texts('阶段安排'), group: texts('领导小组') };
  });
  expect(inserted.schedule).toEqual(expect.arrayContaining(['动员部署', '全面排查整治', '巩固提升']));
  expect(inserted.schedule).not.toContain('排查整治');
  // 2023-07-03 as Excel's serial date: the corrected start, not the worked-out 2023-07-01.
  expect(inserted.schedule).toContain(45110);
  expect(inserted.schedule).not.toContain(45108);
  expect(inserted.group).toContain('刘明');
  expect(inserted.group).not.toContain('王建国');
  expect(await violations()).toEqual([]);
});

test("the pane follows Office's display language", async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html?officeLang=zh-HK`, officeJs);
  expect(await page.getAttribute('html', 'lang')).toBe('zh-TW');
  expect(await page.textContent('#create')).toBe('插入到活頁簿');
});

test('an Excel without ExcelApi 1.9 gets a message, and the workbook is untouched', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html?oldExcel=1`, officeJs);
  await page.click('#create');
  await page.waitForSelector('#error:has-text("ExcelApi 1.9")');
  const syncs = await page.evaluate(() => (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.syncs.length);
  expect(syncs).toBe(0);
});

test('自检 runs in Excel, shows a report to copy, and leaves the workbook as it was', async () => {
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
  expect(await page.isVisible('#selftest')).toBe(true);
  await page.click('#selftest');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.textContent('#error')).toBe('');
  const report = await page.inputValue('#report');
  // The double does not calculate, so its checks fail; the report says which, and where it ran.
  expect(report).toMatch(/^campaign-ledger 自检\(\d{4}-\d{2}-\d{2}\):\d+\/34 项通过/);
  expect(report).toContain('✗ overdue:status:应为 已逾期');
  expect(report).toContain('Excel 平台:PC,版本:16.0 (Excel double)');
  expect(report).toContain('支持的 ExcelApi:1.1, 1.2,');
  const after = await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    return { sheets: d.state.sheets.map((s) => s.name), names: d.state.names.length, syncs: d.syncs.length };
  });
  expect(after).toEqual({ sheets: ['Sheet1'], names: 0, syncs: 5 });
  expect(await page.isVisible('#copy-report')).toBe(true);
  expect(await violations()).toEqual([]);
});
