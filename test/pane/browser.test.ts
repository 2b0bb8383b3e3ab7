/**
 * The task pane in a plain browser (no Office): build and download a template workbook, read a
 * pasted plan and download its workbook, upload a ledger and download the flagged copy, upload a
 * ledger kept by hand and download it with status columns; the
 * keyboard alone completes the main flow; no request leaves the page but office.js.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { campaignFromTemplate, DEFAULT_TEMPLATE_ID, layoutWorkbook, strings, withSampleItems } from '../../src/core';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith, localToday } from '../helpers/campaigns';
import { bytesOf, layoutFour } from '../helpers/handmade';
import { insertLedger } from '../helpers/insert-ledger';
import { editUnitCopy } from '../helpers/unit-copy';
import { recalculate } from '../helpers/libreoffice';
import { answer, BUILD_TIMEOUT_MS, launch, openPane, saveDownload, OFFICE_JS, servePane, showTab, shotPath, type PaneServer } from '../helpers/pane-server';
import { plain, readWorkbook, tempDir } from '../helpers/workbook';

const root = path.resolve(__dirname, '../..');
const PLANS = path.resolve(root, '../shared/plans');
let server: PaneServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  server = await servePane();
  browser = await launch();
  dir = tempDir('cl-pane-dl-');
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const download = (page: Page, click: () => Promise<void>, name: string) => saveDownload(page, click, path.join(dir, name));

/** How many downloads the page has started since this was called. */
function countDownloads(page: Page): () => number {
  let n = 0;
  page.on('download', () => {
    n++;
  });
  return () => n;
}

/** Every non-empty cell of every sheet, as LibreOffice computed it. */
async function values(file: string): Promise<Record<string, unknown>> {
  const wb = await readWorkbook(file);
  const out: Record<string, unknown> = {};
  for (const ws of wb.worksheets)
    ws.eachRow((row, r) =>
      row.eachCell((c, col) => {
        out[`${ws.name}!${r}:${col}`] = plain(c);
      }),
    );
  return out;
}

test('template: the downloaded workbook computes exactly what the command line builds', async () => {
  const { page, requests, violations } = await openPane(browser, `${server.url}/taskpane.html`);
  await page.selectOption('#template', 'xuexi-shijian');
  await page.fill('#start', '2026-09-01');
  await page.fill('#name', '学习实践活动');
  const file = await download(page, () => page.click('#create'), 'pane.xlsx');
  await page.waitForSelector(`${answer('create')}:has-text("已生成")`);
  const cli = path.join(dir, 'cli.xlsx');
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'bin/campaign-ledger.js'), 'build', '--template', 'xuexi-shijian', '--start', '2026-09-01', '--name', '学习实践活动', '-o', cli],
    { encoding: 'utf8' },
  );
  expect(r.status).toBe(0);
  const [a, b] = recalculate([file, cli]);
  const pane = await values(a);
  expect(Object.keys(pane).length).toBeGreaterThan(200);
  expect(pane).toEqual(await values(b));
  expect(Object.values(pane).filter((v) => typeof v === 'string' && v.startsWith('#'))).toEqual([]);
  // Nothing but the page itself and office.js was requested, and the page kept to its policy
  // (the .xlsx code, loaded on demand for the download, included).
  expect(requests.filter((u) => !u.startsWith(server.url) && u !== OFFICE_JS)).toEqual([]);
  expect(requests.some((u) => u.endsWith('/xlsx.js'))).toBe(true);
  expect(await violations()).toEqual([]);
});

test('plan: the preview shows what was read, and the workbook carries its phases', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  await page.check('input[name=source][value=plan]');
  await page.fill('#plan', fs.readFileSync(path.join(PLANS, 'plan-a.txt'), 'utf8'));
  await page.click('#read');
  const first = await page.$$eval('#phase-rows tr:first-child input', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(first).toEqual(['思想发动阶段', '2008-06-01', '2008-07-31']);
  expect(await page.textContent('#preview-more')).toContain('2008-09-10 在9月10日前上报局办公室');
  const file = await download(page, () => page.click('#create'), 'plan.xlsx');
  const wb = await readWorkbook(file);
  const schedule = wb.getWorksheet('阶段安排')!;
  const cells: string[] = [];
  schedule.eachRow((row) =>
    row.eachCell((c) => {
      cells.push(String(plain(c)));
    }),
  );
  expect(cells).toContain('思想发动阶段');
});

