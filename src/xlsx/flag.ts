/**
 * The overdue flag on an .xlsx file: read with ExcelJS, find the ledger, compute in the core,
 * and write back only what the flag owns: its three columns right of the ledger, the 逾期清单
 * sheet (replaced), the 标记记录 sheet (one row per new result) and the hidden workday sheet.
 */
import ExcelJS from 'exceljs';
import { absCell, absRange, columnLetter, parseRange, sheetPrefix, splitSheetRef } from '../core/address';
import { type IsoDate, toExcelSerial } from '../core/dates';
import {
  computeFlag, findLedger, type FlagResult, type GridValue, type LedgerLocation, readLedgerItems,
  type UnreadableCell, type WorkbookGrid, OWNED_FIELDS, type OwnedField,
} from '../core/ledger';
import { layoutOverdueSheet } from '../core/layout/overdue';
import { SETTINGS_NAME } from '../core/layout/settings';
import { format, type Lang, strings } from '../core/locale';
import { isCovered, WORKDAY_DATA, WORKDAY_DATA_END, WORKDAY_DATA_START, workdayCalendar } from '../core/workdays';
import { checkPackage, type PackageProblem } from './package-check';
import { renderSheet } from './render';

export class FlagError extends Error {
  constructor(readonly problem: PackageProblem | { kind: 'noLedger' } | { kind: 'unreadable'; cells: UnreadableCell[] }) {
    super(problem.kind);
  }
}

export interface FlagOptions {
  asOf: IsoDate;
  /** The day the flag runs (for the log). */
  runDate: IsoDate;
  dueSoonDays?: number;
  /** Year for dates written without one (3月15日); default: the campaign's start year, else the as-of year. */
  year?: number | null;
  /** Language of what the flag adds; default: the ledger's own (campaign-ledger workbooks) or zh-CN. */
  lang?: Lang;
}

export interface FlagOutcome {
  bytes: Uint8Array;
  result: FlagResult;
  ledgerSheet: string;
  warnings: string[];
}

const MARKER = 'campaign-ledger';
const NAMES = { holidays: 'CL_Holidays', makeup: 'CL_MakeupDays', start: 'CL_WorkdayDataStart', end: 'CL_WorkdayDataEnd' };
const DATE_FORMAT = 'yyyy-mm-dd';

function isoOfDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

function dateOf(iso: IsoDate): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function gridValue(v: ExcelJS.CellValue): GridValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return { date: isoOfDate(v) };
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) {
      const r = (v as ExcelJS.CellFormulaValue).result;
      return r === undefined || (typeof r === 'object' && !(r instanceof Date)) ? null : gridValue(r as ExcelJS.CellValue);
    }
    if ('text' in v) return String((v as { text: unknown }).text);
    return null;
  }
  return v as GridValue;
}

