/**
 * The task pane in Excel mode, in headless Chromium, with the Excel double standing in for
 * office.js: insert a campaign, then flag, then read the double's workbook.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import type { ExcelDouble } from '../../src/excel-double/double';
import { editUnitCopy } from '../helpers/unit-copy';
import { tempDir } from '../helpers/workbook';
import { answer, BUILD_TIMEOUT_MS, launch, openPane, OFFICE_JS, servePane, shotPath, showTab, type PaneServer } from '../helpers/pane-server';

const PLANS = path.resolve(__dirname, '../../../shared/plans');
let server: PaneServer;
let browser: Browser;
let officeJs: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir('cl-pane-excel-');
  server = await servePane();
  officeJs = fs.readFileSync(path.join(server.dir, 'excel-double.js'), 'utf8');
  browser = await launch();
}, BUILD_TIMEOUT_MS);

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
  await page.waitForSelector(`${answer('create')}:has-text("已插入")`);
  expect(await page.textContent(answer('create'))).toBe('已插入:总览、阶段安排、整改台账、领导小组。');
  await page.locator('body').screenshot({ path: shotPath('guide/excel-template.png') });
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
  await showTab(page, 'ledger');
  await page.click('#flag');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.isVisible(`${answer('flag')}.error`)).toBe(false);
  await page.waitForSelector(`${answer('flag')}:has-text("逾期 1 项")`);
  expect(await page.textContent(answer('flag'))).toContain('办公室:1 项');
  await page.locator('body').screenshot({ path: shotPath('guide/excel-flag.png') });
  const after = await page.evaluate(() => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    const ledger = d.state.sheets.find((s) => s.name === '整改台账')!;
    return {
      sheets: d.state.sheets.map((s) => s.name),
      // The flag's columns stand one column right of the table, whose last columns are the six
      // hidden date helpers (Q:V): W stays empty, then X, Y, Z.
      gap: ledger.cells.get(1 * 16384 + 22)?.value ?? null,
      header: ledger.cells.get(1 * 16384 + 24)?.value,
      firstOverdue: ledger.cells.get(2 * 16384 + 23)?.value,
      daysOverdue: ledger.cells.get(2 * 16384 + 24)?.value,
      notOverdue: ledger.cells.get(3 * 16384 + 24)?.value ?? null,
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

test('add-status on a ledger kept by hand: its columns, in four round trips; the second click changes nothing', async () => {
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
  await showTab(page, 'ledger');
  await page.click('#add-status');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.isVisible(`${answer('add-status')}.error`)).toBe(false);
  expect(await page.textContent(answer('add-status'))).toContain('已在“Sheet1”添加“整改状态”和“剩余天数”两列(第 2–203 行');
  await page.locator('body').screenshot({ path: shotPath('guide/excel-add-status.png') });
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
  expect(after.names).toEqual(['CL_AsOfDate', 'CL_DateYear', 'CL_DueSoonDays', 'CL_StatusHeader', 'CL_StatusHelpers', 'CL_StatusRows']);
  // Two reads, one to measure the columns for the printing percentage, one write.
  expect(after.syncs).toBe(4);
  await page.click('#add-status');
  await page.waitForSelector(`${answer('add-status')}:has-text("已有状态列")`);
  expect(await page.evaluate(() => (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.syncs.length)).toBe(4 + 2);

  // Another ledger, on a sheet of its own now in view: the next click is about that one alone.
  await page.evaluate(async () => {
    const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
    await d.run(async (context) => {
      context.workbook.worksheets.add('巡察台账').activate();
      await context.sync();
    });
    d.typeInto('巡察台账', 'A1:D3', [
      ['序号', '存在问题', '责任单位', '整改时限'],
      [1, '制度缺失', '纪检室', 45352],
      [2, '台账不全', '办公室', 72686],
    ]);
  });
  await page.click('#add-status');
  await page.waitForSelector(`${answer('add-status')}:has-text("已在“巡察台账”添加")`);
  expect(await page.textContent(answer('add-status'))).not.toContain('Sheet1');
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
  await showTab(page, 'distribute');
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.click('#split');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.isVisible(`${answer('split')}.error`)).toBe(false);
  const status = (await page.textContent(answer('split')))!;
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
  await page.locator('body').screenshot({ path: shotPath('guide/excel-split.png') });

  const office = path.join(dir, '整改台账-办公室.xlsx');
  fs.writeFileSync(
    office,
    await editUnitCopy(copies['整改台账-办公室.xlsx'], (ws, col) => {
      ws.getRow(3).getCell(col('备注')).value = '已整改';
    }),
  );
  await page.setInputFiles('#unit-files', office);
  await page.click('#merge');
  await page.waitForSelector(`${answer('merge')}:has-text("更新 1 处")`);
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
  await page.locator('body').screenshot({ path: shotPath('guide/excel-merge.png') });

  // A second merge, of the other unit's copy: its answer is about that copy alone.
  const business = path.join(dir, '整改台账-业务科.xlsx');
  fs.writeFileSync(
    business,
    await editUnitCopy(copies['整改台账-业务科.xlsx'], (ws, col) => {
      ws.getRow(3).getCell(col('备注')).value = '业务科已整改';
    }),
  );
  await page.setInputFiles('#unit-files', business);
  expect(await page.textContent(answer('merge'))).toBe('');
  await page.click('#merge');
  await page.waitForSelector(`${answer('merge')}:has-text("更新 1 处")`);
  const said = await page.textContent(answer('merge'));
  expect(said).toContain('整改台账-业务科.xlsx');
  expect(said).not.toContain('整改台账-办公室.xlsx');
  expect(await violations()).toEqual([]);
});

test('a plan chosen as .docx is read in the pane, corrected, and the corrected plan is inserted', async () => {
  const { page, requests, violations } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
  await page.check('input[name=source][value=plan]');
  await page.setInputFiles('#plan-file', path.resolve(__dirname, '../fixtures/docx/tables-plan.docx'));
  await page.waitForSelector(`${answer('read')}:has-text("已读取 tables-plan.docx")`);
  // Only office.js (the double stands in for it) and the page's own files: nothing uploaded.
  expect(requests.filter((u) => !u.startsWith(server.url) && u !== OFFICE_JS)).toEqual([]);
  expect(await page.getAttribute('#phase-rows tr:nth-child(3) .phase-start', 'class')).toContain('inferred');
  await page.locator('#panel-create').screenshot({ path: shotPath('guide/excel-plan.png') });
  await page.fill('#phase-rows tr:nth-child(2) .phase-name', '全面排查整治');
  await page.fill('#phase-rows tr:nth-child(3) .phase-start', '2023-07-03');
  await page.fill('#leader', '刘明');
  await page.click('#create');
  await page.waitForSelector(`${answer('create')}:has-text("已插入")`);
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
  await page.waitForSelector(`${answer('create')}.error:has-text("ExcelApi 1.9")`);
  const syncs = await page.evaluate(() => (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.syncs.length);
  expect(syncs).toBe(0);
});

test('自检 runs in Excel, shows a report to copy, and leaves the workbook as it was', async () => {
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
  expect(await page.isVisible('#selftest-part')).toBe(true);
  await page.click('#selftest-title');
  await page.click('#selftest');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect(await page.isVisible(`${answer('selftest')}.error`)).toBe(false);
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
  await page.locator('footer').screenshot({ path: shotPath('guide/excel-selftest.png') });
  // Run again: one fresh report, not one added to the other.
  await page.click('#selftest');
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  expect((await page.inputValue('#report')).match(/campaign-ledger 自检/g)).toHaveLength(1);
  expect(await violations()).toEqual([]);
});

/** The texts of the sheets the create button's answer names (已插入:总览 (2)、阶段安排 (2)…). */
async function insertedTexts(page: Page): Promise<string[]> {
  const said = (await page.textContent(answer('create'))) ?? '';
  const names = said
    .replace(/^已插入:/, '')
    .replace(/。$/, '')
    .split('、');
  return page.evaluate(
    (names) =>
      (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.state.sheets
        .filter((s) => names.includes(s.name))
        .flatMap((s) => [...s.cells.values()].map((c) => c.value))
        .filter((v): v is string => typeof v === 'string'),
    names,
  );
}

describe('the pane starts clean in Excel: each action twice in a row, the second holding nothing of the first', () => {
  test('a plan, another plan, then a template: each insertion is its own', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
    await page.check('input[name=source][value=plan]');
    await page.setInputFiles('#plan-file', path.resolve(__dirname, '../fixtures/docx/tables-plan.docx'));
    await page.waitForSelector(`${answer('read')}:has-text("已读取 tables-plan.docx")`);
    await page.check('#tasks-to-ledger');
    await page.click('#create');
    await page.waitForSelector(`${answer('create')}:has-text("已插入")`);
    expect((await insertedTexts(page)).some((t) => t.includes('开展校园周边食品安全检查'))).toBe(true);

    await page.fill('#plan', fs.readFileSync(path.join(PLANS, 'plan-e.txt'), 'utf8'));
    await page.click('#read');
    await page.waitForFunction(() => (document.querySelector('#phase-rows .phase-name') as HTMLInputElement | null)?.value === '學習動員階段');
    expect(await page.isChecked('#tasks-to-ledger')).toBe(false);
    await page.click('#create');
    await page.waitForSelector(`${answer('create')}:has-text("阶段安排 (2)")`);
    const second = await insertedTexts(page);
    expect(second.some((t) => t.includes('開展務實創新解放思想大討論活動實施方案'))).toBe(true);
    for (const gone of ['某县2023年食品安全', '食品安全', '王建国', '动员部署']) expect(second.filter((t) => t.includes(gone))).toEqual([]);

    await page.check('input[name=source][value=template]');
    await page.selectOption('#template', 'xuexi-shijian');
    await page.click('#create');
    await page.waitForSelector(`${answer('create')}:has-text("阶段安排 (3)")`);
    const third = await insertedTexts(page);
    for (const gone of ['務實創新', '學習動員階段', '曾祥生']) expect(third.filter((t) => t.includes(gone))).toEqual([]);
  });

  test('flag twice: the second answer is about the ledger as it is now', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`, officeJs);
    await page.selectOption('#template', 'jiefang-sixiang');
    await page.fill('#start', '2024-02-01');
    await page.click('#create');
    await page.waitForSelector(`${answer('create')}:has-text("已插入")`);
    const unit = (name: string) =>
      page.evaluate((name) => {
        const d = (window as unknown as { __excelDouble: ExcelDouble }).__excelDouble;
        d.typeInto('整改台账', 'C3:I3', [['会议过多', null, null, null, name, '张三', 45352]]);
      }, name);
    await unit('办公室');
    await showTab(page, 'ledger');
    await page.click('#flag');
    await page.waitForSelector(`${answer('flag')}:has-text("办公室:1 项")`);
    // The office hands the item to another unit, and flags again.
    await unit('业务科');
    await page.click('#flag');
    await page.waitForSelector(`${answer('flag')}:has-text("业务科:1 项")`);
    expect(await page.textContent(answer('flag'))).not.toContain('办公室');
    const listed = await page.evaluate(() =>
      [...(window as unknown as { __excelDouble: ExcelDouble }).__excelDouble.sheet('逾期清单').cells.values()]
        .map((c) => c.value)
        .filter((v) => v === '办公室' || v === '业务科'),
    );
    expect(listed).toEqual(['业务科']);
  });

  test('a failed action’s message is inside a 320×600 pane, beside the button pressed', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html?oldExcel=1`, officeJs, { viewport: { width: 320, height: 600 } });
    await page.check('input[name=source][value=plan]');
    await page.setInputFiles('#plan-file', path.resolve(__dirname, '../fixtures/docx/tables-plan.docx'));
    await page.waitForSelector(`${answer('read')}:has-text("已读取")`);
    await page.click('#create');
    await page.waitForSelector(`${answer('create')}.error:has-text("ExcelApi 1.9")`);
    const box = (await page.locator(answer('create')).boundingBox())!;
    const button = (await page.locator('#create').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    expect(box.y - (button.y + button.height)).toBeLessThan(16);
    await showTab(page, 'ledger');
    expect(await page.isHidden('#file-part')).toBe(true);
    await page.click('#flag');
    await page.waitForSelector(`${answer('flag')}.error:has-text("ExcelApi 1.9")`);
    const flagBox = (await page.locator(answer('flag')).boundingBox())!;
    expect(flagBox.y + flagBox.height).toBeLessThanOrEqual(600);
  });
});
