#!/usr/bin/env node
/**
 * The corpus sweep of issue 23: every .xlsx/.xlsm in the test data of public repositories, fetched
 * beforehand (the `fetch` tool puts them in /work/.mirror/OWNER+NAME/repo; nothing fetched is
 * committed), put through what a user does with a workbook: the flag on the file as it is; then,
 * with a small ledger put into its first worksheet by editing that sheet's XML only, the flag,
 * add-status, and split followed by the merge of one unit's edited copy.
 *
 * Each outcome is one of: ok; refused (with its reason); crashed (an error that is not a refusal,
 * or the process died); hang (past the time limit); false damaged (called damaged, but LibreOffice
 * opens the file); loss (a part not owned by the action changed, or a cell of the sheet it edited).
 *
 *   node scripts/corpus-sweep.js [--dist DIR] [--mirror DIR] [--manifest FILE] [--only REPO] [--limit N] [--out FILE]
 *   node scripts/corpus-sweep.js --make-manifest REPO...   (lists the mirrors' workbooks: repo, commit, paths)
 *
 * --dist: the build to sweep (another worktree's dist, main's say, to compare). The harness (the
 * zip reading and writing that puts the ledger in) is this file's own, so it does not depend on the
 * build under test.
 */
const { execFileSync, fork, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = path.join(ROOT, 'test/fixtures/corpus-sweep.json');
const AS_OF = '2024-04-10';
/** Per file, all actions together. */
const TIMEOUT_MS = 180_000;

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

// ---- A zip, read and written by hand ----

function readZip(b) {
  let eocd = b.length - 22;
  while (eocd >= Math.max(0, b.length - 22 - 0xffff) && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0 || b.readUInt32LE(eocd) !== 0x06054b50) throw new Error('no zip directory');
  const entries = [];
  for (let at = b.readUInt32LE(eocd + 16); at + 46 <= b.length && b.readUInt32LE(at) === 0x02014b50;) {
    const nameLength = b.readUInt16LE(at + 28);
    const flags = b.readUInt16LE(at + 8);
    const rawName = b.subarray(at + 46, at + 46 + nameLength);
    const offset = b.readUInt32LE(at + 42);
    const start = offset + 30 + b.readUInt16LE(offset + 26) + b.readUInt16LE(offset + 28);
    const compressedSize = b.readUInt32LE(at + 20);
    entries.push({
      name: rawName.toString(flags & 0x800 ? 'utf8' : 'latin1'),
      rawName,
      flags,
      method: b.readUInt16LE(at + 10),
      time: b.readUInt16LE(at + 12),
      date: b.readUInt16LE(at + 14),
      crc: b.readUInt32LE(at + 16),
      size: b.readUInt32LE(at + 24),
      madeBy: b.readUInt16LE(at + 4),
      externalAttrs: b.readUInt32LE(at + 38),
      raw: b.subarray(start, start + compressedSize),
    });
    at += 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return entries;
}

const inflate = (e) => (e.method === 8 ? zlib.inflateRawSync(e.raw) : Buffer.from(e.raw));

function crc32(data) {
  return zlib.crc32(data) >>> 0;
}

function writeZip(entries) {
  const out = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30 + e.rawName.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags & ~8, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.raw.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.rawName.length, 26);
    Buffer.from(e.rawName).copy(local, 30);
    const c = Buffer.alloc(46 + e.rawName.length);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(e.madeBy, 4);
    local.copy(c, 6, 4, 26);
    c.writeUInt16LE(e.rawName.length, 28);
    c.writeUInt32LE(e.externalAttrs, 38);
    c.writeUInt32LE(offset, 42);
    Buffer.from(e.rawName).copy(c, 46);
    out.push(local, e.raw);
    central.push(c);
    offset += local.length + e.raw.length;
  }
  const size = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, ...central, end]);
}

