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

/**
 * The sheet printed at a percentage: pageSetup's scale, the rest of its page setup as it was. (The
 * caller scales only a sheet without fit-to-pages or a scale of its own: `printScaled`.)
 */
export function scaleEdits(scan: SheetScan, scale: number): TextEdit[] {
  const setup = scan.top.find((t) => t.local === 'pageSetup');
  if (!setup) {
    const edit = insertElement(scan, 'pageSetup', `<${scan.prefix}pageSetup scale="${scale}"/>`);
    return edit ? [edit] : [];
  }
  return [{ start: setup.start, end: setup.end, text: withStartTag(setup.text, (tag) => setAttr(tag, 'scale', String(scale))) }];
}

const attr = (text: string | undefined, name: string) =>
  text ? new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(text.slice(0, text.indexOf('>') + 1))?.[1] : undefined;

/**
 * What the sheet's page is: its orientation and side margins (inches; Excel's defaults where it
 * sets none), and the widths (characters) of a run of its columns (from <cols>; a hidden one 0).
 */
export function pageOf(scan: SheetScan): { orientation: 'landscape' | 'portrait'; left: number; right: number; widths(col1: number, col2: number): number[] } {
  const top = (local: string) => scan.top.find((t) => t.local === local)?.text;
  const format = top('sheetFormatPr');
  const defaultWidth = Number(attr(format, 'defaultColWidth') ?? Number(attr(format, 'baseColWidth') ?? 8) + 0.43);
  const cols: { min: number; max: number; width: number; hidden: boolean }[] = [];
  for (const m of (top('cols') ?? '').matchAll(/<(?:[\w.-]+:)?col\b[^>]*>/g)) {
    cols.push({
      min: Number(attr(m[0], 'min')),
      max: Number(attr(m[0], 'max')),
      width: Number(attr(m[0], 'width') ?? defaultWidth),
      hidden: /^(1|true)$/.test(attr(m[0], 'hidden') ?? ''),
    });
  }
  const margins = top('pageMargins');
  return {
    orientation: attr(top('pageSetup'), 'orientation') === 'landscape' ? 'landscape' : 'portrait',
    left: Number(attr(margins, 'left') ?? 0.7),
    right: Number(attr(margins, 'right') ?? 0.7),
    widths: (col1, col2) => {
      const out: number[] = [];
      for (let c = col1; c <= col2; c++) {
        const col = cols.find((x) => c >= x.min && c <= x.max);
        out.push(col?.hidden ? 0 : (col?.width ?? defaultWidth));
      }
      return out;
    },
  };
}
