/**
 * Puts a small hand-made ledger into a real workbook by editing its XML only (no workbook
 * library), to the right of everything the first visible worksheet holds, in its top rows. The
 * sheet keeps every cell, merge, validation, format and link it had: the corpus tests then check
 * that the actions leave all of that as it was.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export interface InsertedLedger {
  bytes: Uint8Array;
  sheet: string;
  sheetPath: string;
  /** The ledger's first column; its header is on row 1, items on rows 2 … 8. */
  firstCol: number;
  lastCol: number;
  rows: number;
}

const col = (n: number) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};
const colNumber = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

export const LEDGER_HEADER = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '完成日期', '核对日期'];
/** Items; deadlines as dates (serials, date-formatted) or text; 核对日期 a date-formatted cell holding #N/A. */
export const LEDGER_ITEMS: (string | number)[][] = [
  [1, '会议过多', '精简会议', '办公室', '张三', 45366, ''],
  [2, '文件过多', '精简文件', '办公室', '赵𨭎', '2024-04-12', ''],
  [3, '调研不深', '开展调研', '业务科', '王五', 45352, 45360],
  [4, '服务不优 😀', '优化服务', '业务科', '李四', '2024年3月1日', ''],
  [5, '作风漂浮', '转变作风', '纪检室', '钱七', '长期坚持', ''],
  [6, '制度缺失', '建立制度', '纪检室', '孙八', 45440, ''],
  [7, '台账不全', '完善台账', '办公室', '张三', 45390, ''],
];