test('plan from a .docx: the preview can be corrected, worked-out dates are marked, and the download is the corrected plan', async () => {
  const { page, requests, violations } = await openPane(browser, `${server.url}/taskpane.html`);
  await page.check('input[name=source][value=plan]');
  await page.setInputFiles('#plan-file', path.join(root, 'test/fixtures/docx/tables-plan.docx'));
  await page.waitForSelector(`${answer('read')}:has-text("已读取 tables-plan.docx")`);
  // Read in the page: the .docx reader came as its own chunk, and nothing was uploaded.
  expect(requests.some((u) => u.endsWith('/docx.js'))).toBe(true);
  expect(requests.filter((u) => !u.startsWith(server.url) && u !== OFFICE_JS)).toEqual([]);
  const rows = () =>
    page.$$eval('#phase-rows tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('input')].map((i) => `${i.value}${i.classList.contains('inferred') ? '?' : ''}`)),
    );
  expect(await rows()).toEqual([
    ['动员部署', '2023-03-01', '2023-03-15'],
    ['排查整治', '2023-03-16', '2023-06-30'],
    ['巩固提升', '2023-07-01?', '2023-07-31?'],
  ]);
  expect(await page.isVisible('#inferred-hint')).toBe(true);
  expect(await page.inputValue('#leader')).toBe('王建国');
  expect(await page.textContent('#assignment-list')).toContain('2023-04-30 开展校园周边食品安全检查');
  // The docs show the preview as read, worked-out dates in yellow.
  const shot = shotPath('pane-plan-zh-CN.png');
  await page.locator('#plan-part').screenshot({ path: shot });
  expect(fs.statSync(shot).size).toBeGreaterThan(10_000);

  // The user corrects what was read: a name, a worked-out date, a phase removed, one added, the leader.
  await page.fill('#phase-rows tr:nth-child(1) .phase-name', '宣传动员');
  expect(await page.getAttribute('#phase-rows tr:nth-child(1) .remove-phase', 'aria-label')).toBe('删除阶段“宣传动员”');
  await page.fill('#phase-rows tr:nth-child(3) .phase-end', '2023-08-15');
  await page.click('#phase-rows tr:nth-child(2) .remove-phase');
  await page.click('#add-phase');
  await page.fill('#phase-rows tr:nth-child(3) .phase-name', '总结验收');
  await page.fill('#phase-rows tr:nth-child(3) .phase-start', '2023-08-16');
  await page.fill('#phase-rows tr:nth-child(3) .phase-end', '2023-08-31');
  await page.fill('#leader', '刘明');
  await page.check('#tasks-to-ledger');
  expect(await rows()).toEqual([
    ['宣传动员', '2023-03-01', '2023-03-15'],
    ['巩固提升', '2023-07-01?', '2023-08-15'],
    ['总结验收', '2023-08-16', '2023-08-31'],
  ]);

  const file = await download(page, () => page.click('#create'), 'docx-plan.xlsx');
  expect(await violations()).toEqual([]);
  const wb = await readWorkbook(file);
  const schedule = wb.getWorksheet('阶段安排')!;
  const phases: unknown[][] = [];
  schedule.eachRow((row) => {
    const name = plain(row.getCell(2));
    if (typeof name === 'string' && ['宣传动员', '动员部署', '排查整治', '巩固提升', '总结验收'].includes(name))
      phases.push([name, plain(row.getCell(3)), plain(row.getCell(4))]);
  });
  expect(phases).toEqual([
    ['宣传动员', '2023-03-01', '2023-03-15'],
    ['巩固提升', '2023-07-01', '2023-08-15'],
    ['总结验收', '2023-08-16', '2023-08-31'],
  ]);
  expect(plain(wb.getWorksheet('领导小组')!.getCell('B3'))).toBe('刘明');
  const ledger = wb.getWorksheet('整改台账')!;
  const problems: unknown[] = [];
  ledger.eachRow((row, r) => {
    if (r > 2 && plain(row.getCell(2)) === '任务分工') problems.push(plain(row.getCell(3)));
  });
  expect(problems).toEqual(['开展校园周边食品安全检查', '整治农村集体聚餐风险', '建立问题整改台账并逐项销号']);
});

