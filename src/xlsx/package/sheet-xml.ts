/**
 * A SheetSpec as worksheet XML, for the sheets an action adds to a user's package (逾期清单,
 * 标记记录, _工作日). Styles are appended to the workbook's own styles.xml; dates follow the
 * workbook's date system. What ExcelJS would write for the same spec, without ExcelJS.
 */
import { absCell, columnLetter, parseRange, sheetPrefix } from '../../core/address';
import { DATE_1904_OFFSET } from '../../core/dates';
import type { CellStyle, ConditionalFormatSpec, PrintSpec, SheetSpec, ValidationSpec } from '../../core/spec';
import { cellXml, type CellContent } from './cells';
import type { TextSink } from './zip';
import { isDateFormat, type Styles } from './styles';
import { escapeAttr, escapeText, NS } from './xml';

export interface SheetNames {
  name: string;
  formula: string;
}

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

function columnStyle(c: SheetSpec['columns'][number] | undefined): CellStyle {
  if (!c) return {};
  return {
    ...(c.numFmt ? { numFmt: c.numFmt } : {}),
    ...(c.wrap ? { wrap: true, vAlign: 'top' as const } : {}),
    ...(c.vAlign ? { vAlign: c.vAlign } : {}),
    ...(c.hAlign ? { hAlign: c.hAlign } : {}),
  };
}

function headerFooterCode(parts: { left?: string; center?: string; right?: string }): string {
  return `${parts.left ? `&L${parts.left}` : ''}${parts.center ? `&C${parts.center}` : ''}${parts.right ? `&R${parts.right}` : ''}`;
}

/** The rules of conditional formats, numbered from `priority` on. */
export function conditionalFormatsXml(specs: ConditionalFormatSpec[], styles: Styles, priority: number, p = ''): string {
  let n = priority;
  return specs
    .map((cf) => {
      const rules = cf.rules.map((rule) => {
        if (rule.kind === 'dataBar') {
          return `<${p}cfRule type="dataBar" priority="${n++}"><${p}dataBar><${p}cfvo type="num" val="0"/><${p}cfvo type="max"/><${p}color rgb="${argb(rule.color)}"/></${p}dataBar></${p}cfRule>`;
        }
        const dxf = styles.dxfFor(rule.style);
        return `<${p}cfRule type="expression" dxfId="${dxf}" priority="${n++}"${rule.stopIfTrue ? ' stopIfTrue="1"' : ''}><${p}formula>${escapeText(rule.formula)}</${p}formula></${p}cfRule>`;
      });
      return `<${p}conditionalFormatting sqref="${cf.range.replace(/\$/g, '')}">${rules.join('')}</${p}conditionalFormatting>`;
    })
    .join('');
}

/** Excel writes date bounds of a validation as serials. */
function validationXml(v: ValidationSpec, p: string, dateOffset: number): string {
  const common = `allowBlank="1" showErrorMessage="1" errorStyle="stop" errorTitle="${escapeAttr(v.errorTitle)}" error="${escapeAttr(v.error)}"${
    v.prompt ? ` showInputMessage="1" prompt="${escapeAttr(v.prompt)}"` : ''
  } sqref="${v.range.replace(/\$/g, '')}"`;
  switch (v.kind) {
    case 'list':
      return `<${p}dataValidation type="list" ${common}><${p}formula1>${escapeText(v.source)}</${p}formula1></${p}dataValidation>`;
    case 'date':
      return `<${p}dataValidation type="date" operator="between" ${common}><${p}formula1>${v.min - dateOffset}</${p}formula1><${p}formula2>${v.max - dateOffset}</${p}formula2></${p}dataValidation>`;
    case 'whole':
      return `<${p}dataValidation type="whole" operator="between" ${common}><${p}formula1>${v.min}</${p}formula1><${p}formula2>${v.max}</${p}formula2></${p}dataValidation>`;
  }
}

function printXml(print: PrintSpec): string {
  const m = print.margins;
  const fit = `scale="${print.scale}"`;
  const header = headerFooterCode(print.header);
  const footer = headerFooterCode(print.footer);
  return (
    `<printOptions horizontalCentered="1"/>` +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    `<pageSetup paperSize="9" orientation="${print.orientation}" ${fit}/>` +
    (header || footer
      ? `<headerFooter>${header ? `<oddHeader>${escapeText(header)}</oddHeader>` : ''}${footer ? `<oddFooter>${escapeText(footer)}</oddFooter>` : ''}</headerFooter>`
      : '')
  );
}

