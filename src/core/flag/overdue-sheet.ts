/**
 * 逾期清单: the overdue items by 责任单位 and 责任人, then one 督办单 per unit, each on its own
 * printed page (title, unit, item table, reply-by date, a line to sign for receipt).
 *
 * On paper: A4 landscape at 100%, every text wrapped whole in a row as tall as it needs (no engine
 * grows a row by itself when it opens the file). The sheet is paged here: where a table goes on
 * over another page, its header row is written again at the top of that page. Excel's print
 * titles cannot do it, since they would repeat the list's header over every 督办单 as well.
 */
import { range } from '../address';
import { addDays, type IsoDate } from '../dates';
import type { FlagSummary, OverdueItem } from './compute';
import { format, type Lang, strings } from '../locale';
import type { Block, CellStyle, CellValue, ColumnSpec, SheetSpec, StyledRange } from '../spec';
import { cleanCellText } from '../text';
import { addWorkdays } from '../workdays';
import { COLORS, dateOrNull, DATE_FORMAT, HEADER_STYLE, NOTE_STYLE, SUBHEADER_STYLE, TITLE_STYLE, headerText } from '../layout/context';
import { DEFAULT_ROW_HEIGHT, widthForWords } from '../layout/measure';
import { cellHeight, pageSetup, printableHeight } from '../layout/print';

/** Working days a unit has to answer a 督办单. */
export const REPLY_WORKDAYS = 5;
const LAST_COL = 9;
/** Of a page's height, what the rows may fill: engines round row heights, and a page must never spill. */
const PAGE_FILL = 0.94;

export function replyByDate(asOf: IsoDate): IsoDate {
  return addWorkdays(asOf, REPLY_WORKDAYS) ?? addDays(asOf, 7);
}

const text = (s: string) => (s ? cleanCellText(s) : null);

export interface OverdueSheetOptions {
  lang: Lang;
  sheetName: string;
  ledgerSheet: string;
  title?: string;
  /** A preview's line (an as-of date after today), put before the caption so that the sheet says what it is. */
  preview?: string;
}

/** A cell placed in a row: its value, the columns it spans (merged), and its look. */
interface Placed {
  col: number;
  value: CellValue;
  span?: number;
  style?: CellStyle;
}