test('plan file: an old .doc asks for .docx; a damaged .docx says so; nothing is read or downloaded', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  const downloads = countDownloads(page);
  await page.check('input[name=source][value=plan]');
  const doc = path.join(dir, '方案.doc');
  fs.writeFileSync(doc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
  await page.setInputFiles('#plan-file', doc);
  await page.waitForSelector(`${answer('read')}.error:has-text("另存为”.docx")`);
  expect(await page.inputValue('#plan')).toBe('');
  const broken = path.join(dir, '方案.docx');
  fs.writeFileSync(broken, Buffer.from('PK\u0003\u0004 broken'));
  await page.setInputFiles('#plan-file', broken);
  await page.waitForSelector(`${answer('read')}.error:has-text("不是可读取的 Word 文档")`);
  expect(await page.isHidden('#plan-editor')).toBe(true);
  expect(downloads()).toBe(0);
});

test('plan: a plan without a year asks for one, and nothing is downloaded', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  const downloads = countDownloads(page);
  await page.check('input[name=source][value=plan]');
  await page.fill('#plan', fs.readFileSync(path.join(PLANS, 'plan-b.txt'), 'utf8'));
  await page.click('#create');
  await page.waitForSelector(`${answer('create')}.error:has-text("方案年份")`);
  expect(downloads()).toBe(0);
});

test('flag: an uploaded ledger comes back flagged, the original untouched', async () => {
  const campaign = campaignWith(
    [
      { label: 'a', deadline: '2024-03-01', unit: '办公室' },
      { label: 'b', deadline: '2099-03-01', unit: '业务科' },
    ],
    '2024-02-01',
  );
  const input = path.join(dir, '台账.xlsx');
  fs.writeFileSync(input, await writeXlsx(layoutWorkbook(campaign)));
  const before = fs.readFileSync(input);
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html`);
  await showTab(page, 'ledger');
  await page.setInputFiles('#ledger-file', input);
  expect(await page.textContent('#ledger-file-name')).toBe('台账.xlsx');
  const file = await download(page, () => page.click('#flag'), 'flagged.xlsx');
  expect(await violations()).toEqual([]);
  expect(await page.textContent(answer('flag'))).toContain(`截至 ${localToday()}:逾期 1 项`);
  expect(await page.textContent(answer('flag'))).toContain('已生成 台账-flagged.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['整改台账', '逾期清单', '标记记录']));
  expect(fs.readFileSync(input).equals(before)).toBe(true);
});

test('flag in the browser edits the file in place: a pivot table and a chart kept byte for byte, 赵𨭎 and 😀 whole', async () => {
  const source = fs.readFileSync(path.join(root, 'test/fixtures/corpus/excel2013-pivot-chart-table.xlsx'));
  const inserted = insertLedger(new Uint8Array(source));
  const input = path.join(dir, 'pivot.xlsx');
  fs.writeFileSync(input, inserted.bytes);
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html`);
  await showTab(page, 'ledger');
  await page.setInputFiles('#ledger-file', input);
  const file = await download(page, () => page.click('#flag'), 'pivot-flagged.xlsx');
  expect(await violations()).toEqual([]);
  const before = unzipSync(inserted.bytes);
  const after = unzipSync(new Uint8Array(fs.readFileSync(file)));
  const kept = Object.keys(before).filter((n) => /pivot|chart|drawing|table/i.test(n));
  expect(kept.length).toBeGreaterThan(3);
  for (const n of kept) expect(Buffer.from(after[n]).equals(Buffer.from(before[n]))).toBe(true);
  const text = Object.entries(after)
    .filter(([n]) => /\.(xml|rels)$/.test(n))
    .map(([, b]) => strFromU8(b))
    .join('');
  expect(text.includes('\uFFFD')).toBe(false);
  expect(text.includes('赵𨭎')).toBe(true);
  expect(text.split('服务不优 😀').length).toBeGreaterThanOrEqual(3);
});

