/**
 * A ledger's list dropdowns, for the units' copies: the entries of an inline list, or where the
 * list's range is (the hosts read its values, from the file or through Office.js).
 */
import { parseRange, splitSheetRef } from '../address';

/** Entries taken from one list at the most. */
export const DROPDOWN_LIMIT = 500;

/** The entries of a list, as given: trimmed, blanks dropped, within the limit. */
export function dropdownEntries(texts: readonly string[]): string[] {
  return texts
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, DROPDOWN_LIMIT);
}

/** An inline list's text (a,b,c: without Excel's quotes) as entries. */
export function inlineEntries(text: string): string[] {
  return dropdownEntries(text.split(','));
}

/**
 * The range a list's source names: an A1 range, on `ledgerSheet` when it names no sheet, or a
 * defined name for one; null for anything else (a formula, a whole column).
 */
export function dropdownRange(
  source: string,
  names: Record<string, string>,
  ledgerSheet: string,
): { sheet: string; address: string; bounds: ReturnType<typeof parseRange> } | null {
  const bare = source.trim().replace(/^=/, '');
  const ref = names[bare] ?? bare;
  const split = splitSheetRef(ref) ?? { sheet: ledgerSheet, range: ref };
  const address = split.range.replace(/\$/g, '');
  if (!/^[A-Z]+\d+(:[A-Z]+\d+)?$/i.test(address)) return null;
  return { sheet: split.sheet, address, bounds: parseRange(address) };
}
