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
import { fail, InflateBudget, LIMITS } from './limits';
import { mergeEdits, sortEdits, streamEdits, type TextEdit } from './rewrite';
import { type CellContext, detach, type Feed, scanSheet, type ScanOptions, type SheetScan } from './sheet-scan';
import { Styles } from './styles';
import { decodeEntities, XmlStream } from './xml-stream';
import {
  applySplices,
  child,
  children,
  decodeCellText,
  escapeAttr,
  escapeText,
  NS,
  parseXml,
  prefixFor,
  prefixOf,
  setAttr,
  type Splice,
  type XmlNode,
} from './xml';
import { compressText, type CompressedPart, inflateText, readDirectory, type TextSink, ZipBuilder, type ZipEntry } from './zip';

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
};
/** Relationship types, transitional and Strict (ISO 29500 Strict names them under purl.oclc.org). */
const REL_BASE = {
  transitional: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  strict: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
};

/** An XML declaration's encoding set to UTF-8, for a part read in another encoding and written as UTF-8. */
function utf8Declaration(text: string): Splice | null {
  const m = /^(\ufeff?<\?xml\s[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2/.exec(text.slice(0, 256));
  return m ? { start: m[1].length, end: m[0].length, text: '"UTF-8"' } : null;
}

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
  /** The encoding it was read in (it is written back as UTF-8). */
  encoding: string;
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
  /** Entries by exact name, and by name in lower case (part names are case-insensitive; the first one wins). */
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byPath = new Map<string, ZipEntry>();
  /** What this action may still inflate, all parts together. */
  private readonly budget: InflateBudget;
  /** ISO 29500 Strict: its own namespaces and relationship types, in what is added too. */
  readonly strict: boolean;
  /** Parts read in an encoding other than UTF-8, by name: their declaration says UTF-8 when they are written. */
  private readonly encodings = new Map<string, string>();
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
  /** Sheets read in another encoding than UTF-8: the edit that makes their declaration say UTF-8. */
  private readonly declarations = new Map<string, Splice>();

  private constructor(private readonly bytes: Uint8Array) {
    this.budget = new InflateBudget(bytes.length);
    this.entries = readDirectory(bytes);
    for (const e of this.entries) {
      this.byName.set(e.name, e);
      if (!this.byPath.has(e.name.toLowerCase())) this.byPath.set(e.name.toLowerCase(), e);
    }
    const ct = this.part('[Content_Types].xml');
    if (!ct) fail({ kind: 'notXlsx' });
    this.contentTypes = ct;
    const rootRels = this.part('_rels/.rels');
    const officeDoc = rootRels?.root.children.find((r) => REL.officeDocument.test(r.attrs.Type ?? '') && r.attrs.TargetMode !== 'External');
    const workbookPath = officeDoc ? resolveTarget('', officeDoc.attrs.Target) : 'xl/workbook.xml';
    const workbook = this.part(workbookPath);
    if (!workbook) fail({ kind: 'notXlsx' });
    if (workbook.root.local !== 'workbook') fail({ kind: 'notXlsx' });
    this.strict = workbook.root.uri === NS.strictMain;
    this.workbook = workbook;
    const relsPath = relsPathOf(workbook.path);
    this.workbookRels = this.part(relsPath) ?? {
      path: relsPath,
      text: '',
      root: parseXml(`<Relationships xmlns="${NS.pkgRel}"></Relationships>`),
      encoding: 'utf-8',
    };
    this.rels = children(this.workbookRels.root, 'Relationship').map((r) => ({
      id: r.attrs.Id,
      type: r.attrs.Type ?? '',
      path: r.attrs.TargetMode === 'External' || !r.attrs.Target ? null : resolveTarget(workbook.path, r.attrs.Target),
      node: r,
    }));
    const pr = child(workbook.root, 'workbookPr');
    this.date1904 = pr?.attrs.date1904 === '1' || pr?.attrs.date1904 === 'true';
    const relPrefix = prefixFor(workbook.root, this.strict ? NS.strictRel : NS.rel);
    const relById = new Map(this.rels.map((r) => [r.id, r]));
    const sheetsNode = child(workbook.root, 'sheets');
    const sheetNodes = sheetsNode ? children(sheetsNode, 'sheet') : [];
    if (sheetNodes.length > LIMITS.sheets) fail({ kind: 'limit', what: 'sheets', limit: LIMITS.sheets });
    this.sheets = sheetNodes.map((s, index) => {
      const rid = Object.entries(s.attrs).find(([k]) => k === `${relPrefix ?? 'r'}:id` || k.endsWith(':id'))?.[1];
      const rel = rid === undefined ? undefined : relById.get(rid);
      const state = s.attrs.state === 'hidden' || s.attrs.state === 'veryHidden' ? s.attrs.state : 'visible';
      return {
        name: s.attrs.name ?? '',
        sheetId: Number(s.attrs.sheetId ?? 0),
        state,
        path: rel?.path ? (this.entry(rel.path)?.name ?? null) : null,
        kind: rel && REL.worksheet.test(rel.type) ? 'worksheet' : rel && REL.chartsheet.test(rel.type) ? 'chartsheet' : 'other',
        index,
      };
    });
    // A styles relationship that points at a sheet (or at anything but a style sheet) is not the
    // styles: they are read as absent, and new ones get a part of their own.
    const styles = this.relPath(REL.styles);
    this.stylesPath = styles && !this.sheets.some((sh) => sh.path === styles) && this.isStyleSheet(styles) ? styles : null;
  }

  private isStyleSheet(path: string): boolean {
    let root = '';
    const e = this.entry(path)!;
    inflateText(
      this.bytes,
      e,
      (text) => {
        const m = /<(?:[\w.-]+:)?([\w.-]+)[\s/>]/.exec(text.replace(/<[?!][^>]*>/g, ''));
        root = m?.[1] ?? '';
        return false;
      },
      LIMITS.partBytes,
      this.budget,
    );
    return root === 'styleSheet';
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

  /** A part by name: the entry of that exact name, else one that differs only in case. */
  private entry(path: string): ZipEntry | undefined {
    return this.byName.get(path) ?? this.byPath.get(path.toLowerCase());
  }

  /** A part's text, in whatever encoding it is written (recorded, for writing it back as UTF-8). */
  private text(e: ZipEntry, limit: number = LIMITS.partBytes): string {
    const parts: string[] = [];
    const encoding = inflateText(this.bytes, e, (t) => void parts.push(t), limit, this.budget);
    if (encoding !== 'utf-8') this.encodings.set(e.name, encoding);
    return parts.join('');
  }

  private part(path: string): Part | null {
    const e = this.entry(path);
    if (!e) return null;
    const text = this.text(e);
    return { path: e.name, text, root: parseXml(text, e.name), encoding: this.encodings.get(e.name) ?? 'utf-8' };
  }

  private relPath(type: RegExp): string | null {
    const rel = this.rels.find((r) => type.test(r.type) && r.path && this.entry(r.path));
    return rel ? this.entry(rel.path!)!.name : null;
  }

  get styles(): Styles {
    if (!this.stylesCache) {
      const e = this.stylesPath ? this.entry(this.stylesPath) : undefined;
      this.stylesCache = new Styles(e ? this.text(e) : null, this.strict);
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
      const stream = new XmlStream(
        {
          open(local) {
            if (local === 'si') current = '';
            else if (local === 'rPh') phonetic++;
            else if (local === 't') inT = !phonetic;
          },
          close(local) {
            if (local === 'si' && out.push(detach(decodeCellText(current))) > LIMITS.sharedStrings)
              fail({ kind: 'limit', what: 'strings', limit: LIMITS.sharedStrings, part: e.name });
            else if (local === 'rPh') phonetic--;
            else if (local === 't') inT = false;
          },
          text(s, from, to, cdata) {
            if (inT) current += cdata ? s.slice(from, to) : decodeEntities(s.slice(from, to));
          },
        },
        e.name,
      );
      inflateText(this.bytes, e, (text) => void stream.write(text), LIMITS.sharedStringBytes, this.budget);
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
    // A map, not a search: thousands of sheets are looked up one by one.
    this.sheetByName ??= new Map([...this.sheets].reverse().map((s) => [s.name, s]));
    return this.sheetByName.get(name);
  }

  private sheetByName: Map<string, SheetEntry> | null = null;

  /** Reads a worksheet in one pass (see scanSheet); a sheet without a part reads as empty. */
  scan(name: string, options: ScanOptions = {}): SheetScan {
    const sheet = this.sheet(name);
    const e = sheet?.path && sheet.kind === 'worksheet' ? this.entry(sheet.path) : undefined;
    if (!e) return scanSheet(() => undefined, this.cellContext(), options);
    // A sheet read to be edited keeps its text, when it is small enough, for the writing pass.
    const keep = options.anchorFrom !== undefined && e.size <= RETAIN_BYTES ? ([] as string[]) : null;
    let head = '';
    const scan = scanSheet(
      (onText) => {
        const encoding = inflateText(
          this.bytes,
          e,
          (text) => {
            if (head.length < 256) head += text.slice(0, 256);
            keep?.push(text);
            return onText(text);
          },
          LIMITS.partBytes,
          this.budget,
        );
        // A sheet in UTF-16 (or GB2312 …) is written back as UTF-8, and its declaration says so.
        if (encoding !== 'utf-8') this.encodings.set(e.name, encoding);
        const declaration = encoding !== 'utf-8' ? utf8Declaration(head) : null;
        if (declaration) this.declarations.set(e.name, declaration);
      },
      this.cellContext(),
      { ...options, part: sheet!.name },
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
    // Sheets that share a part (a crafted file can point 3,000 at one) share one reading of it.
    const byPart = new Map<string, SheetScan>();
    const sheets: SheetGrid[] = this.sheets.map((s) => {
      let scan = s.path ? byPart.get(s.path) : undefined;
      if (!scan) scan = this.scan(s.name, { maxRow: rows, formulas: true });
      if (s.path) byPart.set(s.path, scan);
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
    // longest pass (an edited ledger) starts. Parts are known by their exact names: a package may
    // hold two that differ only in case.
    const compressed = new Map<string, CompressedPart>();
    for (const [path, write] of this.replaced) compressed.set(path, compressText(path, write));
    const added = this.added.map((a) => compressText(a.path, a.write));
    const replacedRels = [...this.replaced.keys()].map((p) => this.entry(relsPathOf(p))?.name).filter((p): p is string => !!p);
    this.replaced.clear();
    for (const a of this.added) a.write = () => undefined;
    for (const [path, sources] of this.sheetEdits) {
      const e = this.entry(path)!;
      const kept = this.retained.get(e.name);
      const feed: Feed = kept ? (onText) => kept.forEach((t) => onText(t)) : (onText) => void inflateText(this.bytes, e, onText, LIMITS.partBytes, this.budget);
      const declaration = this.declarations.get(e.name);
      const all = declaration ? [[declaration], ...sources] : sources;
      compressed.set(
        e.name,
        compressText(e.name, (sink) => streamEdits(feed, mergeEdits(...all), sink)),
      );
      this.retained.delete(e.name);
    }
    this.sheetEdits.clear();

    // Then the workbook's own small parts, which now know every sheet, name and style.
    const styles = this.stylesCache?.changed ? this.stylesCache : null;
    const newStylesPath = styles && !this.stylesPath ? this.freePath(`${dirOf(this.workbook.path)}styles`) : null;
    const stylesRelId = newStylesPath ? this.freeRelId() : null;
    const texts = new Map<string, string>();
    const workbookText = this.workbookText();
    if (workbookText !== this.workbook.text) texts.set(this.workbook.path, this.utf8(this.workbook.path, workbookText));
    const relsText = this.workbookRelsText(calcChain, newStylesPath, stylesRelId);
    if (relsText !== null) texts.set(this.workbookRels.path, this.utf8(this.workbookRels.path, relsText));
    const typesText = this.contentTypesText(calcChain, newStylesPath);
    if (typesText !== null) texts.set(this.contentTypes.path, this.utf8(this.contentTypes.path, typesText));
    if (styles) texts.set(this.stylesPath ?? newStylesPath!, this.utf8(this.stylesPath ?? '', styles.text()));
    // A replaced sheet's own relationships pointed at what its old content used.
    const dropped = new Set<string>(replacedRels);
    if (calcChain) dropped.add(calcChain);

    const zip = new ZipBuilder();
    for (const e of this.entries) {
      if (dropped.has(e.name)) continue;
      const text = texts.get(e.name);
      const part = compressed.get(e.name);
      if (text !== undefined) {
        zip.text(e.name, text);
        texts.delete(e.name);
      } else if (part) zip.compressed(part);
      else zip.copy(this.bytes, e);
    }
    // Parts that did not exist before: relationships or styles, and the new sheets.
    if (relsText !== null && texts.has(this.workbookRels.path)) zip.text(this.workbookRels.path, relsText);
    if (newStylesPath) zip.text(newStylesPath, styles!.text());
    for (const part of added) zip.compressed(part);
    return zip.finish();
  }

  /** A part's new text as it is written (UTF-8): a declaration that named another encoding says UTF-8. */
  private utf8(path: string, text: string): string {
    if (!this.encodings.has(path)) return text;
    const splice = utf8Declaration(text);
    return splice ? applySplices(text, [splice]) : text;
  }

  /** A part name not taken yet: `base.xml`, else `base2.xml` … */
  private freePath(base: string): string {
    let path = `${base}.xml`;
    for (let n = 2; this.entry(path) || this.added.some((a) => a.path.toLowerCase() === path.toLowerCase()); n++) path = `${base}${n}.xml`;
    return path;
  }

  /** A relationship type in the package's own flavour (transitional or Strict). */
  private relType(kind: 'worksheet' | 'styles'): string {
    return `${this.strict ? REL_BASE.strict : REL_BASE.transitional}/${kind}`;
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
      const relNs = this.strict ? NS.strictRel : NS.rel;
      const relPrefix = prefixFor(root, relNs);
      const ridAttr = relPrefix ? `${relPrefix}:id` : `xmlns:r="${relNs}" r:id`;
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
      // An attribute that is there already is set, never added a second time.
      const calcPr = child(root, 'calcPr');
      if (calcPr) {
        const value = calcPr.attrs.fullCalcOnLoad;
        if (value !== '1' && value !== 'true')
          splices.push({ start: calcPr.start, end: calcPr.openEnd, text: setAttr(text.slice(calcPr.start, calcPr.openEnd), 'fullCalcOnLoad', '1') });
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
    const fresh = this.added.map((a) => rel(a.rid, this.relType('worksheet'), a.path));
    // A styles relationship that pointed at something else now points at the new styles.
    const misplaced = stylesPath ? this.rels.find((r) => REL.styles.test(r.type)) : undefined;
    if (misplaced)
      splices.push({
        start: misplaced.node.start,
        end: misplaced.node.openEnd,
        text: setAttr(text.slice(misplaced.node.start, misplaced.node.openEnd), 'Target', relativeTarget(this.workbook.path, stylesPath!)),
      });
    else if (stylesPath) fresh.push(rel(stylesRelId!, this.relType('styles'), stylesPath));
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
