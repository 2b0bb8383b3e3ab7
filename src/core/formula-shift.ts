/**
 * Moves the relative references of an A1 formula, as Excel does when a formula is filled or
 * copied: `D3` filled one row down becomes `D4`, `$D$3` stays. Text in "quotes" and sheet names
 * in 'quotes' are left alone; names and function names are not references.
 */
const REF = /(\$?)([A-Z]{1,3})(\$?)(\d+)/y;

function isNameChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_.\\]/.test(ch);
}

function letterToNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

function numberToLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

export function shiftFormula(formula: string, rows: number, cols: number): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < formula.length) {
        if (formula[j] === ch && formula[j + 1] === ch) j += 2;
        else if (formula[j] === ch) break;
        else j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (!isNameChar(formula[i - 1])) {
      REF.lastIndex = i;
      const m = REF.exec(formula);
      if (m && !isNameChar(formula[REF.lastIndex]) && formula[REF.lastIndex] !== '(') {
        const col = m[1] ? m[2] : numberToLetter(letterToNumber(m[2]) + cols);
        const row = m[3] ? m[4] : String(Number(m[4]) + rows);
        out += `${m[1]}${col}${m[3]}${row}`;
        i = REF.lastIndex;
        continue;
      }
    }
    // Copy a whole name or number so that a reference is only ever matched at its start.
    let j = i + 1;
    if (isNameChar(ch)) while (isNameChar(formula[j])) j++;
    out += formula.slice(i, j);
    i = j;
  }
  return out;
}
