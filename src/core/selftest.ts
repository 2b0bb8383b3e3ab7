/**
 * 自检: a small campaign whose ledger holds a fixed table of dated cases, and the comparison of
 * what a spreadsheet engine computed for it with the status rules of status.ts. The Office.js
 * host runs it in the user's own Excel (src/excel/selftest.ts); the tests run the same campaign
 * through the .xlsx renderer and LibreOffice. Either way the engine's results are read back
 * from the sheets as a WorkbookGrid and judged here.
 */
import { campaignFromTemplate } from './campaign';
import { addDays, type IsoDate } from './dates';
import { gridText, type GridValue, type WorkbookGrid } from './ledger/grid';
import { LEDGER_COLUMN_KEYS, type Lang, type LedgerColumnKey, type PhaseStatusKey, STATUS_KEYS, type StatusKey, strings } from './locale';
import { blankItem, type Campaign, type RectificationItem } from './model';
import type { CellValue, WorkbookSpec } from './spec';
import { ledgerStatus, phaseStatus, remainingDays } from './status';

/** A fixed as-of date, so that every Excel computes the same expected results. */
export const SELF_TEST_AS_OF: IsoDate = '2026-03-18';
const DUE_SOON_DAYS = 3;

/** Each case: days from the as-of date to its deadline, completion and sign-off (null: empty). */
export const SELF_TEST_CASES = {
  overdue: { deadline: -5 },
  dueToday: { deadline: 0 },
  dueSoonEdge: { deadline: DUE_SOON_DAYS },
  pastWindow: { deadline: DUE_SOON_DAYS + 1 },
  noDeadline: { deadline: null },
  signedOff: { deadline: -10, completed: -12, signedOff: -11 },
  completedOnTime: { deadline: 5, completed: -1 },
  completedLate: { deadline: -8, completed: -2 },
  completedNoDeadline: { deadline: null, completed: -3 },
  /** Not in the inserted campaign: typed into the row right below the ledger table afterwards. */
  typedBelowTable: { deadline: -1 },
  /**
   * Typed a few rows further down: no table grows to reach it, whatever the AutoCorrect options, so
   * only the prepared rows' own formulas can give it a status.
   */
  typedFarBelow: { deadline: 2 },
} as const satisfies Record<string, { deadline: number | null; completed?: number; signedOff?: number }>;

export type SelfTestCaseId = keyof typeof SELF_TEST_CASES;
/** The cases typed in after the insert, and how many rows below the table's last row each goes. */
export const TYPED_CASES: Partial<Record<SelfTestCaseId, number>> = { typedBelowTable: 1, typedFarBelow: 4 };
const MARK = 'CL-SELFTEST';

const at = (days: number | null | undefined): IsoDate | null => (days === null || days === undefined ? null : addDays(SELF_TEST_AS_OF, days));

function caseItem(id: SelfTestCaseId): RectificationItem {
  const c: { deadline: number | null; completed?: number; signedOff?: number } = SELF_TEST_CASES[id];
  return {
    ...blankItem(),
    problem: `${MARK} ${id}`,
    measure: id,
    unit: 'Unit',
    owner: 'Owner',
    deadline: at(c.deadline),
    completed: at(c.completed),
    signedOff: at(c.signedOff),
  };
}

/**
 * The test campaign: phases that ended, run and have not started on the as-of date, and every
 * case but the typed one as ledger items.
 */
export function selfTestCampaign(lang: Lang): Campaign {
  const base = campaignFromTemplate('jiefang-sixiang', { start: addDays(SELF_TEST_AS_OF, -30), lang, name: `${MARK} ${SELF_TEST_AS_OF}` });
  const ids = (Object.keys(SELF_TEST_CASES) as SelfTestCaseId[]).filter((id) => !(id in TYPED_CASES));
  return { ...base, asOf: SELF_TEST_AS_OF, dueSoonDays: DUE_SOON_DAYS, units: ['Unit'], owners: ['Owner'], items: ids.map(caseItem) };
}

/**
 * What a user types below the ledger table (the typed cases): for each, the row, its first column,
 * and the values, as the spec's own ledger columns order them. The deadlines are text, as pasted
 * dates are (2026-3-17, 3月20日), so the check proves the engine reads text dates as the flag does.
 */
