/**
 * The built pane served from a local server, opened in Debian's Chromium by playwright-core.
 * office.js is answered locally (the machine is offline): with nothing, so the page is in
 * browser mode, or with a stand-in Office whose Excel.run is the Excel double.
 *
 * One production build (with the Excel double's script beside the pages) serves every pane
 * suite: it is made once for a given state of the sources, in a folder named by their hash, and
 * the suites running in other Jest workers wait for it instead of building their own.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, launchChromium, serveDir } from '../../src/bench/web';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { guideImages } = require('../../scripts/guide-page.js') as { guideImages(markdown: string): string[] };

export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

const root = path.resolve(__dirname, '../..');
/** What the web build is made from (and the guide's pictures, below). */
const INPUTS = ['src', 'assets', 'docs/使用说明.md', 'scripts/guide-page.js', 'webpack.config.js', 'tsconfig.json', 'manifest.xml', 'package-lock.json'];
const BUILD_WAIT_MS = 15 * 60 * 1000;
/** For a suite's beforeAll: a production build takes minutes on a loaded two-core machine. */
export const BUILD_TIMEOUT_MS = BUILD_WAIT_MS + 5 * 60 * 1000;
/** A lock older than this belongs to a run that died. */
const STALE_LOCK_MS = 20 * 60 * 1000;

export interface PaneServer {
  url: string;
  dir: string;
  close(): Promise<void>;
}

function filesUnder(p: string): string[] {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((name) => filesUnder(path.join(p, name)));
}

function sourceHash(): string {
  const hash = createHash('sha256');
  // The guide's pictures are served beside it: the ones that exist are part of the build.
  const pictures = guideImages(fs.readFileSync(path.join(root, 'docs/使用说明.md'), 'utf8')).map((i) => path.join('docs', i));
  for (const file of [...INPUTS, ...pictures].flatMap((i) => filesUnder(path.join(root, i)))) {
    hash.update(path.relative(root, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The build for the sources as they are: made here, or by another worker that got there first.
 * CL_PANE_BUILD=dir serves a build made elsewhere instead (an older commit's, to see a test fail on it).
 */
export async function paneBuild(): Promise<string> {
  if (process.env.CL_PANE_BUILD) return path.resolve(process.env.CL_PANE_BUILD);
  const dir = path.join(os.tmpdir(), `cl-pane-build-${sourceHash()}`);
  const lock = `${dir}.lock`;
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (!fs.existsSync(path.join(dir, 'taskpane.html'))) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
    } catch {
      if (lockIsStale(lock)) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for the pane build in ${dir}`);
      await sleep(1000);
      continue;
    }
    try {
      const work = `${dir}.${process.pid}`;
      buildWeb(work, ['testdouble']);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(work, dir);
      removeOldBuilds(dir);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  return dir;
}

/** A lock whose process has ended (a run stopped half-way), or that has been held far too long. */
function lockIsStale(lock: string): boolean {
  const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  if (age > STALE_LOCK_MS) return true;
  let pid = 0;
  try {
    pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // Not written yet (the holder writes it just after taking the lock), or the lock is gone.
  }
  if (!pid) return age > 10_000;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** Builds of earlier states of the sources, a day old or more. */
function removeOldBuilds(keep: string): void {
  const tmp = path.dirname(keep);
  for (const name of fs.readdirSync(tmp)) {
    const full = path.join(tmp, name);
    if (!name.startsWith('cl-pane-build-') || full === keep || name.endsWith('.lock')) continue;
    const age = Date.now() - (fs.statSync(full, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 24 * 3600 * 1000) fs.rmSync(full, { recursive: true, force: true });
  }
}

/** Serves the pane's build on 127.0.0.1. */
export async function servePane(): Promise<PaneServer> {
  const dir = await paneBuild();
  const server = await serveDir(dir);
  return { url: server.url, dir, close: () => server.close() };
}

export const launch = launchChromium;

export interface PaneOptions {
  /** The window: Excel's task pane is about 350 px wide (320 at the narrowest). */
  viewport?: { width: number; height: number };
}

/**
 * A page that records every request and every Content-Security-Policy violation, and answers
 * office.js with `officeJs` (default: nothing).
 */
export async function openPane(
  browser: Browser,
  url: string,
  officeJs = '',
  options: PaneOptions = {},
): Promise<{ page: Page; requests: string[]; violations(): Promise<string[]> }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: options.viewport ?? { width: 350, height: 900 }, locale: 'zh-CN' });
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

/** The answer below an action's button (`#flag` answers in `#flag-answer`). */
export const answer = (id: string) => `#${id}-answer`;

/** Waits until no action runs, then gives the answer below `id`'s button and whether it is an error. */
export async function answerOf(page: Page, id: string): Promise<{ text: string; error: boolean }> {
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy'));
  return page.$eval(answer(id), (el) => ({ text: el.textContent ?? '', error: el.classList.contains('error') }));
}

/** Opens one of the pane's three tabs, as a user does. */
export async function showTab(page: Page, tab: 'create' | 'ledger' | 'distribute'): Promise<void> {
  await page.click(`#tab-${tab}`);
  await page.waitForSelector(`#panel-${tab}:not([hidden])`);
}

/**
 * Where a screenshot goes: into docs/ when the docs' pictures are being retaken
 * (CL_DOCS_PICTURES=1, as scripts/docs-pictures.sh runs the tests), else out/screenshots/, so
 * an ordinary test run leaves the committed pictures alone.
 */
export function shotPath(name: string): string {
  const dir = process.env.CL_DOCS_PICTURES === '1' ? path.join(root, 'docs', path.dirname(name)) : path.join(root, 'out', 'screenshots', path.dirname(name));
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, path.basename(name));
}

/** Clicks, waits for the download the click starts, and saves it as `file`. */
export async function saveDownload(page: Page, click: () => Promise<void>, file: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  await dl.saveAs(file);
  return file;
}
