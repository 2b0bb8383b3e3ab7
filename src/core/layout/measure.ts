/**
 * How much room a text takes in a cell, estimated without a font: widths in column-width units
 * (Excel counts a column's width in digits of the workbook's font), heights in points. Neither
 * Excel nor LibreOffice grows a row for wrapped text in a file it opens (LibreOffice keeps the
 * default height and cuts the text), so the sheets we write carry row heights worked out here.
 *
 * The estimates err on the generous side for every engine that prints our files: a Chinese
 * character is as wide as 2.1 digits (等线 11 pt next to Calibri's 7-pixel digit in Excel; in
 * LibreOffice with its wider fallback fonts it is nearer 1.6), Latin letters as wide as a digit.
 */

/** The body text of every sheet we write, in points. */
export const BODY_FONT_SIZE = 11;

const CJK_UNITS = 2.1;

/** Calibri's ASCII letters against its digit (0.507 em): a space 0.45, i/l/t/f/r and punctuation about half. */
const ASCII_UNITS = Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  if (/\s/.test(ch)) return 0.45;
  if (/[ilIjtfr.,;:'!|()[\]]/.test(ch)) return 0.55;
  if (/[MWmw@%]/.test(ch)) return 1.5;
  if (/[A-Z]/.test(ch)) return 1.2;
  return 0.95;
});

/** CJK, kana, Hangul, full-width forms and CJK punctuation: as wide as their font size. */
function isWide(c: number): boolean {
  return (
    (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
  );
}

/** A character's width (UTF-16 code unit) in digits at the body size. */
function unitsOf(c: number): number {
  if (c < 128) return ASCII_UNITS[c];
  if (isWide(c)) return CJK_UNITS;
  // The curly quotes Chinese text uses are half as wide; a surrogate pair counts as one wide character.
  if (c >= 0x2018 && c <= 0x201f) return CJK_UNITS / 2;
  if (c >= 0xd800 && c <= 0xdbff) return CJK_UNITS;
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return 1;
}

/** A text's width in column-width units (digits) at a font size; bold is a little wider. */
export function textUnits(text: string, fontSize = BODY_FONT_SIZE, bold = false): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) units += unitsOf(text.charCodeAt(i));
  return units * (fontSize / BODY_FONT_SIZE) * (bold ? 1.06 : 1);
}

/** Pieces a line may break between: a Chinese character alone, a Latin word with the spaces after it. */
function pieces(paragraph: string): string[] {
  return (
    paragraph.match(
      /[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]|[^\s\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]+\s*|\s+/g,
    ) ?? []
  );
}

/**
 * The lines a text wraps into in a column `width` wide (column-width units): line by line as the
 * engines break it, at spaces between Latin words and between any two Chinese characters; a word
 * longer than the line is cut.
 */
export function wrappedLines(text: string, width: number, fontSize = BODY_FONT_SIZE, bold = false): number {
  // A cell's text stands a little in from both edges; widths are counted at the body size.
  const room = Math.max(width - 0.8, 1) / ((fontSize / BODY_FONT_SIZE) * (bold ? 1.06 : 1));
  let lines = 1;
  let line = 0;
  // A Latin word (with the spaces after it) is placed whole: `ink` wide, `word` with its spaces.
  let word = 0;
  let ink = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 13) continue;
    const wide = c >= 128 && (isWide(c) || (c >= 0xd800 && c <= 0xdbff));
    if (word > 0 && (c === 10 || wide || (c !== 32 && c !== 9 && word > ink))) {
      // The word before ends here: on this line if it fits, else on the next; cut if longer than a line.
      if (line > 0 && line + ink > room) {
        lines++;
        line = 0;
      }
      if (line === 0 && ink > room) {
        const extra = Math.ceil(ink / room) - 1;
        lines += extra;
        line = word - extra * room;
      } else line += word;
      word = ink = 0;
    }
    if (c === 10) {
      if (i < text.length) {
        lines++;
        line = 0;
      }
    } else if (wide) {
      if (line > 0 && line + CJK_UNITS > room) {
        lines++;
        line = 0;
      }
      line += CJK_UNITS;
    } else if (c === 32 || c === 9) word += ASCII_UNITS[32];
    else {
      word += unitsOf(c);
      ink = word;
    }
  }
  return lines;
}

/** Whether a text has Chinese (or other CJK) characters: their fonts' lines are taller. */
export function hasCjk(text: string): boolean {
  return /[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/.test(text);
}

/**
 * A row's height in points for this many lines at a font size: a CJK font's line is about 1.45 of
 * its size (Noto Sans CJK, 等线 1.3), a Latin font's 1.25 (Calibri 1.22).
 */
export function linesHeight(lines: number, fontSize = BODY_FONT_SIZE, cjk = true): number {
  return Math.ceil(lines * fontSize * (cjk ? 1.45 : 1.25) + 3);
}

/** The height of a row holding only single lines of body text, as Excel and LibreOffice draw it. */
export const DEFAULT_ROW_HEIGHT = 15;

/**
 * A column's width: `width`, or more where a word of one of `texts` would not fit on a line of its
 * own (a header's words wrap onto lines, but a word is never cut).
 */
export function widthForWords(width: number, texts: string[], bold = false): number {
  // A Chinese text breaks between any two characters: each is a word of its own.
  const words = texts.flatMap((t) => pieces(t).map((p) => p.trim())).filter(Boolean);
  const widest = words.length ? Math.max(...words.map((w) => textUnits(w, BODY_FONT_SIZE, bold))) : 0;
  return Math.max(width, Math.ceil(widest + 1.5));
}
