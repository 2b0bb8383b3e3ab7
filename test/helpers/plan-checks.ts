/**
 * The checks of the corpus test, counted one by one, for plan sets whose expectations are written
 * in an expectations.json beside them: the year; each schedule item (phase or activity) in order,
 * with its name fragment, start, end and inferred marks, and one more for nothing extra; the
 * leader; the deputies; each deadline, and one more for nothing extra.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedPlan, ParseOptions } from '../../src/core';

type Item = [string, string | null, string | null, string[]?];

export interface PlanExpectation {
  year: number | null;
  /** The --year to parse with when the text writes none; the year check itself runs without it. */
  option: number | null;
  shape: 'phases' | 'activities' | null;
  schedule: Item[] | null;
  leader: string[];
  deputies: string[];
  deadlines: string[] | null;
}

export interface Check {
  what: string;
  ok: boolean;
  want: unknown;
  got: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function planChecks(text: string, e: PlanExpectation, parse: (t: string, o?: ParseOptions) => ParsedPlan): Check[] {
  const bare = parse(text);
  const p = e.option ? parse(text, { year: e.option }) : bare;
  const checks: Check[] = [{ what: 'year', ok: bare.year === e.year, want: e.year, got: bare.year }];
  if (e.schedule) {
    e.schedule.forEach(([name, start, end, inferred = []], i) => {
      const x = p.phases[i];
      const got = x ? [x.name, x.start, x.end, x.inferred] : null;
      const ok = !!x && x.name.includes(name) && x.start === start && x.end === end && same([...x.inferred].sort(), [...inferred].sort());
      checks.push({ what: `item ${i + 1}`, ok, want: [name, start, end, inferred], got });
    });
    checks.push({ what: 'no item more', ok: p.phases.length === e.schedule.length, want: e.schedule.length, got: p.phases.length });
  }
  checks.push({ what: 'leader', ok: same(p.leadingGroup.leader, e.leader), want: e.leader, got: p.leadingGroup.leader });
  checks.push({ what: 'deputies', ok: same(p.leadingGroup.deputies, e.deputies), want: e.deputies, got: p.leadingGroup.deputies });
  if (e.deadlines) {
    const dues = p.milestones.map((m) => m.due);
    for (const due of e.deadlines) checks.push({ what: `deadline ${due}`, ok: dues.includes(due), want: due, got: dues });
    checks.push({ what: 'no deadline more', ok: dues.length === e.deadlines.length, want: e.deadlines.length, got: dues.length });
  }
  return checks;
}

export interface PlanSet {
  dir: string;
  files: string[];
  expectations: Record<string, PlanExpectation>;
  sources: Record<string, unknown>;
  read: (file: string) => string;
}

export function planSet(dir: string): PlanSet {
  const json = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  return {
    dir,
    files: fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort(),
    expectations: json('expectations.json').plans,
    sources: json('sources.json').files,
    read: (file) => fs.readFileSync(path.join(dir, file), 'utf8'),
  };
}