export function layoutOverdueSheet(result: FlagSummary, o: OverdueSheetOptions): SheetSpec {
  const s = strings(o.lang).flag;
  const c = s.list.columns;
  const wrap = (width: number, header: string): ColumnSpec => ({ width: widthForWords(width, [header], true), wrap: true });
  const columns: ColumnSpec[] = [
    wrap(12, `${c.unit} ${s.notice.seq}`),
    wrap(9, c.owner),
    wrap(34, c.problem),
    wrap(34, c.measure),
    { width: widthForWords(11, [c.deadline], true) },
    { width: widthForWords(7, [c.daysOverdue], true), hAlign: 'center' },
    { width: widthForWords(11, [c.firstOverdue], true) },
    wrap(9, c.leader),
    { width: widthForWords(7, [c.row], true), hAlign: 'center' },
  ];
  const print = pageSetup({
    columns,
    header: { left: headerText(o.title ?? o.ledgerSheet), right: headerText(format(s.notice.asOf, { asOf: result.asOf })) },
    footer: { center: strings(o.lang).print.page },
  });
  const pageRoom = ((printableHeight(print) * 100) / print.scale) * PAGE_FILL;

  const blocks: Block[] = [];
  const styles: StyledRange[] = [];
  const merges: string[] = [];
  const pageBreaks: number[] = [];
  const rowHeights: { row: number; height: number }[] = [];
  let row = 1;
  let used = 0;

  const WRAP: CellStyle = { wrap: true };
  const heightOf = (cells: Placed[]) => {
    let height = DEFAULT_ROW_HEIGHT;
    for (const p of cells) {
      let width = 0;
      for (let c = p.col; c < p.col + (p.span ?? 1); c++) width += columns[c - 1].width;
      const h = cellHeight(p.value, width, p.style ? [columns[p.col - 1].wrap ? WRAP : {}, p.style] : columns[p.col - 1].wrap ? [WRAP] : []);
      if (h !== null && h > height) height = h;
    }
    return height;
  };
  /** Writes a row of cells (merged and styled each) at the current row and moves on. */
  const put = (cells: Placed[]) => {
    const values: CellValue[] = [];
    for (const p of cells) {
      values[p.col - 1] = p.value;
      if (p.span && p.span > 1) merges.push(range(row, p.col, row, p.col + p.span - 1));
      if (p.style) styles.push({ range: range(row, p.col, row, p.col + (p.span ?? 1) - 1), style: p.style });
    }
    if (values.length) {
      putValues(
        Array.from(values, (v) => v ?? null),
        heightOf(cells),
      );
      return;
    }
    used += DEFAULT_ROW_HEIGHT;
    row++;
  };
  const newPage = () => {
    pageBreaks.push(row - 1);
    used = 0;
  };
  /** A table row's height: what its wrapped texts need. */
  const valuesHeight = (values: CellValue[]) => {
    let height = DEFAULT_ROW_HEIGHT;
    values.forEach((v, i) => {
      const h = columns[i].wrap ? cellHeight(v, columns[i].width, [WRAP]) : null;
      if (h !== null && h > height) height = h;
    });
    return height;
  };
  /** A row of values from column A on, styled as one range, and the move to the next row. */
  const putValues = (values: CellValue[], height: number, style?: CellStyle) => {
    const last = blocks[blocks.length - 1];
    // Rows of the same width one under another make one block: one write in Excel, not one per row.
    if (last && last.row + last.values.length === row && last.values[0].length === values.length) last.values.push(values);
    else blocks.push({ row, col: 1, values: [values] });
    if (style) styles.push({ range: range(row, 1, row, values.length), style });
    if (height > DEFAULT_ROW_HEIGHT) rowHeights.push({ row, height });
    used += height;
    row++;
  };
  /**
   * A table's rows under its header, the header written again at the top of every page it goes on
   * to; `runStyles` styles each run of item rows between two headers (one range per run, not per row).
   */
  const table = (header: CellValue[], headerStyle: CellStyle, items: CellValue[][], runStyles: (first: number, last: number) => StyledRange[]) => {
    const headerHeight = heightOf(header.map((value, i) => ({ col: i + 1, value, style: headerStyle })));
    putValues(header, headerHeight, headerStyle);
    let first = row;
    for (const values of items) {
      const height = valuesHeight(values);
      if (used + height > pageRoom) {
        if (row > first) styles.push(...runStyles(first, row - 1));
        newPage();
        putValues(header, headerHeight, headerStyle);
        first = row;
      }
      putValues(values, height);
    }
    if (row > first) styles.push(...runStyles(first, row - 1));
  };
  const bordered = (lastCol: number, first: number, last: number): StyledRange[] => [
    { range: range(first, 1, last, lastCol), style: { border: COLORS.border, vAlign: 'top' } },
    { range: range(first, 5, last, 5), style: { numFmt: DATE_FORMAT, border: COLORS.border, vAlign: 'top' } },
    { range: range(first, 7, last, 7), style: { numFmt: DATE_FORMAT, border: COLORS.border, vAlign: 'top' } },
  ];

  // The list.
  put([{ col: 1, span: LAST_COL, value: s.list.title, style: TITLE_STYLE }]);
  put([
    {
      col: 1,
      span: LAST_COL,
      value: `${o.preview ? `${o.preview} ` : ''}${format(s.list.caption, { asOf: result.asOf, n: result.overdue.length, ledger: o.ledgerSheet })}`,
      style: { ...NOTE_STYLE, wrap: true },
    },
  ]);
  const listHeader = [c.unit, c.owner, c.problem, c.measure, c.deadline, c.daysOverdue, c.firstOverdue, c.leader, c.row];
  if (!result.overdue.length) {
    putValues(listHeader, heightOf(listHeader.map((value, i) => ({ col: i + 1, value, style: HEADER_STYLE }))), HEADER_STYLE);
    put([{ col: 1, span: LAST_COL, value: s.list.none }]);
  } else {
    const days = { bold: true, fontColor: COLORS.overdueFont, border: COLORS.border, hAlign: 'center' as const, vAlign: 'top' as const };
    table(
      listHeader,
      HEADER_STYLE,
      result.overdue.map((i) => [
        text(i.unit),
        text(i.owner),
        text(i.problem),
        text(i.measure),
        dateOrNull(i.deadline),
        i.daysOverdue,
        dateOrNull(i.firstOverdue),
        text(i.leader),
        i.row,
      ]),
      (first, last) => [...bordered(LAST_COL, first, last), { range: range(first, 6, last, 6), style: days }],
    );
  }

  // One 督办单 per unit, each starting on a new page.
  const byUnit = new Map<string, OverdueItem[]>();
  for (const item of result.overdue) byUnit.set(item.unit, [...(byUnit.get(item.unit) ?? []), item]);
  const replyBy = replyByDate(result.asOf);
  const noticeHeader = [s.notice.seq, c.owner, c.problem, c.measure, c.deadline, c.daysOverdue, c.firstOverdue, c.leader];
  for (const [unit, items] of byUnit) {
    newPage();
    put([{ col: 1, span: LAST_COL, value: s.notice.title, style: TITLE_STYLE }]);
    put([]);
    put([
      { col: 1, span: 5, value: format(s.notice.unit, { unit: cleanCellText(unit || '—') }), style: { bold: true, wrap: true, vAlign: 'top' } },
      { col: 6, span: LAST_COL - 5, value: format(s.notice.asOf, { asOf: result.asOf }), style: { bold: true, vAlign: 'top' } },
    ]);
    put([{ col: 1, span: LAST_COL, value: format(s.notice.body, { n: items.length, date: replyBy }), style: { wrap: true, vAlign: 'top' } }]);
    put([]);
    table(
      noticeHeader,
      SUBHEADER_STYLE,
      items.map((i, n) => [
        n + 1,
        text(i.owner),
        text(i.problem),
        text(i.measure),
        dateOrNull(i.deadline),
        i.daysOverdue,
        dateOrNull(i.firstOverdue),
        text(i.leader),
      ]),
      (first, last) => [
        ...bordered(LAST_COL - 1, first, last),
        { range: range(first, 1, last, 1), style: { border: COLORS.border, vAlign: 'top', hAlign: 'center' } },
      ],
    );
    // The reply-by date and the line to sign stay together, on the table's page if they fit.
    const tail: Placed[][] = [
      [],
      [{ col: 1, span: LAST_COL, value: format(s.notice.replyBy, { date: replyBy }), style: { bold: true } }],
      [],
      [{ col: 1, span: LAST_COL, value: s.notice.sign }],
    ];
    if (used + tail.reduce((sum, cells) => sum + heightOf(cells), 0) > pageRoom) newPage();
    for (const cells of tail) put(cells);
  }

  return {
    key: 'overdue',
    name: o.sheetName,
    hidden: false,
    tabColor: '#C00000',
    columns,
    blocks,
    filled: [],
    styles,
    merges,
    freeze: { rows: 3, columns: 0 },
    tables: [],
    validations: [],
    conditionalFormats: [],
    print,
    rowHeights,
    pageBreaks: pageBreaks.filter((r) => r > 3),
  };
}
