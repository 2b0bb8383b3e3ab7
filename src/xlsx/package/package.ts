/**
 * An .xlsx package opened for editing in place. It reads what an action needs (the top rows of
 * every sheet, whole columns of one) and collects the action's changes; `save` writes a new
 * package in which every part the action did not change is the original's, byte for byte.
 *
 * Parts are found the way Office finds them, through relationships: the workbook from
 * `_rels/.rels` (not assumed at xl/workbook.xml), sheets from the workbook's relationships (not
 * assumed to be sheetN.xml). Element prefixes (`<x:workbook>`) are kept and used for what is added.
 */
import { splitSheetRef, cell as a1, parseRange } from '../../core/address';
import type { WorkbookGrid, SheetGrid } from '../../core/ledger/grid';
import { ProblemError } from '../../core/flag/messages';
import { fail, LIMITS } from './limits';
import { mergeEdits, sortEdits, streamEdits, type TextEdit } from './rewrite';
import { type CellContext, detach, type Feed, scanSheet, type ScanOptions, type SheetScan } from './sheet-scan';
import { Styles } from './styles';
import { decodeEntities, XmlStream } from './xml-stream';
import { applySplices, child, children, decodeCellText, escapeAttr, escapeText, NS, parseXml, prefixFor, prefixOf, type Splice, type XmlNode } from './xml';
import { compressText, type CompressedPart, entryText, inflateText, readDirectory, type TextSink, ZipBuilder, type ZipEntry } from './zip';

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
/** Sheets up to this size are kept as text between reading and writing; larger ones are inflated twice. */
const RETAIN_BYTES = 32 * 1024 * 1024;
const ZIP_SIGNATURE = [0x50, 0x4b];

const REL = {
  officeDocument: /\/officeDocument$/,
  worksheet: /\/worksheet$/,
  chartsheet: /\/chartsheet$/,
  sharedStrings: /\/sharedStrings$/,
  styles: /\/styles$/,
  calcChain: /\/calcChain$/,
};
const TYPES = {
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
  worksheetRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  stylesRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
};

/** Children of <workbook>, in the schema's order: where a missing one is inserted. */
const WORKBOOK_ORDER = [
  'fileVersion',
  'fileSharing',
  'workbookPr',
  'AlternateContent',
  'workbookProtection',
  'bookViews',
  'sheets',
  'functionGroups',
  'externalReferences',
  'definedNames',
  'calcPr',
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
];

export interface SheetEntry {
  name: string;
  sheetId: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** The part's path in the package; null when it cannot be found. */
  path: string | null;
  kind: 'worksheet' | 'chartsheet' | 'other';
  /** Position in <sheets>: what localSheetId counts. */
  index: number;
}

interface Relationship {
  id: string;
  type: string;
  /** Resolved to a part path; null for an external target. */
  path: string | null;
  node: XmlNode;
}

interface Part {
  path: string;
  text: string;
  root: XmlNode;
}

/** A part's directory, for resolving relative targets. */
function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