/** The sheet-scoped names a sheet needs: its print area and its print titles. */
export function sheetNames(sheet: SheetSpec): SheetNames[] {
  const names: SheetNames[] = [];
  const prefix = sheetPrefix(sheet.name);
  if (sheet.print?.area) {
    const a = parseRange(sheet.print.area);
    names.push({ name: '_xlnm.Print_Area', formula: `${prefix}${absCell(a.row1, a.col1)}:${absCell(a.row2, a.col2)}` });
  }
  const titles = [
    ...(sheet.print?.titleColumns ? [`${prefix}$${columnLetter(sheet.print.titleColumns[0])}:$${columnLetter(sheet.print.titleColumns[1])}`] : []),
    ...(sheet.print?.titleRows ? [`${prefix}$${sheet.print.titleRows[0]}:$${sheet.print.titleRows[1]}`] : []),
  ];
  if (titles.length) names.push({ name: '_xlnm.Print_Titles', formula: titles.join(',') });
  return names;
}

interface Span<T> {
  row1: number;
  row2: number;
  item: T;
}

/**
 * Items over row spans, handed out row by row: the ones that cover each row, in their order. The
 * same array comes back for as long as the set does not change, so callers can cache by it.
 */
function sweep<T>(spans: Span<T>[]): (row: number) => Span<T>[] {
  const sorted = spans.map((s, i) => ({ s, i })).sort((a, b) => a.s.row1 - b.s.row1 || a.i - b.i);
  let next = 0;
  let active: { s: Span<T>; i: number }[] = [];
  let current: Span<T>[] = [];
  return (row) => {
    let changed = false;
    if (active.some((a) => a.s.row2 < row)) {
      active = active.filter((a) => a.s.row2 >= row);
      changed = true;
    }
    while (next < sorted.length && sorted[next].s.row1 <= row) {
      if (sorted[next].s.row2 >= row) {
        active.push(sorted[next]);
        changed = true;
      }
      next++;
    }
    if (changed) current = active.sort((a, b) => a.i - b.i).map((a) => a.s);
    return current;
  };
}

/**
 * The sheet's XML, written row by row into `sink`: the cells of a row are worked out when the row
 * is written, so a sheet of 150,000 rows never stands in memory as cells. Tables and charts are
 * not written: the sheets an action adds have none.
 */
