/**
 * 自检 in the user's own Excel: insert the self-test campaign (core/selftest.ts), type one item
 * into the row right below the ledger table as a user would, let Excel calculate, read back what
 * Excel computed, judge it against the status rules, and remove the campaign again, whatever
 * happened. Five round trips: two for the insert, one to type and recalculate, one to read, one
 * to remove.
 */
import { range } from '../core/address';
import type { WorkbookGrid } from '../core/ledger';
import { format, type Lang, strings } from '../core/locale';
import { checkSelfTest, selfTestCampaign, type SelfTestResult, typedRows } from '../core/selftest';
import type { ContextApi } from './api';
import { cellInput } from './cell-input';
import { insertCampaign, queueRemoval, removeInserted } from './insert';
import { placeValues } from './read';

export interface SelfTestEnvironment {
  platform: string;
  version: string;
  /** ExcelApi versions this Excel supports, e.g. ['1.1', …, '1.17']. */
  apiSets: string[];
}

export interface SelfTestRun {
  result: SelfTestResult;
  removed: boolean;
  syncs: number;
}

export async function runSelfTest(context: ContextApi, lang: Lang): Promise<SelfTestRun> {
  const inserted = await insertCampaign(context, selfTestCampaign(lang));
  const name = (key: string) => inserted.spec.sheets.find((s) => s.key === key)!.name;
  const sheets = { dashboard: name('dashboard'), schedule: name('schedule'), ledger: name('ledger') };
  const wb = context.workbook;
  let syncs = inserted.syncs;
  const sync = async () => {
    syncs++;
    await context.sync();
  };
  let result: SelfTestResult | null = null;
  let remove: (() => void) | null = null;
  let failure: unknown = null;
  try {
    // A user's typing: right below the table (which takes the row in where the AutoCorrect options
    // say so) and a few rows further down (which no table reaches): the prepared rows' formulas give
    // both their status, whatever the options.
    for (const typed of typedRows(inserted.spec))
      wb.worksheets.getItem(typed.sheet).getRange(range(typed.row, typed.col, typed.row, typed.col + typed.values.length - 1)).formulas = [
        typed.values.map(cellInput),
      ];
    wb.application.calculate('Full');
    await sync();
    const grid: WorkbookGrid = { sheets: Object.values(sheets).map((n) => ({ name: n, hidden: false, rows: [] })), names: {} };
    const used = Object.values(sheets).map((n) => wb.worksheets.getItem(n).getUsedRangeOrNullObject(true).load('values,address'));
    // Every name and sheet of the test campaign was free before: all of them go afterwards.
    const pending = queueRemoval(context, inserted.spec, new Set());
    await sync();
    remove = pending;
    used.forEach((r, i) => placeValues(grid.sheets[i], r));
    result = checkSelfTest(grid, sheets, lang);
  } catch (error) {
    failure = error;
  }
  // The test campaign goes, whatever happened.
  let removed = false;
  if (remove) {
    try {
      remove();
      await sync();
      removed = true;
    } catch {
      removed = false;
    }
  } else {
    removed = await removeInserted(context, inserted.spec, new Set());
  }
  if (failure) throw failure;
  return { result: result!, removed, syncs };
}

/** The report a user can copy and send: every check, then Excel's platform, version and API sets. */
export function selfTestReport(run: SelfTestRun, env: SelfTestEnvironment, lang: Lang, when: string): string {
  const s = strings(lang).selfTest;
  const { result } = run;
  const lines = [
    format(s.summary, { when, passed: result.passed, total: result.checks.length }),
    ...result.checks.map((c) => format(c.pass ? s.passLine : s.failLine, { check: c.id, expected: c.expected || '∅', got: c.got || '∅' })),
    format(s.environment, { platform: env.platform, version: env.version }),
    format(s.apiSets, { sets: env.apiSets.join(', ') }),
  ];
  if (!run.removed) lines.push(s.notRemoved);
  return lines.join('\n');
}