function resolve(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base.replace(/[^/]*$/, '') + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

function esc(t: string): string {
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function insertLedger(input: Uint8Array): InsertedLedger {
  const files = unzipSync(input);
  const find = (path: string) => Object.keys(files).find((k) => k.toLowerCase() === path.toLowerCase());
  const text = (path: string) => strFromU8(files[find(path)!]);
  const rootRels = text('_rels/.rels');
  const wbTarget = /Type="[^"]*\/officeDocument"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*\/officeDocument"/.exec(rootRels)!;
  const wbPath = resolve('', wbTarget[1] ?? wbTarget[2]);
  const wb = text(wbPath);
  const rels = text(wbPath.replace(/([^/]*)$/, '_rels/$1.rels'));
  const relOf = (id: string) => {
    const m = new RegExp(`<(?:\\w+:)?Relationship\\b[^>]*\\bId="${id}"[^>]*>`).exec(rels)![0];
    return { type: /Type="([^"]+)"/.exec(m)![1], target: /Target="([^"]+)"/.exec(m)![1] };
  };
  const sheets = [...wb.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)].map((m) => ({
    name: /\sname="([^"]*)"/
      .exec(m[1])![1]
      .replace(/&amp;/g, '&')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"'),
    state: /\sstate="([^"]*)"/.exec(m[1])?.[1] ?? 'visible',
    rid: /\s[\w]*:?id="([^"]*)"/.exec(m[1].replace(/\ssheetId="[^"]*"/, ''))![1],
  }));
  const sheet = sheets.find((s) => s.state === 'visible' && /\/worksheet$/.test(relOf(s.rid).type))!;
  const sheetPath = find(resolve(wbPath, relOf(sheet.rid).target))!;
  let xml = text(sheetPath);
  // Dates mean the same days in a workbook that counts from 1904.
  const dateOffset = /<(?:\w+:)?workbookPr\b[^>]*date1904="(?:1|true)"/.test(wb) ? 1462 : 0;
  const p = /<(\w+:)?worksheet[\s>]/.exec(xml)![1] ?? '';

  // A date style appended to styles.xml (existing indices untouched).
  const stylesPath = find(resolve(wbPath, relOf(/Id="(\w+)"[^>]*styles"|styles"[^>]*Id="(\w+)"/.exec(rels)?.slice(1).find(Boolean) ?? 'none').target));
  let dateStyle = 0;
  if (stylesPath) {
    let styles = text(stylesPath);
    const xfs = /<(\w+:)?cellXfs\b[^>]*?(\/>|>([\s\S]*?)<\/(\w+:)?cellXfs>)/.exec(styles);
    if (xfs && xfs[3] !== undefined) {
      const sp = xfs[1] ?? '';
      dateStyle = (xfs[3].match(/<(\w+:)?xf\b/g) ?? []).length;
      const body = `${xfs[3]}<${sp}xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
      styles = styles.replace(xfs[0], xfs[0].replace(xfs[3], body).replace(/count="\d+"/, `count="${dateStyle + 1}"`));
      files[stylesPath] = strToU8(styles);
    }
  }

  // Everything the sheet uses: cells, merges, the dimension.
  let lastCol = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?c\b[^>]*\sr="([A-Z]+)\d+"/g)) lastCol = Math.max(lastCol, colNumber(m[1]));
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*ref="[A-Z]+\d+:([A-Z]+)\d+"/g)) lastCol = Math.max(lastCol, colNumber(m[1]));
  const dim = /<(?:\w+:)?dimension\b[^>]*ref="[A-Z]*\d*:?([A-Z]+)\d+"/.exec(xml);
  if (dim) lastCol = Math.max(lastCol, colNumber(dim[1]));
  if (!/<(?:\w+:)?c\b[^>]*\sr=/.test(xml)) lastCol = Math.max(lastCol, 30);
  const firstCol = lastCol + 2;
  const cell = (r: number, c: number, v: string | number, s?: number) => {
    const ref = `${col(c)}${r}`;
    const style = s ? ` s="${s}"` : '';
    if (v === '') return '';
    if (typeof v === 'number') return `<${p}c r="${ref}"${style}><${p}v>${v}</${p}v></${p}c>`;
    return `<${p}c r="${ref}"${style} t="inlineStr"><${p}is><${p}t>${esc(v)}</${p}t></${p}is></${p}c>`;
  };
  const rowsXml = [LEDGER_HEADER, ...LEDGER_ITEMS].map((values, i) => {
    const r = i + 1;
    const isDate = (v: string | number, j: number) => i > 0 && typeof v === 'number' && j >= 5;
    const cells = values.map((v, j) => cell(r, firstCol + j, isDate(v, j) ? (v as number) - dateOffset : v, isDate(v, j) ? dateStyle : undefined)).join('');
    // 核对日期: a date-formatted formula whose cached result is #N/A.
    const check =
      i > 0
        ? `<${p}c r="${col(firstCol + 7)}${r}" s="${dateStyle}" t="e"><${p}f>VLOOKUP(1,${col(firstCol)}1:${col(firstCol)}1,2,FALSE)</${p}f><${p}v>#N/A</${p}v></${p}c>`
        : '';
    return { r, cells: cells + check };
  });

  // Into the rows that exist (after their last cell), else as new rows in order.
  const rowRe = new RegExp(`<${p}row\\b[^>]*?(\\/>|>[\\s\\S]*?<\\/${p}row>)`, 'g');
  const existing = [...xml.matchAll(rowRe)];
  let implicit = 0;
  const numbered = existing.map((m) => {
    const r = /^<[^>]*\sr="(\d+)"/.exec(m[0]);
    implicit = r ? Number(r[1]) : implicit + 1;
    return { r: implicit, m };
  });
  let out = '';
  let at = 0;
  const pending = [...rowsXml];
  for (const { r, m } of numbered) {
    while (pending.length && pending[0].r < r) {
      const next = pending.shift()!;
      out += xml.slice(at, m.index!) + `<${p}row r="${next.r}">${next.cells}</${p}row>`;
      at = m.index!;
    }
    if (pending.length && pending[0].r === r) {
      const mine = pending.shift()!;
      const row = m[0].endsWith('/>') ? `${m[0].slice(0, -2)}>${mine.cells}</${p}row>` : m[0].replace(new RegExp(`</${p}row>$`), `${mine.cells}</${p}row>`);
      out += xml.slice(at, m.index!) + row;
      at = m.index! + m[0].length;
    }
  }
  out += xml.slice(at);
  xml = out;
  if (pending.length) {
    const rest = pending.map((x) => `<${p}row r="${x.r}">${x.cells}</${p}row>`).join('');
    if (new RegExp(`<${p}sheetData\\s*/>`).test(xml)) xml = xml.replace(new RegExp(`<${p}sheetData\\s*/>`), `<${p}sheetData>${rest}</${p}sheetData>`);
    else xml = xml.replace(`</${p}sheetData>`, `${rest}</${p}sheetData>`);
  }
  files[sheetPath] = strToU8(xml);
  return { bytes: zipSync(files), sheet: sheet.name, sheetPath, firstCol, lastCol: firstCol + LEDGER_HEADER.length - 1, rows: LEDGER_ITEMS.length + 1 };
}
