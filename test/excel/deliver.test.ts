/**
 * 分发 in Excel hands the units' workbooks over through Excel itself (Excel.createWorkbook, ExcelApi
 * 1.8), never through a blob download: Office for Mac's webview does not download blobs
 * (OfficeDev/office-js#2700, closed "by design"; #3385, #4681). The pane's Excel host runs here on
 * the Excel double, which records each workbook Excel opens and refuses what Excel refuses
 * (src/excel-double/double.ts, createWorkbook, with the documentation it follows).
 */
import ExcelJS from 'exceljs';
import { strings } from '../../src/core';
import type { ExcelDouble } from '../../src/excel-double/double';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { base64Of, openWorkbooks } from '../../src/excel/deliver';
import { splitWorkbook } from '../../src/excel/distribute';
import { excelHost } from '../../src/taskpane/hosts';
import { contents } from '../helpers/parity';
import { bytesOf, layoutOne } from '../helpers/handmade';

const zh = strings('zh-CN');
const LEDGER = '作风问题整改台账';

function host(double: ExcelDouble) {
  return excelHost(
    (batch) => double.run({ delayForCellEdit: true }, batch),
    () => true,
    { createWorkbook: (b) => double.createWorkbook(b), platform: () => double.platform },
  );
}

async function unitOf(bytes: Uint8Array): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets.find((w) => w.state === 'visible')!;
  return String(sheet.getCell('A1').value);
}

const ids = (double: ExcelDouble) =>
  [...double.sheet(LEDGER).cells.values()].map((c) => c.value).filter((v): v is string => typeof v === 'string' && /^ZG-\d{4}$/.test(v));

test('on Windows: every unit’s workbook is opened by Excel, and the message says so', async () => {
  const double = await doubleFromXlsx(await bytesOf(layoutOne()));
  const said = await host(double).split!(null, 'zh-CN', zh);
  expect(double.createdWorkbooks.length).toBeGreaterThanOrEqual(2);
  // Each is a real workbook: one unit's copy.
  const titles = await Promise.all(double.createdWorkbooks.map((w) => unitOf(w.bytes)));
  expect(new Set(titles).size).toBe(double.createdWorkbooks.length);
  expect(said).toContain(`已在 Excel 中打开 ${double.createdWorkbooks.length} 个单位的工作簿`);
  expect(said).not.toMatch(/下载/);
  expect(said).not.toContain(zh.pane.splitOpenedMac);
  expect(ids(double).length).toBeGreaterThan(0);
});

test('on a Mac: the same workbooks, and where to find their windows', async () => {
  const bytes = await bytesOf(layoutOne());
  const mac = await doubleFromXlsx(bytes, { platform: 'Mac' });
  const said = await host(mac).split!(null, 'zh-CN', zh);
  expect(mac.createdWorkbooks.length).toBeGreaterThanOrEqual(2);
  expect(said).toContain(zh.pane.splitOpenedMac);
});

test('on the web, a workbook over the request limit: the message says which were not opened, and that the numbers stay', async () => {
  // Excel on the web refuses a request over its payload limit with RequestPayloadSizeLimitExceeded
  // ("Resource limits and performance optimization for Office Add-ins"); the file is in the request.
  const double = await doubleFromXlsx(await bytesOf(layoutOne()), { platform: 'OfficeOnline' });
  const copies: number[] = [];
  const real = double.createWorkbook.bind(double);
  double.createWorkbook = async (b) => {
    copies.push(b?.length ?? 0);
    // The first goes through; the second meets a limit just below its size.
    if (copies.length === 2) double.payloadLimit = (b?.length ?? 0) - 1;
    return real(b);
  };
  const said = await host(double).split!(null, 'zh-CN', zh);
  expect(double.createdWorkbooks).toHaveLength(1);
  expect(said).toContain('未能在 Excel 中打开:它超出了 Excel 网页版单次传输的上限(5 MB)');
  expect(said).toMatch(/已打开 1 个单位的工作簿,还有 \d+ 个没有打开。台账编号已保存在本工作簿中/);
  expect(said).not.toContain('已在 Excel 中打开');
  expect(ids(double).length).toBeGreaterThan(0);
});

test('a copy that cannot be built stops the split before anything is written', async () => {
  const double = await doubleFromXlsx(await bytesOf(layoutOne()));
  const before = contents(double);
  const options = { now: '2026-12-01T02:00:00Z', today: '2026-12-01', newCampaignId: () => 'CL-test', masterName: '本工作簿' };
  await expect(
    splitWorkbook(double.context(), options, {
      prepare: async () => {
        throw new Error('no room');
      },
    }),
  ).rejects.toThrow('no room');
  expect(contents(double)).toBe(before);
});

test('Excel below ExcelApi 1.8 opens nothing: the first refusal stops the rest and is named', async () => {
  // office.js checks the set before sending (throwIfApiNotSupported("Excel.createWorkbook", "ExcelApi", "1.8")).
  const { ExcelDouble } = await import('../../src/excel-double/double');
  const old = new ExcelDouble({ excelApi: 7 });
  const files = [
    { name: 'a.xlsx', bytes: await bytesOf(layoutOne()) },
    { name: 'b.xlsx', bytes: await bytesOf(layoutOne()) },
  ];
  const d = await openWorkbooks(files, (b) => old.createWorkbook(b));
  expect(d).toMatchObject({ opened: [], failed: { name: 'a.xlsx', error: { code: 'ApiNotFound' } }, notTried: ['b.xlsx'] });
  expect(old.createdWorkbooks).toEqual([]);
});

test('base64Of agrees with Node for sizes around its chunk', () => {
  for (const n of [0, 1, 2, 3, 0x8000 - 1, 0x8000, 0x8000 + 1, 100_000]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7919) % 256);
    expect(base64Of(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  }
});
