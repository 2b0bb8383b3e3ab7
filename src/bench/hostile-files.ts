/**
 * The regression folder of issue 23: small crafted files, each reproducing one case the sweep of
 * 2026-12-05 found (a hang, a crash, an invalid output, a valid workbook refused), with the outcome
 * it must have now: flagged (or split, or parsed) with every other part byte for byte, or refused
 * with the limit named. Generated, not committed: `node scripts/make-hostile.js DIR` writes them,
 * test/xlsx/hostile.test.ts holds each to its outcome, and `npm run bench` (hostile.ts) measures
 * the peak memory and time of each as the command line runs it.
 *
 * The zip is written here by hand (not with the product's writer), so that a file can lie in every
 * way a zip can: its directory count, an entry's size, its time, two names, shared bytes.
 */
import zlib from 'node:zlib';

export const AS_OF = '2024-04-10';

/** The outcome a case must have. */
export type Expected =
  | { ok: true }
  /** Refused: the problem (kind, and what / reason) and a text the command line's message must hold. */
  | { ok: false; problem: Record<string, unknown>; message: RegExp };

export interface HostileCase {
  id: string;
  /** The line of the issue it reproduces. */
  issue: string;
  /** The command it is given to (the workbook actions in-process too; the others only as a command). */
  command: 'flag' | 'add-status' | 'split' | 'parse';
  /** File name, with its extension; '/dev/zero' and '-' (an endless standard input) are what they say. */
  file: string;
  make: () => Uint8Array;
  expect: Expected;
  /** Parts the action may change beyond the bookkeeping: the sheets it edits (the ledger's by default). */
  edits?: string[];
}

// ---- A zip, by hand ----

const CRC = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < data.length; i++) c = CRC[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export interface Entry {
  name: string;
  data: Uint8Array | string;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  dosTime?: number;
  dosDate?: number;
  /** The uncompressed size the directory gives (a lie when it is not the real one). */
  declaredSize?: number;
  /** No bytes of its own: the directory points this entry at the local header of the entry named. */
  sharesWith?: string;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A zip of these entries; `count`: what the end record says the directory holds. */
export function zip(entries: Entry[], options: { count?: number } = {}): Uint8Array {
  const out: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const placed = new Map<string, { offset: number; crc: number; compressed: number; size: number; method: number }>();
  // The same bytes given for several entries are deflated once.
  const deflated = new Map<Uint8Array, { data: Uint8Array; crc: number }>();
  let offset = 0;
  for (const e of entries) {
    const name = utf8(e.name);
    let at = placed.get(e.sharesWith ?? '');
    if (!at) {
      const raw = typeof e.data === 'string' ? utf8(e.data) : e.data;
      const method = e.method ?? 8;
      let done = deflated.get(raw);
      if (!done) {
        done = { data: method === 8 ? new Uint8Array(zlib.deflateRawSync(raw, { level: 9 })) : raw, crc: crc32(raw) };
        if (typeof e.data !== 'string') deflated.set(raw, done);
      }
      const data = done.data;
      at = { offset, crc: done.crc, compressed: data.length, size: raw.length, method };
      const local = Buffer.alloc(30 + name.length);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x800, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(e.dosTime ?? 0, 10);
      local.writeUInt16LE(e.dosDate ?? 0x5821, 12);
      local.writeUInt32LE(at.crc, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(e.declaredSize ?? raw.length, 22);
      local.writeUInt16LE(name.length, 26);
      Buffer.from(name).copy(local, 30);
      out.push(local, data);
      offset += local.length + data.length;
      placed.set(e.name, at);
    }
    const c = Buffer.alloc(46 + name.length);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x800, 8);
    c.writeUInt16LE(at.method, 10);
    c.writeUInt16LE(e.dosTime ?? 0, 12);
    c.writeUInt16LE(e.dosDate ?? 0x5821, 14);
    c.writeUInt32LE(at.crc, 16);
    c.writeUInt32LE(at.compressed, 20);
    c.writeUInt32LE(e.declaredSize ?? at.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(at.offset, 42);
    Buffer.from(name).copy(c, 46);
    central.push(c);
  }
  let size = 0;
  for (const c of central) size += c.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.count ?? central.length, 8);
  end.writeUInt16LE(options.count ?? central.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...out, ...central, end]));
}

