/**
 * Page setup in Excel and in files alike: print areas of several blocks kept by add-status and the
 * flag (the ledger's block widened or grown, the others as they were), and scaling that every Excel
 * applies. The double models Excel's page layout as Microsoft documents it:
 * - PageLayout.setPrintArea takes "the range or ranges of the content to print", and
 *   getPrintAreaOrNullObject gives them back as RangeAreas, whose address names the sheet for each
 *   block ("Sheet1!A1:B4, Sheet1!D1:D4")
 *   (https://learn.microsoft.com/javascript/api/excel/excel.pagelayout,
 *   https://learn.microsoft.com/javascript/api/excel/excel.rangeareas);
 * - PageLayoutZoomOptions: a scale "between 10 and 400", or numbers of pages to fit, not both; 0 pages
 *   is nowhere documented (https://learn.microsoft.com/javascript/api/excel/excel.pagelayoutzoomoptions),
 *   and fit-to-pages set through Office.js is ignored by Excel for Windows until the Page Layout tab
 *   has been shown (OfficeDev/office-js#1860): the add-in sets a percentage;
 * - setPrintTitleColumns: "The range must span the entire column to be valid."
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { layoutWorkbook } from '../../src/core';
import { ExcelDouble } from '../../src/excel-double/double';
import { doubleFromXlsx } from '../../src/excel-double/from-xlsx';
import { mergeIntoWorkbook } from '../../src/excel/distribute';
import { flagWorkbook } from '../../src/excel/flag';
import { insertCampaign } from '../../src/excel/insert';
import { addStatusColumnsWorkbook } from '../../src/excel/status-columns';
import { flagXlsx } from '../../src/xlsx/flag';
import { mergeXlsx, readUnitFile } from '../../src/xlsx/merge';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { writeXlsx } from '../../src/xlsx/render';
import { addStatusColumnsXlsx } from '../../src/xlsx/status-columns';
import { campaignWith } from '../helpers/campaigns';
import { bytesOf, layoutTwo } from '../helpers/handmade';

const FLAG = { asOf: '2024-04-10', runDate: '2024-04-10' };
const STATUS = { asOf: '2024-04-10' };

/** The file with a sheet's print area set as Excel writes one of several blocks: one name, the blocks joined by commas. */
async function withPrintArea(bytes: Uint8Array, sheetIndex: number, formula: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('xl/workbook.xml')!.async('string');
  const name = `<definedName name="_xlnm.Print_Area" localSheetId="${sheetIndex}">${formula.replace(/'/g, '&apos;')}</definedName>`;
  const without = xml.replace(new RegExp(`<definedName name="_xlnm\\.Print_Area" localSheetId="${sheetIndex}">[^<]*</definedName>`, 'g'), '');
  const next = without.includes('<definedNames>')
    ? without.replace('<definedNames>', `<definedNames>${name}`)
    : without.replace('</sheets>', `</sheets><definedNames>${name}</definedNames>`);
  zip.file('xl/workbook.xml', next);
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
}

function fileArea(bytes: Uint8Array, sheet: string): string | null {
  return XlsxPackage.open(bytes).localName('_xlnm.Print_Area', sheet);
}

describe('a print area of two blocks (a cover block over the ledger’s) is kept', () => {
  // Layout two: titles on rows 1–2, the ledger's header on row 4, items on rows 5–9, columns A–H.
  const cover = "'Sheet1'!$A$1:$H$2,'Sheet1'!$A$4:$H$9";

  test('add-status in a file: the cover block as it was, the ledger’s widened to the new columns', async () => {
    const bytes = await withPrintArea(await bytesOf(layoutTwo()), 1, cover);
    const out = await addStatusColumnsXlsx(bytes, STATUS);
    expect(fileArea(out.bytes, 'Sheet1')).toBe("'Sheet1'!$A$1:$H$2,'Sheet1'!$A$4:$K$9");
    expect(out.messages.join('')).toMatch(/打印区域设为 A1:H2,A4:K9/);
  });

  test('add-status in Excel: the same two blocks, read and set as RangeAreas', async () => {
    const double = await doubleFromXlsx(await withPrintArea(await bytesOf(layoutTwo()), 1, cover));
    const outcome = await addStatusColumnsWorkbook(double.context(), STATUS);
    expect(double.sheet('Sheet1').pageLayout.printArea).toBe('A1:H2,A4:K9');
    expect(outcome.messages.join('')).toMatch(/打印区域设为 A1:H2,A4:K9/);
  });

  test('the flag on a ledger made by hand leaves its print area alone, in a file and in Excel', async () => {
    const bytes = await withPrintArea(await bytesOf(layoutTwo()), 1, cover);
    expect(fileArea((await flagXlsx(bytes, FLAG)).bytes, 'Sheet1')).toBe(cover);
    const double = await doubleFromXlsx(bytes);
    await flagWorkbook(double.context(), FLAG);
    expect(double.sheet('Sheet1').pageLayout.printArea).toBe('A1:H2,A4:H9');
  });

  test('the flag on our ledger: the title block as it was, the items’ block down to an item typed below the table', async () => {
    const campaign = campaignWith(
      [
        { label: 'a', deadline: '2024-04-01' },
        { label: 'b', deadline: '2024-05-01' },
        { label: 'c', deadline: '2024-03-01' },
      ],
      '2024-03-01',
    );
    // Rows 3–5 hold the items; the print area stops at row 4, as if the row-5 item had been typed after it was set.
    const bytes = await withPrintArea(await writeXlsx(layoutWorkbook(campaign)), 2, "'整改台账'!$A$1:$J$1,'整改台账'!$A$2:$O$4");
    expect(fileArea((await flagXlsx(bytes, FLAG)).bytes, '整改台账')).toBe("'整改台账'!$A$1:$J$1,'整改台账'!$A$2:$O$5");
    const double = await doubleFromXlsx(bytes);
    await flagWorkbook(double.context(), FLAG);
    expect(double.sheet('整改台账').pageLayout.printArea).toBe('A1:J1,A2:O5');
  });
});

