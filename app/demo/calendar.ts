/**
 * The training team's calendar: England and Wales bank holidays, the working days around them,
 * and the days the team would run a session. Dates and London times come from app/lib/dates.
 */
import { addDaysToDate, dayOfWeek, londonDateTimeToInstant } from "../lib/dates";
import type { IsoDate } from "./plan";

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** The instant of a wall-clock time in London on a date. */
export function londonAt(iso: IsoDate, hours: number, minutes = 0): Date {
  return londonDateTimeToInstant(iso, `${hours}:${minutes}`);
}

function lastSunday(year: number, monthIndex: number): IsoDate {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0)).toISOString().slice(0, 10);
  return addDaysToDate(last, -dayOfWeek(last));
}

function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const bankHolidayCache = new Map<number, Set<IsoDate>>();

/** England and Wales bank holidays, with substitute days (one-off royal holidays aside). */
function bankHolidays(year: number): Set<IsoDate> {
  const cached = bankHolidayCache.get(year);
  if (cached) return cached;
  const days = new Set<IsoDate>();
  const firstMonday = (monthIndex: number) => {
    const first = `${year}-${String(monthIndex + 1).padStart(2, "0")}-01`;
    return addDaysToDate(first, (8 - dayOfWeek(first)) % 7);
  };
  const lastMonday = (monthIndex: number) => {
    const sunday = lastSunday(year, monthIndex);
    const monday = addDaysToDate(sunday, 1);
    return monday.slice(5, 7) === sunday.slice(5, 7) ? monday : addDaysToDate(sunday, -6);
  };
  const newYear = `${year}-01-01`;
  const newYearDay = dayOfWeek(newYear);
  days.add(newYearDay === 6 ? addDaysToDate(newYear, 2) : newYearDay === 0 ? addDaysToDate(newYear, 1) : newYear);
  const easter = easterSunday(year);
  days.add(addDaysToDate(easter, -2));
  days.add(addDaysToDate(easter, 1));
  days.add(firstMonday(4));
  days.add(lastMonday(4));
  days.add(lastMonday(7));
  const christmas = [`${year}-12-25`, `${year}-12-26`];
  let substitutes = 0;
  for (const day of christmas) {
    if (dayOfWeek(day) === 0 || dayOfWeek(day) === 6) substitutes++;
    else days.add(day);
  }
  for (let day = `${year}-12-27`; substitutes > 0; day = addDaysToDate(day, 1)) {
    if (dayOfWeek(day) !== 0 && dayOfWeek(day) !== 6 && !days.has(day)) {
      days.add(day);
      substitutes--;
    }
  }
  bankHolidayCache.set(year, days);
  return days;
}

function isWorkingDay(iso: IsoDate): boolean {
  const day = dayOfWeek(iso);
  return day !== 0 && day !== 6 && !bankHolidays(+iso.slice(0, 4)).has(iso);
}

/** A day the training team would run a session: a working day outside the Christmas fortnight. */
export function isSessionDay(iso: IsoDate): boolean {
  const monthDay = iso.slice(5);
  return isWorkingDay(iso) && monthDay < "12-21" && monthDay > "01-03";
}

export function subtractWorkingDays(iso: IsoDate, count: number): IsoDate {
  let day = iso;
  for (let left = count; left > 0; ) {
    day = addDaysToDate(day, -1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}
