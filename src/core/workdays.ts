/**
 * Chinese working days: Monday to Friday, minus public holidays, plus the make-up working days
 * (调休) on weekends. The data is the chinese-days package's (maintained, covering 2004 to its
 * latest published year); outside that range nothing is guessed: the answer is null.
 */
import data from 'chinese-days/dist/chinese-days.json';
import { addDays, type IsoDate, isoWeekday } from './dates';

const HOLIDAYS = new Set(Object.keys(data.holidays));
const MAKEUP_WORKDAYS = new Set(Object.keys(data.workdays));
const YEARS = [...HOLIDAYS].map((d) => Number(d.slice(0, 4)));

/** The years the holiday data covers, inclusive. */
export const WORKDAY_DATA = { firstYear: Math.min(...YEARS), lastYear: Math.max(...YEARS) };
export const WORKDAY_DATA_START: IsoDate = `${WORKDAY_DATA.firstYear}-01-01`;
export const WORKDAY_DATA_END: IsoDate = `${WORKDAY_DATA.lastYear}-12-31`;

export function isCovered(date: IsoDate): boolean {
  return date >= WORKDAY_DATA_START && date <= WORKDAY_DATA_END;
}

/** null outside the years the data covers. */
export function isWorkday(date: IsoDate): boolean | null {
  if (!isCovered(date)) return null;
  if (MAKEUP_WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  return isoWeekday(date) <= 5;
}

/**
 * Working days after `from` up to and including `to` (negative when `to` is earlier): the
 * working days left until a deadline, or, negative, how many have passed since it.
 */
export function workdaysBetween(from: IsoDate, to: IsoDate): number | null {
  if (!isCovered(from) || !isCovered(to)) return null;
  const [a, b, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkday(d)) n++;
  return sign * n;
}

/** The date `n` working days after `date` ("5个工作日内"); null past the data. */
export function addWorkdays(date: IsoDate, n: number): IsoDate | null {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const w = isWorkday(d);
    if (w === null) return null;
    if (w) left--;
  }
  return d;
}

/** Holidays and make-up working days in a range, for the hidden sheet the workbook formulas read. */
export function workdayCalendar(): { holidays: IsoDate[]; makeupWorkdays: IsoDate[] } {
  return { holidays: [...HOLIDAYS].sort(), makeupWorkdays: [...MAKEUP_WORKDAYS].sort() };
}
