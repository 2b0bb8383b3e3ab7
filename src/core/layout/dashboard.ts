/** 总览: the as-of date, the due-soon window, and counts by status, unit and owner. */
import { absCell, cell, range, sheetPrefix } from '../address';
import { toExcelSerial } from '../dates';
import * as F from '../formulas';
import { STATUS_KEYS } from '../locale';
import type { Block, CellValue, ChartSpec, ColumnSpec, ConditionalFormatSpec, SheetSpec, StyledRange } from '../spec';
import { cleanCellText } from '../text';
import { SCHEDULE_COL, SCHEDULE_FIRST_ROW, scheduleRows } from './schedule';
import {
  COLORS,
  DASHBOARD_CELLS,
  DATE_FORMAT,
  DATE_MAX,
  DATE_MIN,
  HEADER_STYLE,
  type LayoutContext,
  NOTE_STYLE,
  printSetup,
  SUBHEADER_STYLE,
  TITLE_STYLE,
} from './context';

const AS_OF_ROW = DASHBOARD_CELLS.asOf.row;
const DUE_SOON_ROW = DASHBOARD_CELLS.dueSoon.row;
const FIGURES_ROW = 6;
const STATUS_ROW = FIGURES_ROW + 6;
const PHASE_COL = 8;

export function layoutDashboard(ctx: LayoutContext): SheetSpec {
  const { s, campaign, ledger: lg, group: g } = ctx;
  const d = s.dashboard;
  const L = sheetPrefix(ctx.sheetNames.ledger);
  const G = sheetPrefix(ctx.sheetNames.group);
  const statusCol = F.wholeColumn(L, lg.letter.status);
  const unitCol = F.wholeColumn(L, lg.letter.unit);
  const ownerCol = F.wholeColumn(L, lg.letter.owner);
  const st = s.ledger.statuses;

  const blocks: Block[] = [];
  const styles: StyledRange[] = [];
  const put = (row: number, col: number, values: CellValue[][]) => blocks.push({ row, col, values });

  put(1, 1, [[cleanCellText(`${campaign.name} · ${s.titles.dashboard}`)]]);
  styles.push({ range: cell(1, 1), style: TITLE_STYLE });

  // The one TODAY() of the workbook, unless the campaign reports as of a fixed day.
  put(AS_OF_ROW, 1, [
    [d.asOf, campaign.asOf ? toExcelSerial(campaign.asOf) : { formula: 'TODAY()' }, d.asOfNote],
    [d.dueSoonDays, campaign.dueSoonDays, d.dueSoonNote],
  ]);
  styles.push(
    { range: range(AS_OF_ROW, 1, DUE_SOON_ROW, 1), style: { bold: true, wrap: true, vAlign: 'top' } },
    { range: cell(AS_OF_ROW, 2), style: { numFmt: DATE_FORMAT, fill: COLORS.inputFill, bold: true, border: COLORS.border, hAlign: 'center' } },
    { range: cell(DUE_SOON_ROW, 2), style: { numFmt: '0', fill: COLORS.inputFill, bold: true, border: COLORS.border, hAlign: 'center' } },
    { range: range(AS_OF_ROW, 3, DUE_SOON_ROW, 3), style: NOTE_STYLE },
  );

  // Counts by status: the base every other figure reads.
  const statusRow = (i: number) => STATUS_ROW + 1 + i;
  const countRef = (key: (typeof STATUS_KEYS)[number]) => cell(statusRow(STATUS_KEYS.indexOf(key)), 2);
  put(STATUS_ROW, 1, [[d.status, d.count]]);
  put(
    STATUS_ROW + 1,
    1,
    STATUS_KEYS.map((k) => [st[k], { formula: F.countIf(statusCol, F.quoted(st[k])) }]),
  );
  styles.push({ range: range(STATUS_ROW, 1, STATUS_ROW, 2), style: HEADER_STYLE });
  styles.push({ range: range(STATUS_ROW + 1, 1, statusRow(STATUS_KEYS.length - 1), 2), style: { border: COLORS.border } });

  const totalRef = cell(FIGURES_ROW + 1, 2);
  put(FIGURES_ROW, 1, [
    [d.keyFigures, null],
    [d.total, { formula: F.sumOf([range(statusRow(0), 2, statusRow(STATUS_KEYS.length - 1), 2)]) }],
    [d.overdue, { formula: countRef('overdue') }],
    [d.dueSoon, { formula: countRef('dueSoon') }],
    [d.signedOffShare, { formula: F.share(countRef('signedOff'), totalRef) }],
  ]);
  styles.push(
    { range: range(FIGURES_ROW, 1, FIGURES_ROW, 2), style: HEADER_STYLE },
    { range: range(FIGURES_ROW + 1, 1, FIGURES_ROW + 4, 2), style: { border: COLORS.border, bold: true } },
    { range: cell(FIGURES_ROW + 4, 2), style: { numFmt: '0.0%' } },
  );
  const conditionalFormats: ConditionalFormatSpec[] = [
    {
      range: cell(FIGURES_ROW + 2, 2),
      rules: [{ kind: 'expression', formula: `${cell(FIGURES_ROW + 2, 2)}>0`, style: { fill: COLORS.overdueFill, fontColor: COLORS.overdueFont } }],
    },
    {
      range: cell(FIGURES_ROW + 3, 2),
      rules: [{ kind: 'expression', formula: `${cell(FIGURES_ROW + 3, 2)}>0`, style: { fill: COLORS.dueSoonFill, fontColor: COLORS.dueSoonFont } }],
    },
    { range: range(STATUS_ROW + 1, 2, statusRow(STATUS_KEYS.length - 1), 2), rules: [{ kind: 'dataBar', color: COLORS.bar }] },
  ];

  // Phase progress, mirrored from the schedule so it follows any edit there.
  const phaseRows = scheduleRows(ctx)
    .map((r, i) => ({ r, row: SCHEDULE_FIRST_ROW + i }))
    .filter(({ r }) => r.heading);
  const S = sheetPrefix(ctx.sheetNames.schedule);
  if (phaseRows.length) {
    const title = ctx.campaign.scheduleShape === 'activities' ? d.activities : d.phases;
    put(FIGURES_ROW, PHASE_COL, [[title, s.schedule.columns.start, s.schedule.columns.end, s.schedule.columns.status]]);
    put(
      FIGURES_ROW + 1,
      PHASE_COL,
      phaseRows.map(({ row }) => (['phase', 'start', 'end', 'status'] as const).map((k) => ({ formula: F.mirror(`${S}$${SCHEDULE_COL[k]}$${row}`) }))),
    );
    const last = FIGURES_ROW + phaseRows.length;
    styles.push(
      { range: range(FIGURES_ROW, PHASE_COL, FIGURES_ROW, PHASE_COL + 3), style: HEADER_STYLE },
      { range: range(FIGURES_ROW + 1, PHASE_COL, last, PHASE_COL + 3), style: { border: COLORS.border } },
      { range: range(FIGURES_ROW + 1, PHASE_COL + 1, last, PHASE_COL + 2), style: { numFmt: DATE_FORMAT, border: COLORS.border } },
    );
  }

  // By unit and by owner, side by side; labels mirror the lists on the group sheet.
  const breakdownRow = Math.max(statusRow(STATUS_KEYS.length - 1), FIGURES_ROW + phaseRows.length) + 2;
  const breakdown = (col: number, title: string, label: string, listCol: number, keyCol: string) => {
    put(breakdownRow, col, [[title], [label, d.count, st.overdue, st.dueSoon, d.done, d.signedOffShare]]);
    const rows: CellValue[][] = [];
    for (let i = 0; i < g.listRows; i++) {
      const row = breakdownRow + 2 + i;
      const labelRef = cell(row, col);
      const byStatus = (keys: (typeof STATUS_KEYS)[number][]) =>
        keys
          .map((k) =>
            F.countIfs([
              [keyCol, labelRef],
              [statusCol, F.quoted(st[k])],
            ]),
          )
          .join('+');
      rows.push([
        { formula: F.mirror(`${G}${absCell(g.listFirstRow + i, listCol)}`) },
        { formula: F.blankUnless(labelRef, F.countIf(keyCol, labelRef)) },
        { formula: F.blankUnless(labelRef, byStatus(['overdue'])) },
        { formula: F.blankUnless(labelRef, byStatus(['dueSoon'])) },
        { formula: F.blankUnless(labelRef, byStatus(['completed', 'completedLate', 'signedOff'])) },
        { formula: F.blankUnless(labelRef, F.share(byStatus(['signedOff']), cell(row, col + 1))) },
      ]);
    }
    put(breakdownRow + 2, col, rows);
    const last = breakdownRow + 1 + g.listRows;
    styles.push(
      { range: cell(breakdownRow, col), style: { bold: true, fontColor: COLORS.titleFont, fontSize: 12 } },
      { range: range(breakdownRow + 1, col, breakdownRow + 1, col + 5), style: SUBHEADER_STYLE },
      { range: range(breakdownRow + 2, col, last, col + 5), style: { border: COLORS.border } },
      { range: range(breakdownRow + 2, col + 5, last, col + 5), style: { numFmt: '0.0%', border: COLORS.border } },
    );
    conditionalFormats.push(
      { range: range(breakdownRow + 2, col + 1, last, col + 1), rules: [{ kind: 'dataBar', color: COLORS.bar }] },
      {
        range: range(breakdownRow + 2, col + 2, last, col + 2),
        rules: [
          {
            kind: 'expression',
            formula: `AND(ISNUMBER(${cell(breakdownRow + 2, col + 2)}),${cell(breakdownRow + 2, col + 2)}>0)`,
            style: { fill: COLORS.overdueFill, fontColor: COLORS.overdueFont },
          },
        ],
      },
    );
  };
  breakdown(1, d.byUnit, d.unit, g.listCol + 1, unitCol);
  breakdown(PHASE_COL, d.byOwner, d.owner, g.listCol + 3, ownerCol);

  // Charts in Excel, right of the figures: items per status, and per unit (the units the
  // campaign names, plus room for a few more; an empty label row charts as nothing).
  const chartCol = 15;
  const unitRows = Math.min(Math.max(campaign.units.length + 5, 8), g.listRows);
  const charts: ChartSpec[] = [
    {
      kind: 'bar',
      title: d.byStatus,
      data: range(STATUS_ROW, 1, statusRow(STATUS_KEYS.length - 1), 2),
      from: cell(FIGURES_ROW, chartCol),
      to: cell(FIGURES_ROW + 14, chartCol + 6),
    },
    {
      kind: 'column',
      title: d.byUnit,
      data: range(breakdownRow + 1, 1, breakdownRow + 1 + unitRows, 3),
      from: cell(FIGURES_ROW + 16, chartCol),
      to: cell(FIGURES_ROW + 32, chartCol + 6),
    },
  ];

  const columns: ColumnSpec[] = [
    { width: 16 },
    { width: 12 },
    { width: 9 },
    { width: 9 },
    { width: 12 },
    { width: 9 },
    { width: 3 },
    { width: 16 },
    { width: 12 },
    { width: 12 },
    { width: 12 },
    { width: 12 },
    { width: 9 },
  ];
  return {
    key: 'dashboard',
    name: ctx.sheetNames.dashboard,
    hidden: false,
    tabColor: '#548235',
    columns,
    blocks,
    styles,
    merges: [range(1, 1, 1, 13)],
    freeze: undefined,
    filled: [],
    tables: [],
    validations: [
      { kind: 'date', range: cell(AS_OF_ROW, 2), min: DATE_MIN, max: DATE_MAX, errorTitle: s.ledger.invalidDateTitle, error: s.ledger.invalidDate },
      { kind: 'whole', range: cell(DUE_SOON_ROW, 2), min: 0, max: 365, errorTitle: s.ledger.invalidDaysTitle, error: s.ledger.invalidDays },
    ],
    conditionalFormats,
    // Down to the last unit or owner the lists name: their empty rows do not print.
    print: printSetup(ctx, s.titles.dashboard, [1, 1], columns, {
      area: range(1, 1, breakdownRow + 1 + Math.max(campaign.units.length, campaign.owners.length, 1), 13),
    }),
    rowHeights: [{ row: 1, height: 30 }],
    charts,
  };
}
