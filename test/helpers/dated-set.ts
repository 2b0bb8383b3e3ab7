/**
 * One plan set of issue 21 as a test: every file has a source and an expectation, each plan's
 * checks pass, and the score (checks exact of checks) is printed at the end.
 */
import { parsePlan } from '../../src/core';
import { type Check, planChecks, planSet } from './plan-checks';

/**
 * `minScore`: the share of checks that must be exact over the set, for a set scored once unseen
 * (its plans' misses are printed, not failed one by one); without it every plan's checks must pass.
 */
export function describeDatedSet(label: string, dir: string, minScore?: number): void {
  const set = planSet(dir);
  const results: Record<string, Check[]> = {};

  test('every file has a source and an expectation', () => {
    expect(Object.keys(set.sources).sort()).toEqual(set.files);
    expect(Object.keys(set.expectations).sort()).toEqual(set.files);
    expect(set.files.length).toBeGreaterThanOrEqual(20);
  });

  test.each(set.files)('%s', (file) => {
    const e = set.expectations[file];
    const checks = planChecks(set.read(file), e, parsePlan);
    results[file] = checks;
    if (minScore === undefined) expect(checks.filter((c) => !c.ok)).toEqual([]);
    const p = parsePlan(set.read(file), e.option ? { year: e.option } : {});
    if (minScore === undefined && e.shape && p.phases.length) expect((p as { shape?: string }).shape).toBe(e.shape);
  });

  if (minScore !== undefined) {
    test(`at least ${Math.round(minScore * 100)}% of the checks exact`, () => {
      const all = Object.values(results).flat();
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((c) => c.ok).length / all.length).toBeGreaterThanOrEqual(minScore);
    });
  }

  test.each(set.files)('%s: no date wrong without a mark or a warning', (file) => {
    const p = parsePlan(set.read(file), { year: set.expectations[file].option ?? 2020 });
    for (const x of p.phases) {
      if (x.start && x.end) expect(x.start <= x.end).toBe(true);
      if (!x.start || !x.end) expect(p.warnings.some((w) => w.includes(x.name))).toBe(true);
    }
  });

  afterAll(() => {
    const all = Object.values(results).flat();
    const exact = all.filter((c) => c.ok).length;
    const lines = Object.entries(results)
      .filter(([, cs]) => cs.some((c) => !c.ok))
      .map(
        ([f, cs]) =>
          `${f}: ${cs
            .filter((c) => !c.ok)
            .map((c) => c.what)
            .join(', ')}`,
      );
    process.stdout.write(
      `\n${label}: ${exact} of ${all.length} checks exact (${((100 * exact) / Math.max(all.length, 1)).toFixed(1)}%)\n${lines.join('\n')}\n`,
    );
  });
}