export function typedRows(spec: WorkbookSpec): { sheet: string; row: number; col: number; values: CellValue[] }[] {
  const ledger = spec.sheets.find((s) => s.key === 'ledger')!;
  const table = ledger.tables[0];
  const lastRow = table.row + Math.max(table.rows.length, 1);
  return (Object.entries(TYPED_CASES) as [SelfTestCaseId, number][]).map(([id, below], i) => {
    const item = caseItem(id);
    const [, m, d] = item.deadline!.split('-').map(Number);
    const values: Partial<Record<LedgerColumnKey, CellValue>> = {
      problem: item.problem,
      measure: item.measure,
      unit: item.unit,
      owner: item.owner,
      // Pasted, not typed: the deadline arrives as text, which the status formulas read too.
      deadline: i === 0 ? item.deadline!.replace(/-0/g, '-') : `${m}月${d}日`,
    };
    const keys = LEDGER_COLUMN_KEYS.slice(LEDGER_COLUMN_KEYS.indexOf('problem'), LEDGER_COLUMN_KEYS.indexOf('deadline') + 1);
    return { sheet: ledger.name, row: lastRow + below, col: table.col + LEDGER_COLUMN_KEYS.indexOf('problem'), values: keys.map((k) => values[k] ?? null) };
  });
}

export interface SelfTestCheck {
  /** A case id, `phase:<name>` or `count:<status>`. */
  id: string;
  expected: string;
  got: string;
  pass: boolean;
}

export interface SelfTestResult {
  checks: SelfTestCheck[];
  passed: number;
  failed: number;
}

function shown(v: GridValue | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'object') return v.date;
  if (typeof v === 'number') return String(Math.round(v * 1e9) / 1e9);
  return String(v);
}

function headerColumns(rows: GridValue[][], wanted: string[]): { row: number; cols: number[] } | null {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const cols = wanted.map((w) => (rows[r] ?? []).findIndex((v) => gridText(v) === w));
    if (cols.every((c) => c >= 0)) return { row: r, cols };
  }
  return null;
}

/** The engine's results, read from the sheets of the test campaign, against the status rules. */
export function checkSelfTest(grid: WorkbookGrid, sheets: { dashboard: string; schedule: string; ledger: string }, lang: Lang): SelfTestResult {
  const s = strings(lang);
  const rowsOf = (name: string) => grid.sheets.find((x) => x.name === name)?.rows ?? [];
  const checks: SelfTestCheck[] = [];
  const check = (id: string, expected: string, got: GridValue | undefined) => checks.push({ id, expected, got: shown(got), pass: shown(got) === expected });

  // The ledger: 整改状态 and 剩余天数 of every case.
  const c = s.ledger.columns;
  const ledgerRows = rowsOf(sheets.ledger);
  const lh = headerColumns(ledgerRows, [c.problem, c.status, c.remaining]);
  const expectedCounts = Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) as Record<StatusKey, number>;
  for (const id of Object.keys(SELF_TEST_CASES) as SelfTestCaseId[]) {
    const item = caseItem(id);
    const status = ledgerStatus(item, SELF_TEST_AS_OF, DUE_SOON_DAYS);
    expectedCounts[status]++;
    const row = lh ? ledgerRows.slice(lh.row + 1).find((r) => gridText(r[lh.cols[0]]) === item.problem) : undefined;
    check(`${id}:status`, s.ledger.statuses[status], row?.[lh!.cols[1]]);
    const days = remainingDays(item, SELF_TEST_AS_OF);
    check(`${id}:remaining`, days === null ? '' : String(days), row?.[lh!.cols[2]]);
  }

  // The schedule: each phase's status.
  const sc = s.schedule.columns;
  const scheduleRows = rowsOf(sheets.schedule);
  const sh = headerColumns(scheduleRows, [sc.phase, sc.start, sc.end, sc.status]);
  const campaign = selfTestCampaign(lang);
  for (const phase of campaign.phases) {
    const key = phaseStatus(phase.start, phase.end, SELF_TEST_AS_OF) as PhaseStatusKey;
    const row = sh ? scheduleRows.slice(sh.row + 1).find((r) => gridText(r[sh.cols[0]]) === phase.name) : undefined;
    check(`phase:${phase.name}`, s.schedule.statuses[key], row?.[sh!.cols[3]]);
  }

  // 总览: the count of every status.
  // The table under the 状态 | 数量 header (key figures above it may share a label, such as Signed off).
  const dashboard = rowsOf(sheets.dashboard);
  const head = dashboard.findIndex((r) => gridText(r[0]) === s.dashboard.status && gridText(r[1]) === s.dashboard.count);
  const statusTable = head < 0 ? [] : dashboard.slice(head + 1, head + 1 + STATUS_KEYS.length);
  for (const k of STATUS_KEYS) {
    const row = statusTable.find((r) => gridText(r[0]) === s.ledger.statuses[k]);
    check(`count:${k}`, String(expectedCounts[k]), row?.[1]);
  }
  const failed = checks.filter((x) => !x.pass).length;
  return { checks, passed: checks.length - failed, failed };
}
