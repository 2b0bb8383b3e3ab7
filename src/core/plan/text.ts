/**
 * Plan text as pasted: web-page clutter, full-width punctuation, Traditional characters with
 * inline pinyin (發(fā)展). Each line is kept twice: `original` (what names and task texts are
 * cut from, so they keep the plan's own script) and `simp` (simplified characters, uniform
 * punctuation), which every pattern runs on. Both have the same length, so a match in `simp`
 * cuts the same span out of `original`; `at` maps a position in the line back to the text the
 * user gave, so every date read can show the sentence it came from.
 *
 * Every step is linear in the length of the text: each character is looked at a bounded number
 * of times, whatever the number or the length of the lines.
 */
import { Converter } from 'opencc-js/t2cn';

export interface PlanLine {
  original: string;
  simp: string;
  /** The cells of a table row: a row of a Word table, or a line with cells split by | or tabs. */
  cells?: PlanLine[];
  /**
   * Where the line's characters stand in the text given to parsePlan: pairs (index in the line,
   * index in the input), each the start of a run of characters that follow one another in both.
   */
  at: number[];
}

/** Above this a paste is not a plan; the rest is ignored, with a warning. */
export const MAX_PLAN_CHARS = 4_000_000;

const toSimplified = Converter({ from: 't', to: 'cn' });

let changing: Uint8Array | null = null;
/**
 * The characters the converter changes, found once by converting each CJK character alone. A line
 * without any of them is left as it is (the converter's phrases all hold such a character), which
 * spares Simplified plans the converter's cost; characters outside the BMP always convert.
 */
function changingCharacters(): Uint8Array {
  if (!changing) {
    const table = new Uint8Array(0x10000);
    const chars: string[] = [];
    for (const [from, to] of [
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0xf900, 0xfaff],
    ]) {
      for (let cp = from; cp <= to; cp++) chars.push(String.fromCharCode(cp));
    }
    const converted = toSimplified(chars.join('\n')).split('\n');
    chars.forEach((ch, i) => {
      if (converted[i] !== ch) table[ch.charCodeAt(0)] = 1;
    });
    for (let c = 0xd800; c <= 0xdbff; c++) table[c] = 1;
    changing = table;
  }
  return changing;
}

function needsConversion(text: string): boolean {
  const table = changingCharacters();
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)]) return true;
  return false;
}

/** Full-width digits and punctuation to their plain forms, one character for one. */
function normalize(text: string): string {
  let out = text;
  for (const [from, to] of Object.entries(PUNCTUATION)) if (out.includes(from)) out = out.replaceAll(from, to);
  return /[\uff10-\uff19]/.test(out) ? out.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48)) : out;
}

/** Simplified characters and uniform punctuation, of the same length where the converter allows. */
function simplify(text: string): string {
  const normalized = normalize(text);
  return needsConversion(normalized) ? toSimplified(normalized) : normalized;
}

const PINYIN = '[a-zāáǎàēéěèêīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}';
/**
 * What cleaning removes or changes: \r\n and \r, other line separators, control and zero-width
 * characters, pinyin after a character (發(fā)展), and the Cyrillic Р that doc-sharing sites put
 * where Chinese paragraphs ended. Each alternative starts with a character, not a lookbehind, so
 * the scan skips ahead; the neighbours of ( and Р are checked in code.
 */
const CLEAN = new RegExp(
  `\\r\\n?|[\\u2028\\u2029\\u000B\\u000C]|[\\u0000-\\u0008\\u000E-\\u001F\\uFFFD\\uFEFF\\u200B-\\u200D]|\\((?:${PINYIN}\\s?){1,2}\\)|Р`,
  'g',
);
const HAN = /[\u3400-\u9fff]/;
const CYRILLIC_OR_SPACE = /[\u0400-\u04ff\s]/;

const PUNCTUATION: Record<string, string> = {
  '：': ':',
  '（': '(',
  '）': ')',
  '，': ',',
  '；': ';',
  '　': ' ',
  '\u00a0': ' ',
  '～': '~',
  '－': '-',
  '﹝': '〔',
  '﹞': '〕',
  '．': '.',
  '！': '!',
  '？': '?',
  '［': '[',
  '］': ']',
  '\t': ' ',
  '﹕': ':',
  '︰': ':',
};
/** The cleaned text and, for each place characters were removed, how many were removed up to there. */
interface Cleaned {
  text: string;
  /** Cleaned positions at which input characters were removed (just before that position), ascending. */
  cuts: number[];
  /** The number of input characters removed up to and including each cut. */
  removed: number[];
}

