/**
 * What a printed PDF shows, as a reader would check it: the height of every word on each page
 * (poppler's pdftotext -bbox), each page's text in drawing order (pdftotext -raw: a wrapped
 * cell's lines come one after another), and which forms of the Chinese characters were drawn.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface Word {
  text: string;
  height: number;
}

/** Each page's words with their heights in points (yMax − yMin of their boxes). */
export function pageWords(pdf: string): Word[][] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return html
    .split(/<page\b/)
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        text: m[3],
        height: Number(m[2]) - Number(m[1]),
      })),
    );
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

/** Each page's text in the order it is drawn. */
export function rawPages(pdf: string): string[] {
  return execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 })
    .split('\f')
    .filter((p, i, all) => i < all.length - 1 || p.trim());
}

/** A text without its white space, to find a wrapped text whole: its lines joined. */
export function squeezed(text: string): string {
  return text.replace(/\s+/g, '');
}

// ---------------------------------------------------------------- Chinese or Japanese forms

const NOTO_CJK = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'];

/** Each face of a TrueType collection: its full name and its Unicode → glyph map (format 12). */
function faces(path: string): Map<string, Map<number, number>> {
  const f = fs.readFileSync(path);
  const out = new Map<string, Map<number, number>>();
  const count = f.readUInt32BE(8);
  for (let k = 0; k < count; k++) {
    const o = f.readUInt32BE(12 + 4 * k);
    const tables = new Map<string, number>();
    for (let i = 0; i < f.readUInt16BE(o + 4); i++) tables.set(f.toString('latin1', o + 12 + 16 * i, o + 16 + 16 * i), f.readUInt32BE(o + 20 + 16 * i));
    const name = tables.get('name')!;
    let full = '';
    const stringsAt = name + f.readUInt16BE(name + 4);
    for (let i = 0; i < f.readUInt16BE(name + 2); i++) {
      const r = name + 6 + 12 * i;
      if (f.readUInt16BE(r) === 3 && f.readUInt16BE(r + 6) === 4) {
        full = f
          .subarray(stringsAt + f.readUInt16BE(r + 10), stringsAt + f.readUInt16BE(r + 10) + f.readUInt16BE(r + 8))
          .swap16()
          .toString('utf16le');
        break;
      }
    }
    const cmap = tables.get('cmap')!;
    const map = new Map<number, number>();
    for (let i = 0; i < f.readUInt16BE(cmap + 2); i++) {
      const st = cmap + f.readUInt32BE(cmap + 8 + 8 * i);
      if (f.readUInt16BE(st) !== 12) continue;
      for (let g = 0; g < f.readUInt32BE(st + 12); g++) {
        const [from, to, glyph] = [f.readUInt32BE(st + 16 + 12 * g), f.readUInt32BE(st + 20 + 12 * g), f.readUInt32BE(st + 24 + 12 * g)];
        if (to >= 0x3400 && from <= 0x9fff) for (let cp = Math.max(from, 0x3400); cp <= Math.min(to, 0x9fff); cp++) map.set(cp, glyph + cp - from);
      }
      break;
    }
    out.set(full, map);
  }
  return out;
}

/** Glyphs of the Noto CJK collection that only the Japanese face, or only the Chinese face, draws for a Han character. */
function formGlyphs(): { japanese: Set<number>; chinese: Set<number>; bold: { japanese: Set<number>; chinese: Set<number> } } {
  const sets = (jp: Map<number, number>, sc: Map<number, number>) => {
    const japanese = new Set<number>();
    const chinese = new Set<number>();
    for (const [cp, g] of jp) {
      if (!sc.has(cp) || sc.get(cp) === g) continue;
      japanese.add(g);
      chinese.add(sc.get(cp)!);
    }
    for (const g of chinese) japanese.delete(g);
    return { japanese, chinese };
  };
  const regular = faces(NOTO_CJK[0]);
  const bold = faces(NOTO_CJK[1]);
  return {
    ...sets(regular.get('Noto Sans CJK JP')!, regular.get('Noto Sans CJK SC')!),
    bold: sets(bold.get('Noto Sans CJK JP Bold')!, bold.get('Noto Sans CJK SC Bold')!),
  };
}

/**
 * How many of the Han glyphs a PDF draws from Noto Sans CJK are the Japanese forms, and how many
 * the Chinese ones. (pdffonts cannot tell: the collection's faces share one glyph program, named
 * NotoSansCJKjp, whichever face a text is set in; LibreOffice names each glyph by its id.)
 */
export function cjkForms(pdf: string): { japanese: number; chinese: number } {
  const forms = formGlyphs();
  const data = fs.readFileSync(pdf);
  let japanese = 0;
  let chinese = 0;
  let at = 0;
  for (;;) {
    const start = data.indexOf('stream', at);
    if (start < 0) break;
    const body = start + (data[start + 6] === 0x0d ? 8 : 7);
    const end = data.indexOf('endstream', body);
    at = end + 9;
    let text: string;
    try {
      text = zlib.inflateSync(data.subarray(body, end)).toString('latin1');
    } catch {
      continue;
    }
    if (!text.startsWith('%!FontType1') || !text.slice(0, 200).includes('NotoSansCJK')) continue;
    const set = text.slice(0, 200).includes('Bold') ? forms.bold : forms;
    for (const m of new Set(text.match(/\/cid\d+/g) ?? [])) {
      const gid = Number(m.slice(4));
      if (set.japanese.has(gid)) japanese++;
      if (set.chinese.has(gid)) chinese++;
    }
  }
  return { japanese, chinese };
}