export function writeSheetXml(sheet: SheetSpec, styles: Styles, date1904: boolean, sink: TextSink, strict = false): void {
  if (sheet.tables.length || sheet.charts?.length) throw new Error(`sheet ${sheet.name}: tables and charts are not written into a package`);
  const dateOffset = date1904 ? DATE_1904_OFFSET : 0;
  const blocks = sweep(sheet.blocks.map((b) => ({ row1: b.row, row2: b.row + b.values.length - 1, item: b })));
  const filled = sweep(sheet.filled.map((f, si) => ({ row1: f.firstRow, row2: f.lastRow, item: { f, si } })));
  const ranges = sweep(sheet.styles.map((st, i) => ({ ...parseRange(st.range), item: i })));
  const heights = new Map((sheet.rowHeights ?? []).map((h) => [h.row, h.height]));
  // A cell's format follows from its column and the styled ranges over it: worked out once for
  // each set of active ranges and column.
  const formats = new WeakMap<object, Map<number, { xf: number; date: boolean }>>();
  // The same look recurs under other sets of ranges (each group of 逾期清单 has its own): a style
  // already seen is not turned into XML again by xfFor.
  const byStyle = new Map<string, { xf: number; date: boolean }>();
  const formatOf = (active: Span<number>[], col: number) => {
    let byCol = formats.get(active);
    if (!byCol) formats.set(active, (byCol = new Map()));
    let f = byCol.get(col);
    if (!f) {
      const style: CellStyle = columnStyle(sheet.columns[col - 1]);
      for (const span of active) {
        const r = span as Span<number> & { col1: number; col2: number };
        if (col >= r.col1 && col <= r.col2) Object.assign(style, sheet.styles[r.item].style);
      }
      const key = JSON.stringify(style);
      f = byStyle.get(key);
      if (!f) byStyle.set(key, (f = { xf: styles.xfFor(style), date: !!style.numFmt && isDateFormat(style.numFmt) }));
      byCol.set(col, f);
    }
    return f;
  };
  let lastRow = 1;
  let lastCol = 1;
  for (const b of sheet.blocks) {
    lastRow = Math.max(lastRow, b.row + b.values.length - 1);
    for (const v of b.values) lastCol = Math.max(lastCol, b.col + v.length - 1);
  }
  for (const st of sheet.styles) {
    const r = parseRange(st.range);
    lastRow = Math.max(lastRow, r.row2);
    lastCol = Math.max(lastCol, r.col2);
  }
  for (const f of sheet.filled) lastRow = Math.max(lastRow, f.lastRow);
  for (const h of sheet.rowHeights ?? []) lastRow = Math.max(lastRow, h.row);

  const sheetPr = `<sheetPr>${sheet.tabColor ? `<tabColor rgb="${argb(sheet.tabColor)}"/>` : ''}</sheetPr>`;
  const fr = sheet.freeze;
  const pane =
    fr && (fr.rows || fr.columns)
      ? `<pane${fr.columns ? ` xSplit="${fr.columns}"` : ''}${fr.rows ? ` ySplit="${fr.rows}"` : ''} topLeftCell="${columnLetter(fr.columns + 1)}${fr.rows + 1}" activePane="${
          fr.rows && fr.columns ? 'bottomRight' : fr.rows ? 'bottomLeft' : 'topRight'
        }" state="frozen"/>`
      : '';
  const cols = sheet.columns
    .map((c, i) => {
      const xf = styles.xfFor(columnStyle(c));
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${xf ? ` style="${xf}"` : ''}/>`;
    })
    .join('');
  sink.write(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${strict ? NS.strictMain : NS.main}" xmlns:r="${strict ? NS.strictRel : NS.rel}">` +
      sheetPr +
      `<dimension ref="A1:${columnLetter(lastCol)}${lastRow}"/>` +
      `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/>` +
      (cols ? `<cols>${cols}</cols>` : '') +
      '<sheetData>',
  );
  const EMPTY: CellContent = { kind: 'empty' };
  for (let row = 1; row <= lastRow; row++) {
    // The row's cells by column; a styled range makes a cell even where nothing is written.
    const cells: (CellContent | undefined)[] = [];
    for (const { item: b } of blocks(row)) {
      b.values[row - b.row].forEach((v, j) => {
        if (v !== null) cells[b.col + j] = { kind: 'value', value: v };
      });
    }
    for (const { item } of filled(row)) {
      const { f, si } = item;
      cells[f.col] =
        f.firstRow === f.lastRow
          ? { kind: 'value', value: { formula: f.formula } }
          : row === f.firstRow
            ? { kind: 'shared', si, formula: f.formula, ref: `${columnLetter(f.col)}${f.firstRow}:${columnLetter(f.col)}${f.lastRow}` }
            : { kind: 'shared', si };
    }
    const active = ranges(row);
    for (const span of active) {
      const r = span as Span<number> & { col1: number; col2: number };
      for (let col = r.col1; col <= r.col2; col++) cells[col] ??= EMPTY;
    }
    const h = heights.get(row);
    if (!cells.length && !h) continue;
    let xml = '';
    for (let col = 1; col < cells.length; col++) {
      let content = cells[col];
      if (!content) continue;
      const format = formatOf(active, col);
      // Dates are serials in the workbook's own date system.
      if (dateOffset && format.date && content.kind === 'value' && typeof content.value === 'number')
        content = { kind: 'value', value: content.value - dateOffset };
      xml += cellXml('', row, col, content, format.xf);
    }
    sink.write(`<row r="${row}"${h ? ` ht="${h}" customHeight="1"` : ''}>${xml}</row>`);
  }
  const merges = sheet.merges.length
    ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : '';
  const validations = sheet.validations.length
    ? `<dataValidations count="${sheet.validations.length}">${sheet.validations.map((v) => validationXml(v, '', dateOffset)).join('')}</dataValidations>`
    : '';
  const breaks = sheet.pageBreaks?.length
    ? `<rowBreaks count="${sheet.pageBreaks.length}" manualBreakCount="${sheet.pageBreaks.length}">${sheet.pageBreaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`).join('')}</rowBreaks>`
    : '';
  sink.write(
    '</sheetData>' +
      merges +
      conditionalFormatsXml(sheet.conditionalFormats, styles, 1) +
      validations +
      (sheet.print ? printXml(sheet.print) : '') +
      breaks +
      '</worksheet>',
  );
  sink.end();
}
