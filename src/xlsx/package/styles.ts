/**
 * styles.xml: which cell styles show dates (so that a date cell reads as a date), and new styles
 * appended for what an action writes. Existing fonts, fills, borders, number formats and cell
 * formats keep their indices and their bytes; new ones go at the end of each list.
 */
import type { CellStyle, RuleStyle } from '../../core/spec';
import { fail, LIMITS } from './limits';
import { applySplices, escapeAttr, NS, setAttr, type Splice } from './xml';
import { attrValue, XmlStream } from './xml-stream';

/** Built-in number formats that show dates (ECMA-376 18.8.30, with the East Asian ids). */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILTIN_CODES: Record<number, string> = { 0: 'General', 14: 'yyyy-mm-dd', 22: 'm/d/yy h:mm' };

/** A format code shows a date when it holds a date part outside quotes, escapes and [brackets]. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?!\$-)[^\]]*\]/g, '')
    .replace(/\[\$-[^\]]*\]/g, '');
  // Only the first section counts (positive numbers); `General` and plain numbers are not dates.
  const first = bare.split(';')[0];
  return /[ymdhs]/i.test(first.replace(/General/gi, '')) && !/^[#0.,%\s]*$/.test(first);
}

const MINIMAL_STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${NS.main}">` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/></styleSheet>';

const ORDER = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'];
type List = 'numFmts' | 'fonts' | 'fills' | 'borders' | 'cellXfs' | 'dxfs';
/** The lists styles are appended to, and what each holds. */
const ITEM: Record<List, string> = { numFmts: 'numFmt', fonts: 'font', fills: 'fill', borders: 'border', cellXfs: 'xf', dxfs: 'dxf' };

/** A child of <styleSheet>: where it stands. */
interface Place {
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
}

/** What styles.xml holds that reading dates and appending styles need, read in one pass (no tree). */
interface Outline {
  prefix: string;
  rootCloseStart: number;
  /** The first of each kind of child of <styleSheet> (known kinds only). */
  places: Map<string, Place>;
  formats: Map<number, string>;
  /** numFmtId, start and end of each cellXfs entry. */
  xfFormat: number[];
  xfStart: number[];
  xfEnd: number[];
  counts: Record<List, number>;
  /** The first font's children: their names and where they stand. */
  fontParts: { local: string; start: number; end: number }[];
}

function outline(source: string): Outline {
  const o: Outline = {
    prefix: '',
    rootCloseStart: source.length,
    places: new Map(),
    formats: new Map(),
    xfFormat: [],
    xfStart: [],
    xfEnd: [],
    counts: { numFmts: 0, fonts: 0, fills: 0, borders: 0, cellXfs: 0, dxfs: 0 },
    fontParts: [],
  };
  let list: List | null = null;
  let inList = false;
  let inFirstFont = false;
  let partStart = 0;
  const stream: XmlStream = new XmlStream(
    {
      open(local, name, s, from, to, selfClosing, start, end) {
        const depth = stream.depth + (selfClosing ? 1 : 0);
        if (depth === 1) {
          const colon = name.indexOf(':');
          o.prefix = colon < 0 ? '' : name.slice(0, colon + 1);
        } else if (depth === 2) {
          inList = false;
          if (!ORDER.includes(local) || o.places.has(local)) return;
          o.places.set(local, { start, openEnd: end, closeStart: end, end, selfClosing });
          list = local in ITEM ? (local as List) : null;
          inList = list !== null;
        } else if (depth === 3 && inList && local === ITEM[list!]) {
          if (++o.counts[list!] > LIMITS.styles) fail({ kind: 'limit', what: 'styles', limit: LIMITS.styles, part: 'styles.xml' });
          if (list === 'numFmts') o.formats.set(Number(attrValue(s, from, to, 'numFmtId')), attrValue(s, from, to, 'formatCode') ?? '');
          else if (list === 'cellXfs') {
            o.xfFormat.push(Number(attrValue(s, from, to, 'numFmtId') ?? 0));
            o.xfStart.push(start);
            o.xfEnd.push(end);
          } else if (list === 'fonts' && o.counts.fonts === 1) inFirstFont = true;
        } else if (depth === 4 && inFirstFont) partStart = start;
      },
      close(local, start, end) {
        const depth = stream.depth + 1;
        if (depth === 1) o.rootCloseStart = start;
        else if (depth === 2 && inList) {
          const place = o.places.get(list!)!;
          if (!place.selfClosing) [place.closeStart, place.end] = [start, end];
          inList = false;
        } else if (depth === 3 && inList && list === 'cellXfs' && local === 'xf') o.xfEnd[o.xfEnd.length - 1] = end;
        else if (depth === 3 && inFirstFont) inFirstFont = false;
        else if (depth === 4 && inFirstFont) o.fontParts.push({ local, start: partStart, end });
      },
      text() {},
    },
    'styles.xml',
  );
  stream.write(source);
  stream.end();
  return o;
}
const ALIGN: Record<string, string> = { left: 'left', center: 'center', right: 'right', top: 'top', middle: 'center', bottom: 'bottom' };

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

