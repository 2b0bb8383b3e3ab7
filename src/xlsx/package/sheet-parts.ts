/**
 * What actions add to a sheet besides cells: whole new sheets, and elements such as conditional
 * formats put where the schema wants them among the sheet's own.
 */
import type { ConditionalFormatSpec, SheetSpec } from '../../core/spec';
import type { XlsxPackage } from './package';
import type { TextEdit } from './rewrite';
import type { SheetScan } from './sheet-scan';
import { conditionalFormatsXml, sheetNames, writeSheetXml } from './sheet-xml';
import type { TextSink } from './zip';
import { setAttr } from './xml';

/** The children of <worksheet> in the order the schema requires (ECMA-376 CT_Worksheet). */
const WORKSHEET_ORDER = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

/** An element inserted after the sheet's elements that come before it (after its own kind too). */
export function insertElement(scan: SheetScan, local: string, xml: string): TextEdit | null {
  const rank = WORKSHEET_ORDER.indexOf(local);
  const later = scan.top.find((t) => WORKSHEET_ORDER.indexOf(t.local) > rank);
  if (later) return { start: later.start, end: later.start, text: xml };
  const last = scan.top[scan.top.length - 1];
  return last ? { start: last.end, end: last.end, text: xml } : null;
}

/** Conditional formats added after the sheet's own, with priorities after every one it has. */
export function conditionalFormatEdits(pkg: XlsxPackage, scan: SheetScan, specs: ConditionalFormatSpec[]): TextEdit[] {
  if (!specs.length) return [];
  let highest = 0;
  for (const t of scan.top) for (const m of t.text.matchAll(/\spriority\s*=\s*["'](\d+)["']/g)) highest = Math.max(highest, Number(m[1]));
  const edit = insertElement(scan, 'conditionalFormatting', conditionalFormatsXml(specs, pkg.styles, highest + 1, scan.prefix));
  return edit ? [edit] : [];
}

/** Writes a sheet an action owns: over its old self when the workbook has it, else as a new sheet. */
export function putSheet(pkg: XlsxPackage, spec: SheetSpec, exists: boolean): void {
  const write = (sink: TextSink) => writeSheetXml(spec, pkg.styles, pkg.date1904, sink, pkg.strict);
  if (exists) pkg.replaceSheet(spec.name, write);
  else pkg.addSheet({ name: spec.name, hidden: spec.hidden, write });
  const names = sheetNames(spec);
  for (const name of ['_xlnm.Print_Area', '_xlnm.Print_Titles']) {
    const set = names.find((n) => n.name === name);
    if (set) pkg.setName(name, set.formula, spec.name);
    else if (exists) pkg.setName(name, null, spec.name);
  }
}

/** Whether a sheet prints scaled or fitted to pages by a setting of its own. */
export function printScaled(scan: SheetScan): boolean {
  const sheetPr = scan.top.find((t) => t.local === 'sheetPr');
  const setup = scan.top.find((t) => t.local === 'pageSetup');
  const fit = sheetPr && /<(?:[\w.-]+:)?pageSetUpPr\b[^>]*\sfitToPage\s*=\s*["'](?:1|true)["']/.test(sheetPr.text);
  const scale = setup && /\sscale\s*=\s*["'](\d+)["']/.exec(setup.text)?.[1];
  return Boolean(fit) || (scale !== undefined && scale !== '100');
}

/** The first tag of an element's text, changed by `change`, with the rest as it was. */
function withStartTag(text: string, change: (tag: string) => string): string {
  const end = text.indexOf('>') + 1;
  return change(text.slice(0, end)) + text.slice(end);
}

/** The sheet printed one page wide (as many pages tall as it takes): sheetPr's fitToPage and pageSetup's fitToWidth/fitToHeight. */
export function fitToWidthEdits(scan: SheetScan): TextEdit[] {
  const p = scan.prefix;
  const fit = `<${p}pageSetUpPr fitToPage="1"/>`;
  const edits: (TextEdit | null)[] = [];
  const sheetPr = scan.top.find((t) => t.local === 'sheetPr');
  if (!sheetPr) edits.push(insertElement(scan, 'sheetPr', `<${p}sheetPr>${fit}</${p}sheetPr>`));
  else if (/<(?:[\w.-]+:)?pageSetUpPr\b/.test(sheetPr.text))
    edits.push({
      start: sheetPr.start,
      end: sheetPr.end,
      text: sheetPr.text.replace(/<(?:[\w.-]+:)?pageSetUpPr\b[^>]*>/, (tag) => setAttr(tag, 'fitToPage', '1')),
    });
  else if (sheetPr.selfClosing) edits.push({ start: sheetPr.start, end: sheetPr.end, text: sheetPr.text.replace(/\s*\/>$/, `>${fit}</${p}sheetPr>`) });
  // pageSetUpPr is the last child sheetPr may have.
  else edits.push({ start: sheetPr.closeStart, end: sheetPr.closeStart, text: fit });
  const setup = scan.top.find((t) => t.local === 'pageSetup');
  if (!setup) edits.push(insertElement(scan, 'pageSetup', `<${p}pageSetup fitToWidth="1" fitToHeight="0"/>`));
  else
    edits.push({ start: setup.start, end: setup.end, text: withStartTag(setup.text, (tag) => setAttr(setAttr(tag, 'fitToWidth', '1'), 'fitToHeight', '0')) });
  return edits.filter((e): e is TextEdit => e !== null);
}
