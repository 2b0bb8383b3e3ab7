/** The manifest against the official XSDs (offline, xmllint), and the cross-references the XSD cannot check. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const manifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');

test('manifest.xml validates against the official add-in manifest schemas', () => {
  const xsd = path.resolve(root, '../shared/schemas/office-addin-manifest/OfficeAppManifestV1_1.xsd');
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, path.join(root, 'manifest.xml')], { encoding: 'utf8' });
  expect(r.stderr).toContain('manifest.xml validates');
  expect(r.status).toBe(0);
});

test('every resid names a defined resource, and every icon file exists', () => {
  const defined = new Set([...manifest.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]));
  const used = [...manifest.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]);
  expect(used.length).toBeGreaterThan(5);
  expect(used.filter((id) => !defined.has(id))).toEqual([]);
  for (const m of manifest.matchAll(/assets\/((?:icon|flag)-\d+\.png)/g)) expect(fs.existsSync(path.join(root, 'assets', m[1]))).toBe(true);
});

test('default locale zh-CN, with zh-TW and en-US overrides for every string', () => {
  expect(manifest).toContain('<DefaultLocale>zh-CN</DefaultLocale>');
  const strings = [
    ...manifest.matchAll(/<(?:bt:String|DisplayName|Description)\b[^>]*DefaultValue="[^"]*"\s*>([\s\S]*?)<\/(?:bt:String|DisplayName|Description)>/g),
  ];
  expect(strings.length).toBeGreaterThanOrEqual(7);
  for (const [, body] of strings) {
    expect(body).toMatch(/Locale="zh-TW"/);
    expect(body).toMatch(/Locale="en-US"/);
  }
});

test('the ribbon has the two buttons: 活动台账 opens the pane, 标记逾期 runs flagOverdue', () => {
  const controls = [...manifest.matchAll(/<Control xsi:type="Button" id="([^"]+)">[\s\S]*?<Action xsi:type="(\w+)">([\s\S]*?)<\/Action>/g)].map((m) => [
    m[1],
    m[2],
    m[3].replace(/\s+/g, ' ').trim(),
  ]);
  expect(controls).toEqual([
    ['CampaignLedger.OpenPane', 'ShowTaskpane', expect.stringContaining('Taskpane.Url')],
    ['CampaignLedger.FlagOverdue', 'ExecuteFunction', '<FunctionName>flagOverdue</FunctionName>'],
  ]);
  expect(manifest).toContain('<Set Name="ExcelApi" MinVersion="1.9"/>');
});

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test('icons as Microsoft sizes them: IconUrl 32×32, HighResolutionIconUrl 64×64, each command image the size it is declared', () => {
  // "The images must be a specified size": 32x32 and 64x64 pixels for Office applications other
  // than Outlook (learn.microsoft.com/office/dev/add-ins/develop/convert-xml-to-json-manifest);
  // "A high-resolution icon is mandatory" (Commercial marketplace certification policies, 1120.1).
  const file = (url: string) => path.join(root, new URL(url).pathname);
  const icon = /<IconUrl DefaultValue="([^"]+)"/.exec(manifest)![1];
  const high = /<HighResolutionIconUrl DefaultValue="([^"]+)"/.exec(manifest)![1];
  expect(pngSize(file(icon))).toEqual([32, 32]);
  expect(pngSize(file(high))).toEqual([64, 64]);
  const images = Object.fromEntries([...manifest.matchAll(/<bt:Image id="([^"]+)" DefaultValue="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const uses = [...manifest.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"/g)];
  expect(uses.length).toBeGreaterThanOrEqual(6);
  for (const [, size, id] of uses) expect(pngSize(file(images[id]))).toEqual([Number(size), Number(size)]);
});

test('a support URL, and every URL https (1120.1: "Specify a valid Support URL"; hosting: "SSL-secured (HTTPS)")', () => {
  expect(manifest).toMatch(/<SupportUrl DefaultValue="https:\/\/[^"]+\/help\.html"\/>/);
  const urls = [...manifest.replace(/\bxmlns(?::[\w-]+)?="[^"]*"/g, '').matchAll(/\bhttps?:\/\/[^"<\s]+/g)].map((m) => m[0]);
  expect(urls.length).toBeGreaterThan(10);
  expect(urls.filter((u) => !u.startsWith('https://'))).toEqual([]);
});
