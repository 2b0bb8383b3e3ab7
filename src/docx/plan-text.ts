/**
 * A plan saved as a Word document (.docx) → the plan text the importer reads. Paragraphs become
 * lines, with Word's automatic numbering written out as the reader sees it (一、 (二) 第三阶段 1.),
 * since plans number their phases that way; each table row becomes one line with its cells
 * between ' | ', so the importer reads tables as tables. Only document.xml and numbering.xml are
 * inflated, within the package reader's limits (a zip bomb is refused). Old Word and WPS files
 * (.doc, .wps: OLE2 compound files) are recognised, to ask for a .docx instead.
 */
import { ProblemError } from '../core/flag/messages';
import { decodeEntities, attrValue, XmlStream } from '../xlsx/package/xml-stream';
import { entryText, readDirectory, type ZipEntry } from '../xlsx/package/zip';
import { isOldWord, isZip } from './sniff';

export type DocxProblem = 'oldWord' | 'notDocx';

export class DocxError extends Error {
  constructor(readonly kind: DocxProblem) {
    super(kind);
  }
}

/** document.xml beyond this is not a plan (a 1 MB plan has about 3 MB of XML). */
const MAX_XML = 64 * 1024 * 1024;

interface Level {
  format: string;
  text: string;
  start: number;
}

const CN_DIGITS = '〇一二三四五六七八九';

