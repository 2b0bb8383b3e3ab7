/** The package editor's parts: the tokenizer, the sheet scan, cell edits, the zip layer, styles. */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { cellEdits, type CellWrite, columnWidthEdits, keptGroupEdits, overwrittenShared } from '../../src/xlsx/package/cells';
import { mergeEdits, streamEdits, type TextEdit } from '../../src/xlsx/package/rewrite';
import { scanSheet, type ScanOptions } from '../../src/xlsx/package/sheet-scan';
import { Styles } from '../../src/xlsx/package/styles';
import { XmlStream } from '../../src/xlsx/package/xml-stream';
import { compressText, crc32, readDirectory, ZipBuilder } from '../../src/xlsx/package/zip';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { ProblemError } from '../../src/core/flag';

const ctx = { sharedString: (i: number) => `s${i}`, isDate: () => false, date1904: false };

/** Feeds a text in pieces of `size` (chunk boundaries anywhere, inside tags and characters too). */
const feed = (text: string, size: number) => (on: (t: string) => boolean | void) => {
  for (let i = 0; i < text.length; i += size) if (on(text.slice(i, i + size)) === false) return;
};

function scan(xml: string, o: ScanOptions = {}, size = 7) {
  return scanSheet(feed(xml, size), ctx, o);
}

function apply(xml: string, edits: Iterable<TextEdit>, size = 5): string {
  let out = '';
  streamEdits(feed(xml, size), edits, { write: (t) => (out += t), end: () => undefined });
  return out;
}

describe('tokenizer', () => {
  test('tags, text, CDATA, comments and entities, with their offsets, across any chunk boundary', () => {
    const xml = '<?xml version="1.0"?><x:a k=">"><!-- c --><x:b>1 &amp; 2</x:b><![CDATA[<raw>]]><x:c/></x:a>';
    for (const size of [1, 3, 100]) {
      const seen: string[] = [];
      const s = new XmlStream({
        open: (local, name, _s, _f, _t, self, start, end) => seen.push(`+${local}${self ? '/' : ''}@${xml.slice(start, end)}`),
        close: (local, start, end) => seen.push(`-${local}@${xml.slice(start, end)}`),
        // A run of text may come in pieces (never cut inside an entity): joined here.
        text: (t, from, to, cdata) => {
          const kind = cdata ? 'cdata' : 'text';
          if (seen.length && seen[seen.length - 1].startsWith(`${kind}:`)) seen[seen.length - 1] += t.slice(from, to);
          else seen.push(`${kind}:${t.slice(from, to)}`);
        },
      });
      feed(xml, size)((t) => void s.write(t));
      s.end();
      expect(seen).toEqual(['+a@<x:a k=">">', '+b@<x:b>', 'text:1 &amp; 2', '-b@</x:b>', 'cdata:<raw>', '+c/@<x:c/>', '-c@', '-a@</x:a>']);
    }
  });

  test('tags that do not nest are a damaged file', () => {
    const s = new XmlStream({ open: () => undefined, close: () => undefined, text: () => undefined });
    expect(() => s.write('<a><b></a>')).toThrow(ProblemError);
  });
});

describe('sheet scan', () => {
  const sheet =
    '<worksheet><dimension ref="A1:C3"/><sheetData>' +
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>x</t><rPh><t>ignored</t></rPh></is></c></row>' +
    '<row><c><v>5</v></c><c t="b"><v>1</v></c><c r="D2"><f>A1</f></c></row>' +
    '<row r="4"/></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>';

  test('values by type; rows and cells without r numbered as Excel numbers them; formulas without a value listed', () => {
    const s = scan(sheet);
    expect(s.rows[0]).toEqual(['s0', undefined, 'x']);
    expect(s.rows[1]).toEqual([5, true, undefined, null]);
    expect(s.uncomputed).toEqual(['D2']);
    expect(s.top.map((t) => t.local)).toEqual(['dimension', 'sheetData', 'mergeCells']);
    expect(s.top[2].text).toBe('<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>');
  });

  test('a read stopped at its top rows stops reading', () => {
    let fed = 0;
    const long = `<worksheet><sheetData>${Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('')}</sheetData></worksheet>`;
    const s = scanSheet(
      (on) => {
        for (let i = 0; i < long.length; i += 1000) {
          fed += 1000;
          if (on(long.slice(i, i + 1000)) === false) return;
        }
      },
      ctx,
      { maxRow: 30 },
    );
    expect(s.rows.length).toBe(30);
    expect(s.complete).toBe(false);
    expect(fed).toBeLessThan(long.length / 10);
  });

  test('the row limit counts rows read, not row numbers (a formatted row 1048576 is one row)', () => {
    const far = '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576" ht="15"/></sheetData></worksheet>';
    expect(scan(far, { rowLimit: 5 }).rows.length).toBe(1);
    const many = `<worksheet><sheetData>${'<row/>'.repeat(6)}</sheetData></worksheet>`;
    expect(() => scan(many, { rowLimit: 5 })).toThrow(new ProblemError({ kind: 'limit', what: 'rows', limit: 5 }));
  });
});

