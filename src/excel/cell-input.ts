/**
 * What to write into a cell through Office.js so that it holds exactly the spec's value.
 * Office.js reads a written string as typed input: "=…", "+…" and "-…" become formulas, and
 * "2024-03-15", "3月15日", "12" or "TRUE" become dates, numbers and booleans. User text is never a
 * formula and never silently changes type, so any string Excel could read as something else is
 * written with a leading apostrophe (Excel's own "this is text" mark, not part of the value).
 */
import { type CellValue, isFormula } from '../core/spec';

/** Ideographs that take part in Chinese dates and numbers (三月十五日, 上午). */
const DATE_WORDS = /[年月日时時分秒午上下〇零一二三四五六七八九十百千万萬亿億点點周週星期]/g;
const IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/;

export function textInput(text: string): string {
  if (text === '') return text;
  if (/^[=+\-@'\s]/.test(text)) return `'${text}`;
  // Text with an ideograph outside date and number words cannot be read as a date or a number.
  if (IDEOGRAPH.test(text.replace(DATE_WORDS, ''))) return text;
  return `'${text}`;
}

/** A spec value as an entry of a `formulas` array; null leaves the cell as it is. */
export function cellInput(value: CellValue): string | number | boolean | null {
  if (value === null) return null;
  if (isFormula(value)) return `=${value.formula}`;
  return typeof value === 'string' ? textInput(value) : value;
}