export function workbookGrid(wb: ExcelJS.Workbook): WorkbookGrid {
  const sheets = wb.worksheets.map((ws) => {
    const values = ws.getSheetValues() as ExcelJS.CellValue[][];
    const rows: GridValue[][] = [];
    for (let r = 1; r < values.length; r++) {
      const row = values[r];
      rows.push(row ? Array.from({ length: Math.max(row.length - 1, 0) }, (_, j) => gridValue(row[j + 1])) : []);
    }
    // ExcelJS repeats a merged range's value in every cell of it; Excel keeps it in the top-left only.
    for (const merge of (ws.model as unknown as { merges: string[] }).merges ?? []) {
      const r = parseRange(merge);
      for (let row = r.row1; row <= r.row2; row++) {
        for (let col = r.col1; col <= r.col2; col++) {
          if ((row !== r.row1 || col !== r.col1) && rows[row - 1]) rows[row - 1][col - 1] = null;
        }
      }
    }
    return { name: ws.name, hidden: ws.state !== 'visible', rows };
  });
  const names: Record<string, string> = {};
  for (const n of (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model) {
    if (n.ranges?.length) names[n.name] = n.ranges[0];
  }
  return { sheets, names };
}

function settingsOf(grid: WorkbookGrid): Record<string, string> {
  const out: Record<string, string> = {};
  const ref = grid.names[SETTINGS_NAME];
  const sheetName = ref ? splitSheetRef(ref)?.sheet : undefined;
  const sheet = grid.sheets.find((s) => s.name === sheetName);
  for (const row of sheet?.rows ?? []) if (typeof row[0] === 'string') out[row[0]] = row[1] === null || row[1] === undefined ? '' : String(row[1]);
  return out;
}

/** A sheet name for something the flag owns: its own sheet of that name, or a free name. */
function ownedSheetName(wb: ExcelJS.Workbook, wanted: string, ours: string[]): string {
  if (!wb.getWorksheet(wanted) || ours.includes(wanted)) return wanted;
  for (let i = 2; ; i++) {
    const name = `${wanted} (${i})`;
    if (!wb.getWorksheet(name) || ours.includes(name)) return name;
  }
}

function removeName(wb: ExcelJS.Workbook, name: string): void {
  (wb.definedNames as unknown as { removeAllNames(n: string): void }).removeAllNames(name);
}

/** The hidden sheet the 剩余工作日 formulas read: holidays, make-up days, and the data's span. */
function writeWorkdaySheet(wb: ExcelJS.Workbook, name: string, lang: Lang, owned: string[]): void {
  const s = strings(lang).flag.workdays;
  const existing = wb.getWorksheet(name);
  if (existing) wb.removeWorksheet(existing.id);
  const ws = wb.addWorksheet(name, { state: 'hidden' });
  const { holidays, makeupWorkdays } = workdayCalendar();
  ws.getColumn(1).numFmt = DATE_FORMAT;
  ws.getColumn(2).numFmt = DATE_FORMAT;
  ws.getColumn(5).numFmt = DATE_FORMAT;
  ws.getCell('A1').value = s.holidays;
  ws.getCell('B1').value = s.makeup;
  holidays.forEach((d, i) => { ws.getCell(i + 2, 1).value = toExcelSerial(d); });
  makeupWorkdays.forEach((d, i) => { ws.getCell(i + 2, 2).value = toExcelSerial(d); });
  ws.getCell('D1').value = s.dataEnd;
  ws.getCell('E1').value = toExcelSerial(WORKDAY_DATA_START);
  ws.getCell('E2').value = toExcelSerial(WORKDAY_DATA_END);
  ws.getCell('G1').value = MARKER;
  owned.forEach((n, i) => { ws.getCell(i + 2, 7).value = n; });
  ws.getCell('H1').value = s.note;
  const p = sheetPrefix(name);
  for (const n of Object.values(NAMES)) removeName(wb, n);
  wb.definedNames.add(p + absRange(2, 1, holidays.length + 1, 1), NAMES.holidays);
  wb.definedNames.add(p + absRange(2, 2, makeupWorkdays.length + 1, 2), NAMES.makeup);
  wb.definedNames.add(p + absCell(1, 5), NAMES.start);
  wb.definedNames.add(p + absCell(2, 5), NAMES.end);
}

/**
 * Working days after the as-of date up to the deadline (negative once past it): NETWORKDAYS.INTL
 * over weekends and the holiday list, plus the make-up days. Blank outside the data's years.
 */
function workdaysFormula(deadline: string, asOf: string, closed: string[]): string {
  const { holidays: H, makeup: M, start: S, end: E } = NAMES;
  const closedTest = closed.length ? `OR(${closed.map((c) => `${c}<>""`).join(',')})` : 'FALSE()';
  return (
    `IF(OR(${closedTest},NOT(ISNUMBER(${deadline}))),"",IF(OR(${deadline}>${E},${asOf}>${E},${deadline}<${S},${asOf}<${S}),"",` +
    `IF(${deadline}=${asOf},0,IF(${deadline}>${asOf},NETWORKDAYS.INTL(${asOf}+1,${deadline},1,${H})+COUNTIFS(${M},">"&${asOf},${M},"<="&${deadline}),` +
    `-(NETWORKDAYS.INTL(${deadline}+1,${asOf},1,${H})+COUNTIFS(${M},">"&${deadline},${M},"<="&${asOf}))))))`
  );
}

function writeOwnedColumns(ws: ExcelJS.Worksheet, loc: LedgerLocation, result: FlagResult, items: Map<number, IsoDate | null>, lang: Lang, asOfRef: string): void {
  const s = strings(lang).flag.owned;
  const headerText: Record<OwnedField, string> = { firstOverdue: s.firstOverdue, daysOverdue: s.daysOverdue, workdaysLeft: s.workdaysLeft };
  const cols = {} as Record<OwnedField, number>;
  let next = loc.lastColumn + 1;
  const template = ws.getCell(loc.headerRow, loc.lastColumn);
  for (const f of OWNED_FIELDS) {
    cols[f] = loc.columns[f] ?? next++;
    const header = ws.getCell(loc.headerRow, cols[f]);
    if (loc.columns[f] === undefined) {
      header.value = headerText[f];
      header.style = JSON.parse(JSON.stringify(template.style ?? {}));
      ws.getColumn(cols[f]).width = 12;
      // New cells take their column's format: set once here instead of cell by cell.
      if (f === 'firstOverdue') ws.getColumn(cols[f]).numFmt = DATE_FORMAT;
    }
  }
  /** Writes a value, without creating a cell only to leave it empty. */
  const put = (row: number, col: number, value: ExcelJS.CellValue) => {
    const existing = ws.getRow(row).findCell(col);
    if (value === null && (!existing || existing.value === null)) return undefined;
    const cell = existing ?? ws.getCell(row, col);
    cell.value = value;
    return cell;
  };
  const letter = (n: number | undefined) => (n ? columnLetter(n) : null);
  const deadlineCol = letter(loc.columns.deadline)!;
  const closedCols = [letter(loc.columns.completed), letter(loc.columns.signedOff)].filter((c): c is string => !!c);
  // Rows whose deadline is a real date share one formula per contiguous run (one formula text in
  // the file, as Excel's fill-down writes it); a deadline typed as text is read once and written in.
  let run: { master: ExcelJS.Cell; row: number } | null = null;
  const closeRun = () => {
    if (run && run.row > Number(run.master.row)) {
      const formula = (run.master.value as ExcelJS.CellFormulaValue).formula;
      run.master.value = { formula, shareType: 'shared', ref: `${run.master.address}:${columnLetter(cols.workdaysLeft)}${run.row}` } as unknown as ExcelJS.CellValue;
    }
    run = null;
  };
  for (const u of result.updates) {
    const first = put(u.row, cols.firstOverdue, u.firstOverdue ? dateOf(u.firstOverdue) : null);
    if (first && first.numFmt !== DATE_FORMAT) first.numFmt = DATE_FORMAT;
    put(u.row, cols.daysOverdue, u.daysOverdue);
    const raw = ws.getCell(u.row, loc.columns.deadline!).value;
    const target = ws.getCell(u.row, cols.workdaysLeft);
    const closed = closedCols.map((c) => `${c}${u.row}`);
    // A real date, or nothing at all, is read from the cell; only a text date needs its own formula.
    if (raw instanceof Date || typeof raw === 'number' || raw === null || raw === undefined || raw === '') {
      if (run && run.row === u.row - 1) {
        target.value = { sharedFormula: run.master.address } as unknown as ExcelJS.CellValue;
        run.row = u.row;
        continue;
      }
      closeRun();
      target.value = { formula: workdaysFormula(`${deadlineCol}${u.row}`, asOfRef, closed) } as ExcelJS.CellFormulaValue;
      run = { master: target, row: u.row };
      continue;
    }
    closeRun();
    const parsed = items.get(u.row) ?? null;
    target.value = { formula: workdaysFormula(parsed ? String(toExcelSerial(parsed)) : '""', asOfRef, closed) } as ExcelJS.CellFormulaValue;
  }
  closeRun();
}

function appendLog(wb: ExcelJS.Workbook, name: string, result: FlagResult, runDate: IsoDate, ledger: string, lang: Lang): void {
  const s = strings(lang).flag.log;
  let ws = wb.getWorksheet(name);
  if (!ws) {
    ws = wb.addWorksheet(name, { properties: { tabColor: { argb: 'FF7F7F7F' } } });
    ws.addRow([s.runDate, s.asOf, s.overdue, s.dueSoon, s.newlyOverdue, s.closed, s.ledger]).font = { bold: true };
    ws.columns.forEach((c, i) => { c.width = i < 2 ? 12 : 10; });
    ws.getColumn(1).numFmt = DATE_FORMAT;
    ws.getColumn(2).numFmt = DATE_FORMAT;
    ws.getColumn(7).width = 16;
    ws.pageSetup = { ...ws.pageSetup, paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  }
  const c = result.counts;
  const last = ws.getRow(ws.rowCount);
  const lastAsOf = last.getCell(2).value;
  const sameRun = lastAsOf instanceof Date && isoOfDate(lastAsOf) === result.asOf && last.getCell(3).value === c.overdue
    && last.getCell(4).value === c.dueSoon && c.newlyOverdue === 0 && c.closedSinceLastRun === 0;
  // Running again on the same data changes nothing, the log included.
  if (sameRun) return;
  ws.addRow([dateOf(runDate), dateOf(result.asOf), c.overdue, c.dueSoon, c.newlyOverdue, c.closedSinceLastRun, ledger]);
}

export async function flagXlsx(bytes: Uint8Array, options: FlagOptions): Promise<FlagOutcome> {
  const problem = await checkPackage(bytes);
  if (problem) throw new FlagError(problem);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new FlagError({ kind: 'notXlsx' });
  }
  const grid = workbookGrid(wb);
  const loc = findLedger(grid);
  if (!loc) throw new FlagError({ kind: 'noLedger' });
  const settings = settingsOf(grid);
  const lang: Lang = options.lang ?? (loc.madeByUs && (settings.lang === 'en' || settings.lang === 'zh-TW') ? settings.lang : 'zh-CN');
  const year = options.year ?? (settings.start ? Number(settings.start.slice(0, 4)) : Number(options.asOf.slice(0, 4)));
  const { items, unreadable } = readLedgerItems(loc, year);
  if (unreadable.length) throw new FlagError({ kind: 'unreadable', cells: unreadable });
  const result = computeFlag(items, options.asOf, options.dueSoonDays ?? (Number(settings.dueSoonDays) || 3));

  const s = strings(lang).flag;
  const workdaySheet = wb.worksheets.find((w) => w.getCell('G1').value === MARKER && w.state !== 'visible');
  const ours = workdaySheet ? [workdaySheet.name, ...[2, 3].map((r) => String(workdaySheet.getCell(r, 7).value ?? ''))] : [];
  const overdueName = ownedSheetName(wb, s.sheets.overdue, ours);
  const logName = ownedSheetName(wb, s.sheets.log, ours);
  const workdayName = workdaySheet?.name ?? ownedSheetName(wb, s.sheets.workdays, ours);

  const ws = wb.getWorksheet(loc.sheet.name)!;
  const asOfRef = grid.names[settings.asOfName || 'AsOfDate'] ? settings.asOfName || 'AsOfDate' : 'TODAY()';
  writeOwnedColumns(ws, loc, result, new Map(items.map((i) => [i.row, i.deadline])), lang, asOfRef);

  // The log first: then the sheets the flag adds stand in the same order after every run.
  appendLog(wb, logName, result, options.runDate, loc.sheet.name, lang);
  const oldOverdue = wb.getWorksheet(overdueName);
  if (oldOverdue) wb.removeWorksheet(oldOverdue.id);
  renderSheet(wb, layoutOverdueSheet(result, { lang, sheetName: overdueName, ledgerSheet: loc.sheet.name, title: settings.campaignName || undefined }));
  writeWorkdaySheet(wb, workdayName, lang, [overdueName, logName]);

  const beyond = items.filter((i) => i.deadline && !i.closed && !isCovered(i.deadline)).length + (isCovered(options.asOf) ? 0 : 1);
  const warnings = beyond ? [format(s.beyondData, { year: WORKDAY_DATA.lastYear, n: beyond })] : [];
  const out = await wb.xlsx.writeBuffer();
  return { bytes: new Uint8Array(out as ArrayBuffer), result, ledgerSheet: loc.sheet.name, warnings };
}
