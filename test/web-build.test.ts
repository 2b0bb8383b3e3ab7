/**
 * The production build of the add-in's pages: office.js from Microsoft's CDN or a self-hosted
 * copy, icons and a manifest pointing where the add-in is served (validated against the XSDs).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const webpack = path.join(root, 'node_modules', '.bin', 'webpack');

function build(...env: string[]): { dir: string; status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-web-'));
  const r = spawnSync(webpack, ['--mode', 'production', '--output-path', dir, ...env.flatMap((e) => ['--env', e])], { cwd: root, encoding: 'utf8' });
  return { dir, status: r.status, output: r.stdout + r.stderr };
}

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

describe('default build: office.js from the Microsoft CDN', () => {
  let out: ReturnType<typeof build>;
  beforeAll(() => {
    out = build();
  });
  afterAll(() => fs.rmSync(out.dir, { recursive: true, force: true }));

  test('every page loads office.js from the CDN and its own script', () => {
    expect(out.status).toBe(0);
    for (const page of ['taskpane', 'commands', 'dialog']) {
      const html = read(out.dir, `${page}.html`);
      expect(html).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
      expect(html).toContain(`${page}.js`);
    }
  });

  test('the manifest and every icon it names are served', () => {
    const manifest = read(out.dir, 'manifest.xml');
    const icons = [...manifest.matchAll(/https:\/\/localhost:3000\/(assets\/[\w-]+\.png)/g)].map((m) => m[1]);
    expect(icons.length).toBeGreaterThanOrEqual(8);
    for (const icon of icons) expect(fs.existsSync(path.join(out.dir, icon))).toBe(true);
  });

  test('the .docx reader is a chunk of its own, loaded when a Word file is chosen, not at start', () => {
    expect(fs.existsSync(path.join(out.dir, 'docx.js'))).toBe(true);
    expect(read(out.dir, 'taskpane.js')).not.toContain('word/document.xml');
  });

  test('the ribbon function is registered by its manifest name', () => {
    expect(read(out.dir, 'commands.js')).toContain('flagOverdue');
  });
});

describe('self-hosted office.js, served from an intranet address', () => {
  let out: ReturnType<typeof build>;
  const base = 'https://oa.example.gov.cn/campaign-ledger/';
  beforeAll(() => {
    out = build('officejs=self', `base=${base}`);
  });
  afterAll(() => fs.rmSync(out.dir, { recursive: true, force: true }));

  test('the pages load the copy of office.js next to them, and it is there', () => {
    expect(out.status).toBe(0);
    expect(read(out.dir, 'taskpane.html')).toMatch(/src="?office-js\/office\.js/);
    expect(read(out.dir, 'taskpane.html')).not.toContain('appsforoffice.microsoft.com');
    expect(fs.existsSync(path.join(out.dir, 'office-js', 'office.js'))).toBe(true);
    expect(fs.readdirSync(path.join(out.dir, 'office-js')).some((f) => /^excel-win32-16\.\d+\.js$/.test(f))).toBe(true);
  });

  test('every URL of the manifest points to the intranet address, and it still validates', () => {
    const file = path.join(out.dir, 'manifest.xml');
    const manifest = fs.readFileSync(file, 'utf8');
    expect(manifest).not.toContain('localhost');
    expect(manifest.match(/https:\/\/oa\.example\.gov\.cn\/campaign-ledger\//g)!.length).toBeGreaterThanOrEqual(10);
    const xsd = path.resolve(root, '../shared/schemas/office-addin-manifest/OfficeAppManifestV1_1.xsd');
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
  });
});

test('a wrong office.js option stops the build with a message', () => {
  const out = build('officejs=ftp://x');
  fs.rmSync(out.dir, { recursive: true, force: true });
  expect(out.status).not.toBe(0);
  expect(out.output).toContain('--env officejs must be microsoft, self or an https:// address');
});
