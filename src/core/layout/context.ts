/**
 * Geometry shared by the sheet layouts: where each sheet puts what the others refer to
 * (the ledger's columns and rows, the dropdown lists, the as-of cell), computed once.
 */
import { absCell, absRange, columnLetter, sheetPrefix } from '../address';
import { type IsoDate, toExcelSerial } from '../dates';
import { DEFAULT_NAMES, type WorkbookNames } from '../formulas';
import { type Lang, LEDGER_COLUMN_KEYS, type LedgerColumnKey, ROLE_KEYS, type RoleKey, strings, type Strings } from '../locale';
import { type Campaign, type Person, ROLE_GROUP_FIELD } from '../model';
import type { CellStyle, ColumnSpec, FontSpec, HeaderFooter, PrintSpec, SheetKey } from '../spec';
import { pageSetup, PRINT_MARGINS } from './print';

export const LEDGER_TABLE_NAME = 'CampaignLedger';
/** Defined names other code uses to find the campaign's parts without knowing sheet names. */
export const LEDGER_HEADER_NAME = 'CampaignLedgerHeader';
export const SETTINGS_NAME = 'CampaignSettings';

/** Prepared rows below the ledger table: formulas and validation already in place for new items. */
export const LEDGER_SPARE_ROWS = 200;
export const DATE_FORMAT = 'yyyy-mm-dd';
export const SHORT_DATE_FORMAT = 'm/d';
/** Dates a user may type into date columns. */
export const DATE_MIN = toExcelSerial('2000-01-01');
export const DATE_MAX = toExcelSerial('2099-12-31');

export { PRINT_MARGINS };

export const COLORS = {
  border: '#BFBFBF',
  headerFill: '#1F4E78',
  headerFont: '#FFFFFF',
  subHeaderFill: '#D9E1F2',
  titleFont: '#1F4E78',
  noteFont: '#595959',
  phaseFill: '#EDF2F9',
  inputFill: '#FFF2CC',
  overdueFill: '#FFC7CE',
  overdueFont: '#9C0006',
  dueSoonFill: '#FFEB9C',
  dueSoonFont: '#9C5700',
  doneFill: '#C6EFCE',
  doneFont: '#006100',
  timelineFill: '#5B9BD5',
  asOfWeekFill: '#FCE4D6',
  asOfWeekActiveFill: '#C55A11',
  bar: '#5B9BD5',
};

export const HEADER_STYLE: CellStyle = {
  bold: true,
  fill: COLORS.headerFill,
  fontColor: COLORS.headerFont,
  hAlign: 'center',
  vAlign: 'middle',
  wrap: true,
  border: COLORS.border,
};
export const SUBHEADER_STYLE: CellStyle = { bold: true, fill: COLORS.subHeaderFill, hAlign: 'center', vAlign: 'middle', wrap: true, border: COLORS.border };
/** A sheet's title: merged across the columns it heads and centred there, wrapped when it is long. */
export const TITLE_STYLE: CellStyle = { bold: true, fontSize: 16, fontColor: COLORS.titleFont, hAlign: 'center', vAlign: 'middle', wrap: true };
export const NOTE_STYLE: CellStyle = { fontColor: COLORS.noteFont, wrap: false };

/** One name per sheet: the locale's, unless the caller overrides some. */
export type SheetNames = Strings['sheets'];

export interface LedgerGeometry {
  headerRow: number;
  firstRow: number;
  /** Last row of the table (at least one data row, blank when there are no items). */
  lastTableRow: number;
  /** Last prepared row (table rows plus spare rows). */
  lastRow: number;
  col: Record<LedgerColumnKey, number>;
  letter: Record<LedgerColumnKey, string>;
}

export interface ListGeometry {
  types: string;
  units: string;
  categories: string;
  owners: string;
  leaders: string;
}

export interface LayoutContext {
  campaign: Campaign;
  s: Strings;
  names: WorkbookNames;
  objectNames: ObjectNames;
  sheetNames: SheetNames;
  ledger: LedgerGeometry;
  group: { headerRow: number; firstRow: number; rows: number; listFirstRow: number; listRows: number; listCol: number };
  lists: ListGeometry;
  dashboard: { asOfCell: string; dueSoonCell: string };
}

export interface LayoutOptions {
  /** Sheet names to use instead of the locale's, e.g. when the open workbook already has a 整改台账. */
  sheetNames?: Partial<SheetNames>;
  names?: Partial<WorkbookNames>;
  /**
   * Appended to every workbook-level name the campaign defines (AsOfDate2, CampaignLedger2, ...),
   * so a second campaign inserted into the same workbook does not collide with the first.
   */
  nameSuffix?: string;
}

/** Where 总览 keeps the as-of date and the due-soon window: the one owner of these cells. */
export const DASHBOARD_CELLS = { asOf: { row: 3, col: 2 }, dueSoon: { row: 4, col: 2 } } as const;

/** Names of the workbook-level objects a campaign defines besides the formula names. */
export interface ObjectNames {
  ledgerTable: string;
  ledgerHeader: string;
  settings: string;
}

