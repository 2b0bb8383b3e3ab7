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
