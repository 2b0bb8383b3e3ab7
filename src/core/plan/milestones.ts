/** Deadlines in the text: "9月10日前上报…", "6月底前召开…", with what is due. */
import type { IsoDate } from '../dates';
import { findDateExpressions, resolveRange } from './date-expr';
import type { SourceRef } from './phases';
import type { PlanLine } from './text';

export interface MilestoneDraft {
  due: IsoDate;
  text: string;
  /** The clause it was read from. */
  source: SourceRef;
}

const DUE_VERB =
  /上报|报送|上交|提交|报告|报|送交|交|发送|寄送|送达|召开|举行|举办|完成|完工|竣工|形成|制定|出台|印发|验收|启动|编制|公布|发布|建立|部署|开展|进行|实现|整改/;
/** How far after X月X日前 the verb may come: the rest of the sentence, within reason. */
const VERB_REACH = 120;

/** The clause around a position: between the nearest punctuation on each side. */
function clause(line: PlanLine, from: number, to: number): [number, number] {
  const s = line.simp;
  let a = from;
  while (a > 0 && !/[。;;:!?,,]/.test(s[a - 1])) a--;
  let b = to;
  while (b < s.length && !/[。;;!?,,]/.test(s[b])) b++;
  while (a < b && /[\s,,、]/.test(s[a])) a++;
  while (b > a && /[\s,,、]/.test(s[b - 1])) b--;
  return [a, b];
}

export function findMilestones(lines: PlanLine[], year: number | null): { milestones: MilestoneDraft[]; invalid: string[] } {
  const milestones: MilestoneDraft[] = [];
  const invalid: string[] = [];
  if (year === null) return { milestones, invalid };
  for (const [index, line] of lines.entries()) {
    if (!line.simp.includes('前')) continue;
    for (const expr of findDateExpressions(line.simp)) {
      const after = expr.index + expr.text.length;
      // 4月20日前, 4月20日之前, 4月20日(星期五)前.
      const tail = line.simp.slice(after, after + 8);
      if (!/^(?:\((?:星期|周|礼拜)[一二三四五六日天]\))?(?:之)?前/.test(tail) || (expr.start !== expr.end && expr.start.month !== expr.end.month)) continue;
      const rest = line.simp.slice(after, after + VERB_REACH).split(/[。;;]/)[0];
      if (!DUE_VERB.test(rest)) continue;
      const resolved = resolveRange({ ...expr, start: expr.end }, year);
      if (!resolved.end) {
        invalid.push(expr.text);
        continue;
      }
      const [a, b] = clause(line, expr.index, after);
      const text = line.original.slice(a, b);
      if (!milestones.some((m) => m.due === resolved.end && m.text === text))
        milestones.push({ due: resolved.end, text, source: { line: index, from: a, to: b } });
    }
  }
  milestones.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  return { milestones, invalid };
}
