/**
 * The pane's preview, in headless Chromium: pointing at an item (or focusing it) shows the sentence
 * it was read from; an activity plan's items are headed 活动. Each sentence is the plan's own text.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, openPane, servePane, type PaneServer } from '../helpers/pane-server';

const PLANS = path.resolve(__dirname, '../../../shared/plans');
const ACTIVITIES = path.resolve(__dirname, '../fixtures/plans-dev/college-debate-festival-2017.txt');
let server: PaneServer;
let browser: Browser;

// Building the pane (webpack, production) takes minutes on a busy machine.
beforeAll(async () => {
  server = await servePane();
  browser = await launch();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('pointing at a phase (or focusing it, or a deadline) shows the sentence it was read from, under the list', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  await page.check('input[name=source][value=plan]');
  await page.fill('#plan', fs.readFileSync(path.join(PLANS, 'plan-a.txt'), 'utf8'));
  await page.click('#read');
  await page.waitForSelector('#phase-rows tr');
  expect(await page.isHidden('.plan-source')).toBe(true);
  expect(await page.textContent('#phase-table th')).toBe('阶段名称');
  await page.hover('#phase-rows tr:nth-child(2)');
  const second = await page.textContent('.plan-source');
  expect(second).toBe('原文:第二阶段:差距剖析阶段(8月上旬至9月底)');
  expect(await page.getAttribute('#phase-rows tr:nth-child(2)', 'title')).toBe(second!.replace(/^原文:/, ''));
  await page.focus('#phase-rows tr:nth-child(1) .phase-name');
  expect(await page.textContent('.plan-source')).toMatch(/^原文:.*思想发动阶段/);
  const deadline = '#preview-more li:has-text("9月10日前")';
  expect(await page.getAttribute(deadline, 'title')).toBe('各科室在9月10日前将讨论交流情况以书面形式上报办公室');
  await page.focus(deadline);
  expect(await page.textContent('.plan-source')).toBe('原文:各科室在9月10日前将讨论交流情况以书面形式上报办公室');
});

test('an activity plan: its items headed 活动, each with its own sentence', async () => {
  const { page } = await openPane(browser, `${server.url}/taskpane.html`);
  await page.check('input[name=source][value=plan]');
  await page.fill('#plan', fs.readFileSync(ACTIVITIES, 'utf8'));
  await page.click('#read');
  await page.waitForSelector('#phase-rows tr');
  expect(await page.textContent('#phase-table th')).toBe('活动');
  expect(await page.$$eval('#phase-rows tr', (rows) => rows.length)).toBe(13);
  await page.hover('#phase-rows tr:nth-child(2)');
  expect(await page.textContent('.plan-source')).toBe('原文:(2)晚读成果展示 时间:11月底');
});
