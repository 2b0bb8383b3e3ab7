/** 阶段安排: phases (or content areas) and their tasks, with status formulas and a weekly timeline. */
import { cell, columnLetter, range } from '../address';
import { addDays, daysBetween, type IsoDate, maxDate, minDate, startOfWeek, toExcelSerial } from '../dates';
import * as F from '../formulas';
import { SCHEDULE_COLUMN_KEYS } from '../locale';
import type { Task } from '../model';
import type { CellValue, SheetSpec, StyledRange } from '../spec';
import { cleanCellText } from '../text';
import { COLORS, DATE_FORMAT, dateOrNull, HEADER_STYLE, type LayoutContext, NOTE_STYLE, printSetup, SHORT_DATE_FORMAT, TITLE_STYLE } from './context';

/** Beyond two years a weekly timeline is unreadable on paper; later weeks are left off. */
export const MAX_TIMELINE_WEEKS = 104;
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
    { range: cell(1, 1), style: TITLE_STYLE },
    { range: range(HEADER_ROW, 1, HEADER_ROW, SCHEDULE_COLUMN_KEYS.length), style: HEADER_STYLE },
  ];
  rows.forEach((r, i) => {
    // Phases head the tasks under them; activities are rows of their own, each with its timeline.
    if (r.heading && !r.activity)
      styles.push({ range: range(FIRST_ROW + i, 1, FIRST_ROW + i, SCHEDULE_COLUMN_KEYS.length), style: { bold: true, fill: COLORS.phaseFill } });
  });

  const conditionalFormats: SheetSpec['conditionalFormats'] = [];
  if (weeks.length) {
    styles.push({ range: range(HEADER_ROW, TIMELINE_COL, HEADER_ROW, lastCol), style: { ...HEADER_STYLE, numFmt: SHORT_DATE_FORMAT, fontSize: 8 } });
    styles.push({ range: cell(1, TIMELINE_COL), style: NOTE_STYLE });
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

  return {
    key: 'schedule',
    name: ctx.sheetNames.schedule,
    hidden: false,
    tabColor: '#2F5597',
    columns: [
      { width: 6, hAlign: 'center' },
      { width: 18 },
      { width: 11, numFmt: DATE_FORMAT },
      { width: 11, numFmt: DATE_FORMAT },
      { width: 6, hAlign: 'center', numFmt: '0' },
      { width: 42, wrap: true },
      { width: 12 },
      { width: 8, hAlign: 'center' },
      ...weeks.map(() => ({ width: 4.5, hAlign: 'center' as const })),
    ],
    blocks: [
      { row: 1, col: 1, values: [[cleanCellText(`${ctx.campaign.name} · ${s.titles.schedule}`)]] },
      ...(weeks.length ? [{ row: 1, col: TIMELINE_COL, values: [[s.schedule.timeline]] }] : []),
      { row: HEADER_ROW, col: 1, values: [[...header, ...weeks.map((w) => toExcelSerial(w))]] },
      ...(values.length ? [{ row: FIRST_ROW, col: 1, values }] : []),
    ],
    styles,
    merges: [],
    freeze: { rows: HEADER_ROW, columns: 2 },
    filled: [],
    tables: [],
    validations: [],
    conditionalFormats,
    print: printSetup(ctx, s.titles.schedule, [1, HEADER_ROW]),
    rowHeights: [{ row: 1, height: 28 }],
  };
}