function clean(input: string): Cleaned {
  const parts: string[] = [];
  const cuts: number[] = [];
  const removed: number[] = [];
  let last = 0;
  let total = 0;
  let length = 0;
  for (const m of input.matchAll(CLEAN)) {
    const at = m.index ?? 0;
    const s = m[0];
    const before = at > 0 ? input[at - 1] : '';
    if (s[0] === '(' && !HAN.test(before)) continue;
    // Р between Chinese sentences is a paragraph mark; inside a Russian word it is a letter.
    if (s === 'Р' && (!before || CYRILLIC_OR_SPACE.test(before) || !input[at + 1] || CYRILLIC_OR_SPACE.test(input[at + 1]))) continue;
    parts.push(input.slice(last, at));
    length += at - last;
    // \r\n → \n and Р → \n keep one character; the rest are removed.
    const kept = s === 'Р' || s[0] === '\r' || s === '\u2028' || s === '\u2029' || s === '\u000B' || s === '\u000C' ? '\n' : '';
    parts.push(kept);
    const gone = s.length - kept.length;
    length += kept.length;
    if (gone) {
      total += gone;
      cuts.push(length);
      removed.push(total);
    }
    last = at + s.length;
  }
  parts.push(input.slice(last));
  return { text: parts.join(''), cuts, removed };
}

