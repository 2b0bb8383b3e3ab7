import {
  addDays,
  addMonths,
  daysBetween,
  daysInMonth,
  endOfMonth,
  fromExcelSerial,
  isLeapYear,
  isoWeekday,
  parseIso,
  startOfWeek,
  toExcelSerial,
} from '../../src/core';

describe('calendar arithmetic', () => {
  test.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2028, true],
  ])('leap year %i → %s', (year, leap) => expect(isLeapYear(year)).toBe(leap));

  test.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
    [2000, 2, 29],
    [2100, 2, 28],
  ])('days in %i-%i → %i', (y, m, n) => expect(daysInMonth(y, m)).toBe(n));

  test('month ends', () => {
    expect(endOfMonth(2028, 2)).toBe('2028-02-29');
    expect(endOfMonth(2026, 2)).toBe('2026-02-28');
    expect(endOfMonth(2026, 11)).toBe('2026-11-30');
  });

  test('adding days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // a DST change in Europe: no effect on calendar days
  });

  test('adding months clamps to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  test('days between', () => {
    expect(daysBetween('2026-03-15', '2026-03-18')).toBe(3);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
    expect(daysBetween('2026-12-25', '2027-01-05')).toBe(11);
    expect(daysBetween('2026-03-15', '2026-03-14')).toBe(-1);
  });

  test('strict ISO parsing rejects impossible days', () => {
    expect(parseIso('2026-02-28')).toBe('2026-02-28');
    expect(parseIso('2028-02-29')).toBe('2028-02-29');
    expect(parseIso('2026-02-29')).toBeNull();
    expect(parseIso('2026-02-30')).toBeNull();
    expect(parseIso('2026-13-01')).toBeNull();
    expect(parseIso('2026-4-1')).toBeNull();
    expect(parseIso('tomorrow')).toBeNull();
    expect(parseIso('')).toBeNull();
  });

  test('Excel serial numbers', () => {
    expect(toExcelSerial('1900-03-01')).toBe(61);
    expect(toExcelSerial('2026-01-01')).toBe(46023);
    expect(toExcelSerial('2028-02-29')).toBe(46812);
    expect(fromExcelSerial(46023)).toBe('2026-01-01');
    expect(fromExcelSerial(46812.75)).toBe('2028-02-29');
  });

  test('weeks start on Monday', () => {
    expect(isoWeekday('2026-02-22')).toBe(7);
    expect(startOfWeek('2026-02-22')).toBe('2026-02-16');
    expect(startOfWeek('2026-02-16')).toBe('2026-02-16');
    expect(startOfWeek('2026-01-01')).toBe('2025-12-29');
  });
});
