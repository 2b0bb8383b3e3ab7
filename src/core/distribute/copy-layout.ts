/**
 * A unit's copy of the ledger (one workbook per 责任单位): its items under the master's headers,
 * the columns the unit fills open and every other one locked (no password, so WPS and
 * LibreOffice read the protection too), live status columns as add-status makes them, a 填报说明
 * sheet and a hidden record of where the copy came from.
 */
import { absRange, columnLetter, range, sheetPrefix } from '../address';
import { toExcelSerial } from '../dates';
import { COLORS, DATE_FORMAT, DATE_MAX, DATE_MIN, HEADER_STYLE, headerText, TITLE_STYLE, workbookFont } from '../layout/context';
import { pageSetup, withRowHeights } from '../layout/print';
import type { GridValue } from '../ledger/grid';
import { gridText } from '../ledger/grid';
import type { LedgerField } from '../ledger/headers';
import { format, type Lang, strings } from '../locale';
import { isStatusColumnsProblem, planStatusColumns, REMAINING_FORMAT } from '../status-columns';
import { type CellValue, type ColumnSpec, type SheetSpec, type StyledRange, type ValidationSpec, valuesSheet, type WorkbookSpec } from '../spec';
import { cleanCellText } from '../text';
import type { WorkbookClock } from '../flag/plan';
import { type CopyInfo, copyInfoRows, DISTRIBUTE_NAMES } from './identity';

/** The fields a unit fills in; every other column of its copy is locked. */
export const UNIT_FIELDS: readonly LedgerField[] = ['status', 'completed', 'evidence', 'remarks'];

/** A column of the copy: the master's header, its field, and whether the unit fills it. */
export interface CopyColumn {
  header: string;
  field: LedgerField | null;
  open: boolean;
  date: boolean;
  /** The master's dropdown on the column (a column the unit fills), its entries. */
  list?: string[];
}

export const COPY_HEADER_ROW = 2;
const FIRST_ITEM_ROW = COPY_HEADER_ROW + 1;
const LOCKED_FILL = '#F2F2F2';
const INSTRUCTIONS_WIDTH = 80;

/** Display width of a text: CJK characters count two. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1.1;
  return w;
}

function cellValue(v: GridValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return toExcelSerial(v.date);
  if (typeof v === 'string') return cleanCellText(v);
  return v;
}

export interface CopyLayoutInput {
  lang: Lang;
  info: CopyInfo;
  /** The day of the split, as the instructions tell it. */
  date: string;
  /**
   * The master's own as-of date and due-soon window, which the copy's status columns report with
   * too (null: the master's =TODAY(), or its default window), so a unit sees what the office sees.
   */
  clock: WorkbookClock;
  ledgerSheet: string;
  /** The copy's columns after 台账编号, in the master's order. */
  columns: CopyColumn[];
  /** Per item: its id, then one value per column. */
  items: { id: string; values: GridValue[] }[];
  /** The master's year of dates written without one (12月1日), so that the copy reads them as the master does. */
  dateYear?: number;
}

/** What a copy's statuses are counted as of, in words: the master's date, or the day the file is opened. */
export function copyAsOfText(lang: Lang, clock: WorkbookClock, settingsSheet: string): string {
  const d = strings(lang).distribute;
  return clock.asOf ? format(d.statusAsOf, { asOf: clock.asOf, settings: settingsSheet }) : format(d.statusToday, { settings: settingsSheet });
}

