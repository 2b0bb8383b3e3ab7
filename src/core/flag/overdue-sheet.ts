/**
 * 逾期清单: the overdue items by 责任单位 and 责任人, then one 督办单 per unit, each on its own
 * printed page (title, unit, item table, reply-by date, a line to sign for receipt).
 */
import { range } from '../address';
import { addDays, type IsoDate } from '../dates';
import type { FlagSummary, OverdueItem } from './compute';
import { format, type Lang, strings } from '../locale';
import type { Block, CellValue, SheetSpec, StyledRange } from '../spec';
import { cleanCellText } from '../text';
import { addWorkdays } from '../workdays';
import { COLORS, dateOrNull, DATE_FORMAT, PRINT_MARGINS, HEADER_STYLE, NOTE_STYLE, SUBHEADER_STYLE, TITLE_STYLE, headerText } from '../layout/context';

/** Working days a unit has to answer a 督办单. */
export const REPLY_WORKDAYS = 5;
const LAST_COL = 9;

export function replyByDate(asOf: IsoDate): IsoDate {
  return addWorkdays(asOf, REPLY_WORKDAYS) ?? addDays(asOf, 7);
}

const text = (s: string) => (s ? cleanCellText(s) : null);

export interface OverdueSheetOptions {
  lang: Lang;
  sheetName: string;
  ledgerSheet: string;
  title?: string;
}

export function layoutOverdueSheet(result: FlagSummary, o: OverdueSheetOptions): SheetSpec {
  const s = strings(o.lang).flag;
  const c = s.list.columns;
  const blocks: Block[] = [];
  const styles: StyledRange[] = [];
  const merges: string[] = [];
  const pageBreaks: number[] = [];
  const put = (row: number, col: number, values: CellValue[][]) => blocks.push({ row, col, values });

  put(1, 1, [[`${s.list.title}`]]);
  put(2, 1, [[format(s.list.caption, { asOf: result.asOf, n: result.overdue.length, ledger: o.ledgerSheet })]]);
  styles.push({ range: 'A1', style: TITLE_STYLE }, { range: 'A2', style: NOTE_STYLE });
  merges.push(range(1, 1, 1, LAST_COL), range(2, 1, 2, LAST_COL));
  put(3, 1, [[c.unit, c.owner, c.problem, c.measure, c.deadline, c.daysOverdue, c.firstOverdue, c.leader, c.row]]);
  styles.push({ range: range(3, 1, 3, LAST_COL), style: HEADER_STYLE });
  let row = 4;
  if (!result.overdue.length) {
    put(row, 1, [[s.list.none]]);
    row++;
  } else {
    put(
      row,
      1,
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
    );
    styles.push({ range: range(row, 1, row + result.overdue.length - 1, LAST_COL), style: { border: COLORS.border, vAlign: 'top' } });
    styles.push({ range: range(row, 5, row + result.overdue.length - 1, 5), style: { numFmt: DATE_FORMAT, border: COLORS.border } });
    styles.push({ range: range(row, 7, row + result.overdue.length - 1, 7), style: { numFmt: DATE_FORMAT, border: COLORS.border } });
    styles.push({
      range: range(row, 6, row + result.overdue.length - 1, 6),
      style: { bold: true, fontColor: '#9C0006', border: COLORS.border, hAlign: 'center' },
    });
    row += result.overdue.length;
  }

  // One 督办单 per unit, each starting on a new page.
  const byUnit = new Map<string, OverdueItem[]>();
  for (const item of result.overdue) byUnit.set(item.unit, [...(byUnit.get(item.unit) ?? []), item]);
  const replyBy = replyByDate(result.asOf);
  for (const [unit, items] of byUnit) {
    pageBreaks.push(row);
    row += 1;
    put(row, 1, [[s.notice.title]]);
    styles.push({ range: range(row, 1, row, LAST_COL), style: { ...TITLE_STYLE, hAlign: 'center' } });
    merges.push(range(row, 1, row, LAST_COL));
    row += 2;
    put(row, 1, [[format(s.notice.unit, { unit: cleanCellText(unit || '—') })]]);
    put(row, 6, [[format(s.notice.asOf, { asOf: result.asOf })]]);
    merges.push(range(row, 1, row, 5), range(row, 6, row, LAST_COL));
    styles.push({ range: range(row, 1, row, LAST_COL), style: { bold: true } });
    row += 1;
    put(row, 1, [[format(s.notice.body, { n: items.length, date: replyBy })]]);
    merges.push(range(row, 1, row, LAST_COL));
    styles.push({ range: range(row, 1, row, LAST_COL), style: { wrap: true, vAlign: 'top' } });
    row += 2;
    put(row, 1, [[s.notice.seq, c.owner, c.problem, c.measure, c.deadline, c.daysOverdue, c.firstOverdue, c.leader]]);
    styles.push({ range: range(row, 1, row, LAST_COL - 1), style: SUBHEADER_STYLE });
    row += 1;
    put(
      row,
      1,
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
    );
    styles.push({ range: range(row, 1, row + items.length - 1, LAST_COL - 1), style: { border: COLORS.border, vAlign: 'top' } });
    styles.push({ range: range(row, 5, row + items.length - 1, 5), style: { numFmt: DATE_FORMAT, border: COLORS.border } });
    styles.push({ range: range(row, 7, row + items.length - 1, 7), style: { numFmt: DATE_FORMAT, border: COLORS.border } });
    row += items.length + 1;
    put(row, 1, [[format(s.notice.replyBy, { date: replyBy })]]);
    styles.push({ range: range(row, 1, row, 1), style: { bold: true, wrap: false } });
    merges.push(range(row, 1, row, LAST_COL));
    row += 2;
    put(row, 1, [[s.notice.sign]]);
    styles.push({ range: range(row, 1, row, 1), style: { wrap: false } });
    merges.push(range(row, 1, row, LAST_COL));
    row += 1;
  }

  return {
    key: 'overdue',
    name: o.sheetName,
    hidden: false,
    tabColor: '#C00000',
    columns: [
      { width: 12, wrap: true },
      { width: 9 },
      { width: 30, wrap: true },
      { width: 30, wrap: true },
      { width: 11 },
      { width: 7, hAlign: 'center' },
      { width: 11 },
      { width: 9 },
      { width: 7, hAlign: 'center' },
    ],
    blocks,
    filled: [],
    styles,
    merges,
    freeze: { rows: 3, columns: 0 },
    tables: [],
    validations: [],
    conditionalFormats: [],
    print: {
      orientation: 'landscape',
      paper: 'A4',
      fitToWidth: 1,
      fitToHeight: 0,
      scale: 75,
      titleRows: undefined,
      margins: PRINT_MARGINS,
      header: { left: headerText(o.title ?? o.ledgerSheet), right: headerText(format(s.notice.asOf, { asOf: result.asOf })) },
      footer: { center: strings(o.lang).print.page },
    },
    pageBreaks: pageBreaks.filter((r) => r > 3),
  };
}