describe('cell edits', () => {
  const write = (row: number, col: number, value: string | number | null): CellWrite => ({ row, col, content: { kind: 'value', value } });
  const edit = (xml: string, writes: CellWrite[]) => {
    const s = scan(xml, { anchorFrom: 1 });
    return apply(xml, mergeEdits(cellEdits(s, writes), keptGroupEdits(s, overwrittenShared(s, writes))));
  };

  test('a cell replaced where it stands; new ones in column order, before a later cell and before one replaced', () => {
    const xml = '<worksheet><sheetData><row r="2" spans="1:4"><c r="A2"><v>1</v></c><c r="D2" s="3"><v>4</v></c></row></sheetData></worksheet>';
    const out = edit(xml, [write(2, 2, 'b'), write(2, 3, 3), write(2, 4, 9), write(2, 6, 'f')]);
    expect(out).toBe(
      '<worksheet><sheetData><row r="2" spans="1:6"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>b</t></is></c><c r="C2"><v>3</v></c>' +
        '<c r="D2" s="3"><v>9</v></c><c r="F2" t="inlineStr"><is><t>f</t></is></c></row></sheetData></worksheet>',
    );
  });

  test('rows the sheet lacks are made in row order; a self-closing row opens; an empty sheet gets its rows', () => {
    const xml = '<worksheet><sheetData><row r="2"/><row r="5"><c r="A5"><v>5</v></c></row></sheetData></worksheet>';
    expect(edit(xml, [write(1, 1, 1), write(2, 2, 2), write(3, 1, 3), write(4, 1, 4), write(7, 1, 7)])).toBe(
      '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>' +
        '<row r="4"><c r="A4"><v>4</v></c></row><row r="5"><c r="A5"><v>5</v></c></row><row r="7"><c r="A7"><v>7</v></c></row></sheetData></worksheet>',
    );
    expect(edit('<worksheet><sheetData/></worksheet>', [write(1, 1, 1)])).toBe(
      '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
    );
  });

  test('a value cleared keeps the cell and its style; nothing is made for an empty write', () => {
    const xml = '<worksheet><sheetData><row r="1"><c r="A1" s="2"><v>1</v></c></row></sheetData></worksheet>';
    expect(edit(xml, [write(1, 1, null), write(1, 2, null)])).toBe('<worksheet><sheetData><row r="1"><c r="A1" s="2"/></row></sheetData></worksheet>');
  });

  test('text is written as it is: XML characters escaped, control characters and _xHHHH_ escaped, 𨭎 whole', () => {
    const xml = '<worksheet><sheetData></sheetData></worksheet>';
    const out = edit(xml, [write(1, 1, '<a & b> _x0041_ \u0001 赵𨭎')]);
    expect(out).toContain('<t>&lt;a &amp; b&gt; _x005F_x0041_ _x0001_ 赵𨭎</t>');
    expect(edit(xml, [write(1, 1, ' 前后有空格 ')])).toContain('<t xml:space="preserve"> 前后有空格 </t>');
  });

  test('a shared-formula master overwritten: the first kept cell becomes the master, its formula moved', () => {
    const xml =
      '<worksheet><sheetData><row r="1"><c r="B1"><f t="shared" ref="B1:B3" si="4">A1*2</f><v>2</v></c></row>' +
      '<row r="2"><c r="B2"><f t="shared" si="4"/><v>4</v></c></row><row r="3"><c r="B3"><f t="shared" si="4"/><v>6</v></c></row></sheetData></worksheet>';
    const out = edit(xml, [write(1, 2, 'x')]);
    expect(out).toContain('<c r="B1" t="inlineStr"><is><t>x</t></is></c>');
    expect(out).toContain('<c r="B2"><f t="shared" ref="B2:B3" si="4">A2*2</f><v>4</v></c>');
    expect(out).toContain('<c r="B3"><f t="shared" si="4"/><v>6</v></c>');
  });

  test('column widths: a range is split where a width is set inside it, keeping its other attributes', () => {
    const xml = '<worksheet><cols><col min="1" max="5" width="9" style="3"/></cols><sheetData/></worksheet>';
    const s = scan(xml, { anchorFrom: 1 });
    expect(apply(xml, columnWidthEdits(s, [{ col: 3, width: 12 }]))).toBe(
      '<worksheet><cols><col min="1" max="2" width="9" style="3"/><col min="3" max="3" width="12" customWidth="1"/><col min="4" max="5" width="9" style="3"/></cols><sheetData/></worksheet>',
    );
  });
});

