/**
 * The sheets and defined names a formula refers to, as Excel resolves them when the formula is
 * entered. Excel binds a reference at that moment: a sheet that does not exist yet turns the
 * reference into a link to another workbook, and a name that does not exist gives #NAME?. The
 * double uses this to behave like Excel for formulas, validation sources, rule formulas and names.
 */

export interface FormulaReferences {
  sheets: string[];
  names: string[];
}

const STRING_LITERAL = /"(?:[^"]|"")*"/g;
/** `'any name'!` or `Name!`, never the `!` of an error literal such as #REF!. */
const SHEET_PREFIX =
  /(?:'((?:[^']|'')+)'|(?<![#\w.\u3400-\u9fff])([A-Za-z0-9_.\u3400-\u9fff\uf900-\ufaff]+))!(\$?[A-Za-z]{0,3}\$?\d*(?::\$?[A-Za-z]{0,3}\$?\d*)?|[A-Za-z_\u3400-\u9fff][\w.\u3400-\u9fff]*)?/g;
const IDENTIFIER = /(?<![\w.$:#\u3400-\u9fff])([A-Za-z_\\\u3400-\u9fff][\w.\u3400-\u9fff]*)(?![\w.($\u3400-\u9fff])/g;
const CELL = /^[A-Za-z]{1,3}\d+$/;
const COLUMN = /^[A-Za-z]{1,3}$/;

export function referencesIn(formula: string): FormulaReferences {
  const text = formula.replace(/^=/, '').replace(STRING_LITERAL, '""');
  const sheets: string[] = [];
  const rest = text.replace(SHEET_PREFIX, (_m, quoted: string | undefined, plain: string | undefined) => {
    sheets.push(quoted !== undefined ? quoted.replace(/''/g, "'") : plain!);
    return ' ';
  });
  const names: string[] = [];
  for (const m of rest.matchAll(IDENTIFIER)) {
    const id = m[1];
    const at = m.index!;
    if (CELL.test(id) || /^(TRUE|FALSE)$/i.test(id)) continue;
    // A column in a range such as K:K.
    if (COLUMN.test(id) && (rest[at + id.length] === ':' || rest[at - 1] === ':')) continue;
    names.push(id);
  }
  return { sheets, names };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every `'sheet'!range` (or `sheet!range`) of a formula, replaced by what `replace` makes of its range. */
export function replaceSheetReferences(formula: string, sheet: string, replace: (range: string) => string): string {
  const quoted = escapeRegExp(`'${sheet.replace(/'/g, "''")}'`);
  const plain = /^[A-Za-z0-9_.\u3400-\u9fff\uf900-\ufaff]+$/.test(sheet) ? `|(?<![\\w.'\\]\\u3400-\\u9fff])${escapeRegExp(sheet)}` : '';
  const pattern = new RegExp(`(?:${quoted}${plain})!(\\$?[A-Za-z]{0,3}\\$?\\d*(?::\\$?[A-Za-z]{0,3}\\$?\\d*)?)`, 'gi');
  // String literals are text, not references.
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 ? part : part.replace(pattern, (_m, r: string) => replace(r))))
    .join('');
}

/** A sheet name as a formula writes it. */
export function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