export function groupPeople(c: Campaign): { role: RoleKey; person: Person | null }[] {
  const rows: { role: RoleKey; person: Person | null }[] = ROLE_KEYS.flatMap((role) =>
    c.leadingGroup[ROLE_GROUP_FIELD[role]].map((person) => ({ role, person })),
  );
  if (rows.length) return rows;
  // An empty group still shows its standard roles, ready to be filled in.
  return [
    { role: 'leader', person: null },
    { role: 'deputy', person: null },
    { role: 'deputy', person: null },
    { role: 'member', person: null },
    { role: 'member', person: null },
    { role: 'member', person: null },
    { role: 'office', person: null },
  ];
}

/** The workbook-level names a campaign defines with this suffix (AsOfDate2, CampaignLedger2 …). */
export function campaignNames(suffix: string, names: Partial<WorkbookNames> = {}): { names: WorkbookNames; objectNames: ObjectNames } {
  return {
    names: { asOf: names.asOf ?? DEFAULT_NAMES.asOf + suffix, dueSoonDays: names.dueSoonDays ?? DEFAULT_NAMES.dueSoonDays + suffix },
    objectNames: { ledgerTable: LEDGER_TABLE_NAME + suffix, ledgerHeader: LEDGER_HEADER_NAME + suffix, settings: SETTINGS_NAME + suffix },
  };
}

export function createContext(campaign: Campaign, options: LayoutOptions = {}): LayoutContext {
  const s = strings(campaign.lang);
  const sheetNames: SheetNames = { ...s.sheets, ...options.sheetNames };
  const { names, objectNames } = campaignNames(options.nameSuffix ?? '', options.names);

  const col = Object.fromEntries(LEDGER_COLUMN_KEYS.map((k, i) => [k, i + 1])) as Record<LedgerColumnKey, number>;
  const letter = Object.fromEntries(LEDGER_COLUMN_KEYS.map((k, i) => [k, columnLetter(i + 1)])) as Record<LedgerColumnKey, string>;
  const firstRow = 3;
  const lastTableRow = firstRow + Math.max(campaign.items.length, 1) - 1;

  const groupRows = Math.max(groupPeople(campaign).length + 10, 20);
  const longestList = Math.max(campaign.units.length, campaign.categories.length, campaign.owners.length, 3);
  const listRows = Math.max(longestList + 20, 30);
  const listCol = 6;
  const g = sheetPrefix(sheetNames.group);
  const listRange = (offset: number) => g + absRange(3, listCol + offset, 3 + listRows - 1, listCol + offset);

  const d = sheetPrefix(sheetNames.dashboard);
  return {
    campaign,
    s,
    names,
    objectNames,
    sheetNames,
    ledger: { headerRow: 2, firstRow, lastTableRow, lastRow: lastTableRow + LEDGER_SPARE_ROWS, col, letter },
    group: { headerRow: 2, firstRow: 3, rows: groupRows, listFirstRow: 3, listRows, listCol },
    lists: {
      types: listRange(0),
      units: listRange(1),
      categories: listRange(2),
      owners: listRange(3),
      leaders: g + absRange(3, 2, 3 + groupRows - 1, 2),
    },
    dashboard: {
      asOfCell: d + absCell(DASHBOARD_CELLS.asOf.row, DASHBOARD_CELLS.asOf.col),
      dueSoonCell: d + absCell(DASHBOARD_CELLS.dueSoon.row, DASHBOARD_CELLS.dueSoon.col),
    },
  };
}

/** Header and footer codes treat '&' as a command: a literal one is written '&&'. */
export function headerText(text: string): string {
  return text.replace(/&/g, '&&');
}

export function dateOrNull(date: IsoDate | null): number | null {
  return date ? toExcelSerial(date) : null;
}

/**
 * A4 landscape at the scale the printed columns need, header rows repeated; the page header carries
 * the campaign and, when the campaign reports as of a fixed day, that day as the sheets write it
 * (2026-12-05). A print date (&D) would come out in the printing computer's format (12/05/2026);
 * the live as-of date is on the sheets themselves.
 */
export function printSetup(
  ctx: LayoutContext,
  sheetTitle: string,
  titleRows: [number, number],
  columns: ColumnSpec[],
  options: { area?: string; titleColumns?: [number, number]; smallestFont?: number } = {},
): PrintSpec {
  const header: HeaderFooter = {
    left: headerText(ctx.campaign.name),
    center: headerText(sheetTitle),
    ...(ctx.campaign.asOf ? { right: headerText(ctx.s.asOfCaption + ctx.campaign.asOf) } : {}),
  };
  return pageSetup({ columns, titleRows, ...options, header, footer: { center: ctx.s.print.page } });
}

/**
 * The body font, as Excel's Chinese workbooks declare it (a file saved by Excel 16 in Chinese:
 * `<font><name val="Calibri"/><charset val="134"/><scheme val="minor"/></font>` over a theme whose
 * body font lists 等线 for Hans): the cell styles name the Latin font and follow the theme, and the
 * theme gives Chinese text its East Asian font (等线, 新細明體 for traditional Chinese). An English
 * workbook keeps the same theme fonts: its unit and people names are still Chinese.
 */
export function workbookFont(lang: Lang): FontSpec {
  if (lang === 'zh-TW') return { name: 'Calibri', charset: 136, latin: 'Calibri', eastAsian: '新細明體', script: 'Hant', size: 11 };
  if (lang === 'zh-CN') return { name: 'Calibri', charset: 134, latin: 'Calibri', eastAsian: '等线', script: 'Hans', size: 11 };
  return { name: 'Calibri', latin: 'Calibri', eastAsian: '等线', script: 'Hans', size: 11 };
}

export type { SheetKey };
