import { addWorkdays, computeFlag, fieldOf, isWorkday, parseCellDate, workdaysBetween, WORKDAY_DATA, type LedgerItem } from '../../src/core';

describe('Chinese working days', () => {
  // 国庆+中秋 2025: 10月1日至8日放假, 9月28日(周日)、10月11日(周六)上班.
  test('around 国庆 2025', () => {
    expect(isWorkday('2025-09-28')).toBe(true);
    expect(isWorkday('2025-10-01')).toBe(false);
    expect(isWorkday('2025-10-08')).toBe(false);
    expect(isWorkday('2025-10-11')).toBe(true);
    expect(isWorkday('2025-10-12')).toBe(false);
    expect(workdaysBetween('2025-09-26', '2025-09-30')).toBe(3);
    expect(workdaysBetween('2025-09-26', '2025-10-10')).toBe(5);
    expect(workdaysBetween('2025-10-09', '2025-09-30')).toBe(-1);
    expect(addWorkdays('2025-09-30', 5)).toBe('2025-10-14');
  });

  // 春节 2026: 2月15日至23日放假, 2月14日(周六)、2月28日(周六)上班.
  test('around 春节 2026', () => {
    expect(isWorkday('2026-02-14')).toBe(true);
    expect(isWorkday('2026-02-16')).toBe(false);
    expect(isWorkday('2026-02-23')).toBe(false);
    expect(isWorkday('2026-02-28')).toBe(true);
    expect(workdaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    expect(workdaysBetween('2026-02-13', '2026-03-02')).toBe(7);
    expect(workdaysBetween('2026-02-13', '2026-02-13')).toBe(0);
  });

  test('past the data: null, never a count of weekends alone', () => {
    expect(WORKDAY_DATA.firstYear).toBe(2004);
    expect(WORKDAY_DATA.lastYear).toBeGreaterThanOrEqual(2026);
    const after = `${WORKDAY_DATA.lastYear + 1}-01-05`;
    expect(isWorkday(after)).toBeNull();
    expect(workdaysBetween('2026-12-30', after)).toBeNull();
    expect(addWorkdays(`${WORKDAY_DATA.lastYear}-12-30`, 10)).toBeNull();
  });
});

describe('ledger cells as dates', () => {
  test.each([
    [{ date: '2024-03-15' }, 'date', '2024-03-15'],
    [45366, 'date', '2024-03-15'],
    ['2024-3-15', 'date', '2024-03-15'],
    ['2024/03/15', 'date', '2024-03-15'],
    ['2024.3.15', 'date', '2024-03-15'],
    ['2024年3月15日', 'date', '2024-03-15'],
    ['3月15日', 'date', '2024-03-15'],
    ['3月15日前', 'date', '2024-03-15'],
    ['3月底', 'date', '2024-03-31'],
    ['2月底', 'date', '2024-02-29'],
    ['4月中旬', 'date', '2024-04-20'],
    ['长期坚持', 'none', undefined],
    ['', 'empty', undefined],
    [null, 'empty', undefined],
    ['下周五', 'error', undefined],
    ['2024-02-30', 'error', undefined],
    ['2月30日', 'error', undefined],
    [12, 'error', undefined],
  ] as const)('%j → %s', (value, kind, date) => {
    const d = parseCellDate(value as never, 2024, 'deadline');
    expect(d.kind).toBe(kind);
    if (date) expect(d).toEqual({ kind: 'date', date });
  });

  test('without a campaign year, 3月15日 is not guessed', () => {
    expect(parseCellDate('3月15日', null, 'deadline').kind).toBe('error');
  });

  test('completion cells may just say it is done', () => {
    expect(parseCellDate('已完成', 2024, 'done').kind).toBe('done');
    expect(parseCellDate('已办结', 2024, 'done').kind).toBe('done');
    expect(parseCellDate('已完成', 2024, 'deadline').kind).toBe('error');
  });
});

describe('header synonyms', () => {
  test.each([
    ['责任人', 'owner'],
    ['负责人', 'owner'],
    ['承办人', 'owner'],
    ['責任人', 'owner'],
    ['责任单位', 'unit'],
    ['牵头单位', 'unit'],
    ['责任部门', 'unit'],
    ['責任單位', 'unit'],
    ['整改时限', 'deadline'],
    ['完成时限', 'deadline'],
    ['截止日期', 'deadline'],
    ['期限', 'deadline'],
    ['整改時限', 'deadline'],
    ['完成日期', 'completed'],
    ['完成时间', 'completed'],
    ['办结日期', 'completed'],
    ['销号日期', 'signedOff'],
    ['销号时间', 'signedOff'],
    ['整改状态', 'status'],
    ['完成情况', 'status'],
    ['进展情况', 'status'],
    ['整改时限\n(年月日)', 'deadline'],
    [' 问 题 描 述 ', 'problem'],
    ['存在问题', 'problem'],
    ['其他说明', null],
    ['督办次数', null],
  ])('%j → %s', (header, field) => expect(fieldOf(header)).toBe(field));
});

describe('the flag computation', () => {
  const item = (row: number, over: Partial<LedgerItem>): LedgerItem => ({
    row,
    problem: `p${row}`,
    measure: '',
    leader: '',
    unit: '一科',
    owner: '甲',
    deadline: null,
    closed: false,
    firstOverdue: null,
    previousDaysOverdue: null,
    ...over,
  });
  const items = [
    item(3, { deadline: '2024-04-01' }),
    item(4, { deadline: '2024-04-10' }),
    item(5, { deadline: '2024-04-13' }),
    item(6, { deadline: '2024-04-14' }),
    item(7, { deadline: '2024-03-01', closed: true, previousDaysOverdue: 30 }),
    item(8, { deadline: '2024-03-20', firstOverdue: '2024-03-25', unit: '二科' }),
    item(9, { deadline: null }),
  ];
  const r = computeFlag(items, '2024-04-10', 3);

  test('overdue: deadline before the as-of date, not closed; units in pinyin order (二科 èr before 一科 yī)', () => {
    expect(r.overdue.map((o) => [o.row, o.daysOverdue, o.firstOverdue])).toEqual([
      [8, 21, '2024-03-25'],
      [3, 9, '2024-04-10'],
    ]);
  });
  test('counts: due soon within the window, newly overdue, closed since last run', () => {
    expect(r.counts).toEqual({ overdue: 2, dueSoon: 2, newlyOverdue: 1, closedSinceLastRun: 1 });
  });
  test('the first overdue date is kept; items no longer overdue lose their day count', () => {
    expect(r.updates.find((u) => u.row === 8)).toEqual({ row: 8, firstOverdue: '2024-03-25', daysOverdue: 21 });
    expect(r.updates.find((u) => u.row === 7)).toEqual({ row: 7, firstOverdue: null, daysOverdue: null });
  });
});
