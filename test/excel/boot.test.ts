/**
 * Old webviews get a page that says which Office is needed, and the ribbon button completes.
 *
 * Microsoft: Office 2016/2019 and Microsoft 365 builds before 16.0.13530.20424 on Windows show
 * add-ins in Internet Explorer 11 (Trident, ES5 only) or Microsoft Edge Legacy, and recommends "a
 * graceful failure message when your add-in is launched in these webviews" ("Support older
 * Microsoft webviews and Office versions", learn.microsoft.com/office/dev/add-ins/develop/support-ie-11;
 * "Browsers and webview controls used by Office Add-ins"). A function command's runtime ends at
 * event.completed(); a command that never calls it leaves the button working forever.
 *
 * Chromium cannot be made into Trident, so the tests take features away before any script runs
 * (as an old engine lacks them) and check what each page does; and the boot script itself is
 * parsed as ES5, which is what Trident runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import type { Browser, Page } from 'playwright-core';
import { launch, OFFICE_JS, openPane, servePane, type PaneServer } from '../helpers/pane-server';

const root = path.resolve(__dirname, '../..');
const BOOT = path.join(root, 'src/boot/boot.js');

/** What an old engine lacks: String.prototype.replaceAll (ES2021) and RegExp look-behind (Safari < 16.4). */
const OLD_ENGINE = `
  delete String.prototype.replaceAll;
  const NativeRegExp = RegExp;
  window.RegExp = function (source, flags) {
    if (String(source).includes('(?<=')) throw new SyntaxError('Invalid regular expression: invalid group specifier name');
    return new NativeRegExp(source, flags);
  };
`;

/**
 * A stand-in for office.js that records what the function file asks of Office: the functions it
 * associates and the dialogs it opens, each with handlers the test can fire.
 */
const OFFICE_RECORDER = `
  window.__office = { associated: {}, dialogs: [] };
  window.Office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    HostType: { Excel: 'Excel' },
    onReady: function (f) { if (f) f({ host: 'Excel' }); return Promise.resolve({ host: 'Excel' }); },
    actions: { associate: function (name, f) { window.__office.associated[name] = f; } },
    context: {
      displayLanguage: new URLSearchParams(location.search).get('officeLang') || 'zh-CN',
      requirements: { isSetSupported: function () { return true; } },
      diagnostics: { platform: 'PC', version: '16.0' },
      ui: {
        messageParent: function () {},
        displayDialogAsync: function (url, options, callback) {
          var d = { url: url, handlers: {}, closed: false };
          window.__office.dialogs.push(d);
          callback({ status: 'succeeded', value: { addEventHandler: function (t, h) { d.handlers[t] = h; }, close: function () { d.closed = true; } } });
        }
      }
    }
  };
`;

let server: PaneServer;
let browser: Browser;

// The production build of the pages takes minutes on a loaded machine: the hook gets its own time.
const BUILD_MS = 15 * 60 * 1000;

async function oldPage(url: string, officeJs = ''): Promise<Page> {
  const { page } = await openPane(browser, url, officeJs);
  return page;
}

async function openOld(url: string, officeJs = ''): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.addInitScript(OLD_ENGINE);
  const page = await context.newPage();
  await page.route(OFFICE_JS, (route) => route.fulfill({ contentType: 'text/javascript', body: officeJs }));
  await page.goto(url);
  await page.waitForLoadState('load');
  return page;
}

