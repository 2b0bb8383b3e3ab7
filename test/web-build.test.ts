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

// A production build takes minutes on a loaded machine: each hook and test that builds gets its own time.
const BUILD_MS = 15 * 60 * 1000;

describe('default build: office.js from the Microsoft CDN', () => {
  let out: ReturnType<typeof build>;
  beforeAll(() => {
    out = build();
  }, BUILD_MS);
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

describe('the production build (npm run build:prod), self-hosted office.js, served from an intranet address', () => {
  let out: ReturnType<typeof build>;
  const base = 'https://oa.example.gov.cn/campaign-ledger/';
  beforeAll(() => {
    out = build('prod', 'officejs=self', `base=${base}`);
  }, BUILD_MS);
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
    // AppDomain holds the origin, not the path.
    expect(manifest).toContain('<AppDomain>https://oa.example.gov.cn</AppDomain>');
  });

  test('the deploy check passes on what it built: every URL of the manifest and pages is https and not this machine', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/check-deploy.js'), out.dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the production build refuses what cannot be deployed', () => {
  test(
    'without the address it will be served from, it stops at once',
    () => {
      const out = build('prod');
      fs.rmSync(out.dir, { recursive: true, force: true });
      expect(out.status).not.toBe(0);
      expect(out.output).toContain('The production build needs the address it will be served from');
    },
    BUILD_MS,
  );

  test(
    'a manifest pointing to this machine fails the build, with every URL listed',
    () => {
      const out = build('prod', 'base=https://localhost:8443/');
      fs.rmSync(out.dir, { recursive: true, force: true });
      expect(out.status).not.toBe(0);
      expect(out.output).toContain('Not deployable');
      expect(out.output).toContain('manifest.xml: https://localhost:8443/taskpane.html (this machine)');
      expect(out.output).toContain('manifest.xml: https://localhost:8443/help.html (this machine)');
    },
    BUILD_MS,
  );

  test('the check on its own: the development manifest (localhost) fails, an http page fails, an https page passes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-deploy-'));
    try {
      fs.copyFileSync(path.join(root, 'manifest.xml'), path.join(dir, 'manifest.xml'));
      const run = () => spawnSync(process.execPath, [path.join(root, 'scripts/check-deploy.js'), dir], { encoding: 'utf8' });
      let r = run();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('manifest.xml: https://localhost:3000/taskpane.html (this machine)');
      fs.rmSync(path.join(dir, 'manifest.xml'));
      fs.writeFileSync(path.join(dir, 'taskpane.html'), '<script src="http://cdn.example.com/x.js"></script>');
      r = run();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('taskpane.html: http://cdn.example.com/x.js (not https)');
      // Namespace names in XML are not addresses.
      fs.writeFileSync(path.join(dir, 'taskpane.html'), '<svg xmlns="http://www.w3.org/2000/svg"></svg><script src="https://cdn.example.com/x.js"></script>');
      r = run();
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test(
  'a wrong office.js option stops the build with a message',
  () => {
    const out = build('officejs=ftp://x');
    fs.rmSync(out.dir, { recursive: true, force: true });
    expect(out.status).not.toBe(0);
    expect(out.output).toContain('--env officejs must be microsoft, self or an https:// address');
  },
  BUILD_MS,
);