// ---- A small ledger, as parts ----

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const HEADER = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '完成日期'];
/** Items as of AS_OF (serial 45392): three overdue, one due soon, one done, one without a deadline, one in progress. */
export const ITEMS: (string | number)[][] = [
  [1, '会议过多', '精简会议', '办公室', '张三', 45366, ''],
  [2, '文件过多', '精简文件', '办公室', '赵𨭎', 45394, ''],
  [3, '调研不深', '开展调研', '业务科', '王五', 45352, 45360],
  [4, '服务不优', '优化服务', '业务科', '李四', 45352, ''],
  [5, '作风漂浮', '转变作风', '纪检室', '钱七', '长期坚持', ''],
  [6, '制度缺失', '建立制度', '纪检室', '孙八', 45440, ''],
  [7, '台账不全', '完善台账', '办公室', '张三', 45390, ''],
];

export function column(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface LedgerOptions {
  /** Cell text as shared strings (else inline). */
  shared?: boolean;
  /** Units for the items (split by unit), in place of the ledger's own. */
  units?: string[];
  /** Extra XML in each item row after its cells, by row number, and after sheetData. */
  rowExtra?: Record<number, string>;
  afterRows?: string;
  afterSheetData?: string;
  /** The main namespace (Strict workbooks have their own). */
  main?: string;
}

/** The ledger sheet's XML, and the shared strings it uses. */
export function ledgerSheet(o: LedgerOptions = {}): { sheet: string; strings: string[] } {
  const strings: string[] = [];
  const cell = (r: number, c: number, v: string | number) => {
    const ref = `${column(c)}${r}`;
    if (v === '') return '';
    if (typeof v === 'number') return `<c r="${ref}"${r > 1 && c >= 6 ? ' s="1"' : ''}><v>${v}</v></c>`;
    if (o.shared) return `<c r="${ref}" t="s"><v>${strings.push(v) - 1}</v></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  };
  const items = ITEMS.map((item, i) => (o.units ? item.map((v, j) => (j === 3 ? o.units![i % o.units!.length] : v)) : item));
  const rows = [HEADER, ...items].map(
    (values, i) => `<row r="${i + 1}">${values.map((v, j) => cell(i + 1, j + 1, v)).join('')}${o.rowExtra?.[i + 1] ?? ''}</row>`,
  );
  return {
    sheet:
      `${DECL}<worksheet xmlns="${o.main ?? MAIN}" xmlns:r="${REL}"><dimension ref="A1:G8"/><sheetData>${rows.join('')}${o.afterRows ?? ''}</sheetData>` +
      `${o.afterSheetData ?? ''}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    strings,
  };
}

export const STYLES =
  `${DECL}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>` +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

export function sstXml(strings: string[]): string {
  return `${DECL}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`;
}

export interface BookOptions extends LedgerOptions {
  /** More sheets after the ledger: name → part XML. */
  sheets?: { name: string; xml: string }[];
  workbook?: (xml: string) => string;
  rels?: (xml: string) => string;
  types?: (xml: string) => string;
  styles?: string;
  /** Parts added as they are. */
  extra?: Record<string, string | Uint8Array>;
}

/** A workbook with the ledger on its first sheet, as parts (name → text). */
export function book(o: BookOptions = {}): Record<string, string | Uint8Array> {
  const { sheet, strings } = ledgerSheet(o);
  const sheets = [{ name: '整改台账', xml: sheet }, ...(o.sheets ?? [])];
  const sheetRels = sheets.map((_, i) => `<Relationship Id="rId${i + 10}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const wb =
    `${DECL}<workbook xmlns="${o.main ?? MAIN}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews><sheets>` +
    sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 10}"/>`).join('') +
    '</sheets><calcPr calcId="191029"/></workbook>';
  const rels =
    `${DECL}<Relationships xmlns="${PKG}">${sheetRels}<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
    `${o.shared ? `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`;
  const types =
    `${DECL}<Types xmlns="${CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheets
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${o.shared ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`;
  const parts: Record<string, string | Uint8Array> = {
    '[Content_Types].xml': o.types ? o.types(types) : types,
    '_rels/.rels': `${DECL}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': o.workbook ? o.workbook(wb) : wb,
    'xl/_rels/workbook.xml.rels': o.rels ? o.rels(rels) : rels,
    'xl/styles.xml': o.styles ?? STYLES,
  };
  sheets.forEach((s, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = s.xml));
  if (o.shared) parts['xl/sharedStrings.xml'] = sstXml(strings);
  return { ...parts, ...o.extra };
}

const entries = (parts: Record<string, string | Uint8Array>, more: Partial<Entry> = {}): Entry[] =>
  Object.entries(parts).map(([name, data]) => ({ name, data, ...more }));

export const packed = (parts: Record<string, string | Uint8Array>) => zip(entries(parts));

/** UTF-16 bytes of a text, little- or big-endian, with or without a byte-order mark. */
function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const t = bom ? `\ufeff${text}` : text;
  const out = new Uint8Array(t.length * 2);
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    out[i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
    out[i * 2 + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return out;
}

/** A run of `n` bytes of one character, as bytes (kept out of V8's string heap while it is made). */
function run(n: number, char = ' '): Uint8Array {
  return new Uint8Array(n).fill(char.charCodeAt(0));
}

/** A text with markers in it replaced by bytes (runs too large to be made as strings). */
function withBytes(text: string, marker: string, bytes: Uint8Array, marker2?: string, bytes2?: Uint8Array): Uint8Array {
  const [before, after] = text.split(marker);
  if (!marker2) return new Uint8Array(Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]));
  const [middle, last] = after.split(marker2);
  return new Uint8Array(Buffer.concat([Buffer.from(before), bytes, Buffer.from(middle), bytes2!, Buffer.from(last)]));
}

/** Text that deflates about 74:1 (a pattern with a little noise in it; ASCII, so every byte stays a character). */
function compressible(n: number): Uint8Array {
  const out = new Uint8Array(n);
  const pattern = Buffer.from('zhenggai taizhang shuju, wenti miaoshu, zhenggai cuoshi, zeren danwei; '.repeat(5));
  let seed = 7;
  for (let at = 0, k = 0; at < n; at += pattern.length, k++) {
    out.set(pattern.subarray(0, Math.min(pattern.length, n - at)), at);
    for (let e = 0; e < 1 + (k % 3 === 0 ? 1 : 0); e++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const p = at + (seed % pattern.length);
      if (p < n) out[p] = 0x30 + ((seed >> 8) % 10);
    }
  }
  return out;
}

const MB = 1024 * 1024;
const refused = (problem: Record<string, unknown>, message: RegExp): Expected => ({ ok: false, problem, message });
const OK: Expected = { ok: true };
const LEDGER = 'xl/worksheets/sheet1.xml';

export const CASES: HostileCase[] = [
  // ---- 3. Invalid outputs ----
  {
    id: 'xfd-value',
    issue: '3: a value in the last column (XFD): the flag wrote XFF-XFH',
    command: 'flag',
    file: 'xfd-value.xlsx',
    make: () => packed(book({ rowExtra: { 3: '<c r="XFD3" t="inlineStr"><is><t>备注</t></is></c>' } })),
    expect: refused({ kind: 'noRoom' }, /XFD/),
  },
  {
    id: 'xfd-value-add-status',
    issue: '3: a value in the last column (XFD): add-status wrote past it',
    command: 'add-status',
    file: 'xfd-value-add-status.xlsx',
    make: () => packed(book({ rowExtra: { 3: '<c r="XFD3" t="inlineStr"><is><t>备注</t></is></c>' } })),
    expect: refused({ kind: 'noRoom' }, /XFD/),
  },
  {
    id: 'unit-fffe',
    issue: '3: U+FFFE in a unit name gave a unit copy that is not valid XML',
    command: 'split',
    file: 'unit-fffe.xlsx',
    make: () => packed(book({ units: ['办公室\ufffe', '业务科\uffff'] })),
    expect: OK,
  },
  {
    id: 'styles-rel-to-sheet',
    issue: "3: a styles relationship pointing at a sheet lost that sheet's edits",
    command: 'flag',
    file: 'styles-rel-to-sheet.xlsx',
    make: () => packed(book({ rels: (x) => x.replace('Target="styles.xml"', 'Target="worksheets/sheet1.xml"') })),
    expect: OK,
  },
  {
    id: 'duplicate-entry',
    issue: '3: duplicate zip entry names were copied as duplicates',
    command: 'flag',
    file: 'duplicate-entry.xlsx',
    make: () => zip([...entries(book()), { name: 'xl/styles.xml', data: STYLES }]),
    expect: refused({ kind: 'badZip', reason: 'duplicate' }, /xl\/styles\.xml/),
  },
  {
    id: 'directory-count-lies',
    issue: '3: a zip whose directory count lies lost the parts past the count',
    command: 'flag',
    file: 'directory-count-lies.xlsx',
    make: () => {
      const parts = book();
      for (let i = 0; i < 200; i++) parts[`customXml/item${i}.xml`] = `<item n="${i}"/>`;
      return zip(entries(parts), { count: 6 });
    },
    expect: OK,
  },
  {
    id: 'overlapping-entries',
    issue: '3: overlapping zip entries (a 2.3 MB file) made a 6 GB output',
    command: 'flag',
    file: 'overlapping-entries.xlsx',
    make: () => {
      const list = entries(book());
      list.push({ name: 'media/big.bin', data: new Uint8Array(2 * MB).map((_, i) => (i * 7919) & 0xff), method: 0 });
      for (let i = 0; i < 2500; i++) list.push({ name: `media/copy${i}.bin`, data: '', sharesWith: 'media/big.bin' });
      return zip(list);
    },
    expect: refused({ kind: 'badZip', reason: 'overlap' }, /media\/copy0\.bin/),
  },
  // ---- 4. The tokenizer ----
  {
    id: 'spaces-31mb',
    issue: '4: 31 MB of spaces packed into 34 KB took 141.6 s',
    command: 'flag',
    file: 'spaces-31mb.xlsx',
    make: () => {
      const parts = book({ afterRows: '@@' });
      parts[LEDGER] = withBytes(parts[LEDGER] as string, '@@', run(31 * MB));
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'text-64mb',
    issue: '4: 64 MB of text at 74:1 took 13 min 52 s',
    command: 'flag',
    file: 'text-64mb.xlsx',
    make: () => {
      const other = `${DECL}<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>@@</t></is></c></row></sheetData></worksheet>`;
      const parts = book({ sheets: [{ name: '附件', xml: other }] });
      parts['xl/worksheets/sheet2.xml'] = withBytes(other, '@@', compressible(64 * MB));
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'comment-31mb',
    issue: '4: a comment (or an attribute) that runs on without a "<" was rescanned with every chunk',
    command: 'flag',
    file: 'comment-31mb.xlsx',
    make: () => {
      const parts = book({ afterSheetData: '<!--@@--><extLst><ext uri="x" v="##"/></extLst>' });
      parts[LEDGER] = withBytes(parts[LEDGER] as string, '@@', run(16 * MB, '-'), '##', run(15 * MB, 'a'));
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'shared-part-3000',
    issue: '4: 3,000 sheets pointing at one part ran past 600 s',
    command: 'flag',
    file: 'shared-part-3000.xlsx',
    make: () => {
      const n = 3000;
      const parts = book({
        afterRows: '@@',
        workbook: (x) =>
          x.replace('</sheets>', `${Array.from({ length: n }, (_, i) => `<sheet name="S${i}" sheetId="${i + 100}" r:id="rX${i}"/>`).join('')}</sheets>`),
        rels: (x) =>
          x.replace(
            '</Relationships>',
            `${Array.from({ length: n }, (_, i) => `<Relationship Id="rX${i}" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`).join('')}</Relationships>`,
          ),
      });
      parts[LEDGER] = withBytes(parts[LEDGER] as string, '@@', run(5 * MB));
      return packed(parts);
    },
    expect: OK,
  },
  // ---- 5. Out of memory ----
  {
    id: 'content-types-namespaces',
    issue: '5: [Content_Types].xml with 2,000 namespace declarations and 100,000 children took 3.3 GB',
    command: 'flag',
    file: 'content-types-namespaces.xlsx',
    make: () =>
      packed(
        book({
          types: (x) =>
            x
              .replace('<Types ', `<Types ${Array.from({ length: 2000 }, (_, i) => `xmlns:n${i}="urn:n${i}"`).join(' ')} `)
              .replace('</Types>', `${'<n7:x/>'.repeat(100_000)}</Types>`),
        }),
      ),
    expect: OK,
  },
  {
    id: 'workbook-namespaces',
    issue: '5: a 143 KB workbook.xml did the same',
    command: 'flag',
    file: 'workbook-namespaces.xlsx',
    make: () =>
      packed(
        book({
          workbook: (x) =>
            x
              .replace('<workbook ', `<workbook ${Array.from({ length: 2000 }, (_, i) => `xmlns:n${i}="urn:n${i}"`).join(' ')} `)
              .replace('</workbook>', `<extLst><ext uri="urn:x">${'<n7:x/>'.repeat(100_000)}</ext></extLst></workbook>`),
        }),
      ),
    expect: OK,
  },
  {
    id: 'styles-7.8m-xf',
    issue: '5: 7.8 million elements in styles.xml took 2.58 GB',
    command: 'flag',
    file: 'styles-7.8m-xf.xlsx',
    make: () => packed(book({ styles: STYLES.replace('</cellXfs>', `${'<xf/>'.repeat(7_800_000)}</cellXfs>`) })),
    // 39 MB in 56 KB (680 times over, under the bomb ratio): refused by its count of formats.
    expect: refused({ kind: 'limit', what: 'styles' }, /1,000,000/),
  },
  {
    id: 'styles-1.2m-xf',
    issue: '5: more cell formats than any workbook has (Excel stops at 64,000)',
    command: 'flag',
    file: 'styles-1.2m-xf.xlsx',
    make: () => packed(book({ styles: STYLES.replace('</cellXfs>', `${'<xf/>'.repeat(1_200_000)}</cellXfs>`) })),
    expect: refused({ kind: 'limit', what: 'styles' }, /1,000,000/),
  },
  {
    id: 'styles-7.8m-elsewhere',
    issue: '5: 7.8 million elements in styles.xml, where styles are not read (an extension list)',
    command: 'flag',
    file: 'styles-7.8m-elsewhere.xlsx',
    make: () => packed(book({ styles: STYLES.replace('</styleSheet>', `<extLst><ext uri="urn:x">${'<y/>'.repeat(7_800_000)}</ext></extLst></styleSheet>`) })),
    expect: OK,
  },
  // ---- 6. Unbounded numbers and input ----
  {
    id: 'row-4294967295',
    issue: '6: a row number of 4294967295 made later code walk every row up to it',
    command: 'flag',
    file: 'row-4294967295.xlsx',
    make: () => packed(book({ afterRows: '<row r="4294967295"><c r="A4294967295"><v>1</v></c></row>' })),
    expect: refused({ kind: 'limit', what: 'rowNumber' }, /1,048,576/),
  },
  {
    id: 'column-past-xfd',
    issue: '6: a column past XFD',
    command: 'flag',
    file: 'column-past-xfd.xlsx',
    make: () => packed(book({ rowExtra: { 2: '<c r="XFE2"><v>1</v></c>' } })),
    expect: refused({ kind: 'limit', what: 'colNumber' }, /16,384/),
  },
  {
    id: 'docx-ilvl',
    issue: '6: a .docx numbering level ilvl of 4e8 crashed V8 (exit 133)',
    command: 'parse',
    file: 'docx-ilvl.docx',
    make: () => {
      const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
      const p = (text: string, ilvl: string) =>
        `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
      return zip([
        {
          name: '[Content_Types].xml',
          data: `${DECL}<Types xmlns="${CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
        },
        {
          name: '_rels/.rels',
          data: `${DECL}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
        },
        {
          name: 'word/numbering.xml',
          data: `${DECL}<w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="400000000"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
        },
        {
          name: 'word/document.xml',
          data: `${DECL}<w:document xmlns:w="${W}"><w:body>${p('学习动员阶段(2026年2月18日至3月10日)', '0')}${p('查摆问题阶段(3月11日至4月30日)', '400000000')}</w:body></w:document>`,
        },
      ]);
    },
    expect: OK,
  },
  {
    id: 'dev-zero',
    issue: '6: flag /dev/zero read without limit (8.9 GB after 60 s)',
    command: 'flag',
    file: '/dev/zero',
    make: () => new Uint8Array(0),
    expect: refused({ kind: 'notXlsx' }, /不是可读取的 \.xlsx/),
  },
  {
    id: 'endless-stdin',
    issue: '6: parse - read standard input without limit',
    command: 'parse',
    file: '-',
    make: () => new Uint8Array(0),
    expect: refused({ kind: 'fileTooLarge' }, /64 MB/),
  },
  // ---- 8. Long unit names ----
  {
    id: 'unit-76-cjk',
    issue: '8: a 责任单位 of 76 or more CJK characters failed with ENAMETOOLONG after the master was numbered',
    command: 'split',
    file: 'unit-76-cjk.xlsx',
    make: () =>
      packed(
        book({
          units: [
            '市委办公室、市政府办公室、市发展改革委、市教育局、市科技局、市工业和信息化局、市公安局、市民政局、市司法局、市财政局、市人力资源社会保障局、市自然资源和规划局',
            '业务科',
          ],
        }),
      ),
    expect: OK,
  },
  {
    id: 'unit-emoji',
    issue: '8: 40 emoji in a unit name were cut mid-surrogate (U+FFFD in the file name)',
    command: 'split',
    file: 'unit-emoji.xlsx',
    make: () => packed(book({ units: ['办' + '😀'.repeat(40), '业务科'] })),
    expect: OK,
  },
  // ---- 9. Valid files refused or misread ----
  {
    id: 'zip-dates',
    issue: '9: zip timestamps outside 1980-2099 crashed fflate (Zip.add: date not in range)',
    command: 'flag',
    file: 'zip-dates.xlsx',
    make: () =>
      zip(
        entries(book()).map((e, i) => ({
          ...e,
          // 0 (1980-00-00), 2107-15-31 24:63:62, 1980-01-01: every value a DOS date field can hold.
          dosDate: [0, 0xffff, 0x0021][i % 3],
          dosTime: [0, 0xffff, 0][i % 3],
        })),
      ),
    expect: OK,
  },
  {
    id: 'calcpr-fullcalc',
    issue: '9: calcPr with fullCalcOnLoad already got a second one ("Attribute fullCalcOnLoad redefined")',
    command: 'flag',
    file: 'calcpr-fullcalc.xlsx',
    make: () => packed(book({ workbook: (x) => x.replace('<calcPr calcId="191029"/>', `<calcPr calcId="191029" fullCalcOnLoad = '0'/>`) })),
    expect: OK,
  },
  {
    id: 'utf16-bom',
    issue: '9: parts in UTF-16 with a BOM were called damaged',
    command: 'flag',
    file: 'utf16-bom.xlsx',
    make: () => {
      const parts = book({ shared: true });
      for (const name of ['xl/workbook.xml', LEDGER, 'xl/sharedStrings.xml', 'xl/styles.xml'])
        parts[name] = utf16((parts[name] as string).replace('encoding="UTF-8"', 'encoding="UTF-16"'), false, true);
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'utf16be-no-bom',
    issue: '9: parts in UTF-16 without a BOM were called damaged',
    command: 'flag',
    file: 'utf16be-no-bom.xlsx',
    make: () => {
      const parts = book({ shared: true });
      for (const name of ['xl/workbook.xml', LEDGER, 'xl/sharedStrings.xml', '_rels/.rels'])
        parts[name] = utf16((parts[name] as string).replace('encoding="UTF-8"', 'encoding="UTF-16"'), true, false);
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'undefined-entity',
    issue: '9: an undefined entity LibreOffice tolerates was called damaged',
    command: 'flag',
    file: 'undefined-entity.xlsx',
    make: () => {
      const parts = book({ shared: true });
      parts['xl/sharedStrings.xml'] = (parts['xl/sharedStrings.xml'] as string).replace('<t>精简会议</t>', '<t>精简&nbsp;会议</t>');
      parts['xl/workbook.xml'] = (parts['xl/workbook.xml'] as string).replace(
        '</sheets>',
        '</sheets><definedNames><definedName name="注&nbsp;释">1</definedName></definedNames>',
      );
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'size-mismatch',
    issue: "9: an entry whose declared size mismatches was called damaged (calamine's issue252)",
    command: 'flag',
    file: 'size-mismatch.xlsx',
    make: () =>
      zip(
        entries(book({ shared: true })).map((e) =>
          e.name === LEDGER ? { ...e, declaredSize: 100 } : e.name === 'xl/sharedStrings.xml' ? { ...e, declaredSize: 1_000_000 } : e,
        ),
      ),
    expect: OK,
  },
  {
    id: 'strict',
    issue: '9: Strict Open XML was refused (79 files), though Excel opens and saves it',
    command: 'flag',
    file: 'strict.xlsx',
    make: () => {
      const strictRel = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
      const parts = book({ main: 'http://purl.oclc.org/ooxml/spreadsheetml/main' });
      for (const [name, text] of Object.entries(parts))
        if (typeof text === 'string') parts[name] = text.split(REL).join(strictRel).split(MAIN).join('http://purl.oclc.org/ooxml/spreadsheetml/main');
      parts['xl/workbook.xml'] = (parts['xl/workbook.xml'] as string).replace('<workbook ', '<workbook conformance="strict" ');
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'case-duplicates',
    issue: '9: a ledger in a package with case-insensitive duplicate part names was not found',
    command: 'flag',
    file: 'case-duplicates.xlsx',
    make: () => {
      const parts = book({ rels: (x) => x.replace('Target="worksheets/sheet1.xml"', 'Target="worksheets/Sheet1.xml"') });
      // The ledger first, its empty twin in lower case after it: a reader that keeps the last of
      // names equal but for case reads the twin.
      const ledger = parts[LEDGER];
      delete parts[LEDGER];
      parts['xl/worksheets/Sheet1.xml'] = ledger;
      parts[LEDGER] = `${DECL}<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`;
      return packed(parts);
    },
    expect: OK,
    edits: ['xl/worksheets/Sheet1.xml'],
  },
  {
    id: 'gb2312-part',
    issue: '9: a GB2312-declared part was misread',
    command: 'flag',
    file: 'gb2312-part.xlsx',
    make: () => {
      const parts = book({ shared: true });
      const text = (parts['xl/sharedStrings.xml'] as string).replace('encoding="UTF-8"', 'encoding="GB2312"').replace('赵𨭎', '赵六');
      parts['xl/sharedStrings.xml'] = gbk(text);
      return packed(parts);
    },
    expect: OK,
  },
  {
    id: 'plan-bad-byte',
    issue: '9: a single invalid UTF-8 byte made a whole plan decode as GB18030 mojibake',
    command: 'parse',
    file: 'plan-bad-byte.txt',
    make: () =>
      new Uint8Array(
        Buffer.concat([
          Buffer.from('关于开展作风建设专项活动的实施方案\n一、学习动员阶段(2026年2月18日至3月10日)\n'),
          Buffer.from([0xff]),
          Buffer.from('二、查摆问题阶段(3月11日至4月30日)\n三、整改落实阶段(5月1日至6月30日)\n'),
        ]),
      ),
    expect: OK,
  },
  // ---- The limits themselves ----
  {
    id: 'name-2000-chars',
    issue: '2: limits on names',
    command: 'flag',
    file: 'name-2000-chars.xlsx',
    make: () => packed(book({ afterSheetData: `<x${'n'.repeat(2000)}/>` })),
    expect: refused({ kind: 'limit', what: 'nameChars' }, /1,000/),
  },
  {
    id: 'attributes-20000',
    issue: '2: limits on attributes',
    command: 'flag',
    file: 'attributes-20000.xlsx',
    make: () =>
      packed(
        book({ workbook: (x) => x.replace('<bookViews>', `<fileVersion ${Array.from({ length: 20_000 }, (_, i) => `a${i}="1"`).join(' ')}/><bookViews>`) }),
      ),
    expect: refused({ kind: 'limit', what: 'attributes' }, /10,000/),
  },
  {
    id: 'namespaces-20000',
    issue: '2: limits on namespace declarations',
    command: 'flag',
    file: 'namespaces-20000.xlsx',
    make: () => {
      // 2,000 declarations on each of ten elements: none has too many attributes, the part has too many declarations.
      const ext = (k: number) => `<ext uri="urn:${k}" ${Array.from({ length: 2000 }, (_, i) => `xmlns:n${i}="urn:n${k}.${i}"`).join(' ')}/>`;
      return packed(
        book({ workbook: (x) => x.replace('</workbook>', `<extLst>${Array.from({ length: 10 }, (_, k) => ext(k)).join('')}</extLst></workbook>`) }),
      );
    },
    expect: refused({ kind: 'limit', what: 'namespaces' }, /10,000/),
  },
  {
    id: 'elements-2m',
    issue: '2: limits on elements',
    command: 'flag',
    file: 'elements-2m.xlsx',
    make: () => packed(book({ types: (x) => x.replace('</Types>', `${'<x/>'.repeat(2_000_000)}</Types>`) })),
    expect: refused({ kind: 'limit', what: 'elements' }, /1,000,000/),
  },
  {
    id: 'depth-20000',
    issue: '2: limits on nesting',
    command: 'flag',
    file: 'depth-20000.xlsx',
    make: () => packed(book({ afterSheetData: `<extLst>${'<e>'.repeat(20_000)}${'</e>'.repeat(20_000)}</extLst>` })),
    expect: refused({ kind: 'limit', what: 'depth' }, /10,000/),
  },
  {
    id: 'sheets-20000',
    issue: '2: limits on sheets',
    command: 'flag',
    file: 'sheets-20000.xlsx',
    make: () =>
      packed(
        book({
          workbook: (x) =>
            x.replace('</sheets>', `${Array.from({ length: 20_000 }, (_, i) => `<sheet name="S${i}" sheetId="${i + 100}" r:id="rId10"/>`).join('')}</sheets>`),
        }),
      ),
    expect: refused({ kind: 'limit', what: 'sheets' }, /10,000/),
  },
  {
    id: 'strings-6m',
    issue: '2: limits on shared strings',
    command: 'flag',
    file: 'strings-6m.xlsx',
    make: () => {
      const parts = book({ shared: true });
      parts['xl/sharedStrings.xml'] = (parts['xl/sharedStrings.xml'] as string).replace('</sst>', `${'<si/>'.repeat(6_000_000)}</sst>`);
      return packed(parts);
    },
    expect: refused({ kind: 'limit', what: 'strings' }, /5,000,000/),
  },
  {
    id: 'entries-20001',
    issue: '2: limits on parts',
    command: 'flag',
    file: 'entries-20001.xlsx',
    make: () => {
      const parts = book();
      for (let i = 0; i < 20_001; i++) parts[`customXml/i${i}.xml`] = '';
      return packed(parts);
    },
    expect: refused({ kind: 'limit', what: 'entries' }, /20,000/),
  },
  {
    id: 'inflated-40x31mb',
    issue: '2: a ratio rule that does not stop at 32 MB: forty sheets of 31 MB at 1,000:1',
    command: 'flag',
    file: 'inflated-40x31mb.xlsx',
    make: () => {
      const spaces = (name: string) => ({ name, xml: `${DECL}<worksheet xmlns="${MAIN}"><sheetData>@@</sheetData></worksheet>` });
      const parts = book({ sheets: Array.from({ length: 40 }, (_, i) => spaces(`S${i}`)) });
      // One run of bytes for the forty sheets: deflated once (see zip).
      const blank = withBytes(spaces('').xml, '@@', run(31 * MB));
      return zip(entries(parts).map((e) => (/sheet([2-9]|\d\d)\.xml$/.test(e.name) ? { ...e, data: blank } : e)));
    },
    expect: refused({ kind: 'limit', what: 'inflated' }, /512 MB/),
  },
  {
    id: 'bomb-200mb',
    issue: '2: a part that inflates a thousand times over (200 MB of spaces)',
    command: 'flag',
    file: 'bomb-200mb.xlsx',
    make: () => {
      const parts = book({ afterRows: '@@' });
      parts[LEDGER] = withBytes(parts[LEDGER] as string, '@@', run(200 * MB));
      return packed(parts);
    },
    expect: refused({ kind: 'limit', what: 'ratio' }, /压缩炸弹|zip bomb/),
  },
];

/** GBK bytes of a text (what a GB2312 declaration covers), from Node's own GB18030 decoder run backwards. */
function gbk(text: string): Uint8Array {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
