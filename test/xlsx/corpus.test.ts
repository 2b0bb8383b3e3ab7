/**
 * Real workbooks from other producers (test/fixtures/corpus/sources.json: Excel for Windows and
 * Mac, Excel Online, LibreOffice, WPS, 腾讯文档, Google Sheets, openpyxl, XlsxWriter, Apache POI,
 * the OpenXML SDK, Hancom), each with a small ledger put into a sheet by editing its XML only, then
 * flagged. Every part the flag does not own must come out byte for byte; in the edited sheet,
 * every original cell and every element outside the cells must be as it was; LibreOffice must
 * open the result and compute what the flag wrote. A Strict Open XML workbook is edited as any other
 * (in its own namespaces: main refused it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { flagXlsx, type FileFlagOutcome } from '../../src/xlsx/flag';
import { addStatusColumnsXlsx } from '../../src/xlsx/status-columns';
import { XlsxPackage } from '../../src/xlsx/package/package';
import { insertLedger, type InsertedLedger } from '../helpers/insert-ledger';
import { recalculate } from '../helpers/libreoffice';
import { tempDir } from '../helpers/workbook';
import { cellsOf, withoutCellsAndExtent, withoutPrintFit } from '../helpers/sheet-xml';

const DIR = path.join(__dirname, '../fixtures/corpus');
interface Source {
  file: string;
  producer: string;
  features: string[];
  source: { repo: string; commit: string; path: string };
  expect: 'edit';
}
const SOURCES: Source[] = JSON.parse(fs.readFileSync(path.join(DIR, 'sources.json'), 'utf8'));
const EDITED = SOURCES.filter((s) => s.expect === 'edit');
const AS_OF = '2024-04-10';

/**
 * Parts an action may rewrite: the workbook's bookkeeping (the workbook part, its relationships,
 * the content types, the styles, and calcChain, which it drops), found where the package says.
 */
