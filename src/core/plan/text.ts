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
  return text
    .replace(/\r\n?/g, '\n')

    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD\uFEFF]/g, '')
    .replace(PINYIN_ANNOTATION, '$1');
}

export function toLines(text: string): PlanLine[] {
  const lines: PlanLine[] = [];
  for (const raw of cleanRaw(text).split('\n')) {
    const original = raw.trim().replace(/^[•·●◆■▪\-*]+\s*/, '');
    if (!original) continue;
    const normalized = Array.from(original, normalizeChar).join('');
    const simplified = toSimplified(normalized);
    // opencc keeps length for all but rare phrase conversions; then fall back to the simplified text.
    const same = simplified.length === original.length;
    lines.push({ original: same ? original : simplified, simp: simplified });
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
