/** Each date form plans use, resolved against a base year. */
import { firstDateExpression, resolveRange } from '../../src/core';

function range(text: string, year: number | null = 2024) {
  const e = firstDateExpression(text);
  if (!e) return null;
  const r = resolveRange(e, year);
  return [r.start, r.end, r.problems.map((p) => p.kind)] as const;
}

describe('date expressions', () => {
  test.each([
    ['2月18日至3月10日', '2024-02-18', '2024-03-10'],
    ['3月10日到4月5日', '2024-03-10', '2024-04-05'],
    ['7月8日-15日', '2024-07-08', '2024-07-15'],
    ['7月8日—7月15日', '2024-07-08', '2024-07-15'],
    ['7月8日–15日', '2024-07-08', '2024-07-15'],
    ['7月8日~15日', '2024-07-08', '2024-07-15'],
    ['4—5月', '2024-04-01', '2024-05-31'],
    ['5-6月', '2024-05-01', '2024-06-30'],
    ['9月下旬至11月中旬', '2024-09-21', '2024-11-20'],
    ['6月上旬至7月底', '2024-06-01', '2024-07-31'],
    ['10月至11月底', '2024-10-01', '2024-11-30'],
    ['3月初至4月末', '2024-03-01', '2024-04-30'],
    ['5月中', '2024-05-11', '2024-05-20'],
    ['11月中旬', '2024-11-11', '2024-11-20'],
    ['9月下旬', '2024-09-21', '2024-09-30'],
    ['6月底', '2024-06-30', '2024-06-30'],
    ['3月', '2024-03-01', '2024-03-31'],
    ['十二月二十日至一月十日', '2024-12-20', '2025-01-10'],
  ])('%s', (text, start, end) => {
    expect(range(text)).toEqual([start, end, []]);
  });

  test('a range crossing New Year ends in the next year', () => {
    expect(range('12月下旬至2月下旬', 2008)).toEqual(['2008-12-21', '2009-02-28', []]);
    expect(range('11月至1月', 2025)).toEqual(['2025-11-01', '2026-01-31', []]);
  });

  test('29 February: month ends and leap years', () => {
    expect(range('2月下旬', 2024)).toEqual(['2024-02-21', '2024-02-29', []]);
    expect(range('2月底', 2023)).toEqual(['2023-02-28', '2023-02-28', []]);
    expect(range('2月29日', 2024)).toEqual(['2024-02-29', '2024-02-29', []]);
    expect(range('2月29日', 2023)).toEqual([null, null, ['invalidDate']]);
    expect(range('1月下旬至2月', 2028)).toEqual(['2028-01-21', '2028-02-29', []]);
  });

  test('years written out: 2008年, 二〇一〇年, 二0一一年, (2012年3月)', () => {
    expect(range('2008年6月至11月', null)).toEqual(['2008-06-01', '2008-11-30', []]);
    expect(range('二〇一〇年四月至六月底', null)).toEqual(['2010-04-01', '2010-06-30', []]);
    expect(range('二0一一年三月', null)).toEqual(['2011-03-01', '2011-03-31', []]);
    expect(range('(2012年3月)', null)).toEqual(['2012-03-01', '2012-03-31', []]);
    expect(range('2012年3-5月', null)).toEqual(['2012-03-01', '2012-05-31', []]);
    expect(range('2011年12月至2012年2月', null)).toEqual(['2011-12-01', '2012-02-29', []]);
  });

  test('a masked year counts as no year', () => {
    expect(range('*8年9月至11月', null)).toEqual([null, null, []]);
    expect(range('*8年9月至11月', 2008)).toEqual(['2008-09-01', '2008-11-30', []]);
  });

  test('impossible dates and backwards ranges give a problem, never a wrong date', () => {
    expect(range('2月30日')).toEqual([null, null, ['invalidDate']]);
    expect(range('4月31日至5月10日')).toEqual([null, null, ['invalidDate']]);
    expect(range('5月1日至5月32日')).toEqual(['2024-05-01', null, ['invalidDate']]);
    expect(range('5月18日至5月8日')).toEqual(['2024-05-18', null, ['endBeforeStart']]);
    expect(range('13月')).toBeNull();
  });

  test('no year at all: no dates, no problem (the caller warns once)', () => {
    expect(range('2月18日至3月10日', null)).toEqual([null, null, []]);
  });

  test('forms of issue 21: a day without 日 before the dash, 号, two days with 和, a dropped dash, Chinese months', () => {
    expect(range('10月11-31日为摸底调查阶段')).toEqual(['2024-10-11', '2024-10-31', []]);
    expect(range('11月1至15日')).toEqual(['2024-11-01', '2024-11-15', []]);
    expect(range('10月1至10月15日')).toEqual(['2024-10-01', '2024-10-15', []]);
    expect(range('9月1号至9月30号')).toEqual(['2024-09-01', '2024-09-30', []]);
    expect(range('2011年2月22日和23日')).toEqual(['2011-02-22', '2011-02-23', []]);
    expect(range('5月2日7日')).toEqual(['2024-05-02', '2024-05-07', []]);
    expect(range('三月底前')).toEqual(['2024-03-31', '2024-03-31', []]);
    expect(range('六月中旬')).toEqual(['2024-06-11', '2024-06-20', []]);
  });

  test('two days that do not follow one another are not a range', () => {
    expect(range('5月5日和20日')).toEqual(['2024-05-05', '2024-05-05', []]);
    expect(range('5月7日2日')).toEqual(['2024-05-07', '2024-05-07', []]);
  });

  test('quarters and halves of a year are read whole, and marked', () => {
    const q = firstDateExpression('(一)2008年第一季度,2007年工作成效新闻通报会')!;
    expect(resolveRange(q, null)).toMatchObject({ start: '2008-01-01', end: '2008-03-31', inferred: ['start', 'end'] });
    expect(range('三季度', 2010)).toEqual(['2010-07-01', '2010-09-30', []]);
    expect(range('2011年下半年', null)).toEqual(['2011-07-01', '2011-12-31', []]);
    expect(firstDateExpression('每年上半年')).toBeNull();
  });

  test('text without dates', () => {
    expect(firstDateExpression('安排50天左右时间')).toBeNull();
    expect(firstDateExpression('中心工作')).toBeNull();
  });
});
