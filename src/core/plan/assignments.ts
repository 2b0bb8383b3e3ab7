/**
 * Tasks written with their units in prose, as 工作要点 and 任务分解 plans do:
 * 1.加大简政放权力度。……(牵头单位:州行政审批服务局;责任单位:州司法局、各县市人民政府,6月底完成)
 * 1.全面实施行政许可事项清单管理。…2022年10月底前编制…(市政府办公室牵头,各县市区政府按职责分工负责)
 */
import { type DateExpression, findDateExpressions, firstDateExpression } from './date-expr';
import { lineItem } from './items';
import { type AssignmentDraft, unitList } from './tables';
import type { PlanLine } from './text';

const DUTY = /\((?:牵头单位|牵头部门)[::]([^;;)]+)(?:[;;]\s*(?:责任单位|责任部门|配合单位)[::]([^)]*))?\)\s*$/;
/** (A、B牵头,C按职责分工负责): the leading units, then the others. */
const LED = /\(([^()]{2,80}?)牵头(?:[,,;;]\s*([^()]{2,80}?)(?:按职责(?:分工)?)?(?:负责|配合|参与|落实))?\)\s*$/;

/** The item's own deadline: the first X月X日前 / X月底前 in its text. */
function deadlineIn(text: string): DateExpression | null {
  for (const e of findDateExpressions(text)) {
    if (/^(?:之)?前/.test(text.slice(e.index + e.text.length))) return e;
  }
  return null;
}

export function proseAssignments(lines: PlanLine[]): AssignmentDraft[] {
  const found: AssignmentDraft[] = [];
  for (const [i, line] of lines.entries()) {
    const led = DUTY.test(line.simp) ? null : LED.exec(line.simp);
    if (led) {
      const task = lineItem(line);
      if (!task) continue;
      const cut = (g: string | undefined) =>
        g ? line.original.slice((led.index ?? 0) + led[0].indexOf(g), (led.index ?? 0) + led[0].indexOf(g) + g.length) : '';
      found.push({ line: i, task, lead: unitList(cut(led[1])), units: unitList(cut(led[2])), due: deadlineIn(line.simp.slice(0, led.index)) });
      continue;
    }
    const m = DUTY.exec(line.simp);
    const task = m ? lineItem(line) : null;
    if (!m || !task) continue;
    const at = (m.index ?? 0) + m[0].indexOf(m[1]);
    const lead = line.original.slice(at, at + m[1].length);
    let units = m[2] ? line.original.slice((m.index ?? 0) + m[0].indexOf(m[2]), (m.index ?? 0) + m[0].indexOf(m[2]) + m[2].length) : '';
    // The deadline closes the list: ,6月底完成 / ,2020年12月底前.
    let due = null;
    const parts = units.split(/[,,]/);
    const last = parts[parts.length - 1] ?? '';
    const date = firstDateExpression(line.simp.slice(line.simp.length - last.length - 1));
    if (date && /完成|前|底/.test(last)) {
      due = date;
      units = parts.slice(0, -1).join(',');
    }
    found.push({ line: i, task, lead: unitList(lead), units: unitList(units), due });
  }
  return found;
}
