/**
 * WorkbookSpec → .xlsx with ExcelJS. No Node APIs here: the same module runs in the browser
 * build of the task pane; callers decide where the bytes go.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { columnLetter, parseRange } from '../core/address';
import { xmlSafe } from './package/xml';
import type { CellStyle, CellValue, ConditionalRule, FontSpec, PrintSpec, SheetSpec, ValidationSpec, WorkbookSpec } from '../core/spec';

const A4 = 9;
const UNIX_EPOCH_SERIAL = 25569;

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

/** ExcelJS date validations take a Date and convert it back to a serial in UTC. */
function serialToDate(serial: number): Date {
  return new Date((serial - UNIX_EPOCH_SERIAL) * 86_400_000);
}

/** 'A1:O23' as ExcelJS must be given it to write '$A$1:$O$23'. */
export function absoluteRows(area: string): string {
  return area.replace(/\$/g, '').replace(/([A-Z]+)(\d+)/g, '$1$$$2');
}

export function toExcelJsValue(value: CellValue): ExcelJS.CellValue {
  if (value !== null && typeof value === 'object') return { formula: value.formula } as ExcelJS.CellFormulaValue;
  return value;
}

/** The cell font of the workbook's body font: a styled cell names it whole, as Excel writes one. */
function bodyFont(font: FontSpec): Partial<ExcelJS.Font> {
  return { name: font.name, size: font.size, family: 2, scheme: 'minor', ...(font.charset ? { charset: font.charset } : {}) };
}

function applyStyle(cell: ExcelJS.Cell, style: CellStyle, font: FontSpec): void {
  if (style.bold !== undefined || style.fontSize || style.fontColor) {
    cell.font = {
      ...bodyFont(font),
      ...cell.font,
      ...(style.bold !== undefined ? { bold: style.bold } : {}),
      ...(style.fontSize ? { size: style.fontSize } : {}),
      ...(style.fontColor ? { color: { argb: argb(style.fontColor) } } : {}),
    };
  }
  if (style.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(style.fill) } };
  if (style.hAlign || style.vAlign || style.wrap !== undefined || style.rotated) {
    cell.alignment = {
      ...cell.alignment,
      ...(style.hAlign ? { horizontal: style.hAlign } : {}),
      ...(style.vAlign ? { vertical: style.vAlign } : {}),
      ...(style.wrap !== undefined ? { wrapText: style.wrap } : {}),
      ...(style.rotated ? { textRotation: 90 } : {}),
    };
  }
  if (style.numFmt) cell.numFmt = style.numFmt;
  if (style.border) {
    const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: `FF${style.border.slice(1).toUpperCase()}` } };
    cell.border = { top: thin, left: thin, bottom: thin, right: thin };
  }
}

function forEachCell(ws: ExcelJS.Worksheet, address: string, fn: (cell: ExcelJS.Cell) => void): void {
  const r = parseRange(address);
  for (let row = r.row1; row <= r.row2; row++) {
    const wsRow = ws.getRow(row);
    for (let col = r.col1; col <= r.col2; col++) fn(wsRow.getCell(col));
  }
}

function validation(v: ValidationSpec): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: v.errorTitle, error: v.error };
  switch (v.kind) {
    case 'list':
      return { ...common, type: 'list', formulae: [v.source] } as ExcelJS.DataValidation;
    case 'date':
      return { ...common, type: 'date', operator: 'between', formulae: [serialToDate(v.min), serialToDate(v.max)] } as ExcelJS.DataValidation;
    case 'whole':
      return { ...common, type: 'whole', operator: 'between', formulae: [v.min, v.max] } as ExcelJS.DataValidation;
  }
}

function conditionalRule(rule: ConditionalRule, priority: number): ExcelJS.ConditionalFormattingRule {
  if (rule.kind === 'dataBar') {
    return {
      type: 'dataBar',
      priority,
      gradient: false,
      cfvo: [{ type: 'num', value: 0 }, { type: 'max' }],
      color: { argb: argb(rule.color) },
    } as unknown as ExcelJS.ConditionalFormattingRule;
  }
  const style: Partial<ExcelJS.Style> = {};
  if (rule.style.fill) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(rule.style.fill) } };
  if (rule.style.fontColor || rule.style.bold) {
    style.font = { ...(rule.style.fontColor ? { color: { argb: argb(rule.style.fontColor) } } : {}), ...(rule.style.bold ? { bold: true } : {}) };
  }
  return {
    type: 'expression',
    priority,
    formulae: [rule.formula],
    style,
    ...(rule.stopIfTrue ? { stopIfTrue: true } : {}),
  } as ExcelJS.ConditionalFormattingRule;
}