export function layoutUnitCopy(input: CopyLayoutInput): WorkbookSpec {
  const s = strings(input.lang);
  const d = s.distribute;
  const cols: CopyColumn[] = [{ header: d.itemId, field: 'itemId', open: false, date: false }, ...input.columns];
  const rows: GridValue[][] = [
    [format(d.copyTitle, { campaign: input.info.campaignName, unit: input.info.unit })],
    cols.map((c) => c.header),
    ...input.items.map((item) => [item.id, ...item.values]),
  ];
  const lastItemRow = COPY_HEADER_ROW + input.items.length;
  // The status columns as add-status gives a ledger kept by hand, without prepared rows: a unit does not add items.
  const status = planStatusColumns(
    { sheets: [{ name: input.ledgerSheet, hidden: false, rows }], names: {} },
    {
      lang: input.lang,
      spareRows: 0,
      asOf: input.clock.asOf ?? undefined,
      dueSoonDays: input.clock.dueSoonDays ?? undefined,
      ...(input.dateYear ? { dateYear: input.dateYear } : {}),
    },
  );
  if (isStatusColumnsProblem(status)) throw new Error(`a unit copy's ledger is not a ledger: ${status.kind}`);
  const lastCol = status.remaining.col;

  const styles: StyledRange[] = [
    { range: 'A1', style: { ...TITLE_STYLE, fontSize: 14 } },
    { range: range(COPY_HEADER_ROW, 1, COPY_HEADER_ROW, cols.length), style: HEADER_STYLE },
    { range: range(COPY_HEADER_ROW, status.status.col, COPY_HEADER_ROW, lastCol), style: HEADER_STYLE },
  ];
  const columns: ColumnSpec[] = [];
  const unlocked: string[] = [];
  cols.forEach((c, i) => {
    const col = i + 1;
    const longest = Math.max(textWidth(c.header) + 2, ...input.items.slice(0, 500).map((it) => textWidth(gridText(i === 0 ? it.id : it.values[i - 1]))));
    const width = c.date ? 12 : Math.min(40, Math.max(8, Math.ceil(longest)));
    columns[col - 1] = { width, ...(c.date ? { numFmt: DATE_FORMAT } : {}), ...(width >= 30 ? { wrap: true } : {}) };
    if (lastItemRow < FIRST_ITEM_ROW) return;
    const cells = range(FIRST_ITEM_ROW, col, lastItemRow, col);
    if (c.open) unlocked.push(cells);
    else styles.push({ range: cells, style: { fill: LOCKED_FILL, border: COLORS.border } });
    if (c.open) styles.push({ range: cells, style: { border: COLORS.border } });
  });
  // 剩余天数 a number (left General, it would take the format of the dates it subtracts); the hidden
  // helper columns that read the dates (core/helper-columns.ts) never print, their days shown as dates.
  const days = new Set(status.helpers.filter((h) => h.kind === 'day').map((h) => h.col));
  for (const w of status.columnWidths)
    columns[w.col - 1] = {
      width: w.width,
      ...(w.col === status.remaining.col ? { numFmt: REMAINING_FORMAT } : days.has(w.col) ? { numFmt: DATE_FORMAT } : {}),
      ...(w.hidden ? { hidden: true, helper: true } : {}),
    };
  for (let i = 0; i < columns.length; i++) columns[i] ??= { width: 2 };
  input.items.forEach((item, r) =>
    item.values.forEach((v, j) => {
      if (v && typeof v === 'object' && !cols[j + 1].date)
        styles.push({ range: `${columnLetter(j + 2)}${FIRST_ITEM_ROW + r}`, style: { numFmt: DATE_FORMAT } });
    }),
  );
  const completed = cols.findIndex((c) => c.field === 'completed');
  // Dropdowns read their entries from a hidden sheet of the copy: no 255-character limit, commas allowed.
  const listCols = cols.map((c, i) => ({ c, col: i + 1 })).filter(({ c }) => c.open && c.list?.length);
  const lists: SheetSpec | null =
    listCols.length && lastItemRow >= FIRST_ITEM_ROW
      ? valuesSheet({
          key: 'lists',
          name: d.listsSheet,
          hidden: true,
          columns: listCols.map(() => ({ width: 16 })),
          blocks: listCols.map(({ c }, j) => ({ row: 1, col: j + 1, values: c.list!.map((v) => [cleanCellText(v)]) })),
        })
      : null;
  const listValidations: ValidationSpec[] = lists
    ? listCols.map(({ c, col }, j) => ({
        kind: 'list',
        range: range(FIRST_ITEM_ROW, col, lastItemRow, col),
        source: sheetPrefix(d.listsSheet) + absRange(1, j + 1, c.list!.length, j + 1),
        errorTitle: s.ledger.invalidListTitle,
        error: s.ledger.invalidList,
      }))
    : [];

  const ledger: SheetSpec = {
    key: 'ledger',
    name: input.ledgerSheet,
    hidden: false,
    columns,
    blocks: [
      { row: 1, col: 1, values: [[rows[0][0] as string]] },
      { row: COPY_HEADER_ROW, col: 1, values: [cols.map((c) => c.header)] },
      { row: COPY_HEADER_ROW, col: status.status.col, values: [[status.status.header, status.remaining.header, ...status.helpers.map((h) => h.header)]] },
      ...(input.items.length ? [{ row: FIRST_ITEM_ROW, col: 1, values: input.items.map((item) => [item.id, ...item.values.map(cellValue)]) }] : []),
    ],
    filled: status.formulas,
    styles,
    merges: [range(1, 1, 1, Math.max(cols.length, 2))],
    freeze: { rows: COPY_HEADER_ROW, columns: 1 },
    tables: [],
    validations: [
      ...listValidations,
      ...(completed > 0 && lastItemRow >= FIRST_ITEM_ROW
        ? [
            {
              kind: 'date',
              range: range(FIRST_ITEM_ROW, completed + 1, lastItemRow, completed + 1),
              min: DATE_MIN,
              max: DATE_MAX,
              errorTitle: s.ledger.invalidDateTitle,
              error: s.ledger.invalidDate,
            } as ValidationSpec,
          ]
        : []),
    ],
    conditionalFormats: status.conditionalFormats,
    print: pageSetup({
      columns,
      titleRows: [COPY_HEADER_ROW, COPY_HEADER_ROW],
      area: range(1, 1, Math.max(lastItemRow, COPY_HEADER_ROW), lastCol),
      header: { left: headerText(input.info.campaignName), right: headerText(input.info.unit) },
      footer: { center: s.print.page },
    }),
    protection: { unlocked },
  };

  const open = cols.filter((c) => c.open).map((c) => `“${c.header}”`);
  const lines = [
    format(d.instructionsTitle, { unit: input.info.unit }),
    ...d.instructions.map((line) =>
      format(line, {
        unit: input.info.unit,
        campaign: input.info.campaignName,
        date: input.date,
        open: open.join('、') || '—',
        asOf: copyAsOfText(input.lang, input.clock, status.settingsSheetName),
      }),
    ),
  ];
  const instructions: SheetSpec = valuesSheet({
    key: 'instructions',
    name: d.instructionsSheet,
    hidden: false,
    // Narrow enough for A4 portrait without scaling; LibreOffice does not grow wrapped rows by itself.
    columns: [{ width: INSTRUCTIONS_WIDTH, wrap: true }],
    rowHeights: lines.map((line, i) => ({ row: i + 1, height: i === 0 ? 24 : 16 * Math.ceil(textWidth(line) / (INSTRUCTIONS_WIDTH - 4)) + 2 })),
    blocks: [{ row: 1, col: 1, values: lines.map((line) => [line]) }],
    styles: [{ range: 'A1', style: { ...TITLE_STYLE, fontSize: 14 } }],
    print: pageSetup({ orientation: 'portrait', columns: [{ width: INSTRUCTIONS_WIDTH }] }),
  });

  const infoRows = copyInfoRows(input.info);
  const info: SheetSpec = valuesSheet({
    key: 'copyInfo',
    name: d.infoSheet,
    hidden: true,
    columns: [{ width: 14 }, { width: 40 }],
    blocks: [{ row: 1, col: 1, values: infoRows }],
  });
  const infoWidth = Math.max(...infoRows.map((r) => r.length));
  return {
    title: rows[0][0] as string,
    subject: input.info.campaignName,
    font: workbookFont(input.lang),
    sheets: [ledger, ...(status.settingsSheet ? [status.settingsSheet] : []), instructions, info, ...(lists ? [lists] : [])].map(withRowHeights),
    names: [...status.names, { name: DISTRIBUTE_NAMES.copyInfo, ref: sheetPrefix(d.infoSheet) + absRange(1, 1, infoRows.length, infoWidth) }],
    activeSheet: 'ledger',
  };
}