test('the boot script is ES5: it parses at ecmaVersion 5, which is what Internet Explorer 11 runs', () => {
  const source = fs.readFileSync(BOOT, 'utf8');
  expect(() => acorn.parse(source, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
  // And the parse is strict enough to matter: an arrow function or a let is refused at ES5.
  expect(() => acorn.parse('var f = () => 1;', { ecmaVersion: 5 })).toThrow();
  expect(() => acorn.parse('let a = 1;', { ecmaVersion: 5 })).toThrow();
});

describe('the built pages', () => {
  beforeAll(async () => {
    server = await servePane();
    browser = await launch();
  }, BUILD_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test.each(['taskpane.html', 'commands.html', 'dialog.html'])('%s: the boot script is the first script, before office.js and the bundle', (name) => {
    const html = fs.readFileSync(path.join(server.dir, name), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="?([^"\s>]+)/g)].map((m) => m[1]);
    expect(scripts[0]).toBe('boot.js');
    expect(scripts[1]).toBe(OFFICE_JS);
    expect(fs.readFileSync(path.join(server.dir, 'boot.js'), 'utf8')).toBe(fs.readFileSync(BOOT, 'utf8'));
    // Trident renders in its newest mode only when told (Microsoft's sample page does the same).
    expect(html).toContain('<meta http-equiv=X-UA-Compatible content="IE=Edge">');
  });

  test('the pane on an old engine says which Office is needed, in the pane’s language, and nothing else', async () => {
    const zh = await openOld(`${server.url}/taskpane.html`);
    await zh.waitForSelector('#unsupported');
    expect(await zh.textContent('#unsupported h1')).toBe('活动台账无法在此版本的 Office 中运行');
    const text = (await zh.textContent('#unsupported'))!;
    expect(text).toContain('String.prototype.replaceAll');
    expect(text).toContain('Office 2021');
    expect(text).toContain('16.0.13530.20424');
    expect(text).toContain('Safari 16.4');
    expect(await zh.locator('#unsupported li').count()).toBe(3);
    expect(await zh.isVisible('main')).toBe(false);
    // The bundle did not start: no button got its text.
    expect(await zh.textContent('#create')).toBe('');

    const en = await openOld(`${server.url}/taskpane.html?lang=en`);
    expect(await en.textContent('#unsupported h1')).toBe('Campaign Ledger cannot run in this version of Office');
    expect(await en.getAttribute('html', 'lang')).toBe('en');

    // In Excel, the pane follows Office's display language.
    const tw = await openOld(`${server.url}/taskpane.html?officeLang=zh-HK`, OFFICE_RECORDER);
    await tw.waitForSelector('#unsupported');
    expect(await tw.textContent('#unsupported h1')).toBe('活動台賬無法在此版本的 Office 中執行');
  });

  test('the ribbon button on an old engine shows the message in a dialog, then completes its event', async () => {
    const page = await openOld(`${server.url}/commands.html?officeLang=en`, OFFICE_RECORDER);
    await page.waitForFunction(
      () => typeof (window as unknown as { __office: { associated: Record<string, unknown> } }).__office.associated.flagOverdue === 'function',
    );
    const run = await page.evaluate(async () => {
      const w = window as unknown as {
        __office: { associated: Record<string, (e: unknown) => void>; dialogs: { url: string; handlers: Record<string, () => void>; closed: boolean }[] };
        flagOverdue: unknown;
        __completed: number;
      };
      w.__completed = 0;
      const event = { completed: () => w.__completed++ };
      w.__office.associated.flagOverdue(event);
      const shown = w.__office.dialogs.map((d) => d.url);
      const before = w.__completed;
      // The user closes the dialog (its own ×: DialogEventReceived).
      w.__office.dialogs[0].handlers.dialogEventReceived();
      return { shown, before, after: w.__completed, global: w.flagOverdue === w.__office.associated.flagOverdue };
    });
    expect(run.shown).toHaveLength(1);
    const url = new URL(run.shown[0]);
    expect(url.pathname).toBe('/dialog.html');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(decodeURIComponent(url.hash.slice(1))).toContain('Campaign Ledger cannot run in this version of Office');
    // Completed once the dialog is closed, not before (completing unloads the page and its dialog).
    expect(run.before).toBe(0);
    expect(run.after).toBe(1);
    expect(run.global).toBe(true);
  });

  test('the dialog on an old engine shows the message and a button that closes it', async () => {
    const page = await openOld(`${server.url}/dialog.html?kind=error&lang=zh-TW#x`, OFFICE_RECORDER);
    await page.waitForSelector('#unsupported button');
    expect(await page.textContent('#unsupported h1')).toBe('活動台賬無法在此版本的 Office 中執行');
    expect(await page.textContent('#unsupported button')).toBe('關閉');
  });

  test('on a current engine the boot script gives way: the pane starts, the ribbon function is the bundle’s', async () => {
    const pane = await oldPage(`${server.url}/taskpane.html`);
    await pane.waitForLoadState('load');
    expect(await pane.isVisible('#unsupported')).toBe(false);
    expect(await pane.textContent('#create')).not.toBe('');
    expect(
      await pane.evaluate(() => (window as unknown as { __campaignLedgerBoot: { supported: boolean; started: boolean } }).__campaignLedgerBoot),
    ).toMatchObject({
      supported: true,
      started: true,
    });
    const commands = await oldPage(`${server.url}/commands.html`, OFFICE_RECORDER);
    await commands.waitForLoadState('load');
    const dialogs = await commands.evaluate(() => (window as unknown as { __office: { dialogs: unknown[] } }).__office.dialogs.length);
    expect(dialogs).toBe(0);
    expect(await commands.evaluate(() => (window as unknown as { __campaignLedgerBoot: { started: boolean } }).__campaignLedgerBoot.started)).toBe(true);
  });
});
