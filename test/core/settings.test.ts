/** The settings sheet: what the layout writes is what the reader gets back; odd rows are left out. */
import { campaignFromTemplate, layoutWorkbook, parseSettings } from '../../src/core';

test('a campaign’s settings round-trip through the sheet’s rows', () => {
  const spec = layoutWorkbook(campaignFromTemplate('jiefang-sixiang', { start: '2026-03-02', lang: 'zh-TW', name: '測試' }));
  const rows = spec.sheets.find((s) => s.key === 'settings')!.blocks[0].values;
  expect(parseSettings(rows)).toEqual({
    app: 'campaign-ledger',
    schemaVersion: 1,
    campaignName: '測試',
    template: 'jiefang-sixiang',
    lang: 'zh-TW',
    start: '2026-03-02',
    end: expect.stringMatching(/^2026-/),
    ledgerSheet: '整改台賬',
    ledgerTable: 'CampaignLedger',
    ledgerHeaderName: 'CampaignLedgerHeader',
    ledgerHeaderRow: 2,
    ledgerColumns: expect.stringContaining('deadline'),
    scheduleSheet: expect.any(String),
    groupSheet: expect.any(String),
    dashboardSheet: expect.any(String),
    asOfName: 'AsOfDate',
    dueSoonName: 'DueSoonDays',
  });
});

test('unknown keys, a language we do not have and a row number that is not one are left out', () => {
  expect(
    parseSettings([
      ['lang', 'fr'],
      ['ledgerHeaderRow', 'two'],
      ['dueSoonDays', 3],
      ['asOfName', 'AsOfDate2'],
      [null, 1],
    ]),
  ).toEqual({ asOfName: 'AsOfDate2' });
});