/** A part's text and how to write it back the same way (UTF-8, or UTF-16 with its byte order and mark). */
function decode(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: bytes.subarray(2).toString('utf16le'), encode: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]) };
  const swap = (b) => {
    const c = Buffer.from(b);
    c.swap16();
    return c;
  };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: swap(bytes.subarray(2)).toString('utf16le'), encode: (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), swap(Buffer.from(t, 'utf16le'))]) };
  if (bytes[0] === 0x3c && bytes[1] === 0) return { text: bytes.toString('utf16le'), encode: (t) => Buffer.from(t, 'utf16le') };
  if (bytes[0] === 0 && bytes[1] === 0x3c) return { text: swap(bytes).toString('utf16le'), encode: (t) => swap(Buffer.from(t, 'utf16le')) };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return {
    text: bytes.subarray(bom ? 3 : 0).toString('utf8'),
    encode: (t) => Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(t, 'utf8')]),
  };
}

function replaced(e, bytes) {
  const raw = zlib.deflateRawSync(bytes);
  return { ...e, method: 8, raw, crc: crc32(bytes), size: bytes.length };
}

// ---- A ledger put into the first visible worksheet (as test/helpers/insert-ledger.ts does) ----

const HEADER = ['序号', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '完成日期'];
const ITEMS = [
  [1, '会议过多', '精简会议', '办公室', '张三', 45366, ''],
  [2, '文件过多', '精简文件', '办公室', '赵𨭎', '2024-04-12', ''],
  [3, '调研不深', '开展调研', '业务科', '王五', 45352, 45360],
  [4, '服务不优 😀', '优化服务', '业务科', '李四', '2024年3月1日', ''],
  [5, '作风漂浮', '转变作风', '纪检室', '钱七', '长期坚持', ''],
  [6, '制度缺失', '建立制度', '纪检室', '孙八', 45440, ''],
  [7, '台账不全', '完善台账', '办公室', '张三', 45390, ''],
];
const col = (n) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};
const colNumber = (letters) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function resolve(base, target) {
  const parts = (target.startsWith('/') ? target.slice(1) : base.replace(/[^/]*$/, '') + target).split('/');
  const out = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}
/** An attribute's value, its quotes matched and its references decoded (a sheet named L'E or S&amp;P). */
const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  const v = m ? (m[1] ?? m[2]) : undefined;
  return v === undefined ? undefined : xmlDecode(v);
};
const xmlDecode = (v) =>
  v.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi, (_, hex, dec, named) =>
    hex
      ? String.fromCodePoint(parseInt(hex, 16))
      : dec
        ? String.fromCodePoint(Number(dec))
        : { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[named.toLowerCase()],
  );