function headerFooterCode(parts: { left?: string; center?: string; right?: string }): string {
  return `${parts.left ? `&L${parts.left}` : ''}${parts.center ? `&C${parts.center}` : ''}${parts.right ? `&R${parts.right}` : ''}`;
}

function applyPrint(ws: ExcelJS.Worksheet, print: PrintSpec): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: A4,
    orientation: print.orientation,
    fitToPage: false,
    scale: print.scale,
    horizontalCentered: true,
    margins: print.margins,
    // ExcelJS puts '$' before the columns only ('$A1:$O23', which LibreOffice ignores): anchor the rows too.
    ...(print.area ? { printArea: absoluteRows(print.area) } : {}),
    ...(print.titleRows ? { printTitlesRow: `${print.titleRows[0]}:${print.titleRows[1]}` } : {}),
    ...(print.titleColumns ? { printTitlesColumn: `${columnLetter(print.titleColumns[0])}:${columnLetter(print.titleColumns[1])}` } : {}),
  };
  ws.headerFooter = { oddHeader: headerFooterCode(print.header), oddFooter: headerFooterCode(print.footer) };
}

export function renderSheet(wb: ExcelJS.Workbook, sheet: SheetSpec, font: FontSpec): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheet.name, {
    state: sheet.hidden ? 'hidden' : 'visible',
    ...(sheet.tabColor ? { properties: { tabColor: { argb: argb(sheet.tabColor) } } } : {}),
    views: sheet.freeze ? [{ state: 'frozen', xSplit: sheet.freeze.columns, ySplit: sheet.freeze.rows }] : [{}],
  });

  // Column styles first: ExcelJS gives each new cell its column's style when it is created.
  sheet.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = c.width;
    if (c.numFmt) column.numFmt = c.numFmt;
    if (c.hidden) column.hidden = true;
    const vertical = c.vAlign ?? (c.wrap ? 'top' : undefined);
    if (c.wrap || c.hAlign || vertical)
      column.alignment = { ...(c.wrap ? { wrapText: true } : {}), ...(vertical ? { vertical } : {}), ...(c.hAlign ? { horizontal: c.hAlign } : {}) };
  });

  for (const block of sheet.blocks) {
    block.values.forEach((rowValues, r) => {
      const row = ws.getRow(block.row + r);
      rowValues.forEach((value, c) => {
        if (value !== null) row.getCell(block.col + c).value = toExcelJsValue(value);
      });
    });
  }

  for (const table of sheet.tables) {
    ws.addTable({
      name: table.name,
      ref: `${ws.getCell(table.row, table.col).address}`,
      headerRow: true,
      totalsRow: false,
      style: { theme: table.style as ExcelJS.TableStyleProperties['theme'], showRowStripes: true },
      columns: table.header.map((name) => ({ name, filterButton: true })),
      rows: table.rows.map((r) => r.map(toExcelJsValue)),
    });
  }

  for (const f of sheet.filled) {
    // One shared formula for the run: one formula text, however many rows.
    ws.fillFormula(`${ws.getCell(f.firstRow, f.col).address}:${ws.getCell(f.lastRow, f.col).address}`, f.formula);
  }

  for (const styled of sheet.styles) forEachCell(ws, styled.range, (cell) => applyStyle(cell, styled.style, font));
  for (const m of sheet.merges) ws.mergeCells(m);
  for (const h of sheet.rowHeights ?? []) ws.getRow(h.row).height = h.height;
  for (const row of sheet.pageBreaks ?? []) ws.getRow(row).addPageBreak();
  // ExcelJS takes a range address here and writes it as one sqref (its typings omit this API).
  const dataValidations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const v of sheet.validations) dataValidations.add(v.range, validation(v));

  let priority = 1;
  for (const cf of sheet.conditionalFormats) {
    ws.addConditionalFormatting({ ref: cf.range, rules: cf.rules.map((rule) => conditionalRule(rule, priority++)) });
  }
  if (sheet.print) applyPrint(ws, sheet.print);
  if (sheet.protection) {
    for (const r of sheet.protection.unlocked) forEachCell(ws, r, (cell) => (cell.protection = { locked: false }));
    // No password: a lock against accidents, which WPS and LibreOffice lift as Excel does.
    void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  }
  return ws;
}