test('add-status: a ledger kept by hand comes back with live status columns that LibreOffice computes; the copy again downloads nothing', async () => {
  const input = path.join(dir, '巡察台账.xlsx');
  fs.writeFileSync(input, await bytesOf(layoutFour()));
  const before = fs.readFileSync(input);
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html`);
  expect(await page.textContent('#add-status')).toBe('添加状态列并下载');
  await showTab(page, 'ledger');
  await page.setInputFiles('#ledger-file', input);
  const file = await download(page, () => page.click('#add-status'), '巡察台账-status.xlsx');
  expect(await violations()).toEqual([]);
  expect(await page.textContent(answer('add-status'))).toContain('已在“巡察整改台账”添加“整改状态”和“剩余天数”两列');
  expect(await page.textContent(answer('add-status'))).toContain('已生成 巡察台账-status.xlsx');
  expect(fs.readFileSync(input).equals(before)).toBe(true);
  // Recalculated: 2024.3.20 is long past, 立行立改 has no deadline, C问题 was done.
  const [computed] = recalculate([file]);
  const wb = await readWorkbook(computed);
  const ws = wb.getWorksheet('巡察整改台账')!;
  expect(ws.getCell('K3').value).toBe('整改状态');
  expect([4, 6, 7].map((r) => plain(ws.getCell(`K${r}`)))).toEqual(['已逾期', '已完成', '未设时限']);
  // The copy already has them: nothing is downloaded, and the pane says so.
  const downloads = countDownloads(page);
  await page.setInputFiles('#ledger-file', file);
  await page.click('#add-status');
  await page.waitForSelector(`${answer('add-status')}:has-text("已有状态列")`);
  await page.waitForTimeout(300);
  expect(downloads()).toBe(0);
});

test('分发与汇总: the master split into a .zip of unit workbooks and the numbered master; a unit’s ledger merged back into it', async () => {
  const master = path.join(dir, '总台账.xlsx');
  fs.writeFileSync(
    master,
    await writeXlsx(layoutWorkbook(withSampleItems(campaignFromTemplate(DEFAULT_TEMPLATE_ID, { start: '2026-11-01', lang: 'zh-CN' }), 6, '2026-12-01'))),
  );
  const { page, violations } = await openPane(browser, `${server.url}/taskpane.html`);
  expect(await page.textContent('#split')).toBe('分发并下载 .zip');
  await showTab(page, 'distribute');
  await page.click('#merge');
  await page.waitForSelector(`${answer('merge')}.error:has-text("请先选择台账文件")`);
  await page.setInputFiles('#ledger-file', master);
  const zip = await download(page, () => page.click('#split'), '总台账-整改台账.zip');
  expect(await violations()).toEqual([]);
  const entries = unzipSync(fs.readFileSync(zip));
  const copies = Object.keys(entries).filter((n) => n !== '总台账.xlsx');
  expect(copies.length).toBeGreaterThanOrEqual(3);
  expect(copies.every((n) => /^整改台账-.+\.xlsx$/.test(n))).toBe(true);
  // A workbook of ours has its numbers from the start.
  expect(await page.textContent(answer('split'))).toContain('已按“责任单位”分发为');
  const numbered = path.join(dir, '总台账-编号.xlsx');
  fs.writeFileSync(numbered, entries['总台账.xlsx']);
  const ids = (await readWorkbook(numbered))
    .getWorksheet('整改台账')!
    .getColumn(16)
    .values.filter((v) => typeof v === 'string');
  expect(ids).toEqual(['台账编号', 'ZG-0001', 'ZG-0002', 'ZG-0003', 'ZG-0004', 'ZG-0005', 'ZG-0006']);

  // No unit files chosen: said; then a unit's own ledger, made by hand, appended.
  await page.setInputFiles('#ledger-file', numbered);
  await page.click('#merge');
  await page.waitForSelector(`${answer('merge')}.error:has-text("请先选择各单位报回的台账文件")`);
  const handmade = path.join(dir, '业务科报回.xlsx');
  fs.writeFileSync(handmade, await bytesOf(layoutFour()));
  // The unit writes 赵𨭎 and an emoji into 备注: they come back whole through the page.
  const copy = path.join(dir, copies[0]);
  fs.writeFileSync(
    copy,
    await editUnitCopy(entries[copies[0]], (w, col) => {
      w.getRow(3).getCell(col('备注')).value = '赵𨭎已整改😀';
    }),
  );
  await page.setInputFiles('#unit-files', [copy, handmade]);
  const merged = await download(page, () => page.click('#merge'), '总台账-编号-merged.xlsx');
  expect(await page.textContent(answer('merge'))).toContain('“业务科报回.xlsx”:追加');
  expect(await page.textContent(answer('merge'))).toContain(`“${copies[0]}”`);
  const ws = (await readWorkbook(merged)).getWorksheet('整改台账')!;
  expect(ws.getColumn(15).values).toContain('赵𨭎已整改😀');
  // 来源 stands right of the ledger's hidden helper columns, wherever they end.
  const sourceCol = (ws.getRow(2).values as unknown[]).indexOf('来源');
  expect(sourceCol).toBeGreaterThan(16);
  const sources = ws.getColumn(sourceCol).values.filter((v) => typeof v === 'string') as string[];
  expect(sources[0]).toBe('来源');
  expect(sources.slice(1).every((v) => v.startsWith('业务科报回.xlsx / '))).toBe(true);
  expect(sources.length).toBeGreaterThan(1);
});

test('add-status: no file chosen, or a workbook campaign-ledger made, says so and downloads nothing', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  await showTab(page, 'ledger');
  await page.click('#add-status');
  await page.waitForSelector(`${answer('add-status')}.error:has-text("请先选择台账文件")`);
  const ours = path.join(dir, 'ours.xlsx');
  fs.writeFileSync(ours, await writeXlsx(layoutWorkbook(campaignWith([{ label: 'a', deadline: '2024-03-01' }], '2024-02-01'))));
  await page.setInputFiles('#ledger-file', ours);
  await page.click('#add-status');
  await page.waitForSelector(`${answer('add-status')}.error:has-text("无需添加")`);
});

test('flag: no file chosen, or a file that is not a ledger, says so', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  await showTab(page, 'ledger');
  await page.click('#flag');
  await page.waitForSelector(`${answer('flag')}.error:has-text("请先选择台账文件")`);
  const notLedger = path.join(dir, 'note.xlsx');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('通讯录').addRow(['姓名', '电话']);
  await wb.xlsx.writeFile(notLedger);
  await page.setInputFiles('#ledger-file', notLedger);
  await page.click('#flag');
  await page.waitForSelector(`${answer('flag')}.error:has-text("note.xlsx")`);
});

test('keyboard only: Tab, arrows and Enter build and download a workbook', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  const focusOn = async (id: string) => {
    for (let i = 0; i < 30; i++) {
      if (await page.evaluate(() => document.activeElement?.id ?? (document.activeElement as HTMLInputElement | null)?.value)) {
        const active = await page.evaluate(() => document.activeElement?.id || (document.activeElement as HTMLInputElement).value);
        if (active === id) return;
      }
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach ${id} with Tab`);
  };
  await focusOn('template');
  await page.keyboard.press('ArrowDown');
  const chosen = await page.inputValue('#template');
  expect(chosen).not.toBe('');
  await focusOn('create');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(dl.suggestedFilename()).toMatch(/\.xlsx$/);
});

