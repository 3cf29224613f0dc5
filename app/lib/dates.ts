import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, differenceInCalendarDays, format, getDay, isValid, parse, parseISO } from "date-fns";

/** The council's calendar. */
export const LONDON = "Europe/London";

/**
 * "24 November 2026" in London, and a calendar date's own day. Made once: a TZDate and date-fns's
 * format for every date a page shows cost ~3 ms of a My team page (a CPU profile, issue 22), the
 * formatter ~1 µs a date. Intl's long English month names are date-fns's.
 */
const LONDON_DAY_MONTH_YEAR = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: LONDON,
});
const CALENDAR_DAY_MONTH_YEAR = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 24 November 2026, the GOV.UK way, for a Date or an ISO date/timestamp string, in London. */
export function formatDate(value: Date | string): string {
  if (typeof value === "string" && CALENDAR_DATE.test(value)) {
    // A calendar date has no time zone: that day, whatever the clocks do.
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return CALENDAR_DAY_MONTH_YEAR.format(Date.UTC(y, m - 1, d));
  }
  const date = typeof value === "string" ? parseISO(value.replace(" ", "T")) : value;
  return LONDON_DAY_MONTH_YEAR.format(date);
}

/** 24 November 2026 at 2:30pm (GOV.UK style: 12-hour clock, "midday" and "midnight"). */
export function formatDateTime(value: Date | string): string {
  return `${formatDate(value)} at ${formatTime(value)}`;
}

export function formatTime(value: Date | string): string {
  const local = toLondon(value);
  if (local.getHours() === 12 && local.getMinutes() === 0) return "midday";
  if (local.getHours() === 0 && local.getMinutes() === 0) return "midnight";
  return format(local, local.getMinutes() === 0 ? "haaa" : "h:mmaaa").toLowerCase();
}

/** Tue 24 Nov, for tight table cells. */
export function formatShortDate(value: Date | string): string {
  return format(toLondon(value), "EEE d MMM yyyy");
}

function toLondon(value: Date | string): TZDate {
  if (typeof value === "string" && CALENDAR_DATE.test(value)) {
    // A calendar date has no time zone: read it as that day in London.
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return new TZDate(y, m - 1, d, LONDON);
  }
  const date = typeof value === "string" ? parseISO(value.replace(" ", "T")) : value;
  return new TZDate(date.getTime(), LONDON);
}

/** Today's date in London as YYYY-MM-DD. */
export function todayInLondon(now: Date = new Date()): string {
  return format(new TZDate(now.getTime(), LONDON), "yyyy-MM-dd");
}

/** A calendar date plus whole months, as YYYY-MM-DD (31 January + 1 month = 28 or 29 February). */
export function addMonthsToDate(isoDate: string, months: number): string {
  return format(addMonths(parseISO(isoDate), months), "yyyy-MM-dd");
}

export function addDaysToDate(isoDate: string, days: number): string {
  return format(addDays(parseISO(isoDate), days), "yyyy-MM-dd");
}

/** Calendar days from one date to another (negative when `to` is earlier), clock changes aside. */
export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseISO(to), parseISO(from));
}

/** The day of the week of a calendar date: 0 for Sunday to 6 for Saturday. */
export function dayOfWeek(isoDate: string): number {
  return getDay(parseISO(isoDate));
}

/** A London wall-clock date and time ("2026-11-24", "14:30") as an instant. */
export function londonDateTimeToInstant(isoDate: string, time: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, LONDON).getTime());
}

/** Whether a string is a real calendar date as YYYY-MM-DD (2026-02-31 is not; PostgreSQL would refuse it). */
export function isRealIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Times as people type them: the 24-hour clock (09:30, 9.30, 14:00) or the 12-hour (9:30am, 2pm, 2:30 pm). */
const TYPED_TIME_FORMATS = ["H:mm", "H.mm", "h:mma", "h:mm a", "h.mma", "h.mm a", "ha", "h a"] as const;

/** A time of day as HH:MM (24-hour), or null when it is none: "9:30am" → "09:30", "2pm" → "14:00". */
export function readTypedTime(text: string): string | null {
  const value = text.trim().replace(/\s+/g, " ");
  if (value === "") return null;
  const reference = new Date(Date.UTC(2000, 0, 1));
  for (const pattern of TYPED_TIME_FORMATS) {
    const parsed = parse(value, pattern, reference);
    if (isValid(parsed)) return format(parsed, "HH:mm");
  }
  return null;
}

/** Day-first formats people type in UK spreadsheets, tried in turn after ISO (2019-04-03). */
const TYPED_DATE_FORMATS = [
  "dd/MM/yyyy",
  "d/M/yyyy",
  "dd-MM-yyyy",
  "d-M-yyyy",
  "dd.MM.yyyy",
  "d MMMM yyyy",
  "d MMM yyyy",
  "do MMMM yyyy",
  "d MMMM, yyyy",
  "dd MMM yy",
  "dd/MM/yy",
  "d/M/yy",
] as const;

/**
 * A date as people write it in a spreadsheet, as YYYY-MM-DD, or null when it is not a real date:
 * 2019-04-03, 03/04/2019 (UK: day first, so 3 April), 3 April 2019, 3 Apr 2019, 03-04-2019 (as the
 * DfE writes dates). Two-digit years are read by date-fns as the nearest century.
 */
export function readTypedDate(text: string): string | null {
  const value = text.trim().replace(/\s+/g, " ");
  if (value === "") return null;
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  if (iso) return isRealIsoDate(iso[1]!) ? iso[1]! : null;
  // The common case (HR and register exports), read directly: date-fns tries its patterns in
  // turn at ~40 µs a date, and a 50,000-row roster has 100,000 of them. The same result as
  // "dd/MM/yyyy" or "d/M/yyyy" below.
  const dayFirst = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (dayFirst) {
    const [, d, m, y] = dayFirst as unknown as [string, string, string, string];
    const typed = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    return Number(y) >= 1900 && isRealIsoDate(typed) ? typed : null;
  }
  const reference = new Date(Date.UTC(2000, 0, 1));
  for (const pattern of TYPED_DATE_FORMATS) {
    const parsed = parse(value, pattern, reference);
    if (isValid(parsed) && parsed.getFullYear() >= 1900) return format(parsed, "yyyy-MM-dd");
  }
  return null;
}