function bookkeeping(files: Record<string, Uint8Array>): Set<string> {
  const rels = strFromU8(files['_rels/.rels']);
  const wb = /Target="\/?([^"]+)"[^>]*officeDocument"|officeDocument"[^>]*Target="\/?([^"]+)"/.exec(rels)!;
  const workbook = (wb[1] ?? wb[2]).replace(/^\//, '');
  const dir = workbook.replace(/[^/]*$/, '');
  const wbRels = `${dir}_rels/${workbook.slice(dir.length)}.rels`;
  const targets = [
    ...strFromU8(files[wbRels]).matchAll(/Type="[^"]*\/(styles|calcChain)"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*\/(styles|calcChain)"/g),
  ].map((m) => {
    const target = m[2] ?? m[3];
    return target.startsWith('/') ? target.slice(1) : dir + target;
  });
  return new Set(['[Content_Types].xml', workbook, wbRels, ...targets].map((p) => p.toLowerCase()));
}

interface Case {
  inserted: InsertedLedger;
  /** After add-status, then the flag. */
  outcome: FileFlagOutcome;
  recalculated?: string;
}
const cases = new Map<string, Case>();

beforeAll(async () => {
  const dir = tempDir('cl-corpus-');
  const files: string[] = [];
  for (const s of EDITED) {
    const inserted = insertLedger(new Uint8Array(fs.readFileSync(path.join(DIR, s.file))));
    const withStatus = await addStatusColumnsXlsx(inserted.bytes, { asOf: AS_OF });
    const outcome = await flagXlsx(withStatus.bytes, { asOf: AS_OF, runDate: AS_OF });
    const out = path.join(dir, s.file);
    fs.writeFileSync(out, outcome.bytes);
    files.push(out);
    cases.set(s.file, { inserted, outcome });
  }
  // One LibreOffice start for the whole corpus.
  recalculate(files).forEach((r, i) => (cases.get(EDITED[i].file)!.recalculated = r));
}, 300_000);

const column = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

describe.each(EDITED.map((s) => [s.file, s] as const))('%s', (file, source) => {
  test(`${source.producer}: the flag finds the ledger's three overdue items and one due soon`, () => {
    const { outcome, inserted } = cases.get(file)!;
    expect(outcome.ledgerSheet).toBe(inserted.sheet);
    expect(outcome.result.counts).toMatchObject({ overdue: 3, dueSoon: 1 });
    expect(outcome.result.overdue.map((o) => [o.row, o.daysOverdue])).toEqual(
      expect.arrayContaining([
        [2, 26],
        [5, 40],
        [8, 2],
      ]),
    );
  });

  test('every part but the edited sheet and the bookkeeping is byte for byte the same', () => {
    const { inserted, outcome } = cases.get(file)!;
    const before = unzipSync(inserted.bytes);
    const after = unzipSync(outcome.bytes);
    const owned = bookkeeping(before);
    const changed = Object.keys(before).filter((name) => {
      if (name === inserted.sheetPath || owned.has(name.toLowerCase())) return false;
      const b = before[name];
      const a = after[name];
      return !a || a.length !== b.length || !a.every((x, i) => x === b[i]);
    });
    expect(changed).toEqual([]);
  });

  test('in the edited sheet every original cell, merge, validation, format, link and page setting is unchanged (but for printing one page wide)', () => {
    const { inserted, outcome } = cases.get(file)!;
    const before = strFromU8(unzipSync(inserted.bytes)[inserted.sheetPath]);
    const after = strFromU8(unzipSync(outcome.bytes)[inserted.sheetPath]);
    // add-status adds conditional formats for its own columns; every other element is as it was.
    const ours = (xml: string) =>
      xml.replace(/<((?:[\w.-]+:)?conditionalFormatting)\b[^>]*\ssqref="([A-Z]+)[^"]*"[\s\S]*?<\/\1>/g, (m, _n, col: string) =>
        column(col) > inserted.lastCol + 1 ? '' : m,
      );
    expect(withoutPrintFit(withoutCellsAndExtent(ours(after)))).toBe(withoutPrintFit(withoutCellsAndExtent(before)));
    expect(ours(after)).not.toBe(after);
    const cellsBefore = cellsOf(before);
    const cellsAfter = cellsOf(after);
    const lost = [...cellsBefore].filter(([ref, xml]) => cellsAfter.get(ref) !== xml).map(([ref]) => ref);
    expect(lost).toEqual([]);
    // The new cells stand right of the ledger, one column apart.
    const added = [...cellsAfter.keys()].filter((ref) => !cellsBefore.has(ref));
    expect(added.length).toBeGreaterThan(0);
    for (const ref of added) expect(column(/^[A-Z]+/.exec(ref)![0])).toBeGreaterThan(inserted.lastCol + 1);
  });

  test('the bookkeeping keeps what it had: every style (10.5 pt fonts too) in its place, every sheet, defined name and protection', () => {
    const { inserted, outcome } = cases.get(file)!;
    const before = unzipSync(inserted.bytes);
    const after = unzipSync(outcome.bytes);
    const owned = [...bookkeeping(before)];
    const text = (files: Record<string, Uint8Array>, p: string) => strFromU8(files[Object.keys(files).find((k) => k.toLowerCase() === p)!]);
    const stylesPath = owned.find((p) => /styles\.xml$/.test(p));
    if (stylesPath) {
      const b = text(before, stylesPath);
      const a = text(after, stylesPath);
      // New styles are appended to each list: the old entries are the start of the new list.
      const LISTS = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs'];
      const inner = (xml: string, list: string) => new RegExp(`<((?:[\\w.-]+:)?${list})\\b[^>]*?(?:/>|>([\\s\\S]*?)</\\1>)`).exec(xml)?.[2] ?? '';
      expect(inner(b, 'cellXfs')).not.toBe('');
      for (const list of LISTS) expect(inner(a, list).startsWith(inner(b, list))).toBe(true);
      const rest = (xml: string) => LISTS.reduce((x, list) => x.replace(new RegExp(`<((?:[\\w.-]+:)?${list})\\b[^>]*?(?:/>|>[\\s\\S]*?</\\1>)`), ''), xml);
      expect(rest(a)).toBe(rest(b));
    }
    const workbook = owned.find((p) => /\.xml$/.test(p) && !/styles|calcchain|content_types/.test(p))!;
    const wb = text(before, workbook);
    const wbAfter = text(after, workbook);
    // Every one kept as it was, but for a print area of the edited sheet: add-status widens it to its columns.
    for (const m of wb.matchAll(/<((?:[\w.-]+:)?(?:sheet|definedName|workbookProtection|workbookPr|bookViews|fileVersion))\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g)) {
      if (/name="_xlnm\.Print_Area"/.test(m[0]) && m[0].includes(inserted.sheet.replace(/'/g, "''"))) continue;
      expect(wbAfter.includes(m[0])).toBe(true);
    }
  });

  test('LibreOffice opens the result and computes the status columns and the flag’s columns', () => {
    const { inserted, recalculated } = cases.get(file)!;
    const pkg = XlsxPackage.open(new Uint8Array(fs.readFileSync(recalculated!)));
    const rows = pkg.scan(inserted.sheet, {}).rows;
    const at = (r: number, c: number) => rows[r - 1]?.[c - 1] ?? null;
    const items = [2, 3, 4, 5, 6, 7, 8];
    // add-status: one column apart from the ledger, its hidden date helpers right of 剩余天数; the flag: one column apart from those.
    const status = inserted.lastCol + 2;
    expect([at(1, status), at(1, status + 1)]).toEqual(['整改状态', '剩余天数']);
    expect(items.map((r) => [at(r, status), at(r, status + 1)])).toEqual([
      ['已逾期', -26],
      ['即将到期', 2],
      ['逾期完成', ''],
      ['已逾期', -40],
      ['未设时限', ''],
      ['进行中', 48],
      ['已逾期', -2],
    ]);
    let helpers = 0;
    while (String(at(1, status + 2 + helpers) ?? '').startsWith('辅助·')) helpers++;
    expect(helpers).toBeGreaterThan(0);
    const owned = [1, 2, 3].map((i) => status + 2 + helpers + i);
    expect(owned.map((c) => at(1, c))).toEqual(['首次逾期日期', '逾期天数', '剩余工作日']);
    expect(items.map((r) => at(r, owned[1]))).toEqual([26, null, null, 40, null, null, 2]);
    const workdays = items.map((r) => at(r, owned[2]));
    // A number, or blank where the deadline is past the holiday data or the item is closed; never an error.
    for (const v of workdays) expect(v === null || v === '' || typeof v === 'number').toBe(true);
    expect(workdays[2]).toBe('');
  });
});

test('the corpus names its sources and covers the producers and features the issue lists', () => {
  const producers = SOURCES.map((s) => s.producer).join(' ');
  for (const p of ['Excel 20', 'Excel for Mac', 'LibreOffice', 'WPS', 'Google Sheets', 'openpyxl', 'XlsxWriter', 'Apache POI']) expect(producers).toContain(p);
  const features = SOURCES.flatMap((s) => s.features).join(' | ');
  for (const f of [
    'chart',
    'pivot table',
    'shapes',
    'comments on empty cells',
    'comments part outside xl/',
    'table with header row',
    'x14 data validations',
    'conditional formats',
    'hyperlinks',
    '10.5 pt fonts',
    'sheet-scoped names',
    'hidden sheet',
    'sheet protection with password',
    'prefixed XML',
    '1904 date system',
    'whole-column validation',
    '.xlsm',
    'ISO 29500 strict',
  ])
    expect(features).toContain(f);
  for (const s of SOURCES) {
    expect(fs.existsSync(path.join(DIR, s.file))).toBe(true);
    expect(s.source.commit).toMatch(/^[0-9a-f]{40}$/);
  }
});
