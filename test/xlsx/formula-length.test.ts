/**
 * Formulas a person can read (issue 19, item 4): every formula we write in a ledger — 整改状态,
 * 剩余天数 and the hidden helper columns that read the dates — is at most 1,000 characters, in
 * our template (every template, every language), on ledgers made by hand (add-status) and in
 * units' copies (split), in files and in Excel (the double). Excel's own limit is 8,192.
 */
import { strFromU8, unzipSync } from 'fflate';
import { campaignFromTemplate, LANGS, layoutWorkbook, TEMPLATES, withSampleItems } from '../../src/core';
import { ExcelDouble } from '../../src/excel-double/double';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { insertCampaign } from '../../src/excel/insert';
import { addStatusColumnsWorkbook } from '../../src/excel/status-columns';
import { writeXlsx } from '../../src/xlsx/render';
import { splitXlsx } from '../../src/xlsx/split';
import { addStatusColumnsXlsx } from '../../src/xlsx/status-columns';
import { bytesOf, layoutFive, layoutFour, layoutOne, layoutSix, layoutThree, layoutTwo } from '../helpers/handmade';

const LIMIT = 1000;
const HAND_MADE = { layoutOne, layoutTwo, layoutThree, layoutFour, layoutFive, layoutSix };
const SPLIT = { now: '2026-12-01T02:00:00Z', today: '2026-12-01', newCampaignId: () => 'CL-len', masterName: 'm.xlsx' };

const unescape = (x: string) =>
  x
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every formula text of every sheet of a file (shared formulas once, as the file holds them). */
function fileFormulas(bytes: Uint8Array): string[] {
  return Object.entries(unzipSync(bytes))
    .filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
    .flatMap(([, data]) => [...strFromU8(data).matchAll(/<(?:\w+:)?f\b[^>]*>([^<]+)<\/(?:\w+:)?f>/g)].map((m) => unescape(m[1])));
}

/** Every formula in the double's workbook. */
function excelFormulas(double: ExcelDouble): string[] {
  return double.state.sheets.flatMap((s) => [...s.cells.values()].flatMap((c) => (c.formula !== undefined ? [c.formula] : [])));
}

/** 'ok', or the longest formula's length and start, so that a failure says which. */
function withinLimit(formulas: string[]): string {
  const f = formulas.reduce((a, b) => (b.length > a.length ? b : a), '');
  return f.length <= LIMIT ? 'ok' : `${f.length} characters: ${f.slice(0, 80)}…`;
}

const campaigns = TEMPLATES.flatMap((t) =>
  LANGS.map((lang) => [`${t.id} (${lang})`, withSampleItems(campaignFromTemplate(t.id, { start: '2026-03-01', lang }), 12, '2026-04-15')] as const),
);

describe('our template', () => {
  test.each(campaigns)('%s: the file', async (_label, campaign) => {
    const formulas = fileFormulas(await writeXlsx(layoutWorkbook(campaign)));
    expect(formulas.length).toBeGreaterThan(0);
    expect(withinLimit(formulas)).toBe('ok');
  });

  test.each(campaigns.slice(0, 3))('%s: in Excel', async (_label, campaign) => {
    const double = new ExcelDouble();
    await insertCampaign(double.context(), campaign);
    expect(withinLimit(excelFormulas(double))).toBe('ok');
  });

  test('the status formula itself is short enough to check by eye', () => {
    const ledger = layoutWorkbook(campaigns[0][1]).sheets.find((s) => s.key === 'ledger')!;
    const [status, remaining] = ledger.filled;
    expect(status.formula.length).toBeLessThanOrEqual(300);
    expect(remaining.formula.length).toBeLessThanOrEqual(120);
  });
});

describe.each(Object.entries(HAND_MADE))('add-status on %s', (_label, build) => {
  test('the file', async () => {
    const out = await addStatusColumnsXlsx(await bytesOf(build()), { asOf: '2024-04-10' });
    const formulas = fileFormulas(out.bytes).filter((f) => f.includes('CL_') || f.includes('SUBSTITUTE'));
    expect(formulas.length).toBeGreaterThanOrEqual(4);
    expect(withinLimit(formulas)).toBe('ok');
  });

  test('in Excel', async () => {
    const double = await doubleFromXlsx(await bytesOf(build()));
    await addStatusColumnsWorkbook(double.context(), { asOf: '2024-04-10' });
    expect(withinLimit(excelFormulas(double))).toBe('ok');
  });
});

describe('units’ copies', () => {
  test.each([
    ['of our template', async () => writeXlsx(layoutWorkbook(campaigns[0][1]))],
    ['of a ledger made by hand', async () => bytesOf(layoutOne())],
    ['of a ledger made by hand, with add-status’s columns', async () => (await addStatusColumnsXlsx(await bytesOf(layoutTwo()))).bytes],
  ])('%s', async (_label, master) => {
    const { copies } = await splitXlsx(await master(), SPLIT);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const formulas = fileFormulas(copy.bytes);
      expect(formulas.length).toBeGreaterThan(0);
      expect(withinLimit(formulas)).toBe('ok');
    }
  });
});
