/** The core imports nothing from Office, the DOM or Node: the compiler proves it with no such types loaded. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('src/core compiles without DOM, Node or Office typings', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  expect(() => execFileSync(process.execPath, [tsc, '-p', 'tsconfig.core.json'], { cwd: root, stdio: 'pipe' })).not.toThrow();
});

/** Pure libraries the core may use: no Office, DOM or Node inside. */
const ALLOWED = new Set(['opencc-js/t2cn', 'chinese-days/dist/chinese-days.json']);

test('src/core imports only relative modules, JSON data and the allowed pure libraries', () => {
  const offending: string[] = [];
  for (const file of sources(path.join(root, 'src', 'core'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)) {
      if (!m[1].startsWith('.') && !ALLOWED.has(m[1])) offending.push(`${path.relative(root, file)}: ${m[1]}`);
    }
  }
  expect(offending).toEqual([]);
});
