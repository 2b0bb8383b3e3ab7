/** Comparing a sheet's XML before and after an action, by text: what must not have changed. */
import { strFromU8, unzipSync } from 'fflate';

/** Every `<c>` element by its reference, as written. */
export function cellsOf(xml: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const m of xml.matchAll(/<((?:[\w.-]+:)?c)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g)) {
    const r = /\sr="([A-Z]+\d+)"/.exec(m[0]);
    if (r) cells.set(r[1], m[0]);
  }
  return cells;
}

/** The sheet without its cells, dimension and column widths: what an action on cells leaves exactly as it was. */
export function withoutCellsAndExtent(xml: string): string {
  return xml
    .replace(/<((?:[\w.-]+:)?sheetData)\b[^>]*?(?:\/>|>[\s\S]*<\/\1>)/, '')
    .replace(/<((?:[\w.-]+:)?dimension)\b[^>]*?(?:\/>|>\s*<\/\1>)/, '')
    .replace(/<((?:[\w.-]+:)?cols)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/, '');
}

/**
 * A sheet's XML without the printing scale add-status sets (pageSetup's scale; and the fit-to-page
 * settings of sheetPr and pageSetup it set before), before and after alike: what remains must be as it was.
 */
export function withoutPrintFit(xml: string): string {
  return xml
    .replace(/(<(?:[\w.-]+:)?pageSetUpPr\b[^>]*?)\sfitToPage="[^"]*"/, '$1')
    .replace(/<(?:[\w.-]+:)?pageSetUpPr\s*\/>/, '')
    .replace(/<((?:[\w.-]+:)?sheetPr)\b([^>]*)><\/\1>/, '<$1$2/>')
    .replace(/<(?:[\w.-]+:)?sheetPr\/>/, '')
    .replace(/<(?:[\w.-]+:)?pageSetup\b[^>]*>/, (tag) => tag.replace(/\s(fitToWidth|fitToHeight|scale)="\d+"/g, '').replace(/\s+\/>$/, '/>'))
    .replace(/<(?:[\w.-]+:)?pageSetup\/>/, '');
}

/** One part of a package as text. */
export function partText(bytes: Uint8Array, name: string): string {
  return strFromU8(unzipSync(bytes)[name]);
}

/** The original cells whose XML is not the same afterwards (should be none). */
export function changedCells(before: string, after: string): string[] {
  const a = cellsOf(after);
  return [...cellsOf(before)].filter(([ref, xml]) => a.get(ref) !== xml).map(([ref]) => ref);
}