/** The file with the ledger in; null when it has no worksheet to put one in. */
function insertLedger(bytes) {
  const entries = readZip(bytes);
  const find = (p) => entries.find((e) => e.name === p) ?? entries.find((e) => e.name.toLowerCase() === p.toLowerCase());
  const text = (p) => decode(inflate(find(p))).text;
  const rootRels = text('_rels/.rels');
  const officeRel = [...rootRels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => /\/officeDocument["']/.test(t));
  const wbPath = resolve('', attr(officeRel, 'Target'));
  const wb = text(wbPath);
  const relsEntry = find(wbPath.replace(/([^/]*)$/, '_rels/$1.rels'));
  const rels = relsEntry ? decode(inflate(relsEntry)).text : '';
  const relTags = [...rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => m[0]);
  const relOf = (id) => relTags.find((t) => attr(t, 'Id') === id);
  const sheets = [...wb.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)].map((m) => ({
    state: attr(m[1], 'state') ?? 'visible',
    rid: /\s[\w]+:id\s*=\s*["']([^"']*)["']/.exec(m[1])?.[1],
    name: attr(m[1], 'name'),
  }));
  const sheet = sheets.find((s) => {
    const r = s.rid && relOf(s.rid);
    return s.state === 'visible' && r && /\/worksheet$/.test(attr(r, 'Type') ?? '') && find(resolve(wbPath, attr(r, 'Target')));
  });
  if (!sheet) throw new Error('no visible worksheet to put a ledger in');
  const sheetEntry = find(resolve(wbPath, attr(relOf(sheet.rid), 'Target')));
  const { text: xml0, encode } = decode(inflate(sheetEntry));
  let xml = xml0;
  const dateOffset = /<(?:\w+:)?workbookPr\b[^>]*date1904\s*=\s*["'](?:1|true)["']/.test(wb) ? 1462 : 0;
  const p = /<(\w+:)?worksheet[\s>]/.exec(xml)?.[1] ?? '';

  // A date style appended to styles.xml (existing indices untouched).
  const stylesRel = relTags.find((t) => /\/styles$/.test(attr(t, 'Type') ?? ''));
  const stylesEntry = stylesRel && find(resolve(wbPath, attr(stylesRel, 'Target')));
  const replacements = new Map();
  let dateStyle = 0;
  if (stylesEntry) {
    const { text: styles, encode: encodeStyles } = decode(inflate(stylesEntry));
    const xfs = /<(\w+:)?cellXfs\b[^>]*?(\/>|>([\s\S]*?)<\/(\w+:)?cellXfs>)/.exec(styles);
    if (xfs && xfs[3] !== undefined) {
      const sp = xfs[1] ?? '';
      dateStyle = (xfs[3].match(/<(\w+:)?xf\b/g) ?? []).length;
      const body = `${xfs[3]}<${sp}xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
      const next = styles.replace(xfs[0], xfs[0].replace(xfs[3], body).replace(/count="\d+"/, `count="${dateStyle + 1}"`));
      replacements.set(stylesEntry, encodeStyles(next));
    }
  }

  let lastCol = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?c\b[^>]*\sr="([A-Z]+)\d+"/g)) lastCol = Math.max(lastCol, colNumber(m[1]));
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*ref="[A-Z]+\d+:([A-Z]+)\d+"/g)) lastCol = Math.max(lastCol, colNumber(m[1]));
  const dim = /<(?:\w+:)?dimension\b[^>]*ref="[A-Z]*\d*:?([A-Z]+)\d+"/.exec(xml);
  // A dimension out to XFD (Gnumeric writes A1:XFD1048576) says nothing of where cells stand.
  if (dim && colNumber(dim[1]) < 16000) lastCol = Math.max(lastCol, colNumber(dim[1]));
  if (!/<(?:\w+:)?c\b[^>]*\sr=/.test(xml)) lastCol = Math.max(lastCol, 30);
  // No room right of what the sheet holds: a file the harness cannot put a ledger into.
  if (lastCol + 20 > 16384) throw new Error('no room right of the sheet for a ledger');
  const firstCol = lastCol + 2;
  const cell = (r, c, v, s) => {
    const ref = `${col(c)}${r}`;
    const style = s ? ` s="${s}"` : '';
    if (v === '') return '';
    if (typeof v === 'number') return `<${p}c r="${ref}"${style}><${p}v>${v}</${p}v></${p}c>`;
    return `<${p}c r="${ref}"${style} t="inlineStr"><${p}is><${p}t>${esc(v)}</${p}t></${p}is></${p}c>`;
  };
  const rowsXml = [HEADER, ...ITEMS].map((values, i) => {
    const isDate = (v, j) => i > 0 && typeof v === 'number' && j >= 5;
    return {
      r: i + 1,
      cells: values.map((v, j) => cell(i + 1, firstCol + j, isDate(v, j) ? v - dateOffset : v, isDate(v, j) ? dateStyle : undefined)).join(''),
    };
  });
  const rowRe = new RegExp(`<${p}row\\b[^>]*?(\\/>|>[\\s\\S]*?<\\/${p}row>)`, 'g');
  let implicit = 0;
  const numbered = [...xml.matchAll(rowRe)].map((m) => {
    const r = /^<[^>]*\sr="(\d+)"/.exec(m[0]);
    implicit = r ? Number(r[1]) : implicit + 1;
    return { r: implicit, m };
  });
  let out = '';
  let at = 0;
  const pending = [...rowsXml];
  for (const { r, m } of numbered) {
    while (pending.length && pending[0].r < r) {
      const next = pending.shift();
      out += xml.slice(at, m.index) + `<${p}row r="${next.r}">${next.cells}</${p}row>`;
      at = m.index;
    }
    if (pending.length && pending[0].r === r) {
      const next = pending.shift();
      const row = m[0];
      const merged = row.endsWith('/>')
        ? row.replace(/\s*\/>$/, `>${next.cells}</${p}row>`)
        : row.replace(new RegExp(`</${p}row>$`), `${next.cells}</${p}row>`);
      out += xml.slice(at, m.index) + merged;
      at = m.index + row.length;
    }
  }
  out += xml.slice(at);
  xml = out;
  if (pending.length) {
    const rest = pending.map((n) => `<${p}row r="${n.r}">${n.cells}</${p}row>`).join('');
    if (new RegExp(`<${p}sheetData\\s*/>`).test(xml)) xml = xml.replace(new RegExp(`<${p}sheetData\\s*/>`), `<${p}sheetData>${rest}</${p}sheetData>`);
    else xml = xml.replace(`</${p}sheetData>`, `${rest}</${p}sheetData>`);
  }
  replacements.set(sheetEntry, encode(xml));
  const written = writeZip(entries.map((e) => (replacements.has(e) ? replaced(e, replacements.get(e)) : e)));
  return { bytes: written, sheetPath: sheetEntry.name, firstCol, sheetName: sheet.name };
}

// ---- What an action must keep ----

const CELL = /<(?:\w+:)?c\b[^>]*?\sr\s*=\s*["']([A-Z]+\d+)["'][^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?c>)/g;
function cellsOf(xml) {
  const cells = new Map();
  for (const m of xml.matchAll(CELL)) cells.set(m[1], m[0]);
  return cells;
}

/** Parts the actions own: the workbook's bookkeeping, found where the package says. */
function bookkeeping(entries) {
  const find = (p) => entries.find((e) => e.name === p) ?? entries.find((e) => e.name.toLowerCase() === p.toLowerCase());
  const rootRels = decode(inflate(find('_rels/.rels'))).text;
  const officeRel = [...rootRels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => /\/officeDocument["']/.test(t));
  const wbPath = resolve('', attr(officeRel, 'Target'));
  const relsPath = wbPath.replace(/([^/]*)$/, '_rels/$1.rels');
  const relsEntry = find(relsPath);
  const owned = new Set(['[content_types].xml', wbPath.toLowerCase(), relsPath.toLowerCase()]);
  if (relsEntry)
    for (const m of decode(inflate(relsEntry)).text.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g))
      if (/\/(styles|calcChain)$/.test(attr(m[0], 'Type') ?? '')) owned.add(resolve(wbPath, attr(m[0], 'Target')).toLowerCase());
  return owned;
}

/** What an action lost: parts it does not own that changed, cells of the edited sheet that changed. */
function losses(beforeBytes, afterBytes, sheetPath, changedCells = new Set()) {
  const before = readZip(Buffer.from(beforeBytes));
  const after = readZip(Buffer.from(afterBytes));
  const owned = bookkeeping(before);
  const byName = new Map(after.map((e) => [e.name, e]));
  const lost = [];
  for (const e of before) {
    if (owned.has(e.name.toLowerCase()) || e.name === sheetPath) continue;
    const a = byName.get(e.name);
    if (!a || !Buffer.from(a.raw).equals(Buffer.from(e.raw))) lost.push(`part ${e.name}`);
  }
  const sheetBefore = before.find((e) => e.name === sheetPath);
  const sheetAfter = byName.get(sheetPath);
  if (!sheetAfter) lost.push(`part ${sheetPath}`);
  else {
    const cellsAfter = cellsOf(decode(inflate(sheetAfter)).text);
    for (const [ref, xml] of cellsOf(decode(inflate(sheetBefore)).text)) if (!changedCells.has(ref) && cellsAfter.get(ref) !== xml) lost.push(`cell ${ref}`);
  }
  return lost;
}

// ---- The child: runs the actions on one file at a time ----

function child(dist) {
  const load = (p) => require(path.join(dist, p));
  const { flagXlsx } = load('xlsx/flag.js');
  const { addStatusColumnsXlsx } = load('xlsx/status-columns.js');
  const { splitXlsx } = load('xlsx/split.js');
  const { mergeXlsx } = load('xlsx/merge.js');
  const { ProblemError } = load('core/flag/messages.js');
  load('cli/compressor.js').useNodeCompressor();
  load('cli/exceljs-utf8.js').encodeExcelJsPartsWhole();

  const outcome = async (run) => {
    try {
      return { status: 'ok', value: await run() };
    } catch (error) {
      if (error instanceof ProblemError) {
        const p = error.problem;
        return { status: 'refused', reason: [p.kind, p.what ?? p.reason].filter(Boolean).join(':') };
      }
      return { status: 'crashed', reason: String(error && error.stack ? error.stack.split('\n').slice(0, 8).join(' | ') : error).slice(0, 1200) };
    }
  };
  const brief = (o, check) => {
    if (o.status !== 'ok') return { status: o.status, reason: o.reason };
    const lost = check ? check(o.value) : [];
    return lost.length ? { status: 'loss', reason: lost.slice(0, 5).join('; ') } : { status: 'ok' };
  };

  /** The unit's edit: 完成日期 of its first item set to 2024-04-05, in the copy's XML. */
  function editCopy(bytes) {
    const entries = readZip(Buffer.from(bytes));
    const sstEntry = entries.find((e) => e.name === 'xl/sharedStrings.xml');
    const strings = sstEntry ? [...decode(inflate(sstEntry)).text.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1].replace(/<[^>]+>/g, '')) : [];
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml');
    let xml = decode(inflate(sheet)).text;
    let column = null;
    let headerRow = 0;
    for (const m of xml.matchAll(/<c r="([A-Z]+)(\d+)"[^>]*t="s"[^>]*><v>(\d+)<\/v><\/c>/g))
      if (strings[Number(m[3])] === '完成日期') {
        column = m[1];
        headerRow = Number(m[2]);
        break;
      }
    if (!column) throw new Error('the copy has no 完成日期');
    const r = headerRow + 1;
    const rowRe = new RegExp(`<row r="${r}"[^>]*>([\\s\\S]*?)</row>`);
    const row = rowRe.exec(xml);
    const cells = [...row[1].matchAll(/<c r="([A-Z]+)\d+"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)].filter((m) => m[1] !== column);
    cells.push([`<c r="${column}${r}"><v>45387</v></c>`, column]);
    cells.sort((a, b) => colNumber(a[1]) - colNumber(b[1]));
    xml = xml.replace(row[0], row[0].replace(row[1], cells.map((c) => c[0]).join('')));
    return writeZip(entries.map((e) => (e === sheet ? replaced(e, Buffer.from(xml)) : e)));
  }

  async function sweepFile(file) {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const result = {};
    result.original = brief(await outcome(() => flagXlsx(bytes, { asOf: AS_OF, runDate: AS_OF })));
    if (result.original.status === 'refused' && result.original.reason === 'noLedger') result.original = { status: 'ok', reason: 'noLedger' };
    let inserted = null;
    try {
      inserted = insertLedger(Buffer.from(bytes));
    } catch (error) {
      inserted = null;
      result.harness = String(error.message).slice(0, 200);
    }
    if (!inserted) return result;
    const input = new Uint8Array(inserted.bytes);
    const flagged = await outcome(() => flagXlsx(input, { asOf: AS_OF, runDate: AS_OF }));
    result.flag = brief(flagged, (o) => {
      const lost = losses(input, o.bytes, inserted.sheetPath);
      const c = o.result.counts;
      if (o.ledgerSheet !== inserted.sheetName || c.overdue !== 3 || c.dueSoon !== 1) lost.push(`misread: ${o.ledgerSheet} ${c.overdue}/${c.dueSoon}`);
      return lost;
    });
    result.addStatus = brief(await outcome(() => addStatusColumnsXlsx(input, { asOf: AS_OF })), (o) => losses(input, o.bytes, inserted.sheetPath));
    const split = await outcome(() =>
      splitXlsx(input, { by: 'unit', now: `${AS_OF}T08:00:00Z`, today: AS_OF, newCampaignId: () => 'CL-sweep', masterName: 'master.xlsx' }),
    );
    if (split.status !== 'ok') result.merge = brief(split);
    else {
      const master = split.value.master ? split.value.master.bytes : input;
      const copy = split.value.copies.find((c) => c.unit === '办公室');
      result.merge = brief(
        await outcome(async () => {
          const merged = await mergeXlsx(master, [{ file: copy.fileName, bytes: editCopy(copy.bytes) }], { lang: 'zh-CN', localTime: `${AS_OF} 09:00` });
          if (!merged.changed) throw new Error('the unit’s change was not merged');
          return merged;
        }),
        (o) => losses(master, o.bytes, inserted.sheetPath, new Set([`${col(inserted.firstCol + 6)}2`])),
      );
    }
    return result;
  }

  if (!process.send) return sweepFile;
  process.on('message', async (file) => {
    process.send({ file, result: await sweepFile(file) });
  });
  process.send({ ready: true });
}

// ---- The parent: the manifest, the files, the watchdog, LibreOffice, the report ----

function mirrorOf(repo, mirror) {
  return path.join(mirror, repo.replace('/', '+'), 'repo');
}

function makeManifest(repos, mirror) {
  const manifest = {
    note: 'Workbooks in the test data of public repositories, swept by scripts/corpus-sweep.js (issue 23). Fetched, never committed.',
    repos: [],
  };
  for (const repo of repos) {
    const git = mirrorOf(repo, mirror);
    const commit = execFileSync('git', ['-C', git, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const paths = execFileSync('git', ['-C', git, 'ls-tree', '-r', '--name-only', commit], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .split('\n')
      .filter((p) => /\.xls[xm]$/i.test(p));
    manifest.repos.push({ repo, commit, paths });
  }
  return manifest;
}

/** Every workbook of the manifest, written once per distinct content into `dir`. */
function extract(manifest, mirror, dir, only, limit) {
  const files = [];
  const seen = new Map();
  let absent = 0;
  for (const { repo, commit, paths } of manifest.repos) {
    if (only && repo !== only) continue;
    const git = mirrorOf(repo, mirror);
    if (!fs.existsSync(git)) {
      absent += paths.length;
      continue;
    }
    for (const p of paths.slice(0, limit ?? paths.length)) {
      const r = spawnSync('git', ['-C', git, 'cat-file', 'blob', `${commit}:${p}`], { maxBuffer: 1 << 30 });
      if (r.status !== 0 || r.stdout.subarray(0, 40).toString().startsWith('version https://git-lfs')) {
        absent++;
        continue;
      }
      const sha = crypto.createHash('sha1').update(r.stdout).digest('hex');
      const source = { repo, commit, path: p };
      if (seen.has(sha)) {
        seen.get(sha).also.push(source);
        continue;
      }
      const file = path.join(dir, `${sha}${path.extname(p).toLowerCase()}`);
      fs.writeFileSync(file, r.stdout);
      const entry = { file, sha, bytes: r.stdout.length, ...source, also: [] };
      seen.set(sha, entry);
      files.push(entry);
    }
  }
  return { files, absent };
}

/** Which of these files LibreOffice opens (converts to CSV), in batches, each with a time limit. */
function libreOfficeOpens(files) {
  const opens = new Set();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-sweep-lo-'));
  for (let i = 0; i < files.length; i += 10) {
    const batch = files.slice(i, i + 10);
    const out = path.join(work, `out${i}`);
    fs.mkdirSync(out);
    spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${work}/profile`, '--headless', '--norestore', '--nolockcheck', '--convert-to', 'csv', '--outdir', out, ...batch],
      {
        stdio: 'ignore',
        timeout: 300_000,
      },
    );
    for (const f of batch) if (fs.existsSync(path.join(out, `${path.basename(f, path.extname(f))}.csv`))) opens.add(f);
  }
  fs.rmSync(work, { recursive: true, force: true });
  return opens;
}

async function sweep(files, dist) {
  const results = new Map();
  let queue = [...files];
  while (queue.length) {
    const worker = fork(__filename, ['--child', dist], { execArgv: ['--max-old-space-size=3072'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    worker.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    await new Promise((resolve) => worker.once('message', resolve));
    const ended = new Promise((resolve) => worker.once('exit', (code, signal) => resolve(signal ?? code)));
    while (queue.length) {
      const entry = queue[0];
      const t0 = Date.now();
      let timer;
      worker.send(entry.file);
      const done = await Promise.race([
        new Promise((resolve) => worker.once('message', (m) => resolve(m))),
        ended.then((how) => ({ died: how })),
        new Promise((resolve) => (timer = setTimeout(() => resolve({ hang: true }), TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      queue = queue.slice(1);
      if (done.result) {
        results.set(entry.file, { ...done.result, ms: Date.now() - t0 });
        continue;
      }
      // A hang or a dead process counts against every action not reported.
      const status = done.hang ? 'hang' : 'crashed';
      const reason = done.hang ? `past ${TIMEOUT_MS / 1000} s` : `process died (${done.died}): ${stderr.split('\n').filter(Boolean).pop() ?? ''}`;
      results.set(entry.file, { original: { status, reason }, ms: Date.now() - t0 });
      worker.kill('SIGKILL');
      break;
    }
    if (!queue.length) worker.kill();
  }
  return results;
}

const ACTIONS = ['original', 'flag', 'addStatus', 'merge'];
// A package naming one part twice with two contents (badZip:duplicate) is not called damaged but
// ambiguous: LibreOffice opens it by reading one of the two, which is the guess the reader refuses
// to make (it says so, and changes nothing). Every other refusal as damaged is held against it.
const DAMAGED = /^(notXlsx|badZip(?!:duplicate))/;

async function main() {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  // One file, in this process (to see a crash whole): --file PATH.
  if (option('--file')) {
    const sweepFile = child(path.resolve(option('--dist', path.join(ROOT, 'dist'))));
    process.stdout.write(`${JSON.stringify(await sweepFile(option('--file')), null, 1)}\n`);
    return;
  }
  const mirror = option('--mirror', '/work/.mirror');
  if (process.argv.includes('--make-manifest')) {
    const repos = process.argv.slice(process.argv.indexOf('--make-manifest') + 1).filter((a) => !a.startsWith('--'));
    fs.writeFileSync(option('--manifest', MANIFEST), `${JSON.stringify(makeManifest(repos, mirror), null, 1)}\n`);
    return;
  }
  const dist = path.resolve(option('--dist', path.join(ROOT, 'dist')));
  const manifest = JSON.parse(fs.readFileSync(option('--manifest', MANIFEST), 'utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-sweep-'));
  const limit = option('--limit') ? Number(option('--limit')) : undefined;
  const { files, absent } = extract(manifest, mirror, dir, option('--only'), limit);
  process.stderr.write(`${files.length} distinct workbooks (${absent} absent from the mirrors); sweeping ${dist}\n`);
  const results = await sweep(files, dist);
  // Called damaged: does LibreOffice open it?
  const suspects = files.filter((f) =>
    ACTIONS.some((a) => DAMAGED.test(results.get(f.file)?.[a]?.reason ?? '') && results.get(f.file)[a].status === 'refused'),
  );
  const opens = libreOfficeOpens(suspects.map((f) => f.file));
  const summary = {};
  for (const a of ACTIONS) summary[a] = { files: 0, ok: 0, refused: {}, crashed: 0, hang: 0, falseDamaged: 0, loss: 0 };
  const perFile = [];
  for (const f of files) {
    const r = results.get(f.file) ?? {};
    const row = { source: `${f.repo}@${f.commit.slice(0, 8)}:${f.path}`, bytes: f.bytes, ms: r.ms };
    for (const a of ACTIONS) {
      let o = r[a];
      if (!o) continue;
      if (o.status === 'refused' && DAMAGED.test(o.reason) && opens.has(f.file)) o = { status: 'falseDamaged', reason: o.reason };
      const s = summary[a];
      s.files++;
      if (o.status === 'ok') s.ok++;
      else if (o.status === 'refused') s.refused[o.reason] = (s.refused[o.reason] ?? 0) + 1;
      else s[o.status]++;
      row[a] = o.status === 'ok' ? 'ok' : `${o.status}: ${o.reason}`;
    }
    if (r.harness) row.harness = r.harness;
    perFile.push(row);
  }
  const report = { dist, sweptAt: new Date().toISOString(), distinctFiles: files.length, absent, summary, files: perFile };
  const out = option('--out');
  if (out) fs.writeFileSync(out, `${JSON.stringify(report, null, 1)}\n`);
  process.stdout.write(`${JSON.stringify({ distinctFiles: files.length, absent, summary }, null, 1)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