export function renderWorkbook(spec: WorkbookSpec): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'campaign-ledger';
  wb.title = spec.title;
  wb.subject = spec.subject;
  // No cached results are written: every engine must compute the formulas when it opens the file.
  wb.calcProperties.fullCalcOnLoad = true;
  for (const sheet of spec.sheets) renderSheet(wb, sheet, spec.font);
  for (const n of spec.names) wb.definedNames.add(n.ref, n.name);
  const active = spec.sheets.findIndex((s) => s.key === spec.activeSheet);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: Math.max(active, 0), visibility: 'visible' }];
  return wb;
}

export async function writeXlsx(spec: WorkbookSpec): Promise<Uint8Array> {
  // ExcelJS writes U+FFFE and U+FFFF as they are, which no XML reader takes.
  const buffer = await renderWorkbook(xmlSafe(spec)).xlsx.writeBuffer();
  return withBodyFont(new Uint8Array(buffer as ArrayBuffer), spec.font);
}

/**
 * The body font declared as Excel's Chinese workbooks declare it, in the two parts ExcelJS writes
 * with fixed contents: the Normal style's font (styles.xml's first font: 等线 with its GB2312
 * character set, following the theme) and the theme's body and heading fonts (Latin text in
 * Calibri; Chinese text in the East Asian font, also listed for its script). Without an East Asian
 * font a workbook leaves Chinese text to whatever font the reading computer's language picks
 * (Japanese shapes on a Japanese or English system, for Excel and LibreOffice alike).
 */
export function withBodyFont(bytes: Uint8Array, font: FontSpec): Uint8Array {
  const files = unzipSync(bytes);
  const edit = (path: string, change: (xml: string) => string) => {
    if (files[path]) files[path] = strToU8(change(strFromU8(files[path])));
  };
  const f = bodyFont(font);
  const fontXml =
    `<font><sz val="${f.size}"/><color theme="1"/><name val="${f.name}"/><family val="${f.family}"/>` +
    `${f.charset ? `<charset val="${f.charset}"/>` : ''}<scheme val="minor"/></font>`;
  edit('xl/styles.xml', (xml) => xml.replace(/(<fonts\b[^>]*>)<font>[\s\S]*?<\/font>/, `$1${fontXml}`));
  edit('xl/theme/theme1.xml', (xml) => themeFonts(xml, font));
  return zipSync(files);
}

/** The theme's fonts: Latin text in `latin`, East Asian text in `eastAsian`, and the Chinese scripts' fonts of today's Office theme. */
function themeFonts(xml: string, font: FontSpec): string {
  const scripts = (light: boolean) => ({
    Hans: light ? '等线 Light' : '等线',
    Hant: '新細明體',
    [font.script]: light && font.eastAsian === '等线' ? '等线 Light' : font.eastAsian,
  });
  return xml.replace(/<a:(major|minor)Font>([\s\S]*?)<\/a:\1Font>/g, (_, kind: string, body: string) => {
    const light = kind === 'major';
    const names = scripts(light);
    const inner = body
      .replace(/<a:latin typeface="[^"]*"\/>/, (tag) => (light ? tag : `<a:latin typeface="${font.latin}"/>`))
      .replace(/<a:ea typeface="[^"]*"\/>/, `<a:ea typeface="${names[font.script]}"/>`)
      .replace(
        /<a:font script="(Hans|Hant)" typeface="[^"]*"\/>/g,
        (_m, script: 'Hans' | 'Hant') => `<a:font script="${script}" typeface="${names[script]}"/>`,
      );
    return `<a:${kind}Font>${inner}</a:${kind}Font>`;
  });
}
