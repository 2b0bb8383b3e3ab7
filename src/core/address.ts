/** A1 addresses. Rows and columns are 1-based, as in Excel. */

export function columnLetter(col: number): string {
  let n = col;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cell(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

export function absCell(row: number, col: number): string {
  return `$${columnLetter(col)}$${row}`;
}

export function range(row1: number, col1: number, row2: number, col2: number): string {
  return `${cell(row1, col1)}:${cell(row2, col2)}`;
}

export function absRange(row1: number, col1: number, row2: number, col2: number): string {
  return `${absCell(row1, col1)}:${absCell(row2, col2)}`;
}

/** The sheet-name prefix of a reference: always quoted, since campaign sheet names are CJK or contain spaces. */
export function sheetPrefix(sheetName: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!`;
}

/**
 * `name`, else `name (2)`, `name (3)`...: the first that no sheet has. `taken` holds lower-cased
 * names, since Excel compares sheet names without case; the result fits Excel's 31 characters.
 */
export function freeSheetName(name: string, taken: Set<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = name.slice(0, 31 - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** The inverse of `sheetPrefix`: `'整改台账'!$A$2:$O$2` → sheet 整改台账, range $A$2:$O$2. */
export function splitSheetRef(ref: string): { sheet: string; range: string } | null {
  // A sheet name may hold '!' (and a quoted one "''"); a range never does: split at the last '!'.
  const at = ref.lastIndexOf('!');
  if (at <= 0 || at === ref.length - 1) return null;
  const head = ref.slice(0, at);
  const quoted = /^'(.*)'$/s.exec(head);
  return { sheet: quoted ? quoted[1].replace(/''/g, "'") : head, range: ref.slice(at + 1) };
}

export function parseRange(address: string): { row1: number; col1: number; row2: number; col2: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(address);
  if (!m) throw new Error(`not an A1 range: ${address}`);
  const col1 = columnNumber(m[1]);
  const row1 = Number(m[2]);
  return { row1, col1, row2: m[4] ? Number(m[4]) : row1, col2: m[3] ? columnNumber(m[3]) : col1 };
}
