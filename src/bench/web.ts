/**
 * The built web part in a local browser, for the benchmark and the pane's end-to-end tests:
 * a production build into a folder, a static server on 127.0.0.1, and Debian's Chromium.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';

const root = path.resolve(__dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
/** What headless Chromium needs on these machines (no sandbox, no GPU, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.xml': 'application/xml',
};

/** `webpack --mode production` into `dir`, with `--env` options; throws with webpack's output. */
export function buildWeb(dir: string, env: string[] = []): void {
  const r = spawnSync(path.join(root, 'node_modules/.bin/webpack'), ['--mode', 'production', '--output-path', dir, ...env.flatMap((e) => ['--env', e])], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`webpack failed: ${r.stdout}${r.stderr}`);
}

/** Serves the files of `dir` (nothing outside it) on 127.0.0.1. */
export async function serveDir(dir: string): Promise<{ url: string; close(): Promise<void> }> {
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
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
