/** 阶段安排: phases (or content areas) and their tasks, with status formulas and a weekly timeline. */
import { cell, columnLetter, range } from '../address';
import { addDays, daysBetween, type IsoDate, maxDate, minDate, startOfWeek, toExcelSerial } from '../dates';
import * as F from '../formulas';
import { SCHEDULE_COLUMN_KEYS } from '../locale';
import type { Task } from '../model';
import type { CellValue, SheetSpec, StyledRange } from '../spec';
import { cleanCellText } from '../text';
import { COLORS, DATE_FORMAT, dateOrNull, HEADER_STYLE, type LayoutContext, NOTE_STYLE, printSetup, SHORT_DATE_FORMAT, TITLE_STYLE } from './context';
import { textUnits, widthForWords } from './measure';

/** Beyond two years a weekly timeline is unreadable on paper; later weeks are left off. */
export const MAX_TIMELINE_WEEKS = 104;
/** A week's column: narrow, its date label upright. */
const WEEK_WIDTH = 3;
const WEEK_LABEL_SIZE = 10;
const HEADER_ROW = 2;
const FIRST_ROW = 3;
/** The schedule's first row of items, for sheets that mirror it. */
export const SCHEDULE_FIRST_ROW = FIRST_ROW;
const TIMELINE_COL = SCHEDULE_COLUMN_KEYS.length + 1;
/** The schedule's column letters, by key (the dashboard mirrors phase, dates and status from them). */
export const SCHEDULE_COL = Object.fromEntries(SCHEDULE_COLUMN_KEYS.map((k, i) => [k, columnLetter(i + 1)])) as Record<
  (typeof SCHEDULE_COLUMN_KEYS)[number],
  string
>;

interface ScheduleRow {
  seq: string;
  phase: string;
  start: IsoDate | null;
  end: IsoDate | null;
  text: string;
  unit: string;
  heading: boolean;
  /** An activity of an activity plan: a row of its own (activities may overlap), not a group heading. */
  activity?: boolean;
}

function taskRow(seq: string, task: Task): ScheduleRow {
  return { seq, phase: '', start: task.start, end: task.end, text: task.text, unit: task.unit, heading: false };
}

function span(tasks: Task[]): { start: IsoDate | null; end: IsoDate | null } {
  const starts = tasks.map((t) => t.start).filter((d): d is IsoDate => !!d);
  const ends = tasks.map((t) => t.end ?? t.start).filter((d): d is IsoDate => !!d);
  return {
    start: starts.length ? starts.reduce(minDate) : null,
    end: ends.length ? ends.reduce(maxDate) : null,
  };
}

export function scheduleRows(ctx: LayoutContext): ScheduleRow[] {
  const c = ctx.campaign;
  const rows: ScheduleRow[] = [];
  const activity = c.scheduleShape === 'activities';
  c.phases.forEach((phase, i) => {
    rows.push({ seq: String(i + 1), phase: phase.name, start: phase.start, end: phase.end, text: phase.goal, unit: phase.unit, heading: true, activity });
    phase.tasks.forEach((task, j) => rows.push(taskRow(`${i + 1}.${j + 1}`, task)));
  });
  // Tasks outside phases: grouped under their content area when they have one.
  const areas = [...new Set(c.tasks.map((t) => t.area ?? ''))];
  let n = c.phases.length;
  for (const area of areas) {
    const tasks = c.tasks.filter((t) => (t.area ?? '') === area);
    if (area) {
      n++;
      rows.push({ seq: String(n), phase: area, ...span(tasks), text: '', unit: '', heading: true });
      tasks.forEach((task, j) => rows.push(taskRow(`${n}.${j + 1}`, task)));
    } else {
      tasks.forEach((task) => rows.push(taskRow(String(++n), task)));
    }
  }
  for (const m of c.milestones) {
    rows.push({ seq: String(++n), phase: ctx.s.schedule.milestone, start: m.due, end: m.due, text: m.text, unit: '', heading: false });
  }
  return rows;
}