/** The input position of a cleaned position. */
function inputIndex(c: Cleaned, i: number): number {
  let lo = 0;
  let hi = c.cuts.length - 1;
  let shift = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c.cuts[mid] <= i) {
      shift = c.removed[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return i + shift;
}

/**
 * A piece of text with where its characters came from in the cleaned text: pairs (index in the
 * piece, index in the cleaned text), each starting a run that is contiguous in both.
 */
interface Piece {
  text: string;
  from: number[];
}

const piece = (text: string, at: number): Piece => ({ text, from: [0, at] });

function cleanedIndex(p: Piece, i: number): number {
  let k = 0;
  while (k + 2 < p.from.length && p.from[k + 2] <= i) k += 2;
  return p.from[k + 1] + (i - p.from[k]);
}

function slicePiece(p: Piece, a: number, b: number = p.text.length): Piece {
  const from: number[] = [];
  for (let k = 0; k < p.from.length; k += 2) {
    const start = p.from[k];
    const end = k + 2 < p.from.length ? p.from[k + 2] : p.text.length;
    if (end <= a || start >= b) continue;
    const s = Math.max(start, a);
    from.push(s - a, p.from[k + 1] + (s - start));
  }
  if (!from.length) from.push(0, cleanedIndex(p, Math.min(a, Math.max(p.text.length - 1, 0))));
  return { text: p.text.slice(a, b), from };
}

function joinPieces(pieces: Piece[]): Piece {
  const from: number[] = [];
  let offset = 0;
  for (const p of pieces) {
    for (let k = 0; k < p.from.length; k += 2) from.push(p.from[k] + offset, p.from[k + 1]);
    offset += p.text.length;
  }
  return { text: pieces.map((p) => p.text).join(''), from: from.length ? from : [0, 0] };
}

/** The piece without what `pattern` (global) matches. */
function removeFrom(p: Piece, pattern: RegExp): Piece {
  const kept: Piece[] = [];
  let last = 0;
  for (const m of p.text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (!m[0].length) continue;
    if (at > last) kept.push(slicePiece(p, last, at));
    last = at + m[0].length;
  }
  if (last === 0) return p;
  if (last < p.text.length) kept.push(slicePiece(p, last));
  return kept.length ? joinPieces(kept) : { text: '', from: p.from.slice(0, 2) };
}

function trimPiece(p: Piece): Piece {
  const start = p.text.length - p.text.trimStart().length;
  const end = p.text.trimEnd().length;
  return start === 0 && end === p.text.length ? p : slicePiece(p, start, Math.max(start, end));
}

/** The first cut after cleaned position i, or -1. */
function cutAfter(c: Cleaned, i: number): number {
  let lo = 0;
  let hi = c.cuts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c.cuts[mid] > i) {
      found = c.cuts[mid];
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

/** The input position of each run start, splitting runs where cleaning removed characters. */
function inputRuns(p: Piece, c: Cleaned): number[] {
  const at: number[] = [];
  for (let k = 0; k < p.from.length; k += 2) {
    const start = p.from[k];
    const end = k + 2 < p.from.length ? p.from[k + 2] : p.text.length;
    const base = p.from[k + 1];
    let i = start;
    do {
      const ci = base + (i - start);
      at.push(i, inputIndex(c, ci));
      // Characters removed before a later character of this run start a new run there.
      const next = cutAfter(c, ci);
      if (next < 0 || next >= base + (end - start)) break;
      i = start + (next - base);
    } while (i < end);
  }
  return at;
}

/** The input span [start, end) of characters a..b of a line. */
export function spanOf(line: PlanLine, a: number, b: number): [number, number] {
  const pos = (i: number): number => {
    let k = 0;
    while (k + 2 < line.at.length && line.at[k + 2] <= i) k += 2;
    return line.at[k + 1] + (i - line.at[k]);
  };
  if (b <= a) return [pos(a), pos(a)];
  return [pos(a), pos(b - 1) + 1];
}

const CN = '[一二三四五六七八九十]';
/** Where a heading may start inside a line: (二), 二、, 第二阶段, 2、. Its neighbours decide (inlineSplits). */
const HEADING_START = new RegExp(`[(（]${CN}{1,3}[)）]|${CN}{1,3}、|第${CN}{1,3}个?阶段|\\d{1,2}、`, 'g');
const SPACE = /\s/;
const NOT_GAP = /[^\s(（)）]/;

/**
 * Where a line holds several headings (a schedule pasted onto one line, a news paragraph), the
 * ranges [from, to) to cut it at (the spaces before a heading are cut away): before (二) or 二、
 * after a space; before (二) after a closing parenthesis or a full stop, or after a 一、 heading's
 * short name; before 第二阶段为 after a full stop; before 第二阶段 or 七、 right after a date or a
 * closing parenthesis; before 2、 after a full stop, a colon or a closing parenthesis and a space.
 */
function inlineSplits(t: string): [number, number][] {
  const cuts: [number, number][] = [];
  for (const m of t.matchAll(HEADING_START)) {
    const p = m.index ?? 0;
    if (p === 0) continue;
    const h = m[0];
    const after = t.slice(p + h.length, p + h.length + 2);
    let ws = p;
    while (ws > 0 && SPACE.test(t[ws - 1])) ws--;
    const spaced = ws < p && ws > 0;
    const prev = t[ws - 1] ?? '';
    const just = t[p - 1];
    if (h[0] === '(' || h[0] === '（') {
      if (spaced && after && !SPACE.test(after[0])) cuts.push([ws, p]);
      else if (!spaced && /[)）。;；]/.test(just) && after.length === 2 && NOT_GAP.test(after[0]) && NOT_GAP.test(after[1])) cuts.push([p, p]);
      else if (after.length === 2 && NOT_GAP.test(after[0]) && NOT_GAP.test(after[1]) && new RegExp(`^\\s*${CN}{1,3}、[^(（\\s]{2,12}$`).test(t.slice(0, p)))
        cuts.push([p, p]);
    } else if (h[0] === '第') {
      if (/[。;；]/.test(prev) && /^(?:为|是)/.test(after)) cuts.push([ws, p]);
      else if (!spaced && /[日旬底初末)）]/.test(just)) cuts.push([p, p]);
    } else if (/\d/.test(h[0])) {
      const dated = /^\d{1,2}月/.test(t.slice(p + h.length, p + h.length + 3));
      if (spaced && /[。;；)）::]/.test(prev) && after && (!/[\d\s]/.test(after[0]) || dated)) cuts.push([ws, p]);
    } else {
      // 二、 after a space; 七、 right after a date or a parenthesis (not 十七、十八日).
      if (spaced && after && !SPACE.test(after[0])) cuts.push([ws, p]);
      else if (!spaced && /[日)）]/.test(just) && !/[一二三四五六七八九十\d]/.test(after[0] ?? '')) cuts.push([p, p]);
    }
  }
  return cuts;
}

