/**
 * The task pane in a plain browser, used as a user does over a day: each action twice in a row
 * with different inputs (the second result holds nothing of the first), answers where the user
 * is looking in a 320-px pane, the pane's own words, its three tabs. (In a file of its own so
 * that the two Jest workers share the pane's tests; the build is shared too.)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { campaignFromTemplate, layoutWorkbook } from '../../src/core';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf, layoutFour, layoutOne } from '../helpers/handmade';
import { editUnitCopy } from '../helpers/unit-copy';
import { answer, BUILD_TIMEOUT_MS, launch, openPane, saveDownload, servePane, showTab, shotPath, type PaneServer } from '../helpers/pane-server';
import { plain, readWorkbook, tempDir } from '../helpers/workbook';

const root = path.resolve(__dirname, '../..');
const PLANS = path.resolve(root, '../shared/plans');
let server: PaneServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  server = await servePane();
  browser = await launch();
  dir = tempDir('cl-pane-clean-');
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const download = (page: Page, click: () => Promise<void>, name: string) => saveDownload(page, click, path.join(dir, name));

/** Every text of every sheet of a workbook file (sheet names included). */
async function texts(file: string): Promise<string[]> {
  const wb = await readWorkbook(file);
  const out: string[] = wb.worksheets.map((ws) => ws.name);
  for (const ws of wb.worksheets)
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const v = plain(c);
        if (typeof v === 'string') out.push(v);
      }),
    );
  return out;
}

const containing = (all: string[], part: string) => all.filter((t) => t.includes(part));
const plan = (name: string) => fs.readFileSync(path.join(PLANS, name), 'utf8');
const DOCX_PLAN = path.join(root, 'test/fixtures/docx/tables-plan.docx');

/** A ledger of ours with one long-overdue item per unit given. */
async function ledgerFile(name: string, items: { unit: string; problem: string }[]): Promise<string> {
  const file = path.join(dir, name);
  const campaign = campaignWith(
    items.map((i) => ({ label: i.problem, problem: i.problem, deadline: '2024-03-01', unit: i.unit })),
    '2024-02-01',
  );
  fs.writeFileSync(file, await writeXlsx(layoutWorkbook(campaign)));
  return file;
}

