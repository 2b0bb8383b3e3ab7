/**
 * Cells as worksheet XML, and edits that put them into an existing sheet at the places a scan
 * found: an existing cell is replaced where it stands, a new one goes in column order, a missing
 * row is created in row order. Text is written inline (`t="inlineStr"`), so the shared strings
 * stay as they were; formulas carry no cached value (the workbook is marked to recalculate).
 *
 * Edits are generated as the writing pass reaches them, from writes given in row order: a ledger
 * of 200,000 rows never holds 600,000 edits at once.
 */
import { columnLetter, parseRange, range } from '../../core/address';
import { shiftFormula } from '../../core/formula-shift';
import { type CellValue, type FilledFormula, isFormula } from '../../core/spec';
import type { TextEdit } from './rewrite';
import type { AnchorCell, SheetScan, TopElement } from './sheet-scan';
import { fail, LIMITS } from './limits';
import { encodeCellText, escapeText, setAttr } from './xml';

/** What a cell becomes: a value, a formula, one of a shared-formula group, or only a style. */
export type CellContent = { kind: 'value'; value: CellValue } | { kind: 'shared'; si: number; formula?: string; ref?: string } | { kind: 'empty' };

export interface CellWrite {
  row: number;
  col: number;
  content: CellContent;
  /** The style index; absent: the existing cell's style, if any. A function: from the existing style. */
  style?: number | null | ((existing: number | null) => number | null);
}

function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : '0';
}