/** 9 月 29 日 前: digits spaced out by a PDF or Word export. */
const SPACED_DATE = /(?<=[0-9])\s+(?=[年月日号])|(?<=[年月日])\s+(?=[0-9])|(?<=[日号])\s+(?=前|以前|之前)/g;
/** A cheap test first: most lines have no spaced-out date. */
const HAS_SPACED_DATE = /[0-9年月日号]\s+[0-9年月日号前以之]/;
/** A line that ends inside a date range or an open parenthesis: Word broke the sentence there. */
const OPEN_END = /(?:至|到|—|-|~|[(（][^)）]{0,40})$/;
const CONTINUES = /^(?:至|到|—|-|~)|^[^(（)）]{1,40}[)）]/;
/** A broken sentence is joined to the line before it up to this length, not further: a paragraph is not a page. */
const MAX_JOINED = 2_000;

const WIDE_GAP = / {2,}|\u3000{2,}/;
/** Spaces before a heading number are a one-line schedule's, not a table's. */
const HEADING_CELL = new RegExp(`(?:^|\\s{2})\\s*(?:[(（]${CN}{1,3}[)）]|${CN}{1,3}、|第${CN}{1,3}阶段)`);
const BULLET = /^[•·●◆■▪\-*]+\s*/;

/** Cells of a row with where each starts in the row; empty cells inside the row are kept, so that columns stay in place. */
function splitRow(raw: string): [string, number][] | null {
  const bar = raw.includes('|');
  const tab = raw.includes('\t');
  // Cells a PDF or a web page lays out with runs of spaces: 宣传发动    3月份    办公室.
  if (!bar && !tab && !WIDE_GAP.test(raw.trim())) return null;
  const lead = raw.length - raw.trimStart().length;
  const row = raw.trim();
  const separator = bar ? /\|/g : tab ? /\t/g : / {2,}|\u3000{2,}/g;
  const cells: [string, number][] = [];
  let last = 0;
  for (const m of row.matchAll(separator)) {
    cells.push([row.slice(last, m.index), lead + last]);
    last = (m.index ?? 0) + m[0].length;
  }
  cells.push([row.slice(last), lead + last]);
  // | a | b |: the outer bars frame the row.
  if (bar && row.startsWith('|')) cells.shift();
  if (bar && row.endsWith('|')) cells.pop();
  return cells.filter(([c]) => c.trim()).length >= 2 ? cells : null;
}

/** The cleaned text with its simplified, normalized twin, when the two are of one length (else lines convert themselves). */
interface Source extends Cleaned {
  simp: string | null;
}

function simpOf(p: Piece, src: Source): string {
  if (src.simp === null) return simplify(p.text);
  if (p.from.length === 2) return src.simp.slice(p.from[1], p.from[1] + p.text.length);
  const parts: string[] = [];
  for (let k = 0; k < p.from.length; k += 2) {
    const end = k + 2 < p.from.length ? p.from[k + 2] : p.text.length;
    parts.push(src.simp.slice(p.from[k + 1], p.from[k + 1] + end - p.from[k]));
  }
  return parts.join('');
}

function lineOf(p: Piece, src: Source): PlanLine | null {
  const bare = trimPiece(p);
  const bullet = BULLET.exec(bare.text);
  const body = bullet ? slicePiece(bare, bullet[0].length) : bare;
  const original = body.text.replace(/\t/g, ' ');
  if (!original) return null;
  const simplified = simpOf(body, src);
  // opencc keeps length for all but rare phrase conversions; then fall back to the simplified text.
  const same = simplified.length === original.length;
  return { original: same ? original : simplified, simp: simplified, at: inputRuns(body, src) };
}

/** A numbered heading prefix before a tab (一、\t时间安排) is not a cell. */
const ROW_PREFIX = /^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?)\s*\t/;

/**
 * A table row with its cells, or null for any other line: a heading-only prefix (一、\t时间安排)
 * and a one-line schedule spaced out between its headings are not tables.
 */
/** What every row has: a bar, a tab, or a run of spaces. */
const MAYBE_ROW = /[|\t]| {2}|\u3000{2}/;