export class Styles {
  readonly existed: boolean;
  private readonly source: string;
  private readonly outline: Outline;
  private readonly p: string;
  private readonly formats: Map<number, string>;
  private readonly counts: Record<List, number>;
  private readonly added: Record<List, string[]> = {
    numFmts: [],
    fonts: [],
    fills: [],
    borders: [],
    cellXfs: [],
    dxfs: [],
  };
  private readonly cache = new Map<string, number>();
  private nextFormatId = 164;
  /** The default font's parts: its size and colour, and the rest (name, family, charset, scheme …). */
  private readonly baseFont: { size: string; color: string; rest: string[] };

  /** `strict`: a style sheet made for a Strict workbook is in its namespace. */
  constructor(text: string | null, strict = false) {
    this.existed = text !== null;
    this.source = text ?? (strict ? MINIMAL_STYLES.replace(NS.main, NS.strictMain) : MINIMAL_STYLES);
    this.outline = outline(this.source);
    this.p = this.outline.prefix;
    this.formats = this.outline.formats;
    for (const id of this.formats.keys()) if (id >= this.nextFormatId) this.nextFormatId = id + 1;
    this.counts = { ...this.outline.counts };
    const parts = this.outline.fontParts;
    const part = (local: string) => {
      const c = parts.find((f) => f.local === local);
      return c ? this.source.slice(c.start, c.end) : '';
    };
    this.baseFont = {
      size: part('sz'),
      color: part('color'),
      rest: parts.filter((c) => !['b', 'sz', 'color'].includes(c.local)).map((c) => this.source.slice(c.start, c.end)),
    };
  }

  get changed(): boolean {
    return Object.values(this.added).some((a) => a.length > 0);
  }

  /** Format codes already judged by isDateFormat. */
  private readonly dateCodes = new Map<string, boolean>();

  formatCode(id: number): string {
    return this.formats.get(id) ?? BUILTIN_CODES[id] ?? '';
  }

  /** Does cell style `s` show a date? */
  isDate(s: number): boolean {
    const id = this.outline.xfFormat[s];
    if (id === undefined) return false;
    // A format the file defines says itself what it is; else the built-in id does.
    const code = this.formats.get(id);
    if (code === undefined) return BUILTIN_DATE_IDS.has(id);
    // Asked for every number cell read: each code is judged once (four regular expressions each time cost the scan 5%).
    let date = this.dateCodes.get(code);
    if (date === undefined) this.dateCodes.set(code, (date = isDateFormat(code)));
    return date;
  }

  numFmtOf(s: number): string {
    return this.formatCode(this.outline.xfFormat[s] ?? 0);
  }

  private formatId(code: string): number {
    if (code === 'General') return 0;
    for (const [id, c] of this.formats) if (c === code) return id;
    const id = this.nextFormatId++;
    this.formats.set(id, code);
    this.added.numFmts.push(`<${this.p}numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`);
    return id;
  }

  private push(list: Exclude<List, 'numFmts'>, xml: string): number {
    const key = `${list}:${xml}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const index = this.counts[list] + this.added[list].length;
    this.added[list].push(xml);
    this.cache.set(key, index);
    return index;
  }

  private fontXml(style: { bold?: boolean; fontSize?: number; fontColor?: string }): string {
    const p = this.p;
    // The workbook's own default font (宋体 12 in WPS, Calibri 11 in Excel), with what the style adds.
    const own = [
      style.bold ? `<${p}b/>` : '',
      style.fontSize ? `<${p}sz val="${style.fontSize}"/>` : this.baseFont.size,
      style.fontColor ? `<${p}color rgb="${argb(style.fontColor)}"/>` : this.baseFont.color,
    ];
    return `<${p}font>${own.join('')}${this.baseFont.rest.join('')}</${p}font>`;
  }

  private readonly xfByStyle = new Map<string, number>();

  /** A cell format for a style of the spec, added once and reused. */
  xfFor(style: CellStyle): number {
    const key = `${style.bold}|${style.fontSize}|${style.fontColor}|${style.fill}|${style.hAlign}|${style.vAlign}|${style.wrap}|${style.numFmt}|${style.border}`;
    let xf = this.xfByStyle.get(key);
    if (xf === undefined) this.xfByStyle.set(key, (xf = this.newXf(style)));
    return xf;
  }

  private newXf(style: CellStyle): number {
    const p = this.p;
    const numFmtId = style.numFmt ? this.formatId(style.numFmt) : 0;
    const fontId = style.bold || style.fontSize || style.fontColor ? this.push('fonts', this.fontXml(style)) : 0;
    const fillId = style.fill
      ? this.push(
          'fills',
          `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${argb(style.fill)}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`,
        )
      : 0;
    const edge = (e: string) => (style.border ? `<${p}${e} style="thin"><${p}color rgb="${argb(style.border)}"/></${p}${e}>` : `<${p}${e}/>`);
    const borderId = style.border
      ? this.push('borders', `<${p}border>${edge('left')}${edge('right')}${edge('top')}${edge('bottom')}<${p}diagonal/></${p}border>`)
      : 0;
    const align = [
      style.hAlign ? `horizontal="${ALIGN[style.hAlign]}"` : '',
      style.vAlign ? `vertical="${ALIGN[style.vAlign]}"` : '',
      style.wrap ? 'wrapText="1"' : '',
    ].filter(Boolean);
    const applies = [
      numFmtId ? ' applyNumberFormat="1"' : '',
      fontId ? ' applyFont="1"' : '',
      fillId ? ' applyFill="1"' : '',
      borderId ? ' applyBorder="1"' : '',
      align.length ? ' applyAlignment="1"' : '',
    ].join('');
    const attrs = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applies}`;
    if (!numFmtId && !fontId && !fillId && !borderId && !align.length) return 0;
    return this.push('cellXfs', align.length ? `<${p}xf ${attrs}><${p}alignment ${align.join(' ')}/></${p}xf>` : `<${p}xf ${attrs}/>`);
  }

