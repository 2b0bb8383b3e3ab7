/**
 * The built pane served from a local server, opened in Debian's Chromium by playwright-core.
 * office.js is answered locally (the machine is offline): with nothing, so the page is in
 * browser mode, or with a stand-in Office whose Excel.run is the Excel double.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, launchChromium, serveDir } from '../../src/bench/web';

export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface PaneServer {
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** Builds the web part (production) into a temp folder and serves it on 127.0.0.1. */
export async function servePane(options: { testDouble?: boolean } = {}): Promise<PaneServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-pane-'));
  buildWeb(dir, options.testDouble ? ['testdouble'] : []);
  const server = await serveDir(dir);
  return {
    url: server.url,
    dir,
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const launch = launchChromium;

/**
 * A page that records every request and every Content-Security-Policy violation, and answers
 * office.js with `officeJs` (default: nothing).
 */
export async function openPane(browser: Browser, url: string, officeJs = ''): Promise<{ page: Page; requests: string[]; violations(): Promise<string[]> }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 350, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const console: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) console.push(m.text());
  });
  await page.route(OFFICE_JS, (route) => route.fulfill({ contentType: 'text/javascript', body: officeJs }));
  await page.goto(url);
  const violations = async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
  return { page, requests, violations };
}