function timelineWeeks(rows: ScheduleRow[]): IsoDate[] {
  const span0 = span(rows.map((r) => ({ text: '', unit: '', start: r.start, end: r.end })));
  if (!span0.start || !span0.end) return [];
  const first = startOfWeek(span0.start);
  const count = Math.min(Math.floor(daysBetween(first, span0.end) / 7) + 1, MAX_TIMELINE_WEEKS);
  return Array.from({ length: count }, (_, i) => addDays(first, 7 * i));
}

export function layoutSchedule(ctx: LayoutContext): SheetSpec {
  const s = ctx.s;
  const rows = scheduleRows(ctx);
  const weeks = timelineWeeks(rows);
  const lastRow = FIRST_ROW + Math.max(rows.length, 1) - 1;
  const lastCol = TIMELINE_COL + weeks.length - 1;
  const phaseHeader =
    ctx.campaign.phases.length === 0 && ctx.campaign.tasks.some((t) => t.area)
      ? s.schedule.areaColumn
      : ctx.campaign.scheduleShape === 'activities' && ctx.campaign.phases.length
        ? s.schedule.activityColumn
        : s.schedule.columns.phase;
  const header = SCHEDULE_COLUMN_KEYS.map((k) => (k === 'phase' ? phaseHeader : s.schedule.columns[k]));

  const values: CellValue[][] = rows.map((r, i) => {
    const row = FIRST_ROW + i;
    const base: CellValue[] = [
      r.seq,
      r.phase ? cleanCellText(r.phase) : null,
      dateOrNull(r.start),
      dateOrNull(r.end),
      { formula: F.spanDays(row, SCHEDULE_COL.start, SCHEDULE_COL.end) },
      r.text ? cleanCellText(r.text) : null,
      r.unit ? cleanCellText(r.unit) : null,
      { formula: F.phaseStatus(row, SCHEDULE_COL.start, SCHEDULE_COL.end, s.schedule.statuses, ctx.names) },
    ];
    const timeline = weeks.map((_, w) => ({ formula: F.timelineCell(row, columnLetter(TIMELINE_COL + w), HEADER_ROW, SCHEDULE_COL.start, SCHEDULE_COL.end) }));
    return [...base, ...timeline];
  });

  const styles: StyledRange[] = [
    { range: range(1, 1, 1, SCHEDULE_COLUMN_KEYS.length), style: TITLE_STYLE },
    { range: range(HEADER_ROW, 1, HEADER_ROW, SCHEDULE_COLUMN_KEYS.length), style: HEADER_STYLE },
  ];
  rows.forEach((r, i) => {
    // Phases head the tasks under them; activities are rows of their own, each with its timeline.
    if (r.heading && !r.activity)
      styles.push({ range: range(FIRST_ROW + i, 1, FIRST_ROW + i, SCHEDULE_COLUMN_KEYS.length), style: { bold: true, fill: COLORS.phaseFill } });
  });

  const conditionalFormats: SheetSpec['conditionalFormats'] = [];
  if (weeks.length) {
    // Each week's first day, turned upright over its narrow column: 10 pt, 9 pt or more on paper.
    styles.push({
      range: range(HEADER_ROW, TIMELINE_COL, HEADER_ROW, lastCol),
      style: { ...HEADER_STYLE, numFmt: SHORT_DATE_FORMAT, fontSize: WEEK_LABEL_SIZE, rotated: true, wrap: false },
    });
    // Over the narrow week columns, from the first one on (centred in it, it would be cut).
    styles.push({ range: cell(1, TIMELINE_COL), style: { ...NOTE_STYLE, hAlign: 'left', vAlign: 'bottom' } });
    const tl = columnLetter(TIMELINE_COL);
    const asOfWeek = F.isAsOfWeek(tl, HEADER_ROW, ctx.names);
    const marked = F.cellNotBlank(`${tl}${FIRST_ROW}`);
    conditionalFormats.push(
      {
        range: range(FIRST_ROW, TIMELINE_COL, lastRow, lastCol),
        rules: [
          {
            kind: 'expression',
            formula: `AND(${marked},${asOfWeek})`,
            style: { fill: COLORS.asOfWeekActiveFill, fontColor: COLORS.headerFont },
            stopIfTrue: true,
          },
          { kind: 'expression', formula: marked, style: { fill: COLORS.timelineFill, fontColor: COLORS.headerFont } },
          { kind: 'expression', formula: asOfWeek, style: { fill: COLORS.asOfWeekFill } },
        ],
      },
      {
        range: range(HEADER_ROW, TIMELINE_COL, HEADER_ROW, lastCol),
        rules: [{ kind: 'expression', formula: asOfWeek, style: { fill: COLORS.asOfWeekActiveFill, fontColor: COLORS.headerFont, bold: true } }],
      },
    );
  }
  conditionalFormats.push({
    range: range(FIRST_ROW, 8, lastRow, 8),
    rules: [
      {
        kind: 'expression',
        formula: F.cellEquals(`$${SCHEDULE_COL.status}${FIRST_ROW}`, s.schedule.statuses.inProgress),
        style: { fill: COLORS.doneFill, fontColor: COLORS.doneFont, bold: true },
      },
    ],
  });

  const fit = (width: number, texts: string[], bold = false) => widthForWords(width, texts, bold);
  const headerWords = (k: (typeof SCHEDULE_COLUMN_KEYS)[number]) => [header[SCHEDULE_COLUMN_KEYS.indexOf(k)]];
  const columns: SheetSpec['columns'] = [
    { width: fit(5, headerWords('seq'), true), hAlign: 'center', vAlign: 'middle' },
    { width: fit(14, headerWords('phase'), true), wrap: true, vAlign: 'middle' },
    { width: 11, numFmt: DATE_FORMAT, vAlign: 'middle' },
    { width: 11, numFmt: DATE_FORMAT, vAlign: 'middle' },
    { width: fit(5, headerWords('days'), true), hAlign: 'center', numFmt: '0', vAlign: 'middle' },
    { width: 28, wrap: true, vAlign: 'middle' },
    { width: fit(10, headerWords('unit'), true), wrap: true, vAlign: 'middle' },
    // The status words the formula shows fit unwrapped.
    { width: Math.max(8, ...Object.values(s.schedule.statuses).map((w) => Math.ceil(textUnits(w) + 1.5))), hAlign: 'center', vAlign: 'middle' },
    ...weeks.map(() => ({ width: WEEK_WIDTH, hAlign: 'center' as const, vAlign: 'middle' as const })),
  ];
  const title = cleanCellText(`${ctx.campaign.name} · ${s.titles.schedule}`);
  return {
    key: 'schedule',
    name: ctx.sheetNames.schedule,
    hidden: false,
    tabColor: '#2F5597',
    columns,
    blocks: [
      { row: 1, col: 1, values: [[title]] },
      ...(weeks.length ? [{ row: 1, col: TIMELINE_COL, values: [[s.schedule.timeline]] }] : []),
      { row: HEADER_ROW, col: 1, values: [[...header, ...weeks.map((w) => toExcelSerial(w))]] },
      ...(values.length ? [{ row: FIRST_ROW, col: 1, values }] : []),
    ],
    styles,
    // The title over the table's columns (a long timeline may print on pages of its own).
    merges: [range(1, 1, 1, SCHEDULE_COLUMN_KEYS.length)],
    freeze: { rows: HEADER_ROW, columns: 2 },
    filled: [],
    tables: [],
    validations: [],
    conditionalFormats,
    // A timeline too long for one page at a readable size goes on over more pages, 序号 and 阶段 repeated.
    print: printSetup(ctx, s.titles.schedule, [1, HEADER_ROW], columns, { titleColumns: [1, 2], smallestFont: weeks.length ? WEEK_LABEL_SIZE : undefined }),
    rowHeights: [
      { row: 1, height: 28 },
      // Room for an upright week label (12/28) under the wrapped column names.
      ...(weeks.length ? [{ row: HEADER_ROW, height: Math.ceil(textUnits('00/00', WEEK_LABEL_SIZE) * 5.25 + 12) }] : []),
    ],
  };
}