describe('the pane starts clean: each action twice in a row, with different inputs, the second holding nothing of the first', () => {
  test('plan: a second plan replaces all the first put into the preview (title, phases, marks, group, assignments), and the download is the second plan alone', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    await page.check('input[name=source][value=plan]');
    // The first plan, read from a .docx and corrected: a phase renamed, its assignments put into the ledger.
    await page.setInputFiles('#plan-file', DOCX_PLAN);
    await page.waitForSelector(`${answer('read')}:has-text("已读取 tables-plan.docx")`);
    await page.fill('#phase-rows tr:nth-child(1) .phase-name', '宣传动员');
    await page.check('#tasks-to-ledger');
    await download(page, () => page.click('#create'), 'first-plan.xlsx');

    // The second, pasted and read.
    await page.fill('#plan', plan('plan-a.txt'));
    await page.click('#read');
    await page.waitForFunction(() => (document.querySelector('#phase-rows .phase-name') as HTMLInputElement | null)?.value === '思想发动阶段');
    const shown = await page.evaluate(() => {
      const preview = document.getElementById('preview')!;
      return [preview.innerText, ...[...preview.querySelectorAll('input')].map((i) => i.value)].join('\n');
    });
    for (const gone of ['某县2023年食品安全', '动员部署', '宣传动员', '王建国', '开展校园周边食品安全检查', '2023']) expect(shown).not.toContain(gone);
    expect(await page.$$('#phase-rows .inferred')).toHaveLength(0);
    expect(await page.isHidden('#assignments-part')).toBe(true);
    expect(await page.isChecked('#tasks-to-ledger')).toBe(false);
    expect(await page.inputValue('#leader')).toBe('刘克');
    // The plan's title names the workbook unless the user types a name: it is a placeholder, not a value.
    expect(await page.inputValue('#name')).toBe('');
    expect(await page.getAttribute('#name', 'placeholder')).toBe('关于开展“深入解放思想、推进科学发展”活动的实施意见');

    // The case: plan-a read, plan-e pasted and read, then downloaded.
    await page.fill('#plan', plan('plan-e.txt'));
    await page.click('#read');
    await page.waitForFunction(() => (document.querySelector('#phase-rows .phase-name') as HTMLInputElement | null)?.value === '學習動員階段');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#create')]);
    expect(dl.suggestedFilename()).toBe('開展務實創新解放思想大討論活動實施方案.xlsx');
    const file = path.join(dir, 'second-plan.xlsx');
    await dl.saveAs(file);
    const cells = await texts(file);
    expect(containing(cells, '開展務實創新解放思想大討論活動實施方案').length).toBeGreaterThan(0);
    for (const gone of ['深入解放思想', '思想发动阶段', '刘克', '王建国', '宣传动员', '食品安全']) expect(containing(cells, gone)).toEqual([]);
  });

  test('plan: a year typed for one plan is not carried to the next, and the warnings name the pane’s own field', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    await page.check('input[name=source][value=plan]');
    await page.fill('#plan', plan('plan-b.txt'));
    await page.click('#read');
    // plan-b hides its year (*8年): the warning says where to give it in the pane, not on a command line.
    const warning = await page.textContent('#preview-more .warn');
    expect(warning).toContain('请在“方案年份”中填写年份,再点“读取方案”');
    expect(warning).not.toContain('--year');
    await page.fill('#year', '2008');
    await page.click('#read');
    expect(await page.textContent('#preview-body')).toContain('2008(取自“方案年份”)');
    // Another plan pasted over it, the year field left as it was: plan-e's own year (2010) is read.
    await page.fill('#plan', plan('plan-e.txt'));
    await page.click('#read');
    expect(await page.textContent('#preview-body')).toContain('2010(取自正文)');
    expect(await page.inputValue('#year')).toBe('');
    expect(await page.inputValue('#phase-rows tr:first-child .phase-start')).toBe('2010-04-01');
    // No plan of the five makes the pane name a command-line option.
    for (const name of ['plan-a.txt', 'plan-b.txt', 'plan-c.txt', 'plan-d.txt', 'plan-e.txt']) {
      await page.fill('#year', '');
      await page.fill('#plan', plan(name));
      await page.click('#read');
      expect(await page.innerText('#plan-part')).not.toMatch(/--\w/);
    }
  });

  test('template after a plan, and two templates in a row: each workbook is named and made from its own choice', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    await page.check('input[name=source][value=plan]');
    await page.fill('#plan', plan('plan-a.txt'));
    await page.click('#read');
    await page.check('input[name=source][value=template]');
    await page.selectOption('#template', 'xuexi-shijian');
    const [first] = await Promise.all([page.waitForEvent('download'), page.click('#create')]);
    expect(first.suggestedFilename()).not.toContain('解放思想');
    const firstFile = path.join(dir, 'template-1.xlsx');
    await first.saveAs(firstFile);
    expect(containing(await texts(firstFile), '深入解放思想')).toEqual([]);
    await page.selectOption('#template', 'jiefang-sixiang');
    const [second] = await Promise.all([page.waitForEvent('download'), page.click('#create')]);
    const secondFile = path.join(dir, 'template-2.xlsx');
    await second.saveAs(secondFile);
    // Each workbook has exactly its template's phases.
    const phasesOf = (id: string) => campaignFromTemplate(id, { start: '2026-01-01', lang: 'zh-CN' }).phases.map((p) => p.name);
    expect(await phaseNames(firstFile)).toEqual(phasesOf('xuexi-shijian'));
    expect(await phaseNames(secondFile)).toEqual(phasesOf('jiefang-sixiang'));
    expect(second.suggestedFilename()).not.toBe(first.suggestedFilename());
  });

  test('flag: two ledgers flagged in a row, each on its own; a flagged file flagged again keeps its name (台账-flagged.xlsx)', async () => {
    const a = await ledgerFile('甲台账.xlsx', [{ unit: '办公室', problem: '甲事项超期' }]);
    const b = await ledgerFile('乙台账.xlsx', [{ unit: '业务科', problem: '乙事项超期' }]);
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    await showTab(page, 'ledger');
    await page.setInputFiles('#ledger-file', a);
    await download(page, () => page.click('#flag'), 'a-flagged.xlsx');
    expect(await page.textContent(answer('flag'))).toContain('办公室:1 项');
    await page.setInputFiles('#ledger-file', b);
    // A new file: the answer about the previous one is gone before anything runs.
    expect(await page.textContent(answer('flag'))).toBe('');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#flag')]);
    expect(dl.suggestedFilename()).toBe('乙台账-flagged.xlsx');
    const flagged = path.join(dir, '乙台账-flagged.xlsx');
    await dl.saveAs(flagged);
    const said = await page.textContent(answer('flag'));
    expect(said).toContain('业务科:1 项');
    expect(said).not.toContain('办公室');
    const cells = await texts(flagged);
    expect(containing(cells, '乙事项超期').length).toBeGreaterThan(0);
    expect(containing(cells, '甲事项超期')).toEqual([]);
    // The flagged file, flagged again the next day: the same name pattern.
    await page.setInputFiles('#ledger-file', flagged);
    const [again] = await Promise.all([page.waitForEvent('download'), page.click('#flag')]);
    expect(again.suggestedFilename()).toBe('乙台账-flagged.xlsx');
    expect(await page.textContent(answer('flag'))).toContain('已生成 乙台账-flagged.xlsx');
  });

  test('add-status: two hand-made ledgers in a row, the second answer and file about the second alone', async () => {
    const first = path.join(dir, '巡察.xlsx');
    fs.writeFileSync(first, await bytesOf(layoutFour()));
    const second = path.join(dir, '作风.xlsx');
    fs.writeFileSync(second, await bytesOf(layoutOne()));
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    await showTab(page, 'ledger');
    await page.setInputFiles('#ledger-file', first);
    await download(page, () => page.click('#add-status'), '巡察-status.xlsx');
    expect(await page.textContent(answer('add-status'))).toContain('巡察整改台账');
    await page.setInputFiles('#ledger-file', second);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#add-status')]);
    expect(dl.suggestedFilename()).toBe('作风-status.xlsx');
    const file = path.join(dir, '作风-status.xlsx');
    await dl.saveAs(file);
    const said = await page.textContent(answer('add-status'));
    expect(said).toContain('作风问题整改台账');
    expect(said).not.toContain('巡察');
    expect(containing(await texts(file), '巡察')).toEqual([]);
  });

  test('split and merge: two masters split in a row; two merges in a row, each into the master as chosen, not into the previous result', async () => {
    const a = await ledgerFile('甲总台账.xlsx', [
      { unit: '甲科', problem: '甲科问题' },
      { unit: '乙科', problem: '乙科问题' },
    ]);
    const b = await ledgerFile('丙总台账.xlsx', [
      { unit: '丙科', problem: '丙科问题' },
      { unit: '丁科', problem: '丁科问题' },
    ]);
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    await showTab(page, 'distribute');
    await page.setInputFiles('#ledger-file', a);
    await download(page, () => page.click('#split'), 'a.zip');
    await page.setInputFiles('#ledger-file', b);
    const zip = await download(page, () => page.click('#split'), 'b.zip');
    const entries = unzipSync(fs.readFileSync(zip));
    expect(Object.keys(entries).sort()).toEqual(['丙总台账.xlsx', '整改台账-丁科.xlsx', '整改台账-丙科.xlsx']);
    expect(await page.textContent(answer('split'))).not.toMatch(/甲|乙/);

    const master = path.join(dir, '丙总台账-编号.xlsx');
    fs.writeFileSync(master, entries['丙总台账.xlsx']);
    const copy = async (unit: string, remark: string) => {
      const file = path.join(dir, `整改台账-${unit}.xlsx`);
      fs.writeFileSync(
        file,
        await editUnitCopy(entries[`整改台账-${unit}.xlsx`], (w, col) => {
          w.getRow(3).getCell(col('备注')).value = remark;
        }),
      );
      return file;
    };
    await page.setInputFiles('#ledger-file', master);
    await page.setInputFiles('#unit-files', await copy('丙科', '丙科已整改'));
    await download(page, () => page.click('#merge'), 'merged-1.xlsx');
    await page.setInputFiles('#unit-files', await copy('丁科', '丁科已整改'));
    const merged = await download(page, () => page.click('#merge'), 'merged-2.xlsx');
    const said = await page.textContent(answer('merge'));
    expect(said).toContain('整改台账-丁科.xlsx');
    expect(said).not.toContain('丙科.xlsx');
    const cells = await texts(merged);
    expect(cells).toContain('丁科已整改');
    expect(cells).not.toContain('丙科已整改');
  });
});

