import { TZDate } from "@date-fns/tz";
import { format, isWeekend, parseISO, subDays } from "date-fns";
import { LONDON, londonDateTimeToInstant } from "../../lib/dates";

/** Bank holidays as a set of calendar dates (YYYY-MM-DD). */
export type HolidaySet = ReadonlySet<string>;

function iso(date: Date): string {
  return format(date, "yyyy-MM-dd");
}

/** Monday to Friday and not a bank holiday. */
export function isWorkingDay(isoDate: string, holidays: HolidaySet): boolean {
  return !isWeekend(parseISO(isoDate)) && !holidays.has(isoDate);
}

/**
 * The working day `n` working days before a calendar date (the date itself never counts):
 * 3 working days before Thursday 10 December 2026 is Monday 7 December; 1 before Tuesday
 * 29 December 2026 is Thursday 24 December (the 25th and the substitute 28th are bank holidays).
 * n = 0 gives the date itself.
 */
export function workingDaysBefore(isoDate: string, n: number, holidays: HolidaySet): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`workingDaysBefore: n must be a whole number ≥ 0, not ${n}`);
  let day = parseISO(isoDate);
  for (let left = n; left > 0; ) {
    day = subDays(day, 1);
    if (isWorkingDay(iso(day), holidays)) left--;
  }
  return iso(day);
}

/** The working days strictly between two calendar dates (from < day < to). */
export function workingDaysBetween(from: string, to: string, holidays: HolidaySet): number {
  let count = 0;
  for (let day = subDays(parseISO(to), 1); iso(day) > from; day = subDays(day, 1)) {
    if (isWorkingDay(iso(day), holidays)) count++;
  }
  return count;
}

/**
 * When booking closes and self-cancellation ends for a session: `workingDays` working days before
 * the session's London date, at the session's London start time (a session at 10am on Thursday
 * with 3 working days closes at 10am on Monday). A cut-off the session sets for itself wins when it
 * is earlier; 0 working days closes at the start.
 */
export function bookingCutOff(
  session: { startsAt: Date; bookingClosesAt: Date | null; workingDays: number },
  holidays: HolidaySet,
): Date {
  const start = new TZDate(session.startsAt.getTime(), LONDON);
  const closesOn = workingDaysBefore(format(start, "yyyy-MM-dd"), session.workingDays, holidays);
  const computed = londonDateTimeToInstant(closesOn, format(start, "HH:mm"));
  return new Date(
    Math.min(
      computed.getTime(),
      session.startsAt.getTime(),
      session.bookingClosesAt?.getTime() ?? Number.POSITIVE_INFINITY,
    ),
  );
}
