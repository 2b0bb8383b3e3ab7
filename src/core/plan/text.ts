/**
 * Plan text as pasted: web-page clutter, full-width punctuation, Traditional characters with
 * inline pinyin (發(fā)展). Each line is kept twice: `original` (what names and task texts are
 * cut from, so they keep the plan's own script) and `simp` (simplified characters, uniform
 * punctuation), which every pattern runs on. Both have the same length, so a match in `simp`
 * cuts the same span out of `original`.
 */
import { Converter } from 'opencc-js/t2cn';

export interface PlanLine {
  original: string;
  simp: string;
  /** The cells of a table row: a row of a Word table, or a line with cells split by | or tabs. */
  cells?: PlanLine[];
}

/** Above this a paste is not a plan; the rest is ignored, with a warning. */
export const MAX_PLAN_CHARS = 4_000_000;

const toSimplified = Converter({ from: 't', to: 'cn' });

const PINYIN_ANNOTATION = /([\u3400-\u9fff])\((?:[a-zāáǎàēéěèêīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\s?){1,2}\)/g;

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

function normalizeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 48); // full-width digits
  return PUNCTUATION[ch] ?? ch;
}

/** Removes pinyin annotations and control characters; unifies line breaks. */
export function cleanRaw(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u2028\u2029\u000B\u000C]/g, '\n')
      .replace(/[\u0000-\u0008\u000E-\u001F\uFFFD\uFEFF\u200B-\u200D]/g, '')
      .replace(PINYIN_ANNOTATION, '$1')
      // Doc-sharing sites turn paragraph marks into a Cyrillic Р between Chinese sentences.
      .replace(/(?<=[^\u0400-\u04ff\s])Р(?=[^\u0400-\u04ff\s])/g, '\n')
  );
}

const CN = '[一二三四五六七八九十]';
/**
 * Where a line holds several headings (a schedule pasted onto one line, a news paragraph):
 * before (二) or 二、 after a space, and before 第二阶段为 / 第二个阶段为 after a full stop.
 */
const INLINE_HEADING = new RegExp(
  `\\s+(?=[(（]${CN}{1,3}[)）]\\S)|(?<=[)）。;；])(?=[(（]${CN}{1,3}[)）][^\\s(（)）]{2})|(?<=^\\s*${CN}{1,3}、[^(（\\s]{2,12})(?=[(（]${CN}{1,3}[)）][^\\s(（)）]{2})|\\s+(?=${CN}{1,3}、\\S)|(?<=[。;；])\\s*(?=第${CN}{1,3}个?阶段(?:为|是))`,
  'g',
);
/** 9 月 29 日 前: digits spaced out by a PDF or Word export. */
const SPACED_DATE = /(?<=[0-9])\s+(?=[年月日号])|(?<=[年月日])\s+(?=[0-9])|(?<=[日号])\s+(?=前|以前|之前)/g;
/** A line that ends inside a date range or an open parenthesis: Word broke the sentence there. */
const OPEN_END = /(?:至|到|—|-|~|[(（][^)）]{0,40})$/;
const CONTINUES = /^(?:至|到|—|-|~)|^[^(（)）]{1,40}[)）]/;

const WIDE_GAP = / {2,}|\u3000{2,}/;
/** Spaces before a heading number are a one-line schedule's, not a table's. */
const HEADING_CELL = new RegExp(`(?:^|\\s{2})\\s*(?:[(（]${CN}{1,3}[)）]|${CN}{1,3}、|第${CN}{1,3}阶段)`);

/** Cells of a row; empty cells inside the row are kept, so that columns stay in place. */
function splitRow(raw: string): string[] | null {
  const bar = raw.includes('|');
  const tab = raw.includes('\t');
  // Cells a PDF or a web page lays out with runs of spaces: 宣传发动    3月份    办公室.
  if (!bar && !tab && !WIDE_GAP.test(raw.trim())) return null;
  const cells = raw
    .trim()
    .split(bar ? '|' : tab ? '\t' : WIDE_GAP)
    .map((c) => c.trim());
  // | a | b |: the outer bars frame the row.
  if (bar && raw.trim().startsWith('|')) cells.shift();
  if (bar && raw.trim().endsWith('|')) cells.pop();
  return cells.filter(Boolean).length >= 2 ? cells : null;
}

function lineOf(raw: string): PlanLine | null {
  const original = raw.trim().replace(/^[•·●◆■▪\-*]+\s*/, '');
  if (!original) return null;
  const normalized = Array.from(original, normalizeChar).join('');
  const simplified = toSimplified(normalized);
  // opencc keeps length for all but rare phrase conversions; then fall back to the simplified text.
  const same = simplified.length === original.length;
  return { original: same ? original : simplified, simp: simplified };
}

/**
 * A table row with its cells, or null for any other line: a heading-only prefix (一、\t时间安排)
 * and a one-line schedule spaced out between its headings are not tables.
 */
function rowOf(raw: string): PlanLine | null {
  if (!/[|\t]/.test(raw) && HEADING_CELL.test(raw)) return null;
  const cells = splitRow(raw.replace(/^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?)\s*\t/, ''));
  if (!cells || cells.length < 2 || /^[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]$/.test(cells[0])) return null;
  const line = lineOf(raw.replace(/\t+/g, ' ').replace(/\s*\|\s*/g, ' | '));
  if (line) line.cells = cells.map((c) => lineOf(c) ?? { original: '', simp: '' });
  return line;
}

export function toLines(text: string): PlanLine[] {
  const raws: string[] = [];
  for (const raw of cleanRaw(text).split('\n')) {
    if (!raw.trim()) continue;
    const fixed = raw.replace(SPACED_DATE, '');
    const last = raws.length - 1;
    if (last >= 0 && OPEN_END.test(raws[last].trim()) && CONTINUES.test(fixed.trim())) raws[last] = raws[last].trimEnd() + fixed.trim();
    else raws.push(fixed);
  }
  const lines: PlanLine[] = [];
  for (const raw of raws) {
    const row = rowOf(raw);
    if (row) {
      lines.push(row);
      continue;
    }
    for (const part of raw.replace(/\t/g, ' ').split(INLINE_HEADING)) {
      const line = lineOf(part);
      if (line) lines.push(line);
    }
  }
  return lines;
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
