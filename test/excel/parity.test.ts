/**
 * The same WorkbookSpec, rendered by src/excel into the Excel double and by src/xlsx into a file,
 * agrees cell by cell: values, formulas, number formats, validation lists, conditional formats.
 */
import ExcelJS from 'exceljs';
import { campaignFromTemplate, TEMPLATES, withSampleItems, type Campaign } from '../../src/core';
import { ExcelDouble } from '../../src/excel-double/double';
import { insertCampaign } from '../../src/excel/insert';
import { writeXlsx } from '../../src/xlsx/render';
import { campaignWith } from '../helpers/campaigns';
import { compareCells, compareListValidations, compareTables, conditionalRules } from '../helpers/parity';

async function both(campaign: Campaign) {
  const double = new ExcelDouble();
  const outcome = await insertCampaign(double.context(), campaign);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeXlsx(outcome.spec)) as unknown as ArrayBuffer);
  return { double, wb, sheets: outcome.sheets, outcome };
}

const campaigns: [string, Campaign][] = [
  ...TEMPLATES.map((t): [string, Campaign] => [t.id, withSampleItems(campaignFromTemplate(t.id, { start: '2025-03-01', lang: 'zh-CN' }), 12, '2025-04-15')]),
  ['en', withSampleItems(campaignFromTemplate('jiefang-sixiang', { start: '2025-03-01', lang: 'en' }), 12, '2025-04-15')],
  ['zh-TW', withSampleItems(campaignFromTemplate('xuexi-shijian', { start: '2025-03-01', lang: 'zh-TW' }), 12, '2025-04-15')],
  [
    'hostile text',
    campaignWith(
      [
        { label: '=HYPERLINK("http://x","y")', deadline: '2025-04-01', unit: '+区委办', owner: '-张三' },
        { label: '2025-03-15', deadline: null, unit: '3月15日', owner: 'TRUE' },
        { label: "'引号", deadline: '2025-05-01', unit: '@宣传部', owner: '12' },
      ],
      '2025-03-01',
    ),
  ],
];

describe.each(campaigns)('parity: %s', (_label, campaign) => {
  let ctx: Awaited<ReturnType<typeof both>>;
  beforeAll(async () => {
    ctx = await both(campaign);
  });

  test('every cell: value, formula and number format, the prepared rows below the table too', () => {
    expect(compareCells(ctx.wb, ctx.double, ctx.sheets)).toEqual([]);
  });

  test('the ledger table covers the same range in Excel and in the file, header and items only', () => {
    const { xlsx, excel } = compareTables(ctx.wb, ctx.double);
    expect(excel).toEqual(xlsx);
    expect(excel).toHaveLength(1);
  });

  test('no operation referred to a sheet or name before it existed', () => {
    expect(ctx.double.forwardReferences).toEqual([]);
  });

  test('validation list sources', () => {
    expect(compareListValidations(ctx.wb, ctx.double, ctx.sheets)).toEqual([]);
  });

  test('conditional-format rules in priority order', () => {
    for (const name of ctx.sheets) {
      const { xlsx, excel } = conditionalRules(ctx.wb, ctx.double, name);
      expect(excel).toEqual(xlsx);
    }
  });
});