  private readonly withFormats = new Map<string, number>();

  /** An existing cell format with another number format (a date written into a user's cell). */
  withFormat(s: number, code: string): number {
    const key = `${s}\u0000${code}`;
    let xf = this.withFormats.get(key);
    if (xf === undefined) this.withFormats.set(key, (xf = this.newWithFormat(s, code)));
    return xf;
  }

  private newWithFormat(s: number, code: string): number {
    // A cell that shows dates already keeps its own date format (yyyy"年"m"月"d"日", say).
    if (this.numFmtOf(s) === code || (isDateFormat(code) && this.isDate(s))) return s;
    if (!(s >= 0 && s < this.outline.xfStart.length)) return this.xfFor({ numFmt: code });
    const text = this.source.slice(this.outline.xfStart[s], this.outline.xfEnd[s]);
    const id = this.formatId(code);
    const openEnd = text.indexOf('>') + 1;
    const selfClosing = text[openEnd - 2] === '/';
    const head = text.slice(0, selfClosing ? openEnd - 2 : openEnd - 1);
    const tag = setAttr(setAttr(`${head}>`, 'numFmtId', String(id)), 'applyNumberFormat', '1');
    const xml = selfClosing ? tag.replace(/>$/, '/>') : tag + text.slice(openEnd);
    return this.push('cellXfs', xml);
  }

  /** A differential format for a conditional-format rule. */
  dxfFor(style: RuleStyle): number {
    const p = this.p;
    const font =
      style.bold || style.fontColor
        ? `<${p}font>${style.bold ? `<${p}b/>` : ''}${style.fontColor ? `<${p}color rgb="${argb(style.fontColor)}"/>` : ''}</${p}font>`
        : '';
    const fill = style.fill ? `<${p}fill><${p}patternFill><${p}bgColor rgb="${argb(style.fill)}"/></${p}patternFill></${p}fill>` : '';
    return this.push('dxfs', `<${p}dxf>${font}${fill}</${p}dxf>`);
  }

  /** styles.xml with what was added; the original text when nothing was. */
  text(): string {
    if (!this.changed && this.existed) return this.source;
    const splices: Splice[] = [];
    for (const list of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs', 'dxfs'] as const) {
      const items = this.added[list];
      if (!items.length) continue;
      const count = String(this.counts[list] + items.length);
      const node = this.outline.places.get(list);
      if (node && !node.selfClosing) {
        splices.push({ start: node.start, end: node.openEnd, text: setAttr(this.source.slice(node.start, node.openEnd), 'count', count) });
        splices.push({ start: node.closeStart, end: node.closeStart, text: items.join('') });
      } else if (node) {
        splices.push({ start: node.start, end: node.end, text: `<${this.p}${list} count="${count}">${items.join('')}</${this.p}${list}>` });
      } else {
        const at = this.insertAt(list);
        splices.push({
          start: at,
          end: at,
          text: `<${this.p}${list} count="${count}">${items.join('')}</${this.p}${list}>`,
        });
      }
    }
    return applySplices(this.source, splices);
  }

  /** Where an element missing from styleSheet goes, by the schema's order. */
  private insertAt(name: string): number {
    const rank = ORDER.indexOf(name);
    let at = this.outline.rootCloseStart;
    for (const [local, place] of this.outline.places) if (ORDER.indexOf(local) > rank && place.start < at) at = place.start;
    return at;
  }
}