/** One `<c>` element; '' when there is nothing to write (no value, no style). */
export function cellXml(p: string, row: number, col: number, content: CellContent, style: number | null): string {
  const ref = `${columnLetter(col)}${row}`;
  const s = style ? ` s="${style}"` : '';
  if (content.kind === 'empty') return s ? `<${p}c r="${ref}"${s}/>` : '';
  if (content.kind === 'shared') {
    const f =
      content.formula !== undefined
        ? `<${p}f t="shared" ref="${content.ref}" si="${content.si}">${escapeText(content.formula)}</${p}f>`
        : `<${p}f t="shared" si="${content.si}"/>`;
    return `<${p}c r="${ref}"${s}>${f}</${p}c>`;
  }
  const v = content.value;
  if (v === null || v === undefined) return s ? `<${p}c r="${ref}"${s}/>` : '';
  if (isFormula(v)) return `<${p}c r="${ref}"${s}><${p}f>${escapeText(v.formula)}</${p}f></${p}c>`;
  if (typeof v === 'number') return `<${p}c r="${ref}"${s}><${p}v>${numberText(v)}</${p}v></${p}c>`;
  if (typeof v === 'boolean') return `<${p}c r="${ref}"${s} t="b"><${p}v>${v ? 1 : 0}</${p}v></${p}c>`;
  const space = /^\s|\s$|\n/.test(v) ? ' xml:space="preserve"' : '';
  return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t${space}>${encodeCellText(v)}</${p}t></${p}is></${p}c>`;
}

/** A filled formula as cell writes: its first cell the group's master, the rest its members. */
export function* sharedFormulaWrites(f: FilledFormula, si: number, style?: CellWrite['style']): Generator<CellWrite> {
  if (f.firstRow === f.lastRow) {
    yield { row: f.firstRow, col: f.col, content: { kind: 'value', value: { formula: f.formula } }, style };
    return;
  }
  const ref = range(f.firstRow, f.col, f.lastRow, f.col);
  yield { row: f.firstRow, col: f.col, content: { kind: 'shared', si, formula: f.formula, ref }, style };
  const member: CellContent = { kind: 'shared', si };
  for (let row = f.firstRow + 1; row <= f.lastRow; row++) yield { row, col: f.col, content: member, style };
}

function resolveStyle(w: CellWrite, existing: AnchorCell | undefined): number | null {
  const before = existing?.style ?? null;
  if (w.style === undefined) return before;
  return typeof w.style === 'function' ? w.style(before) : w.style;
}

/** `spans` ("1:15") tells Excel which columns a row uses: widened to the cells written. */
const SPANS = /(\sspans\s*=\s*["'])(\d+):(\d+)(["'])/;

function rowTag(original: string, lo: number, hi: number): string {
  const m = SPANS.exec(original);
  if (!m) return original;
  const from = Math.min(Number(m[2]), lo);
  const to = Math.max(Number(m[3]), hi);
  // Spliced where the one search found it (a replace() would search the tag again, for every row).
  return `${original.slice(0, m.index)}${m[1]}${from}:${to}${m[4]}${original.slice(m.index + m[0].length)}`;
}

/** Groups writes (in row order, columns ascending within a row) by row. */
function* byRow(writes: Iterable<CellWrite>): Generator<CellWrite[]> {
  let list: CellWrite[] = [];
  for (const w of writes) {
    if (list.length && w.row !== list[0].row) {
      yield list;
      list = [];
    }
    list.push(w);
  }
  if (list.length) yield list;
}

/**
 * The edits that write `writes` (row by row, in ascending order, columns ascending in a row) into a
 * sheet scanned with `anchorFrom` at or left of every written column, in document order.
 * `overwritten`: the anchored cell indices the writes replace (see `overwrittenCells`).
 */
export function* cellEdits(scan: SheetScan, writes: Iterable<CellWrite>): Generator<TextEdit> {
  const p = scan.prefix;
  // Nothing is written past the sheet's last column or row (XFD, 1048576): no spreadsheet has them.
  const fits = function* (): Generator<CellWrite> {
    for (const w of writes) {
      if (w.col > LIMITS.maxCol || w.row > LIMITS.maxRow) fail({ kind: 'noRoom', sheet: scan.sheet });
      yield w;
    }
  };
  const index = scan.index;
  const sheetData = scan.top.find((t) => t.local === 'sheetData');
  let r = 0;
  // Rows the sheet lacks wait here until the first existing row below them comes.
  let pendingAt = -1;
  let pending = '';
  const flushPending = function* (): Generator<TextEdit> {
    if (!pending) return;
    if (pendingAt >= 0) yield { start: pendingAt, end: pendingAt, text: pending };
    else if (sheetData?.selfClosing) yield { start: sheetData.start, end: sheetData.end, text: `<${p}sheetData>${pending}</${p}sheetData>` };
    else if (sheetData) yield { start: sheetData.closeStart, end: sheetData.closeStart, text: pending };
    pending = '';
  };
  for (const list of byRow(fits())) {
    const row = list[0].row;
    while (r < index.length && index.rowNumberAt(r) < row) r++;
    if (r >= index.length || index.rowNumberAt(r) !== row) {
      const at = r < index.length ? index.row(r).start : -1;
      if (pending && at !== pendingAt) yield* flushPending();
      const xml = list.map((w) => cellXml(p, row, w.col, w.content, resolveStyle(w, undefined))).join('');
      if (xml) {
        pendingAt = at;
        pending += `<${p}row r="${row}">${xml}</${p}row>`;
      }
      continue;
    }
    yield* flushPending();
    const anchor = index.row(r);
    const lo = list[0].col;
    const hi = list[list.length - 1].col;
    if (anchor.selfClosing) {
      const xml = list.map((w) => cellXml(p, row, w.col, w.content, resolveStyle(w, undefined))).join('');
      if (xml) yield { start: anchor.start, end: anchor.end, text: (tag) => `${rowTag(tag.replace(/\s*\/>$/, '>'), lo, hi)}${xml}</${p}row>` };
      continue;
    }
    yield { start: anchor.start, end: anchor.openEnd, text: (tag) => rowTag(tag, lo, hi) };
    let k = anchor.firstCell;
    let inserted = '';
    let insertAt = -1;
    for (const w of list) {
      while (k < anchor.lastCell && index.colAt(k) < w.col) k++;
      const existing = k < anchor.lastCell && index.colAt(k) === w.col ? index.cell(k) : undefined;
      const xml = cellXml(p, row, w.col, w.content, resolveStyle(w, existing));
      const at = existing ? existing.start : k < anchor.lastCell ? index.startAt(k) : anchor.closeStart;
      // Cells waiting to be inserted go first: they stand before this one.
      if (inserted && (at !== insertAt || existing)) {
        yield { start: insertAt, end: insertAt, text: inserted };
        inserted = '';
      }
      if (existing) yield { start: existing.start, end: existing.end, text: xml };
      else if (xml) {
        insertAt = at;
        inserted += xml;
      }
    }
    if (inserted) yield { start: insertAt, end: insertAt, text: inserted };
  }
  yield* flushPending();
}

/** The anchored cells the writes overwrite, where they matter: cells of shared-formula groups. */
export function overwrittenShared(scan: SheetScan, writes: Iterable<CellWrite>): Set<number> {
  const hit = new Set<number>();
  const index = scan.index;
  if (!index.shared.size) return hit;
  for (const w of writes) {
    const r = index.find(w.row);
    if (r < 0) continue;
    const a = index.row(r);
    for (let k = a.firstCell; k < a.lastCell; k++) if (index.cell(k).col === w.col && index.shared.has(k)) hit.add(k);
  }
  return hit;
}

/**
 * Shared-formula groups whose master is overwritten but which keep other cells: the first kept
 * cell becomes the group's master, so that no cell is left pointing at a formula that is gone.
 */
export function keptGroupEdits(scan: SheetScan, overwritten: Set<number>): TextEdit[] {
  const index = scan.index;
  const p = scan.prefix;
  const edits: TextEdit[] = [];
  if (!overwritten.size) return edits;
  const rowOf = new Map<number, number>();
  // The kept cells of each group, in order: found in one pass, however many groups lose their master.
  const keptBySi = new Map<number, number[]>();
  for (let r = 0; r < index.length; r++) {
    const a = index.row(r);
    for (let k = a.firstCell; k < a.lastCell; k++) {
      const shared = index.shared.get(k);
      if (!shared) continue;
      rowOf.set(k, a.row);
      if (overwritten.has(k)) continue;
      const list = keptBySi.get(shared.si);
      if (list) list.push(k);
      else keptBySi.set(shared.si, [k]);
    }
  }
  for (const m of overwritten) {
    const master = index.cell(m);
    if (master.shared?.ref === undefined || master.shared.formula === undefined) continue;
    const si = master.shared.si;
    const area = parseRange(master.shared.ref);
    const kept = keptBySi.get(si);
    if (!kept?.length) continue;
    const first = index.cell(kept[0]);
    const firstRow = rowOf.get(kept[0])!;
    const formula = shiftFormula(master.shared.formula, firstRow - rowOf.get(m)!, first.col - master.col);
    const f = `<${p}f t="shared" ref="${range(firstRow, Math.max(first.col, area.col1), area.row2, area.col2)}" si="${si}">${escapeText(formula)}</${p}f>`;
    edits.push({ start: first.start, end: first.end, text: (xml) => xml.replace(/<(?:[\w.-]+:)?f\b[^>]*?(?:\/>|>[^<]*<\/(?:[\w.-]+:)?f>)/, f) });
  }
  return edits;
}

/** `<dimension ref>` widened to the cells written. */
export function dimensionEdit(scan: SheetScan, lastRow: number, lastCol: number): TextEdit[] {
  const dim = scan.top.find((t) => t.local === 'dimension');
  if (!dim) return [];
  const m = /\sref\s*=\s*["']([^"']*)["']/.exec(dim.text);
  let r1 = 1;
  let c1 = 1;
  let r2 = lastRow;
  let c2 = lastCol;
  if (m) {
    try {
      const d = parseRange(m[1]);
      [r1, c1, r2, c2] = [d.row1, d.col1, Math.max(d.row2, lastRow), Math.max(d.col2, lastCol)];
    } catch {
      // An unreadable dimension is replaced by what the sheet now spans.
    }
  }
  return [{ start: dim.start, end: dim.end, text: setAttr(dim.text.replace(/\s*\/>$/, '/>'), 'ref', range(r1, c1, r2, c2)) }];
}

/** Column widths for new columns: `<col>` ranges are split where a width is set inside them. */
/** Widths of new columns (hidden ones too: add-status's helper columns). */
export function columnWidthEdits(scan: SheetScan, widths: { col: number; width: number; hidden?: boolean }[]): TextEdit[] {
  if (!widths.length) return [];
  const p = scan.prefix;
  const cols = scan.top.find((t) => t.local === 'cols');
  const own = (w: { col: number; width: number; hidden?: boolean }) =>
    `<${p}col min="${w.col}" max="${w.col}" width="${w.width}" customWidth="1"${w.hidden ? ' hidden="1"' : ''}/>`;
  if (!cols) {
    const sheetData = scan.top.find((t) => t.local === 'sheetData');
    if (!sheetData) return [];
    return [{ start: sheetData.start, end: sheetData.start, text: `<${p}cols>${widths.map(own).join('')}</${p}cols>` }];
  }
  return [{ start: cols.start, end: cols.end, text: splitCols(cols, widths, own) }];
}

function splitCols(cols: TopElement, widths: { col: number; width: number }[], own: (w: { col: number; width: number }) => string): string {
  const text = cols.text;
  const open = text.slice(0, cols.openEnd - cols.start);
  if (cols.selfClosing) return `${open.replace(/\s*\/>$/, '>')}${widths.map(own).join('')}</${open.match(/^<([\w.:-]+)/)![1]}>`;
  const inner = text.slice(cols.openEnd - cols.start, cols.closeStart - cols.start);
  const close = text.slice(cols.closeStart - cols.start);
  // The columns given widths, in order: a range is cut at them (never walked column by column).
  const cut = [...new Set(widths.map((w) => w.col))].sort((a, b) => a - b);
  type Item = { min: number; max: number; xml: string };
  const items: Item[] = [];
  const re = /<(?:[\w.-]+:)?col\b[^>]*?\/>|<(?:[\w.-]+:)?col\b[^>]*>[\s\S]*?<\/(?:[\w.-]+:)?col>/g;
  for (const m of inner.matchAll(re)) {
    const min = Number(/\smin\s*=\s*["'](\d+)["']/.exec(m[0])?.[1] ?? 0);
    const max = Number(/\smax\s*=\s*["'](\d+)["']/.exec(m[0])?.[1] ?? min);
    // Pieces of a range the new widths do not touch keep its every attribute.
    let from = min;
    for (const c of cut) {
      if (c < min || c > max) continue;
      if (c > from) items.push({ min: from, max: c - 1, xml: setAttr(setAttr(m[0], 'min', String(from)), 'max', String(c - 1)) });
      from = c + 1;
    }
    if (from === min) items.push({ min, max, xml: m[0] });
    else if (from <= max) items.push({ min: from, max, xml: setAttr(setAttr(m[0], 'min', String(from)), 'max', String(max)) });
  }
  for (const w of widths) items.push({ min: w.col, max: w.col, xml: own(w) });
  items.sort((a, b) => a.min - b.min);
  return `${open}${items.map((i) => i.xml).join('')}${close}`;
}
