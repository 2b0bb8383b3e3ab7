/**
 * Calendar dates as ISO strings (YYYY-MM-DD) and Excel serial numbers.
 * Everything here is proleptic Gregorian and time-zone free: a campaign date is a day on the
 * office's calendar, never an instant, so no Date object is ever read in local time.
 */

export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug is absorbed by that offset for dates after 1900-03-01). */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** True when the three numbers name a real calendar day (no 2月30日, no month 13). */
export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1900 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function toIso(year: number, month: number, day: number): IsoDate {
  if (!isValidYmd(year, month, day)) throw new RangeError(`not a calendar date: ${year}-${month}-${day}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar day of a moment in the local time zone (what TODAY() shows on that machine). */
export function localIsoDate(moment: Date): IsoDate {
  return toIso(moment.getFullYear(), moment.getMonth() + 1, moment.getDate());
}

/** Parses a strict YYYY-MM-DD; returns null for anything else, including impossible days. */
/** A moment as YYYY-MM-DD HH:MM in the machine's time zone (a log's time). */
export function localDateTime(moment: Date): string {
  return `${localIsoDate(moment)} ${String(moment.getHours()).padStart(2, '0')}:${String(moment.getMinutes()).padStart(2, '0')}`;
}

export function parseIso(text: string): IsoDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? toIso(y, mo, d) : null;
}

export function ymd(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function toUtc(date: IsoDate): number {
  const [y, m, d] = ymd(date);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): IsoDate {
  const dt = new Date(ms);
  return toIso(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * MS_PER_DAY);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / MS_PER_DAY);
}

/** Adds calendar months, clamping to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = ymd(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return toIso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function endOfMonth(year: number, month: number): IsoDate {
  return toIso(year, month, daysInMonth(year, month));
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: IsoDate): number {
  const day = new Date(toUtc(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function startOfWeek(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** Days between the 1900 and the 1904 date systems: a 1904 workbook's serials are this much smaller. */
export const DATE_1904_OFFSET = 1462;

export function toExcelSerial(date: IsoDate): number {
  return Math.round((toUtc(date) - EXCEL_EPOCH_UTC) / MS_PER_DAY);
}

export function fromExcelSerial(serial: number): IsoDate {
  return fromUtc(EXCEL_EPOCH_UTC + Math.floor(serial) * MS_PER_DAY);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