describe('zip', () => {
  test('unchanged parts are copied as their stored bytes; new ones deflated; CRC-32 as zip computes it', () => {
    const original = zipSync({ 'a.xml': strToU8('<a/>'.repeat(1000)), 'b.bin': new Uint8Array([1, 2, 3]) }, { level: 9 });
    const entries = readDirectory(original);
    const zip = new ZipBuilder();
    for (const e of entries) zip.copy(original, e);
    zip.text('c.xml', '赵𨭎😀');
    const out = new Uint8Array(Buffer.concat(zip.finish()));
    const files = unzipSync(out);
    expect(strFromU8(files['a.xml'])).toBe('<a/>'.repeat(1000));
    expect(strFromU8(files['c.xml'])).toBe('赵𨭎😀');
    const copied = readDirectory(out).find((e) => e.name === 'a.xml')!;
    expect([copied.crc, copied.compressedSize]).toEqual([entries[0].crc, entries[0].compressedSize]);
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
  });

  test('a surrogate pair split between two writes is encoded whole', () => {
    const part = compressText('t.xml', (sink) => {
      sink.write('a\ud862');
      sink.write('\udf4eb');
      sink.end();
    });
    const zip = new ZipBuilder();
    zip.compressed(part);
    expect(strFromU8(unzipSync(new Uint8Array(Buffer.concat(zip.finish())))['t.xml'])).toBe('a𨭎b');
  });

  test('what is not an .xlsx is told apart: an OLE file (encrypted or .xls), not a zip, a zip without a workbook', () => {
    expect(() => XlsxPackage.open(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).toThrow(new ProblemError({ kind: 'encrypted' }));
    expect(() => XlsxPackage.open(strToU8('just text'))).toThrow(new ProblemError({ kind: 'notXlsx' }));
    expect(() => XlsxPackage.open(zipSync({ 'a.txt': strToU8('x') }))).toThrow(new ProblemError({ kind: 'notXlsx' }));
  });
});

describe('styles', () => {
  const xml =
    '<styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
    '<fonts count="1"><font><sz val="10.5"/><name val="宋体"/></font></fonts><fills count="2"><fill/><fill/></fills><borders count="1"><border/></borders>' +
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14" fontId="0"><alignment vertical="center"/></xf></cellXfs></styleSheet>';

  test('date styles by format (built-in ids and codes, quoted text ignored)', () => {
    const st = new Styles(xml);
    expect([0, 1, 2].map((i) => st.isDate(i))).toEqual([false, true, true]);
  });

  test('new styles are appended, existing entries and their indices untouched; fonts start from the workbook’s own', () => {
    const st = new Styles(xml);
    const bold = st.xfFor({ bold: true });
    const again = st.xfFor({ bold: true });
    const date = st.withFormat(0, 'yyyy-mm-dd');
    // A cell that shows dates already keeps its own date format.
    expect([bold, again, date, st.withFormat(1, 'yyyy-mm-dd'), st.withFormat(2, 'yyyy-mm-dd')]).toEqual([3, 3, 4, 1, 2]);
    const out = st.text();
    expect(out).toContain('<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14" fontId="0"><alignment vertical="center"/></xf>');
    expect(out).toContain('<font><b/><sz val="10.5"/><name val="宋体"/></font>');
    expect(out).toContain('<xf numFmtId="165" applyNumberFormat="1"/>');
    expect(out).toContain('<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>');
  });
});