async function phaseNames(file: string): Promise<string[]> {
  const wb = await readWorkbook(file);
  const names: string[] = [];
  wb.getWorksheet('阶段安排')!.eachRow((row, r) => {
    const v = plain(row.getCell(2));
    if (r > 2 && typeof v === 'string' && v) names.push(v);
  });
  return names;
}

describe('answers where the user looks, at 320 px', () => {
  const NARROW = { viewport: { width: 320, height: 600 } };

  /** The answer below `id`'s button: inside the viewport, right under the button, announced. */
  async function answerInView(page: Page, id: string): Promise<string> {
    await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
    const [button, region] = [await page.locator(`#${id}`).boundingBox(), await page.locator(answer(id)).boundingBox()];
    expect(region).not.toBeNull();
    expect(region!.y).toBeGreaterThanOrEqual(0);
    expect(region!.y + region!.height).toBeLessThanOrEqual(600);
    expect(region!.y - (button!.y + button!.height)).toBeLessThan(16);
    expect(await page.getAttribute(answer(id), 'aria-live')).toMatch(/polite|assertive/);
    return (await page.textContent(answer(id))) ?? '';
  }

  test('a failed action’s message is inside a 320×600 viewport, beside the button pressed, in each tab', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`, '', NARROW);
    // A long preview above the button: the plan read, a phase made to end before it starts.
    await page.check('input[name=source][value=plan]');
    await page.setInputFiles('#plan-file', DOCX_PLAN);
    await page.waitForSelector(`${answer('read')}:has-text("已读取")`);
    await page.fill('#phase-rows tr:nth-child(2) .phase-end', '2023-01-01');
    await page.click('#create');
    expect(await answerInView(page, 'create')).toBe('阶段“排查整治”的结束日期早于开始日期。');
    expect(await page.getAttribute(answer('create'), 'class')).toContain('error');
    await showTab(page, 'ledger');
    await page.click('#add-status');
    expect(await answerInView(page, 'add-status')).toBe('请先选择台账文件。');
    await showTab(page, 'distribute');
    await page.setInputFiles('#ledger-file', await ledgerFile('总台账.xlsx', [{ unit: '办公室', problem: '问题' }]));
    await page.click('#merge');
    expect(await answerInView(page, 'merge')).toBe('请先选择各单位报回的台账文件(可多选)。');
    const shot = shotPath('pane-error-zh-CN.png');
    await page.screenshot({ path: shot });
  });

  test('an action that takes more than a second shows its progress below its button, counting the seconds', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`, '', NARROW);
    // The workbook code arrives slowly (a slow network or machine): the download takes seconds.
    await page.route('**/xlsx.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.continue();
    });
    const downloaded = page.waitForEvent('download');
    await page.click('#create');
    await page.waitForSelector(`${answer('create')} progress`, { state: 'visible' });
    expect(await page.getAttribute('body', 'aria-busy')).toBe('true');
    expect(await page.isDisabled('#create')).toBe(true);
    await page.waitForSelector(`${answer('create')}:has-text("已用 1 秒")`);
    const box = await page.locator(answer('create')).boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(600);
    await downloaded;
    await page.waitForSelector(`${answer('create')}:has-text("已生成")`);
    expect(await page.$$(`${answer('create')} progress`)).toHaveLength(0);
  });

  test('the preview’s date boxes show their whole date at 320 px', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`, '', NARROW);
    await page.check('input[name=source][value=plan]');
    await page.setInputFiles('#plan-file', DOCX_PLAN);
    await page.waitForSelector(`${answer('read')}:has-text("已读取")`);
    // Each box against the width the same box takes when nothing constrains it (Chromium sizes
    // an unconstrained date input to its whole date and picker).
    const cut = await page.$$eval('#phase-rows input[type=date]', (inputs) =>
      (inputs as HTMLInputElement[])
        .map((input) => {
          const free = input.cloneNode() as HTMLInputElement;
          Object.assign(free.style, { position: 'absolute', width: 'auto', minWidth: '0', flex: 'none', visibility: 'hidden' });
          input.parentElement!.append(free);
          const need = free.getBoundingClientRect().width;
          free.remove();
          return { value: input.value, has: input.getBoundingClientRect().width, need };
        })
        .filter((d) => d.has + 0.5 < d.need),
    );
    expect(cut).toEqual([]);
    // Nothing of the pane is wider than the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.locator('#preview').screenshot({ path: shotPath('pane-dates-320.png') });
  });
});

describe('the pane’s own words and its three jobs', () => {
  test.each([
    ['zh-CN', '选择文件', '未选择文件', '已选择 2 个文件'],
    ['en', 'Choose file', 'No file chosen', '2 files chosen'],
  ])('file choosers are labelled in the pane’s language (%s), not the browser’s', async (lang, button, none, two) => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html?lang=${lang}&tab=distribute`);
    expect(await page.textContent('#file-part .file-button')).toBe(button);
    expect(await page.textContent('#ledger-file-name')).toBe(none);
    // The browser's own button (Choose File / No file chosen) is not seen, and still takes files and focus.
    const native = await page.$eval('#ledger-file', (el) => {
      const r = el.getBoundingClientRect();
      return { opacity: getComputedStyle(el).opacity, width: r.width, height: r.height };
    });
    expect(native).toEqual({ opacity: '0', width: 1, height: 1 });
    const a = await ledgerFile('a.xlsx', [{ unit: '办公室', problem: '问题' }]);
    const b = await ledgerFile('b.xlsx', [{ unit: '办公室', problem: '问题' }]);
    await page.setInputFiles('#unit-files', [a, b]);
    expect(await page.textContent('#unit-files-name')).toContain(two);
    // The chooser takes the keyboard's focus, and Space on it opens the file dialog.
    await page.focus('#ledger-file');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(a);
    expect(await page.textContent('#ledger-file-name')).toBe('a.xlsx');
  });

  test('the three jobs are tabs: arrows move between them, the ledger file goes with the ledger tabs', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    expect(await page.$$eval('[role=tab]', (tabs) => tabs.map((t) => t.textContent))).toEqual(['新建工作簿', '已有台账', '分发汇总']);
    expect(await page.getAttribute('#tab-create', 'aria-selected')).toBe('true');
    await page.focus('#tab-create');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-ledger');
    expect(await page.isVisible('#flag')).toBe(true);
    expect(await page.isVisible('#create')).toBe(false);
    expect(await page.$eval('#file-part', (el) => el.closest('[role=tabpanel]')!.id)).toBe('panel-ledger');
    await page.keyboard.press('ArrowRight');
    expect(await page.isVisible('#split')).toBe(true);
    expect(await page.$eval('#file-part', (el) => el.closest('[role=tabpanel]')!.id)).toBe('panel-distribute');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-create');
    // The tab last used is the one the pane opens on.
    await showTab(page, 'distribute');
    await page.reload();
    expect(await page.getAttribute('#tab-distribute', 'aria-selected')).toBe('true');
  });

  test('a workbook chosen as a plan is called a spreadsheet, not a Word document', async () => {
    const { page } = await openPane(browser, `${server.url}/taskpane.html`);
    await page.check('input[name=source][value=plan]');
    for (const [name, bytes] of [
      ['台账.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])],
      ['台账.xlsx', await writeXlsx(layoutWorkbook(campaignWith([{ label: 'a', deadline: '2024-03-01' }], '2024-02-01')))],
    ] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      await page.setInputFiles('#plan-file', file);
      await page.waitForSelector(`${answer('read')}.error:has-text("“${name}”是电子表格,不是实施方案")`);
      expect(await page.textContent(answer('read'))).not.toContain('Word 文档(.docx):');
      expect(await page.textContent(answer('read'))).not.toContain('旧版 Word');
    }
  });
});
