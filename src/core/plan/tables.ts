/**
 * Tables in a plan, read as tables: a Word table, or rows pasted with | or tabs between cells.
 * A 时间安排 table (阶段 | 时间 | 主要任务) gives phases; a 任务分工 / 责任分解 table (工作任务 |
 * 牵头单位 | 责任单位 | 完成时限) gives dated tasks with their units. Columns are found by their
 * header words, so their order and extra columns (序号, 备注) do not matter.
 */
import { type DateExpression, firstDateExpression } from './date-expr';
import { clipTask } from './items';
import { boundOf, type PhaseDraft, scheduleSection } from './phases';
import type { PlanLine } from './text';

export interface AssignmentDraft {
  line: number;
  task: string;
  lead: string[];
  units: string[];
  due: DateExpression | null;
}

const HEADERS = {
  phase: /阶段|步骤|环节|名称/,
  time: /时间|时限|日期|期限|时段|进度/,
  task: /任务|内容|工作|措施|事项|项目|举措/,
  lead: /牵头/,
  units: /责任单位|责任部门|责任科室|配合|参与单位|负责单位|责任人|落实单位/,
};
type Column = keyof typeof HEADERS;

/** Splits a cell of units: 州司法局、州委编办,各县市人民政府. */
export function unitList(text: string): string[] {
  return text
    .split(/[、,,;;\s]+/)
    .map((u) => u.trim())
    .filter((u) => u.length >= 2);
}

function shortTask(text: string): string {
  const t = text
    .replace(/^[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*/, '')
    .split(/[。;;]/)[0]
    .trim();
  return clipTask(t);
}

/** A cell of tasks: 召开动员会;制定方案 (Word cells with one task per paragraph come joined by ;). */
function taskList(text: string): string[] {
  return text
    .split(/[。;;]/)
    .map(shortTask)
    .filter((t) => t.length >= 2);
}

/**
 * The columns a header row names, or null when the row is not a header. In a schedule section
 * (时间安排, 实施步骤) a table of 项目 / 内容 and 时间 without a 牵头单位 is the schedule itself:
 * its items are the phases.
 */
function columnsOf(row: PlanLine, inSchedule: boolean): Partial<Record<Column, number>> | null {
  const cols: Partial<Record<Column, number>> = {};
  for (const [i, cell] of (row.cells ?? []).entries()) {
    if (cell.simp.length > 12) return null;
    for (const key of Object.keys(HEADERS) as Column[]) {
      // 责任单位 is a units column even though 单位 words overlap; the first match wins per cell.
      if (cols[key] === undefined && HEADERS[key].test(cell.simp)) {
        cols[key] = i;
        break;
      }
    }
  }
  if (inSchedule && cols.phase === undefined && cols.lead === undefined && cols.task !== undefined && cols.time !== undefined) {
    return { ...cols, phase: cols.task, task: undefined };
  }
  const kind = cols.phase !== undefined && cols.time !== undefined;
  const duty = cols.task !== undefined && (cols.lead !== undefined || cols.units !== undefined);
  return kind || duty ? cols : null;
}

export interface TablesRead {
  phases: PhaseDraft[];
  assignments: AssignmentDraft[];
  /** Lines that are a recognised table's header or rows; other tab-split lines are read as text. */
  rows: Set<number>;
}

export function readTables(lines: PlanLine[]): TablesRead {
  const phases: PhaseDraft[] = [];
  const assignments: AssignmentDraft[] = [];
  const rows = new Set<number>();
  let cols: Partial<Record<Column, number>> | null = null;
  /** The table lists activities (活动名称 | 活动时间): they may overlap. */
  let activities = false;
  let inSchedule = false;
  for (const [i, line] of lines.entries()) {
    if (!line.cells) {
      inSchedule = scheduleSection(line) ?? inSchedule;
      cols = null;
      continue;
    }
    const header = columnsOf(line, inSchedule);
    if (header) {
      cols = header;
      activities = header.phase !== undefined && /活动|项目|事项|内容/.test(line.cells![header.phase].simp);
      rows.add(i);
      continue;
    }
    if (!cols) continue;
    rows.add(i);
    const cell = (c: Column | undefined) => (c === undefined ? undefined : line.cells![cols![c]!]);
    const time = cell(cols.time !== undefined ? 'time' : undefined);
    const date = time ? firstDateExpression(time.simp) : null;
    if (cols.phase !== undefined && cols.time !== undefined) {
      const name = cell('phase')?.original.trim();
      if (!name) continue;
      const task = cell(cols.task !== undefined ? 'task' : undefined);
      phases.push({
        name,
        line: i,
        date,
        bound: time && date ? boundOf(time.simp, date) : 'range',
        tasks: task ? taskList(task.original) : [],
        source: { line: i, from: 0, to: line.simp.length },
        ...(activities ? { activity: true } : {}),
      });
    } else {
      const task = cell('task');
      if (!task || !task.original.trim()) continue;
      assignments.push({
        line: i,
        task: shortTask(task.original),
        lead: unitList(cell(cols.lead !== undefined ? 'lead' : undefined)?.original ?? ''),
        units: unitList(cell(cols.units !== undefined ? 'units' : undefined)?.original ?? ''),
        due: date,
      });
    }
  }
  return { phases, assignments, rows };
}