function chineseCounting(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? CN_DIGITS[tens] : ''}${tens ? '十' : ''}${ones ? CN_DIGITS[ones] : ''}`;
}

/** A counter in a numbering format Word uses for Chinese documents. */
function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographTraditional':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return Array.from(String(n), (d) => CN_DIGITS[Number(d)]).join('');
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x245f + n) : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return Array.from(String(n), (d) => String.fromCharCode(0xff10 + Number(d))).join('');
    case 'upperLetter':
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case 'lowerLetter':
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case 'upperRoman':
    case 'lowerRoman': {
      const r = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'][n] ?? String(n);
      return format === 'upperRoman' ? r : r.toLowerCase();
    }
    default:
      return String(n);
  }
}

/** Word's numbering levels are 0 to 8. */
const isLevel = (n: number) => Number.isInteger(n) && n >= 0 && n <= 8;

/** numbering.xml: numId → its levels (format, text with %1 %2, start). */
function readNumbering(xml: string): Map<string, Level[]> {
  const abstract = new Map<string, Level[]>();
  const nums = new Map<string, string>();
  const overrides = new Map<string, Map<number, number>>();
  let levels: Level[] | null = null;
  let level: Level | null = null;
  let numId: string | null = null;
  let overrideLevel = -1;
  const stream = new XmlStream({
    open(local, _name, s, from, to) {
      const v = (a: string) => attrValue(s, from, to, `w:${a}`);
      if (local === 'abstractNum') abstract.set(v('abstractNumId') ?? '', (levels = []));
      else if (local === 'lvl' && levels) {
        // Word has nine levels (0-8); a level outside them is no numbering (4e8 would make an array of 4e8).
        const ilvl = Number(v('ilvl') ?? 0);
        level = { format: 'decimal', text: '', start: 1 };
        if (isLevel(ilvl)) levels[ilvl] = level;
      } else if (local === 'numFmt' && level) level.format = v('val') ?? 'decimal';
      else if (local === 'lvlText' && level) level.text = v('val') ?? '';
      else if (local === 'start' && level) level.start = Number(v('val') ?? 1);
      else if (local === 'num') numId = v('numId') ?? null;
      else if (local === 'abstractNumId' && numId) nums.set(numId, v('val') ?? '');
      else if (local === 'lvlOverride') overrideLevel = isLevel(Number(v('ilvl'))) ? Number(v('ilvl')) : -1;
      else if (local === 'startOverride' && numId && overrideLevel >= 0) {
        if (!overrides.has(numId)) overrides.set(numId, new Map());
        overrides.get(numId)!.set(overrideLevel, Number(v('val') ?? 1));
      }
    },
    close(local) {
      if (local === 'abstractNum') levels = null;
      else if (local === 'lvl') level = null;
      else if (local === 'num') numId = null;
    },
    text() {},
  });
  stream.write(xml);
  stream.end();
  const out = new Map<string, Level[]>();
  for (const [id, abstractId] of nums) {
    const base = abstract.get(abstractId) ?? [];
    const starts = overrides.get(id);
    out.set(
      id,
      base.map((l, i) => (starts?.has(i) ? { ...l, start: starts.get(i)! } : l)),
    );
  }
  return out;
}

function findEntry(entries: ZipEntry[], name: string): ZipEntry | undefined {
  return entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
}

/** The text of a .docx, paragraphs and numbering and table rows, for parsePlan. */
export function docxText(bytes: Uint8Array): string {
  if (isOldWord(bytes)) throw new DocxError('oldWord');
  if (!isZip(bytes)) throw new DocxError('notDocx');
  try {
    const entries = readDirectory(bytes);
    const document = findEntry(entries, 'word/document.xml');
    if (!document) throw new DocxError('notDocx');
    const numberingEntry = findEntry(entries, 'word/numbering.xml');
    const numbering = numberingEntry ? readNumbering(entryText(bytes, numberingEntry, MAX_XML)) : new Map<string, Level[]>();
    return documentText(entryText(bytes, document, MAX_XML), numbering);
  } catch (error) {
    if (error instanceof ProblemError) throw new DocxError('notDocx');
    throw error;
  }
}

function documentText(xml: string, numbering: Map<string, Level[]>): string {
  const lines: string[] = [];
  const counters = new Map<string, number[]>();
  let paragraph = '';
  let inText = false;
  /** <w:tabs> holds tab stops, not tabs. */
  let inTabStops = false;
  let numId: string | null = null;
  let ilvl = 0;
  /** Nested tables are flattened into the cell of the outermost one. */
  let tableDepth = 0;
  let row: string[] | null = null;
  let cell: string[] | null = null;

  const prefix = (): string => {
    const levels = numId ? numbering.get(numId) : undefined;
    const level = levels?.[ilvl];
    if (!numId || !levels || !level || level.format === 'bullet' || level.format === 'none') return '';
    const count = counters.get(numId) ?? [];
    for (let i = 0; i < ilvl; i++) count[i] ??= (levels[i]?.start ?? 1) - 1;
    count[ilvl] = (count[ilvl] ?? (level.start ?? 1) - 1) + 1;
    count.length = ilvl + 1;
    counters.set(numId, count);
    const text = level.text.replace(/%(\d)/g, (_m, d: string) => {
      const k = Number(d) - 1;
      return formatNumber(count[k] ?? levels[k]?.start ?? 1, levels[k]?.format ?? 'decimal');
    });
    return text ? `${text} ` : '';
  };

  const stream = new XmlStream({
    open(local, _name, s, from, to, selfClosing) {
      switch (local) {
        case 'tbl':
          tableDepth++;
          break;
        case 'tr':
          if (tableDepth === 1) row = [];
          break;
        case 'tc':
          if (tableDepth === 1) cell = [];
          break;
        case 'p':
          paragraph = '';
          numId = null;
          ilvl = 0;
          break;
        case 'numId':
          numId = attrValue(s, from, to, 'w:val') ?? null;
          if (numId === '0') numId = null;
          break;
        case 'ilvl': {
          // A level Word does not have numbers nothing (levels[-1] is no level).
          const n = Number(attrValue(s, from, to, 'w:val') ?? 0);
          ilvl = isLevel(n) ? n : -1;
          break;
        }
        case 't':
          inText = !selfClosing;
          break;
        case 'tabs':
          inTabStops = !selfClosing;
          break;
        case 'tab':
          if (!inText && !inTabStops) paragraph += tableDepth ? ' ' : '\t';
          break;
        case 'br':
        case 'cr':
          paragraph += tableDepth ? ' ' : '\n';
          break;
      }
    },
    close(local) {
      switch (local) {
        case 't':
          inText = false;
          break;
        case 'tabs':
          inTabStops = false;
          break;
        case 'p': {
          const text = prefix() + paragraph;
          if (cell) cell.push(text.trim());
          else if (!tableDepth) lines.push(text);
          paragraph = '';
          break;
        }
        case 'tc':
          if (tableDepth === 1 && cell && row) {
            // Paragraphs of a cell: a date range broken after 至 or a dash is one text.
            row.push(
              cell
                .filter(Boolean)
                .reduce((a, b) => (!a ? b : /[至到—\-~]$/.test(a) ? a + b : `${a};${b}`), '')
                .replace(/\|/g, '/'),
            );
            cell = null;
          }
          break;
        case 'tr':
          if (tableDepth === 1 && row) {
            if (row.some(Boolean)) lines.push(row.join(' | '));
            row = null;
          }
          break;
        case 'tbl':
          tableDepth--;
          break;
      }
    },
    text(s, from, to, cdata) {
      if (!inText) return;
      const raw = s.slice(from, to);
      paragraph += cdata ? raw : decodeEntities(raw);
    },
  });
  stream.write(xml);
  stream.end();
  return lines.join('\n');
}
