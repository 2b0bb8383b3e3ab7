/**
 * WorkbookSpec → .xlsx with ExcelJS. No Node APIs here: the same module runs in the browser
 * build of the task pane; callers decide where the bytes go.
 */
import ExcelJS from 'exceljs';
import { parseRange } from '../core/address';
import type { CellStyle, CellValue, ConditionalRule, PrintSpec, SheetSpec, ValidationSpec, WorkbookSpec } from '../core/spec';
import { xmlSafe } from './package/xml';

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

function applyStyle(cell: ExcelJS.Cell, style: CellStyle): void {
  if (style.bold !== undefined || style.fontSize || style.fontColor) {
    cell.font = {
      ...cell.font,
      ...(style.bold !== undefined ? { bold: style.bold } : {}),
      ...(style.fontSize ? { size: style.fontSize } : {}),
      ...(style.fontColor ? { color: { argb: argb(style.fontColor) } } : {}),
    };
  }
  if (style.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(style.fill) } };
  if (style.hAlign || style.vAlign || style.wrap !== undefined) {
    cell.alignment = {
      ...cell.alignment,
      ...(style.hAlign ? { horizontal: style.hAlign } : {}),
      ...(style.vAlign ? { vertical: style.vAlign } : {}),
      ...(style.wrap !== undefined ? { wrapText: style.wrap } : {}),
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
    ...(print.scale ? { fitToPage: false, scale: print.scale } : { fitToPage: true, fitToWidth: print.fitToWidth, fitToHeight: print.fitToHeight }),
    horizontalCentered: true,
    margins: print.margins,
    // ExcelJS puts '$' before the columns only ('$A1:$O23', which LibreOffice ignores): anchor the rows too.
    ...(print.area ? { printArea: absoluteRows(print.area) } : {}),
    ...(print.titleRows ? { printTitlesRow: `${print.titleRows[0]}:${print.titleRows[1]}` } : {}),
  };
  ws.headerFooter = { oddHeader: headerFooterCode(print.header), oddFooter: headerFooterCode(print.footer) };
}

export function renderSheet(wb: ExcelJS.Workbook, sheet: SheetSpec): ExcelJS.Worksheet {
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
    if (c.wrap || c.hAlign) column.alignment = { ...(c.wrap ? { wrapText: true, vertical: 'top' } : {}), ...(c.hAlign ? { horizontal: c.hAlign } : {}) };
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

  for (const styled of sheet.styles) forEachCell(ws, styled.range, (cell) => applyStyle(cell, styled.style));
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
  for (const sheet of spec.sheets) renderSheet(wb, sheet);
  for (const n of spec.names) wb.definedNames.add(n.ref, n.name);
  const active = spec.sheets.findIndex((s) => s.key === spec.activeSheet);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: Math.max(active, 0), visibility: 'visible' }];
  return wb;
}

export async function writeXlsx(spec: WorkbookSpec): Promise<Uint8Array> {
  // ExcelJS writes U+FFFE and U+FFFF as they are, which no XML reader takes.
  const buffer = await renderWorkbook(xmlSafe(spec)).xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
