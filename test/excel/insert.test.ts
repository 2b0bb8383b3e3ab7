/**
 * Inserting a campaign into the open workbook (the Excel double): round trips, names that are
 * taken, refusals that change nothing, the request limit, and a failed write undone.
 */
import { campaignFromTemplate, withSampleItems, type Campaign } from '../../src/core';
import { ExcelDouble } from '../../src/excel-double/double';
import { ActionFailed, HostError, hostMessage } from '../../src/excel/errors';
import { insertCampaign } from '../../src/excel/insert';
import { flagWorkbook } from '../../src/excel/flag';
import { strings } from '../../src/core';

const campaign = (n = 12): Campaign => withSampleItems(campaignFromTemplate('jiefang-sixiang', { start: '2025-03-01', lang: 'zh-CN' }), n, '2025-04-15');

function snapshot(double: ExcelDouble): string {
  return JSON.stringify([double.state.sheets.map((s) => [s.name, [...s.cells.entries()]]), double.state.names, double.state.tables.map((t) => t.name)]);
}

test('a campaign with 1,000 ledger items is inserted in two round trips', async () => {
  const double = new ExcelDouble();
  const outcome = await insertCampaign(double.context(), campaign(1000));
  expect(outcome.syncs).toBe(2);
  expect(double.syncs.length).toBe(2);
  expect(double.state.sheets.map((s) => s.name)).toEqual(['Sheet1', '总览', '阶段安排', '整改台账', '领导小组', '_设置']);
  expect(double.sheet('_设置').visibility).toBe('Hidden');
  expect(double.state.tables.map((t) => `${t.name} ${t.sheet.name}!${t.range}`)).toEqual(['CampaignLedger 整改台账!A2:V1002']);
  expect(double.sheet('总览').charts.map((c) => c.type)).toEqual(['BarClustered', 'ColumnClustered']);
  expect(double.state.sheets.find((s) => s.id === double.state.activeSheetId)?.name).toBe('总览');
  // The 1,200 rows of status formulas (and their helpers) were sent as one formula and an AutoFill per column and part, not 1,200 strings.
  expect(double.syncs[1].requestBytes).toBeLessThan(1_500_000);
});

test('taken sheet names get " (2)" and a second campaign gets its own workbook names', async () => {
  const double = new ExcelDouble({ sheets: ['整改台账', 'Sheet2'] });
  await insertCampaign(double.context(), campaign());
  const second = await insertCampaign(double.context(), campaign());
  expect(double.state.sheets.map((s) => s.name)).toEqual([
    '整改台账',
    'Sheet2',
    '总览',
    '阶段安排',
    '整改台账 (2)',
    '领导小组',
    '_设置',
    '总览 (2)',
    '阶段安排 (2)',
    '整改台账 (3)',
    '领导小组 (2)',
    '_设置 (2)',
  ]);
  expect(second.ledgerSheet).toBe('整改台账 (3)');
  expect(double.state.names.map((n) => n.name)).toEqual([
    'AsOfDate',
    'DueSoonDays',
    'CampaignLedgerHeader',
    'CampaignSettings',
    'AsOfDate2',
    'DueSoonDays2',
    'CampaignLedgerHeader2',
    'CampaignSettings2',
  ]);
  expect(double.state.tables.map((t) => t.name)).toEqual(['CampaignLedger', 'CampaignLedger2']);
  // The user's own sheet named 整改台账 is untouched.
  expect(double.sheet('整改台账').cells.size).toBe(0);
  // The second campaign's formulas use its own names and sheets.
  const status = double.cell('整改台账 (3)', 'K3')!.formula!;
  expect(status).toContain('AsOfDate2');
  expect(double.cell('总览 (2)', 'B13')!.formula).toContain("'整改台账 (3)'!");
});

test('flagging with the second campaign in view flags that campaign', async () => {
  const double = new ExcelDouble();
  await insertCampaign(double.context(), campaign());
  await insertCampaign(double.context(), campaign());
  double.state.activeSheetId = double.sheet('整改台账 (2)').id;
  const outcome = await flagWorkbook(double.context(), { asOf: '2025-04-15', runDate: '2025-04-15' });
  expect(outcome.ledgerSheet).toBe('整改台账 (2)');
  expect(outcome.syncs).toBe(3);
});

describe('refusals change nothing and say what to do', () => {
  const s = strings('zh-CN');
  test.each([
    [
      'a protected workbook',
      (d: ExcelDouble) => {
        d.state.protected = true;
      },
      'workbookProtected',
      '保护工作簿',
    ],
    [
      'a read-only workbook',
      (d: ExcelDouble) => {
        d.state.readOnly = true;
      },
      'readOnly',
      '只读',
    ],
  ])('%s', async (_label, prepare, kind, words) => {
    const double = new ExcelDouble();
    prepare(double);
    const before = snapshot(double);
    const error = await insertCampaign(double.context(), campaign()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).problem.kind).toBe(kind);
    expect(hostMessage(error, s)).toContain(words);
    expect(snapshot(double)).toBe(before);
    expect(double.syncs.length).toBe(1);
  });
});

test('past the request limit the writes are split, and the result is the same', async () => {
  const whole = new ExcelDouble();
  await insertCampaign(whole.context(), campaign(300));
  const split = new ExcelDouble({ payloadLimit: 64 * 1024 });
  const { syncs } = await (async () => {
    // A small limit stands in for a huge campaign: the renderer must keep every request under it.
    const { Batch } = await import('../../src/excel/batch');
    const { renderWorkbookInto } = await import('../../src/excel/render');
    const { layoutWorkbook } = await import('../../src/core');
    const batch = new Batch(split.context(), 48 * 1024);
    await renderWorkbookInto(batch, layoutWorkbook(campaign(300)));
    await batch.sync();
    return batch;
  })();
  expect(syncs).toBeGreaterThan(2);
  expect(Math.max(...split.syncs.map((x) => x.requestBytes))).toBeLessThanOrEqual(64 * 1024);
  const cells = (d: ExcelDouble) =>
    JSON.stringify(d.state.sheets.filter((x) => x.name !== 'Sheet1').map((x) => [x.name, [...x.cells.entries()].sort((a, b) => a[0] - b[0])]));
  expect(cells(split)).toBe(cells(whole));
});

test.each([
  ['while drawing the charts', /charts\.add/],
  ['while defining the names', /names\.add\(DueSoonDays\)/],
])('a write that fails half-way (%s) is undone: the workbook is left as it was', async (_label, where) => {
  const double = new ExcelDouble({ sheets: ['数据'] });
  double.state.names.push({ name: 'Budget', formula: "='数据'!$A$1", visible: true });
  const before = snapshot(double);
  double.failOn = where;
  const error = await insertCampaign(double.context(), campaign()).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionFailed);
  expect(((error as ActionFailed).reason as { code?: string }).code).toBe('GeneralException');
  expect((error as ActionFailed).undone).toBe(true);
  expect(hostMessage(error, strings('zh-CN'))).toMatch(/已撤销这次写入的内容/);
  expect(snapshot(double)).toBe(before);
});
