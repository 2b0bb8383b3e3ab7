/** The sheet scan reads a cell's r, s and t in one pass over its start tag, whatever their form. */
import { scanSheet } from '../../src/xlsx/package/sheet-scan';

const ctx = { sharedString: (i: number) => `s${i}`, isDate: (s: number) => s === 7, date1904: false };

const read = (cells: string) =>
  scanSheet((on) => void on(`<worksheet><sheetData><row r="2">${cells}</row></sheetData></worksheet>`), ctx, { styleRows: new Set([2]) });

describe('cell attributes', () => {
  test('in any order, either quote, spaces around =, prefixed neighbours, entities', () => {
    const scan = read(
      `<c t="s" s="3" r="B2"><v>4</v></c>` +
        `<c  x14ac:r="Z9"  s = '7'\tr='C2'><v>46127</v></c>` +
        `<c r="D2" t="inlineStr" xr:uid="{1}"><is><t>甲</t></is></c>` +
        `<c r="&#69;2" t="str"><v>e</v></c>` +
        `<c><v>6</v></c>`,
    );
    expect(scan.rows[1]).toEqual([undefined, 's4', { date: '2026-04-15' }, '甲', 'e', 6]);
    expect(scan.styles[1]).toEqual([undefined, 3, 7, null, null, null]);
  });

  test('a tag that is not a plain list of name="value" is read as attrValue reads it', () => {
    const scan = read(`<c r="B2" bare s="7"><v>46127</v></c><c r="C2" t=s><v>1</v></c>`);
    expect(scan.rows[1]).toEqual([undefined, { date: '2026-04-15' }, 1]);
  });
});