test('every control has a label, and a second click while busy runs nothing twice', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el as HTMLElement).hidden && !el.closest('[hidden]'))
      .filter((el) => !((el as HTMLInputElement).labels?.length || el.textContent?.trim() || el.getAttribute('aria-label')))
      .map((el) => el.id || el.outerHTML),
  );
  expect(unlabelled).toEqual([]);
  const downloads = countDownloads(page);
  await page.evaluate(() => {
    const b = document.getElementById('create')!;
    b.click();
    b.click();
  });
  await page.waitForSelector(`${answer('create')}:has-text("已生成")`);
  await page.waitForTimeout(500);
  expect(downloads()).toBe(1);
});

test('the language menu switches every text of the pane', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  await page.selectOption('#ui-lang', 'en');
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  expect(await page.textContent('#create')).toBe('Build and download .xlsx');
  expect(await page.textContent('#flag-title')).toBe('Flag overdue');
  const cjk = await page.evaluate(() => [...document.querySelectorAll('[data-text]')].map((e) => e.textContent ?? '').filter((t) => /[\u4e00-\u9fff]/.test(t)));
  expect(cjk).toEqual([]);
});

test.each(['zh-CN', 'en'].flatMap((lang) => ['create', 'ledger', 'distribute'].map((tab) => [lang, tab])))(
  'screenshot of the pane in %s: the %s tab',
  async (lang, tab) => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html?lang=${lang}&tab=${tab}`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.isVisible(`#panel-${tab}`)).toBe(true);
    expect(await page.getAttribute(`#tab-${tab}`, 'aria-selected')).toBe('true');
    const shot = shotPath(`pane-${tab}-${lang}.png`);
    // The pane as far as it goes (no empty window below it).
    await page.locator('body').screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
  },
);

