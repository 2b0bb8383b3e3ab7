/**
 * The built pane served from a local server, opened in Debian's Chromium by playwright-core.
 * office.js is answered locally (the machine is offline): with nothing, so the page is in
 * browser mode, or with a stand-in Office whose Excel.run is the Excel double.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = path.resolve(__dirname, '../..');
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface PaneServer {
  url: string;
  dir: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.xml': 'application/xml' };

/** Builds the web part (production) into a temp folder and serves it on 127.0.0.1. */
export async function servePane(options: { testDouble?: boolean } = {}): Promise<PaneServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-pane-'));
  const env = options.testDouble ? ['--env', 'testdouble'] : [];
  const r = spawnSync(path.join(root, 'node_modules/.bin/webpack'), ['--mode', 'production', '--output-path', dir, ...env], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`webpack failed: ${r.stdout}${r.stderr}`);
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, dir, close: () => new Promise((resolve) => server.close(() => { fs.rmSync(dir, { recursive: true, force: true }); resolve(); })) };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page that records every request and answers office.js with `officeJs` (default: nothing). */
export async function openPane(browser: Browser, url: string, officeJs = ''): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 350, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.route(OFFICE_JS, (route) => route.fulfill({ contentType: 'text/javascript', body: officeJs }));
  await page.goto(url);
  return { page, requests };
}
