/**
 * Every built-in template in every language, with sample items, through LibreOffice: no error
 * values, and each status is the one the semantics give (computed independently in JS).
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import {
  campaignFromTemplate,
  createContext,
  LANGS,
  ledgerStatus,
  phaseStatus,
  strings,
  TEMPLATES,
  withSampleItems,
  type Campaign,
  type Lang,
} from '../../src/core';
import { recalculate } from '../helpers/libreoffice';
import { errorCells, plain, readWorkbook, sheet, tempDir, writeCampaign } from '../helpers/workbook';

const AS_OF = '2026-04-15';
const cases = TEMPLATES.flatMap((t) => LANGS.map((lang) => ({ id: t.id, lang })));
const built: { id: string; lang: Lang; campaign: Campaign; wb?: ExcelJS.Workbook }[] = [];
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  const files: string[] = [];
  for (const { id, lang } of cases) {
    const campaign = withSampleItems(campaignFromTemplate(id, { start: '2026-03-02', lang, asOf: AS_OF }), 21, AS_OF);
    files.push(await writeCampaign(campaign, path.join(dir, `${id}.${lang}.xlsx`)));
    built.push({ id, lang, campaign });
  }
  const out = recalculate(files);
  for (const [i, b] of built.entries()) b.wb = await readWorkbook(out[i]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(cases.map((c, i) => [c.id, c.lang, i] as const))('%s (%s)', (_id, lang, i) => {
  const s = strings(lang);

  test('opens and recalculates without an error value', () => {
    expect(errorCells(built[i].wb!)).toEqual([]);
  });

  test('every ledger status is what the semantics give', () => {
    const { campaign, wb } = built[i];
    const ws = sheet(wb!, s.sheets.ledger);
    const got = campaign.items.map((_, r) => plain(ws.getCell(`K${3 + r}`)));
    const want = campaign.items.map((item) => s.ledger.statuses[ledgerStatus(item, AS_OF, campaign.dueSoonDays)]);
    expect(got).toEqual(want);
    expect(new Set(got).size).toBe(7);
  });

  test('every schedule row has the status its dates give', () => {
    const { campaign, wb } = built[i];
    const ws = sheet(wb!, s.sheets.schedule);
    let rows = 0;
    for (let r = 3; r <= ws.rowCount; r++) {
      const start = plain(ws.getCell(`C${r}`));
      if (typeof start !== 'string') continue;
      const end = plain(ws.getCell(`D${r}`)) as string;
      expect(plain(ws.getCell(`H${r}`))).toBe(s.schedule.statuses[phaseStatus(start, end, AS_OF)!]);
      rows++;
    }
    expect(rows).toBeGreaterThan(campaign.phases.length);
  });

  test('the dashboard total counts every item', () => {
    expect(plain(sheet(built[i].wb!, s.sheets.dashboard).getCell('B7'))).toBe(21);
    expect(createContext(built[i].campaign).ledger.lastTableRow).toBe(23);
  });
});
