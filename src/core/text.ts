/** Limits that keep user text inside what every spreadsheet engine accepts. */
export const MAX_CELL_TEXT = 32_767;
export const MAX_NAME_LENGTH = 200;

/**
 * Excel, WPS and LibreOffice read a typed or pasted `= + - @` at the start of a cell as the
 * start of a formula. The spec marks every user string as plain text; renderers that go
 * through a "typing" API (Office.js values) must use this to keep it text.
 */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@]/.test(text);
}

/** The first `n` UTF-16 units of a text, one fewer where the cut would split a surrogate pair (𨭎, an emoji). */
export function cutText(text: string, n: number): string {
  if (text.length <= n) return text;
  const last = text.charCodeAt(n - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

/** Strips control characters (which break the XML of an .xlsx) and caps the length. */
export function cleanCellText(text: string): string {
  const cleaned = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return cutText(cleaned, MAX_CELL_TEXT);
}

/** Sheet names: at most 31 characters, none of \ / ? * [ ] :, not starting or ending with '. */
export function cleanSheetName(name: string): string {
  const cleaned = name
    .replace(/[\\/?*[\]:]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim();
  return cutText(cleaned || 'Sheet', 31);
}