function rowOf(raw: Piece, c: Source, simp: string): PlanLine | null {
  if (!MAYBE_ROW.test(raw.text)) return null;
  if (!/[|\t]/.test(raw.text) && HEADING_CELL.test(simp)) return null;
  const prefix = ROW_PREFIX.exec(raw.text);
  const rest = prefix ? slicePiece(raw, prefix[0].length) : raw;
  const cells = splitRow(rest.text);
  if (!cells || cells.length < 2 || /^[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]$/.test(cells[0][0].trim())) return null;
  // The row as one line reads its cells apart: a tab is a space there.
  const line = lineOf(raw, c);
  if (!line) return null;
  line.cells = cells.map(([text, at]) => lineOf(slicePiece(rest, at, at + text.length), c) ?? { original: '', simp: '', at: [0, 0] });
  return line;
}

/** The lines of a plan: web-page and Word clutter cleaned, broken sentences joined, headings on one line split apart. */
export function toLines(text: string): PlanLine[] {
  const cleaned0 = clean(text);
  // The simplified twin of the whole text, line by line (only lines with Traditional characters
  // convert); lines cut from it share its positions while every line kept its length.
  const normalized = normalize(cleaned0.text);
  const simp = needsConversion(normalized)
    ? normalized
        .split('\n')
        .map((l) => (needsConversion(l) ? toSimplified(l) : l))
        .join('\n')
    : normalized;
  const c: Source = { ...cleaned0, simp: simp.length === cleaned0.text.length ? simp : null };
  const raws: Piece[] = [];
  let current: Piece[] = [];
  let currentLength = 0;
  /** The end of the current line, trimmed: enough to test whether it ends inside a range. */
  let tail = '';
  const flush = () => {
    if (current.length) raws.push(current.length === 1 ? current[0] : joinPieces(current));
    current = [];
    currentLength = 0;
    tail = '';
  };
  let start = 0;
  const cleaned = c.text;
  while (start <= cleaned.length) {
    const nl = cleaned.indexOf('\n', start);
    const end = nl < 0 ? cleaned.length : nl;
    const raw = piece(cleaned.slice(start, end), start);
    start = end + 1;
    if (!raw.text.trim()) continue;
    const fixed = HAS_SPACED_DATE.test(raw.text) ? removeFrom(raw, SPACED_DATE) : raw;
    const trimmed = fixed.text.trim();
    if (current.length && currentLength < MAX_JOINED && OPEN_END.test(tail) && CONTINUES.test(trimmed)) {
      // Word broke the sentence inside a date range: the line goes on where the last one stopped.
      const last = current.length - 1;
      current[last] = slicePiece(current[last], 0, current[last].text.trimEnd().length);
      const next = trimPiece(fixed);
      current.push(next);
      currentLength += next.text.length;
      tail = (tail + next.text).slice(-64).trimEnd();
      continue;
    }
    flush();
    current.push(fixed);
    currentLength = fixed.text.length;
    tail = fixed.text.slice(-64).trimEnd();
  }
  flush();
  const lines: PlanLine[] = [];
  for (const raw of raws) {
    // Headings are found in the simplified twin (第一階段為 reads as 第一阶段为); positions agree.
    const simp = simpOf(raw, c);
    const twin = simp.length === raw.text.length ? simp : raw.text;
    const row = rowOf(raw, c, twin);
    if (row) {
      lines.push(row);
      continue;
    }
    let last = 0;
    const parts: Piece[] = [];
    for (const [from, to] of inlineSplits(twin)) {
      if (from > last) parts.push(slicePiece(raw, last, from));
      last = to;
    }
    parts.push(last ? slicePiece(raw, last) : raw);
    for (const part of parts) {
      const line = lineOf(part, c);
      if (line) lines.push(line);
    }
  }
  return lines;
}

/** Removes pinyin annotations and control characters; unifies line breaks (the text toLines reads). */
export function cleanRaw(text: string): string {
  return clean(text).text;
}

/** The share of characters that are neither text nor punctuation: high for binary files. */
export function garbageShare(text: string): number {
  if (!text) return 0;
  const sample = text.slice(0, 20_000);
  let bad = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);

    if (c === 0xfffd || (c < 32 && c !== 10 && c !== 13 && c !== 9) || (c >= 0xe000 && c <= 0xf8ff)) bad++;
  }
  return bad / sample.length;
}