function resolveTarget(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dirOf(base) + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relsPathOf(path: string): string {
  return `${dirOf(path)}_rels/${path.slice(dirOf(path).length)}.rels`;
}

/** A relative target from one part to another. */
function relativeTarget(from: string, to: string): string {
  const a = dirOf(from).split('/').filter(Boolean);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export interface NewSheet {
  name: string;
  hidden: boolean;
  /** Writes the sheet's XML (when the package is saved). */
  write: (sink: TextSink) => void;
}

export class XlsxPackage {
  private readonly entries: ZipEntry[];
  private readonly byPath = new Map<string, ZipEntry>();
  private readonly workbook: Part;
  private readonly workbookRels: Part;
  private readonly contentTypes: Part;
  private readonly rels: Relationship[];
  readonly sheets: SheetEntry[];
  readonly date1904: boolean;
  private sharedStrings: string[] | null = null;
  private stylesCache: Styles | null = null;
  private readonly stylesPath: string | null;

  // What an action changes, applied by save().
  /** Per sheet part: sources of edits, each in order of position. */
  private readonly sheetEdits = new Map<string, Iterable<TextEdit>[]>();
  private readonly replaced = new Map<string, (sink: TextSink) => void>();
  private readonly added: { name: string; path: string; rid: string; sheetId: number; hidden: boolean; write: (sink: TextSink) => void }[] = [];
  private readonly nameChanges = new Map<string, { name: string; localSheetId: number | null; formula: string | null }>();
  private formulasWritten = false;
  /** The text of sheets read for editing, so that writing them does not inflate them again. */
  private readonly retained = new Map<string, string[]>();

  private constructor(private readonly bytes: Uint8Array) {
    this.entries = readDirectory(bytes);
    for (const e of this.entries) this.byPath.set(e.name.toLowerCase(), e);
    const ct = this.part('[Content_Types].xml');
    if (!ct) fail({ kind: 'notXlsx' });
    this.contentTypes = ct;
    const rootRels = this.part('_rels/.rels');
    const officeDoc = rootRels?.root.children.find((r) => REL.officeDocument.test(r.attrs.Type ?? '') && r.attrs.TargetMode !== 'External');
    const workbookPath = officeDoc ? resolveTarget('', officeDoc.attrs.Target) : 'xl/workbook.xml';
    const workbook = this.part(workbookPath);
    if (!workbook) fail({ kind: 'notXlsx' });
    if (workbook.root.uri === NS.strictMain) fail({ kind: 'strictOoxml' });
    if (workbook.root.local !== 'workbook') fail({ kind: 'notXlsx' });
    this.workbook = workbook;
    const relsPath = relsPathOf(workbook.path);
    this.workbookRels = this.part(relsPath) ?? { path: relsPath, text: '', root: parseXml(`<Relationships xmlns="${NS.pkgRel}"></Relationships>`) };
    this.rels = children(this.workbookRels.root, 'Relationship').map((r) => ({
      id: r.attrs.Id,
      type: r.attrs.Type ?? '',
      path: r.attrs.TargetMode === 'External' || !r.attrs.Target ? null : resolveTarget(workbook.path, r.attrs.Target),
      node: r,
    }));
    const pr = child(workbook.root, 'workbookPr');
    this.date1904 = pr?.attrs.date1904 === '1' || pr?.attrs.date1904 === 'true';
    const relPrefix = prefixFor(workbook.root, NS.rel);
    const sheetsNode = child(workbook.root, 'sheets');
    this.sheets = (sheetsNode ? children(sheetsNode, 'sheet') : []).map((s, index) => {
      const rid = Object.entries(s.attrs).find(([k]) => k === `${relPrefix ?? 'r'}:id` || k.endsWith(':id'))?.[1];
      const rel = this.rels.find((r) => r.id === rid);
      const state = s.attrs.state === 'hidden' || s.attrs.state === 'veryHidden' ? s.attrs.state : 'visible';
      return {
        name: s.attrs.name ?? '',
        sheetId: Number(s.attrs.sheetId ?? 0),
        state,
        path: rel?.path && this.byPath.has(rel.path.toLowerCase()) ? this.byPath.get(rel.path.toLowerCase())!.name : null,
        kind: rel && REL.worksheet.test(rel.type) ? 'worksheet' : rel && REL.chartsheet.test(rel.type) ? 'chartsheet' : 'other',
        index,
      };
    });
    this.stylesPath = this.relPath(REL.styles);
  }

  /** Opens a package; what is not an .xlsx (an encrypted or OLE file, no zip, no workbook) is refused. */
  static open(bytes: Uint8Array): XlsxPackage {
    if (bytes.length > LIMITS.fileBytes) fail({ kind: 'limit', what: 'file', limit: LIMITS.fileBytes });
    // Password-protected workbooks (and old .xls files) are OLE compound files, not zips.
    if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) fail({ kind: 'encrypted' });
    if (!ZIP_SIGNATURE.every((b, i) => bytes[i] === b)) fail({ kind: 'notXlsx' });
    try {
      return new XlsxPackage(bytes);
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      fail({ kind: 'notXlsx' });
    }
  }

  private entry(path: string): ZipEntry | undefined {
    return this.byPath.get(path.toLowerCase());
  }

  private part(path: string): Part | null {
    const e = this.entry(path);
    if (!e) return null;
    const text = entryText(this.bytes, e);
    return { path: e.name, text, root: parseXml(text) };
  }

  private relPath(type: RegExp): string | null {
    const rel = this.rels.find((r) => type.test(r.type) && r.path && this.entry(r.path));
    return rel ? this.entry(rel.path!)!.name : null;
  }

  get styles(): Styles {
    if (!this.stylesCache) {
      const e = this.stylesPath ? this.entry(this.stylesPath) : undefined;
      this.stylesCache = new Styles(e ? entryText(this.bytes, e) : null);
    }
    return this.stylesCache;
  }

  private strings(): string[] {
    if (this.sharedStrings) return this.sharedStrings;
    const path = this.relPath(REL.sharedStrings);
    const e = path ? this.entry(path) : undefined;
    const out: string[] = [];
    if (e) {
      let current = '';
      let inT = false;
      let phonetic = 0;
      const stream = new XmlStream({
        open(local) {
          if (local === 'si') current = '';
          else if (local === 'rPh') phonetic++;
          else if (local === 't') inT = !phonetic;
        },
        close(local) {
          if (local === 'si') out.push(detach(decodeCellText(current)));
          else if (local === 'rPh') phonetic--;
          else if (local === 't') inT = false;
        },
        text(s, from, to, cdata) {
          if (inT) current += cdata ? s.slice(from, to) : decodeEntities(s.slice(from, to));
        },
      });
      inflateText(this.bytes, e, (text) => void stream.write(text), LIMITS.sharedStringBytes);
      stream.end();
    }
    this.sharedStrings = out;
    return out;
  }

  private cellContext(): CellContext {
    const styles = this.styles;
    return {
      sharedString: (i) => this.strings()[i] ?? '',
      isDate: (s) => styles.isDate(s),
      date1904: this.date1904,
    };
  }

  /** Lets the shared strings go once everything that reads cells has read them (a large ledger's hold tens of megabytes). */
  releaseStrings(): void {
    this.sharedStrings = null;
  }

  /**
   * When the file was last saved, from its core properties (dcterms:modified), as an ISO time in
   * UTC (YYYY-MM-DDTHH:MM:SSZ); null where the file does not say.
   */
  modifiedAt(): string | null {
    const rootRels = this.part('_rels/.rels');
    const rel = rootRels?.root.children.find((r) => /\/core-properties$/.test(r.attrs.Type ?? ''));
    const core = this.part(rel?.attrs.Target ? resolveTarget('', rel.attrs.Target) : 'docProps/core.xml');
    const text = core ? /<(?:[\w.-]+:)?modified\b[^>]*>([^<]+)</.exec(core.text)?.[1] : undefined;
    const time = text ? new Date(text.trim()) : null;
    return time && !Number.isNaN(time.getTime()) ? time.toISOString().slice(0, 19) + 'Z' : null;
  }

  sheet(name: string): SheetEntry | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** Reads a worksheet in one pass (see scanSheet); a sheet without a part reads as empty. */
  scan(name: string, options: ScanOptions = {}): SheetScan {
    const sheet = this.sheet(name);
    const e = sheet?.path && sheet.kind === 'worksheet' ? this.entry(sheet.path) : undefined;
    if (!e) return scanSheet(() => undefined, this.cellContext(), options);
    // A sheet read to be edited keeps its text, when it is small enough, for the writing pass.
    const keep = options.anchorFrom !== undefined && e.size <= RETAIN_BYTES ? ([] as string[]) : null;
    const scan = scanSheet(
      (onText) =>
        inflateText(this.bytes, e, (text) => {
          keep?.push(text);
          return onText(text);
        }),
      this.cellContext(),
      options,
    );
    if (keep && scan.complete) this.retained.set(e.name, keep);
    return scan;
  }

  /** Workbook-level defined names → their formulas (`'整改台账'!$A$2:$O$2`). */
  definedNames(): Record<string, string> {
    const names: Record<string, string> = {};
    for (const n of this.definedNameNodes()) if (n.attrs.localSheetId === undefined && n.attrs.name) names[n.attrs.name] = n.text.trim();
    return names;
  }

  private definedNameNodes(): XmlNode[] {
    const node = child(this.workbook.root, 'definedNames');
    return node ? children(node, 'definedName') : [];
  }

  /** A sheet-scoped name's formula (`_xlnm.Print_Area` of a sheet, say). */
  localName(name: string, sheet: string): string | null {
    const index = this.sheet(sheet)?.index;
    const n = this.definedNameNodes().find((d) => d.attrs.name === name && Number(d.attrs.localSheetId) === index);
    return n ? n.text.trim() : null;
  }

  /** The top rows of every sheet, the names, and the formulas of the cells single-cell names point to. */
  topGrid(rows: number): WorkbookGrid {
    const names = this.definedNames();
    const formulas: Record<string, string> = {};
    const uncomputed: Record<string, string[]> = {};
    const sheets: SheetGrid[] = this.sheets.map((s) => {
      const scan = this.scan(s.name, { maxRow: rows, formulas: true });
      for (const [address, f] of Object.entries(scan.formulas)) formulas[`${s.name}!${address}`] = f;
      if (scan.uncomputed.length) uncomputed[s.name] = scan.uncomputed;
      return { name: s.name, hidden: s.state !== 'visible', rows: scan.rows };
    });
    // Only the formulas of named cells are kept: they tell =TODAY() from a typed date.
    const named = new Set<string>();
    for (const ref of Object.values(names)) {
      const split = splitSheetRef(ref);
      if (!split || !/^\$?[A-Z]+\$?\d+$/i.test(split.range)) continue;
      const { row1, col1 } = parseRange(split.range);
      named.add(`${split.sheet}!${a1(row1, col1)}`);
    }
    for (const key of Object.keys(formulas)) if (!named.has(key)) delete formulas[key];
    const printAreas: Record<string, string> = {};
    for (const n of this.definedNameNodes()) {
      const sheet = n.attrs.localSheetId === undefined ? undefined : this.sheets[Number(n.attrs.localSheetId)];
      if (sheet && n.attrs.name === '_xlnm.Print_Area') printAreas[sheet.name] = n.text.trim();
    }
    return { sheets, names, formulas, uncomputed, date1904: this.date1904, printAreas };
  }

  // ---- Changes ----

  /**
   * Edits to an existing sheet's text, at offsets a scan of it found: an array in any order, or a
   * source (a generator) that yields them in order of position, made as the writing reaches them.
   */
  editSheet(name: string, edits: TextEdit[] | Iterable<TextEdit>, withFormulas: boolean): void {
    const sheet = this.sheet(name);
    if (!sheet?.path) throw new Error(`no worksheet part for ${name}`);
    const source = Array.isArray(edits) ? sortEdits(edits) : edits;
    this.sheetEdits.set(sheet.path, [...(this.sheetEdits.get(sheet.path) ?? []), source]);
    if (withFormulas) this.formulasWritten = true;
  }

  /** A sheet's whole content replaced (a sheet the action owns, such as 逾期清单). */
  replaceSheet(name: string, write: (sink: TextSink) => void): void {
    const sheet = this.sheet(name);
    if (!sheet?.path) throw new Error(`no worksheet part for ${name}`);
    this.replaced.set(sheet.path, write);
    this.sheetEdits.delete(sheet.path);
    this.formulasWritten = true;
  }

  /** A new sheet after the existing ones. */
  addSheet(sheet: NewSheet): void {
    const taken = new Set(this.entries.map((e) => e.name.toLowerCase()));
    for (const a of this.added) taken.add(a.path.toLowerCase());
    let n = this.sheets.length + this.added.length + 1;
    while (taken.has(`xl/worksheets/sheet${n}.xml`)) n++;
    const sheetId = Math.max(0, ...this.sheets.map((s) => s.sheetId), ...this.added.map((a) => a.sheetId)) + 1;
    this.added.push({ name: sheet.name, path: `xl/worksheets/sheet${n}.xml`, rid: this.freeRelId(), sheetId, hidden: sheet.hidden, write: sheet.write });
    this.formulasWritten = true;
  }

  private freeRelId(): string {
    const taken = new Set([...this.rels.map((r) => r.id), ...this.added.map((a) => a.rid)]);
    let r = this.rels.length + this.added.length + 1;
    while (taken.has(`rId${r}`)) r++;
    return `rId${r}`;
  }

  /** Sets a defined name (workbook-level, or local to a sheet), or removes it with null. */
  setName(name: string, formula: string | null, localSheet?: string): void {
    const localSheetId = localSheet === undefined ? null : this.sheetIndex(localSheet);
    this.nameChanges.set(`${name}\u0000${localSheetId}`, { name, localSheetId, formula });
  }

  /** Index of a sheet in <sheets>, counting the sheets this action adds. */
  sheetIndex(name: string): number {
    const existing = this.sheet(name);
    if (existing) return existing.index;
    const added = this.added.findIndex((a) => a.name === name);
    if (added < 0) throw new Error(`no sheet ${name}`);
    return this.sheets.length + added;
  }

  // ---- Saving ----

  /** The new package, in the pieces it was written in. */
  save(): Uint8Array[] {
    const calcChain = this.formulasWritten ? this.relPath(REL.calcChain) : null;
    // First the parts written in pieces (they may add styles), each compressed as it is written.
    // Whole new sheets first: once written, what they were written from can go, before the
    // longest pass (an edited ledger) starts.
    const compressed = new Map<string, CompressedPart>();
    for (const [path, write] of this.replaced) compressed.set(path.toLowerCase(), compressText(path, write));
    const added = this.added.map((a) => compressText(a.path, a.write));
    const replacedRels = [...this.replaced.keys()].map((p) => relsPathOf(p).toLowerCase());
    this.replaced.clear();
    for (const a of this.added) a.write = () => undefined;
    for (const [path, sources] of this.sheetEdits) {
      const e = this.entry(path)!;
      const kept = this.retained.get(e.name);
      const feed: Feed = kept ? (onText) => kept.forEach((t) => onText(t)) : (onText) => inflateText(this.bytes, e, onText);
      compressed.set(
        e.name.toLowerCase(),
        compressText(e.name, (sink) => streamEdits(feed, mergeEdits(...sources), sink)),
      );
      this.retained.delete(e.name);
    }
    this.sheetEdits.clear();

    // Then the workbook's own small parts, which now know every sheet, name and style.
    const styles = this.stylesCache?.changed ? this.stylesCache : null;
    const newStylesPath = styles && !this.stylesPath ? `${dirOf(this.workbook.path)}styles.xml` : null;
    const stylesRelId = newStylesPath ? this.freeRelId() : null;
    const texts = new Map<string, string>();
    texts.set(this.workbook.path.toLowerCase(), this.workbookText());
    const relsText = this.workbookRelsText(calcChain, newStylesPath, stylesRelId);
    if (relsText !== null) texts.set(this.workbookRels.path.toLowerCase(), relsText);
    const typesText = this.contentTypesText(calcChain, newStylesPath);
    if (typesText !== null) texts.set(this.contentTypes.path.toLowerCase(), typesText);
    if (styles) texts.set((this.stylesPath ?? newStylesPath!).toLowerCase(), styles.text());
    // A replaced sheet's own relationships pointed at what its old content used.
    const dropped = new Set<string>(replacedRels);
    if (calcChain) dropped.add(calcChain.toLowerCase());

    const zip = new ZipBuilder();
    for (const e of this.entries) {
      const key = e.name.toLowerCase();
      if (dropped.has(key)) continue;
      const text = texts.get(key);
      const part = compressed.get(key);
      if (text !== undefined) {
        zip.text(e.name, text);
        texts.delete(key);
      } else if (part) zip.compressed(part);
      else zip.copy(this.bytes, e);
    }
    // Parts that did not exist before: relationships or styles, and the new sheets.
    if (relsText !== null && texts.has(this.workbookRels.path.toLowerCase())) zip.text(this.workbookRels.path, relsText);
    if (newStylesPath) zip.text(newStylesPath, styles!.text());
    for (const part of added) zip.compressed(part);
    return zip.finish();
  }

  private workbookText(): string {
    const { root, text } = this.workbook;
    const p = prefixOf(root);
    const splices: Splice[] = [];
    const insertAt = (name: string) => {
      const rank = WORKBOOK_ORDER.indexOf(name);
      const later = root.children.find((c) => WORKBOOK_ORDER.indexOf(c.local) > rank);
      return later ? later.start : root.closeStart;
    };
    if (this.added.length) {
      const relPrefix = prefixFor(root, NS.rel);
      const ridAttr = relPrefix ? `${relPrefix}:id` : `xmlns:r="${NS.rel}" r:id`;
      const xml = this.added
        .map((a) => `<${p}sheet name="${escapeAttr(a.name)}" sheetId="${a.sheetId}"${a.hidden ? ' state="hidden"' : ''} ${ridAttr}="${a.rid}"/>`)
        .join('');
      const sheets = child(root, 'sheets');
      if (sheets && !sheets.selfClosing) splices.push({ start: sheets.closeStart, end: sheets.closeStart, text: xml });
      else if (sheets) splices.push({ start: sheets.start, end: sheets.end, text: `<${p}sheets>${xml}</${p}sheets>` });
      else splices.push({ start: insertAt('sheets'), end: insertAt('sheets'), text: `<${p}sheets>${xml}</${p}sheets>` });
    }
    if (this.nameChanges.size) {
      const node = child(root, 'definedNames');
      const existing = node ? children(node, 'definedName') : [];
      const fresh: string[] = [];
      const nameXml = (c: { name: string; localSheetId: number | null; formula: string | null }) =>
        `<${p}definedName name="${escapeAttr(c.name)}"${c.localSheetId === null ? '' : ` localSheetId="${c.localSheetId}"`}>${escapeText(c.formula!)}</${p}definedName>`;
      for (const change of this.nameChanges.values()) {
        const matches = existing.filter(
          (n) =>
            n.attrs.name?.toLowerCase() === change.name.toLowerCase() &&
            (n.attrs.localSheetId === undefined ? null : Number(n.attrs.localSheetId)) === change.localSheetId,
        );
        matches.forEach((m, i) => splices.push({ start: m.start, end: m.end, text: i === 0 && change.formula !== null ? nameXml(change) : '' }));
        if (!matches.length && change.formula !== null) fresh.push(nameXml(change));
      }
      if (fresh.length) {
        if (node && !node.selfClosing) splices.push({ start: node.closeStart, end: node.closeStart, text: fresh.join('') });
        else if (node) splices.push({ start: node.start, end: node.end, text: `<${p}definedNames>${fresh.join('')}</${p}definedNames>` });
        else splices.push({ start: insertAt('definedNames'), end: insertAt('definedNames'), text: `<${p}definedNames>${fresh.join('')}</${p}definedNames>` });
      }
    }
    if (this.formulasWritten) {
      // Nothing the action writes carries a computed value: every engine computes it on opening.
      const calcPr = child(root, 'calcPr');
      if (calcPr) {
        const tag = text.slice(calcPr.start, calcPr.openEnd);
        if (!/\sfullCalcOnLoad\s*=\s*["'](1|true)["']/.test(tag))
          splices.push({ start: calcPr.start, end: calcPr.openEnd, text: tag.replace(/\s*(\/?>)$/, ' fullCalcOnLoad="1"$1') });
      } else splices.push({ start: insertAt('calcPr'), end: insertAt('calcPr'), text: `<${p}calcPr fullCalcOnLoad="1"/>` });
    }
    return splices.length ? applySplices(text, splices) : text;
  }

  private workbookRelsText(calcChain: string | null, stylesPath: string | null, stylesRelId: string | null): string | null {
    const { root, text } = this.workbookRels;
    const p = prefixOf(root);
    const splices: Splice[] = [];
    const rel = (id: string, type: string, path: string) =>
      `<${p}Relationship Id="${id}" Type="${type}" Target="${escapeAttr(relativeTarget(this.workbook.path, path))}"/>`;
    const fresh = this.added.map((a) => rel(a.rid, TYPES.worksheetRel, a.path));
    if (stylesPath) fresh.push(rel(stylesRelId!, TYPES.stylesRel, stylesPath));
    if (calcChain) for (const r of this.rels.filter((r) => REL.calcChain.test(r.type))) splices.push({ start: r.node.start, end: r.node.end, text: '' });
    if (!fresh.length && !splices.length) return null;
    if (!text) return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}">${fresh.join('')}</Relationships>`;
    if (root.selfClosing)
      splices.push({
        start: root.start,
        end: root.end,
        text: `<${root.name} xmlns${p ? `:${root.prefix}` : ''}="${NS.pkgRel}">${fresh.join('')}</${root.name}>`,
      });
    else splices.push({ start: root.closeStart, end: root.closeStart, text: fresh.join('') });
    return applySplices(text, splices);
  }

  private contentTypesText(calcChain: string | null, stylesPath: string | null): string | null {
    const { root, text } = this.contentTypes;
    const p = prefixOf(root);
    const splices: Splice[] = [];
    const override = (path: string, type: string) => `<${p}Override PartName="/${escapeAttr(path)}" ContentType="${type}"/>`;
    const fresh = this.added.map((a) => override(a.path, TYPES.worksheet));
    if (stylesPath) fresh.push(override(stylesPath, TYPES.styles));
    if (calcChain) {
      for (const o of children(root, 'Override'))
        if (o.attrs.PartName?.replace(/^\//, '').toLowerCase() === calcChain.toLowerCase()) splices.push({ start: o.start, end: o.end, text: '' });
    }
    if (fresh.length) splices.push({ start: root.closeStart, end: root.closeStart, text: fresh.join('') });
    return splices.length ? applySplices(text, splices) : null;
  }
}
