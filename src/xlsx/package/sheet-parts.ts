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
  const write = (sink: TextSink) => writeSheetXml(spec, pkg.styles, pkg.date1904, sink);
  if (exists) pkg.replaceSheet(spec.name, write);
  else pkg.addSheet({ name: spec.name, hidden: spec.hidden, write });
  const names = sheetNames(spec);
  for (const name of ['_xlnm.Print_Area', '_xlnm.Print_Titles']) {
    const set = names.find((n) => n.name === name);
    if (set) pkg.setName(name, set.formula, spec.name);
    else if (exists) pkg.setName(name, null, spec.name);
  }
}
