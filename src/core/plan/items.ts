/** Numbered items (1、 / (一) / 一是) as short task texts. */
import type { PlanLine } from './text';

const CN = '[一二三四五六七八九十]';
/** A line that opens a top-level section: 一、 二、 … */
export const SECTION_HEADING = new RegExp(`^${CN}{1,3}\\s*、`);
/** A numbered item at the start of a line. */
export const ITEM_START = new RegExp(`^(?:\\d{1,2}\\s*[、.．](?!\\d)|[(（]${CN}{1,3}[)）]|${CN}{1,3}是|第${CN}{1,3}[,,、])\\s*`);
/** 一是 … ;二是 … inside a paragraph. */
const INLINE_ITEM = new RegExp(`(?:^|[;;。,,:])\\s*(${CN}{1,3}是)`, 'g');

const MAX_TASK_LENGTH = 40;

/** A task's text cut to the length a schedule cell shows, with … where it was cut. */
export function clipTask(text: string): string {
  return text.length > MAX_TASK_LENGTH ? `${text.slice(0, MAX_TASK_LENGTH - 1)}…` : text;
}

/** The item's short text: up to the first full stop, colon, semicolon or comma. */
function shortText(line: PlanLine, from: number): string | null {
  const rest = line.simp.slice(from);
  const m = /^[\s“"]*([^。:;,,!?\n]+)/.exec(rest);
  if (!m) return null;
  const lead = rest.indexOf(m[1]);
  let text = line.original
    .slice(from + lead, from + lead + m[1].length)
    .trim()
    .replace(/^[、.．]+\s*/, '');
  text = text.replace(/\s*\d{1,3}$/, ''); // a page number glued to the end of a copied line
  if (text.length < 2) return null;
  return clipTask(text);
}

export function lineItem(line: PlanLine): string | null {
  const m = ITEM_START.exec(line.simp);
  return m ? shortText(line, m[0].length) : null;
}

/** Items introduced by 一是 / 二是 anywhere in the line (from `from` on). */
export function inlineItems(line: PlanLine, from = 0): string[] {
  const items: string[] = [];
  const part = line.simp.slice(from);
  for (const m of part.matchAll(INLINE_ITEM)) {
    const at = from + (m.index ?? 0) + m[0].length;
    const text = shortText(line, at);
    if (text) items.push(text);
  }
  return items;
}
