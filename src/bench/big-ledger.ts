/**
 * A large ledger as Excel writes one (shared strings, real date cells), generated directly so that
 * the benchmark can flag 200,000 rows without first spending minutes and gigabytes in ExcelJS.
 * Every row has its own problem and measure text, the worst case for the shared strings.
 */
import { columnLetter } from '../core/address';
import { addDays, type IsoDate, toExcelSerial } from '../core/dates';
import { encodeCellText } from '../xlsx/package/xml';
import { compressText, concat, type TextSink, ZipBuilder } from '../xlsx/package/zip';

const HEADER = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '完成日期', '备注'];

export function bigLedger(rows: number, asOf: IsoDate, units = 20): Uint8Array {
  const zip = new ZipBuilder();
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sst = (text: string) => {
    let i = index.get(text);
    if (i === undefined) {
      i = strings.length;
      strings.push(text);
      index.set(text, i);
    }
    return i;
  };
  const sheetPart = compressText('xl/worksheets/sheet1.xml', (sheet: TextSink) => {
    sheet.write(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<dimension ref="A1:H${rows + 1}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
        '<cols><col min="2" max="3" width="40" customWidth="1"/><col min="6" max="7" width="12" customWidth="1"/></cols><sheetData>',
    );
    const text = (r: number, c: number, t: string) => `<c r="${columnLetter(c)}${r}" t="s"><v>${sst(t)}</v></c>`;
    sheet.write(`<row r="1" spans="1:8">${HEADER.map((h, i) => text(1, i + 1, h)).join('')}</row>`);
    for (let i = 0; i < rows; i++) {
      const r = i + 2;
      const deadline = toExcelSerial(addDays(asOf, (i % 120) - 60));
      const done = i % 4 === 0 ? `<c r="G${r}" s="1"><v>${deadline - 2}</v></c>` : '';
      sheet.write(
        `<row r="${r}" spans="1:8"><c r="A${r}"><v>${i + 1}</v></c>${text(r, 2, `第${i + 1}项问题:会议文件过多,调研不够深入`)}${text(r, 3, `第${i + 1}项措施:精简会议文件,开展专题调研`)}` +
          `${text(r, 4, `单位${i % units}`)}${text(r, 5, `责任人${i % 200}`)}<c r="F${r}" s="1"><v>${deadline}</v></c>${done}</row>`,
      );
    }
    sheet.write('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
    sheet.end();
  });
  zip.compressed(sheetPart);
  zip.compressed(
    compressText('xl/sharedStrings.xml', (sstXml: TextSink) => {
      sstXml.write(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">`,
      );
      for (const s of strings) sstXml.write(`<si><t>${encodeCellText(s)}</t></si>`);
      sstXml.write('</sst>');
      sstXml.end();
    }),
  );
  zip.text(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  zip.text(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.text(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="整改台账" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>',
  );
  zip.text(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  );
  zip.text(
    'xl/styles.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
  );
  return concat(zip.finish());
}
