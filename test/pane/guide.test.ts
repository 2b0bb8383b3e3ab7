/**
 * The user guide (使用说明) and the README: the guide quotes the pane's own words, shows pictures
 * that are there, and is made into the page the add-in serves; the README stays a short index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { zhCN } from '../../src/core/locale/zh-CN';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { guideHtml, guideImages } = require('../../scripts/guide-page.js') as {
  guideHtml(markdown: string): string;
  guideImages(markdown: string): string[];
};

const root = path.resolve(__dirname, '../..');
const guide = fs.readFileSync(path.join(root, 'docs/使用说明.md'), 'utf8');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** Every text of the zh-CN locale. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

test('every 「label」 the guide quotes is a text of the zh-CN pane or sheets, word for word', () => {
  const known = new Set(texts(zhCN));
  const quoted = [...guide.matchAll(/「([^」]+)」/g)].map((m) => m[1]);
  expect(quoted.length).toBeGreaterThan(40);
  expect([...new Set(quoted)].filter((q) => !known.has(q))).toEqual([]);
});

test('the guide quotes each of the pane’s buttons in Excel', () => {
  const p = zhCN.pane;
  for (const label of [p.tabCreate, p.tabLedger, p.tabDistribute, p.read, p.insert, p.flagRun, p.addStatusRun, p.splitRun, p.mergeRun, p.download])
    expect(guide).toContain(`「${label}」`);
});

test('the guide’s pictures are there, and it becomes one page of HTML', () => {
  const images = guideImages(guide);
  expect(images.length).toBeGreaterThanOrEqual(8);
  expect(images.filter((i) => !fs.existsSync(path.join(root, 'docs', i)))).toEqual([]);
  const html = guideHtml(guide);
  expect(html).toContain('<h1>活动台账 使用说明</h1>');
  expect(html.match(/<img /g)).toHaveLength(images.length);
  // What the guide's Markdown does not cover stops the build instead of showing wrongly.
  expect(() => guideHtml('| a | b |\n| - | - |')).toThrow(/tables/);
  expect(() => guideHtml('- a\n  - b\n      - c')).toThrow(/deeper/);
  expect(() => guideHtml('<b>x</b>')).toThrow(/HTML/);
});

test('the README: under 15 KB, the two commands near the top, a page per feature, the guide and the pictures linked', () => {
  expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(15 * 1024);
  const head = readme.slice(0, 2500);
  expect(head).toContain('npm install && npm run demo');
  expect(head).toContain('npm install && npm test');
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
  expect(links.filter((l) => !fs.existsSync(path.join(root, decodeURI(l))))).toEqual([]);
  for (const page of ['plan-import', 'flag', 'add-status', 'split-merge', 'excel', 'tests', 'architecture']) expect(links).toContain(`docs/${page}.md`);
  expect(links.map(decodeURI)).toContain('docs/使用说明.md');
  for (const picture of ['docs/print-ledger.png', 'docs/print-notice.png']) expect(links).toContain(picture);
  expect(links.some((l) => /^docs\/pane-.+\.png$/.test(l))).toBe(true);
});