test('a merge appending items to a ledger made by hand: its block takes in the items and 来源, the cover block as it was, in a file and in Excel', async () => {
  const master = await withPrintArea(await bytesOf(layoutTwo()), 1, "'Sheet1'!$A$1:$H$2,'Sheet1'!$A$4:$H$9");
  const unit = new ExcelJS.Workbook();
  const ws = unit.addWorksheet('台账');
  ws.addRow(['截止日期', '问题描述', '承办人', '责任部门']);
  ws.addRow(['2024-05-01', 'F问题', '己', '三科']);
  ws.addRow(['2024-05-02', 'G问题', '庚', '三科']);
  const units = [{ file: 'unit.xlsx', bytes: await bytesOf(unit) }];
  const merge = { localTime: '2024-04-10 09:00' };
  const file = await mergeXlsx(master, units, merge);
  expect(file.counts.appended).toBe(2);
  expect(fileArea(file.bytes, 'Sheet1')).toBe("'Sheet1'!$A$1:$H$2,'Sheet1'!$A$4:$I$11");
  const double = await doubleFromXlsx(master);
  await mergeIntoWorkbook(double.context(), [readUnitFile('unit.xlsx', units[0].bytes)], merge);
  expect(double.sheet('Sheet1').pageLayout.printArea).toBe('A1:H2,A4:I11');
});

describe('the double’s page layout, as Excel documents it', () => {
  test('a print area of several blocks comes back as RangeAreas, each block with its sheet', async () => {
    const double = new ExcelDouble();
    const ctx = double.context();
    const ws = ctx.workbook.worksheets.getItem('Sheet1');
    ws.pageLayout.setPrintArea('A1:G2,A4:G9');
    const areas = ws.pageLayout.getPrintAreaOrNullObject().load('address');
    await ctx.sync();
    expect(areas.isNullObject).toBe(false);
    expect(areas.address).toBe('Sheet1!A1:G2, Sheet1!A4:G9');
  });

  test('zoom: a scale from 10 to 400, or whole numbers of pages from 1; not 0 pages, not both', async () => {
    const refused = async (zoom: Excel.PageLayoutZoomOptions) => {
      const double = new ExcelDouble();
      const ctx = double.context();
      ctx.workbook.worksheets.getItem('Sheet1').pageLayout.zoom = zoom;
      return ctx.sync().then(
        () => null,
        (e: { code?: string }) => e.code,
      );
    };
    expect(await refused({ scale: 85 })).toBeNull();
    expect(await refused({ horizontalFitToPages: 1, verticalFitToPages: 1 })).toBeNull();
    // What add-status set before: one page wide, "0" pages tall.
    expect(await refused({ horizontalFitToPages: 1, verticalFitToPages: 0 })).toBe('InvalidArgument');
    expect(await refused({ scale: 5 })).toBe('InvalidArgument');
    expect(await refused({ scale: 401 })).toBe('InvalidArgument');
    expect(await refused({ scale: 80, horizontalFitToPages: 1 })).toBe('InvalidArgument');
  });

  test('print title columns span whole columns', async () => {
    const double = new ExcelDouble();
    const ctx = double.context();
    ctx.workbook.worksheets.getItem('Sheet1').pageLayout.setPrintTitleColumns('A1:B2');
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('our sheets in Excel get the page setup of the file', () => {
  test('every printed sheet: a percentage (never fit-to-pages), print titles, print areas and the schedule’s title columns', async () => {
    const campaign = campaignWith([{ label: 'a', deadline: '2024-04-01' }], '2024-03-01');
    const spec = layoutWorkbook(campaign);
    const double = new ExcelDouble();
    await insertCampaign(double.context(), campaign);
    for (const sheet of spec.sheets.filter((s) => s.print && !s.hidden)) {
      const layout = double.sheet(sheet.name).pageLayout;
      expect(layout.zoom).toEqual({ scale: sheet.print!.scale });
      expect(layout.printArea ?? null).toBe(sheet.print!.area ?? null);
      expect(layout.printTitleRows).toBe(`$${sheet.print!.titleRows![0]}:$${sheet.print!.titleRows![1]}`);
    }
    expect(double.sheet('阶段安排').pageLayout.printTitleColumns).toBe('$A:$B');
  });
});