describe('Content-Security-Policy: the add-in’s own origin and office.js’s, no eval, no inline code', () => {
  const OFFICE_STUB =
    'window.Office = { onReady: (f) => { f && f({}); return Promise.resolve({}); }, context: { ui: { messageParent() {} }, displayLanguage: "zh-CN", requirements: { isSetSupported: () => true } }, actions: { associate() {} }, HostType: {} };';

  test.each(['taskpane.html', 'commands.html', 'dialog.html', 'help.html', 'guide.html'])('%s carries the policy as the first element of its head', (name) => {
    const html = fs.readFileSync(path.join(server.dir, name), 'utf8');
    const policy = /<head><meta charset=[^>]+><meta http-equiv=Content-Security-Policy content="([^"]+)">/.exec(html)?.[1];
    expect(policy).toBe(
      "default-src 'self'; script-src 'self' https://appsforoffice.microsoft.com; style-src 'self'; img-src 'self' data:; connect-src 'self' https://appsforoffice.microsoft.com; frame-src 'self' https://appsforoffice.microsoft.com; object-src 'none'; base-uri 'self'; form-action 'none'",
    );
    expect(html).not.toMatch(/<script>|style=|<style/);
  });

  test.each([
    ['commands.html', ''],
    ['dialog.html?kind=info&lang=zh-CN', `#${encodeURIComponent('截至 2024-04-10:逾期 3 项\n办公室:1 项')}`],
    ['help.html', '#en'],
  ])('%s runs without a violation', async (page, fragment) => {
    const opened = await openPane(browser, `${server.url}/${page}${fragment}`, OFFICE_STUB);
    await opened.page.waitForLoadState('load');
    expect(await opened.violations()).toEqual([]);
    if (page.startsWith('dialog')) expect(await opened.page.textContent('#message')).toBe('截至 2024-04-10:逾期 3 项\n办公室:1 项');
  });

  test('the collector sees a violation: an inline script is refused', async () => {
    const { page, violations } = await openPane(browser, `${server.url}/help.html`);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.ran = 1';
      document.body.append(s);
    });
    await page.waitForFunction(() => (window as unknown as { __csp: string[] }).__csp.length > 0);
    expect((await violations()).join()).toMatch(/script-src/);
    expect(await page.evaluate(() => (window as unknown as { ran?: number }).ran)).toBeUndefined();
  });

  test('the dialog with a malformed fragment says the message could not be shown', async () => {
    const { page, violations } = await openPane(browser, `${server.url}/dialog.html?kind=info&lang=zh-CN#%E6%88%AA%E8`, OFFICE_STUB);
    await page.waitForLoadState('load');
    expect(await page.textContent('#message')).toBe(strings('zh-CN').host.dialogUnreadable);
    expect(await page.getAttribute('#message', 'class')).toBe('error');
    expect(await violations()).toEqual([]);
  });

  test('the guide (使用说明) is served: linked from the pane and the help page, every picture shown, within the policy', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    expect(await page.getAttribute('#guide-link', 'href')).toBe('guide.html');
    expect(await page.textContent('#guide-link')).toBe('使用说明');
    const help = await openPane(browser, `${server.url}/help.html`);
    expect(await help.page.getAttribute('#zh-CN .guide-link a', 'href')).toBe('guide.html');
    const guide = await openPane(browser, `${server.url}/guide.html`);
    await guide.page.waitForLoadState('load');
    expect(await guide.page.textContent('h1')).toBe('活动台账 使用说明');
    const pictures = await guide.page.$$eval('img', (imgs) => (imgs as HTMLImageElement[]).map((i) => [i.getAttribute('src'), i.naturalWidth]));
    expect(pictures.length).toBeGreaterThanOrEqual(8);
    expect(pictures.filter(([, width]) => !width)).toEqual([]);
    expect(await guide.violations()).toEqual([]);
  });

  test('the pane links to the help page in its language; 自检 is for Excel only', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html?lang=zh-TW`);
    expect(await page.getAttribute('#help-link', 'href')).toBe('help.html#zh-TW');
    expect(await page.isHidden('#selftest-part')).toBe(true);
  });

  test('help.html is there, in three languages, where the manifest says', async () => {
    const manifest = fs.readFileSync(path.join(server.dir, 'manifest.xml'), 'utf8');
    const urls = [...manifest.matchAll(/(?:SupportUrl DefaultValue|bt:Url id="GetStarted.LearnMoreUrl" DefaultValue)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls).toHaveLength(2);
    for (const u of urls) expect(fs.existsSync(path.join(server.dir, new URL(u).pathname))).toBe(true);
    const { page } = await openPane(browser, `${server.url}/help.html`);
    expect(await page.getAttribute('#zh-CN', 'lang')).toBe('zh-CN');
    expect(await page.textContent('#zh-TW h1')).toContain('說明');
    expect(await page.textContent('#en h1')).toContain('help');
  });
});
