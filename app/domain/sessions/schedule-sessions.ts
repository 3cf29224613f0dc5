import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays, format, isValid, parseISO, subBusinessDays } from "date-fns";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, queryOne, queryRows } from "../../db/database";
import { courseSessions } from "../../db/schema";
import {
  LONDON,
  addDaysToDate,
  formatDate,
  londonDateTimeToInstant,
  readTypedDate,
  readTypedTime,
} from "../../lib/dates";
import type { FieldErrors } from "../../lib/forms";
import { recordAuditEvent } from "../audit/record-event";
import { isHttpsUrl, wholeNumberField } from "../catalogue/course-form";
import { DomainError } from "../errors";
import { type LockedSession, instant } from "./session-lock";

/** Working days before a session when booking closes, unless the coordinator says otherwise. */
export const DEFAULT_CLOSE_WORKING_DAYS = 3;
/** Sessions one "repeat" may create, the first included. */
export const MAX_SESSIONS_PER_SERIES = 52;
export const MAX_CAPACITY = 500;

/** When, where and for whom a session runs: what the coordinator sets when scheduling or editing. */
export interface SessionDetails {
  /** The session's day in London, YYYY-MM-DD. */
  date: string;
  /** London wall-clock times, HH:MM. */
  startTime: string;
  endTime: string;
  venue: string | null;
  joiningLink: string | null;
  capacity: number;
  trainerPersonId: number | null;
  /** Booking opens at the start of this day (London); null: open now. */
  bookingOpensOn: string | null;
  /** Booking closes on this day; null: 3 working days before. */
  bookingClosesOn: string | null;
  /** At this time (HH:mm, London) on the day booking closes; null: the session's start time. */
  bookingClosesTime: string | null;
  /** Only people in this organisation's subtree may book; null: anyone. */
  audienceOrganisationId: number | null;
  notes: string | null;
}

export type Repeat = { kind: "once" } | { kind: "weekly"; weeks: number } | { kind: "dates"; dates: string[] };

export interface SessionPlan extends SessionDetails {
  courseId: number;
  repeat: Repeat;
}

/** The instants a session's details give on one day of a series whose first day is `firstDate`. */
export function sessionInstants(details: SessionDetails, date: string = details.date) {
  const offset = differenceInCalendarDays(parseISO(date), parseISO(details.date));
  const startsAt = londonDateTimeToInstant(date, details.startTime);
  const endsAt = londonDateTimeToInstant(date, details.endTime);
  const closesOn = details.bookingClosesOn
    ? addDaysToDate(details.bookingClosesOn, offset)
    : format(subBusinessDays(parseISO(date), DEFAULT_CLOSE_WORKING_DAYS), "yyyy-MM-dd");
  const bookingClosesAt = londonDateTimeToInstant(closesOn, details.bookingClosesTime ?? details.startTime);
  const bookingOpensAt = details.bookingOpensOn
    ? londonDateTimeToInstant(addDaysToDate(details.bookingOpensOn, offset), "00:00")
    : null;
  return { startsAt, endsAt, bookingOpensAt, bookingClosesAt };
}

/** Every day a plan schedules, the first day first, without repeats of a day. */
export function occurrenceDates(plan: Pick<SessionPlan, "date" | "repeat">): string[] {
  const dates = [plan.date];
  if (plan.repeat.kind === "weekly") {
    for (let week = 1; week <= plan.repeat.weeks; week++) dates.push(addDaysToDate(plan.date, 7 * week));
  } else if (plan.repeat.kind === "dates") {
    dates.push(...plan.repeat.dates);
  }
  return [...new Set(dates)];
}

/**
 * The rules a session's times and place must keep, field by field (the form shows them all at
 * once; the domain refuses the first). Checked for every day of a repeat. A new session must
 * still be open for booking; a session being changed may already have closed (a room moved the
 * day before).
 */
export function sessionRuleErrors(
  details: SessionDetails,
  now: Date,
  options: { extraDates?: string[]; changing?: boolean } = {},
): FieldErrors {
  const extraDates = options.extraDates ?? [];
  const errors: FieldErrors = {};
  const first = sessionInstants(details);
  if (first.startsAt <= now) errors.date = "The session must start in the future";
  if (details.endTime <= details.startTime) errors.endTime = "The end time must be after the start time";
  if (details.venue === null && details.joiningLink === null) errors.venue = "Enter a venue or a joining link";
  if (!(details.capacity >= 1)) errors.capacity = "The number of places must be 1 or more";
  if (details.capacity > MAX_CAPACITY) errors.capacity = `The number of places must be ${MAX_CAPACITY} or fewer`;
  if (!errors.date && !errors.endTime) {
    if (details.bookingClosesOn !== null && first.bookingClosesAt > first.startsAt) {
      errors.bookingClosesOn = "Booking must close before the session starts";
    } else if (first.bookingClosesAt <= now && !options.changing) {
      errors.bookingClosesOn =
        details.bookingClosesOn === null
          ? `Booking would close ${DEFAULT_CLOSE_WORKING_DAYS} working days before the session, which has already passed: enter when booking closes`
          : "Booking must close in the future";
    }
    if (first.bookingOpensAt !== null && first.bookingOpensAt >= first.bookingClosesAt) {
      errors.bookingOpensOn = "Booking must open before it closes";
    }
  }
  const past = extraDates.filter((date) => sessionInstants(details, date).startsAt <= now);
  if (past.length > 0) errors.repeat = `Every date must be in the future: ${formatDate(past[0]!)} has passed`;
  return errors;
}

/** Throws the first rule a plan breaks, tied to its form field. */
function assertRules(details: SessionDetails, now: Date, extraDates: string[] = []) {
  const errors = sessionRuleErrors(details, now, { extraDates });
  const [field, message] = Object.entries(errors)[0] ?? [];
  if (field && message) throw new DomainError(message, field, "invalid");
}

// ——— The form ———

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => (value ? value : null));

const optionalId = z
  .string()
  .optional()
  .transform((value) => (value && /^\d+$/.test(value) ? Number(value) : null));

function timeField(label: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = (raw ?? "").trim();
      if (!value) {
        ctx.addIssue({ code: "custom", message: `Enter the ${label}` });
        return z.NEVER;
      }
      const time = readTypedTime(value);
      if (!time) {
        ctx.addIssue({ code: "custom", message: `Enter the ${label} like 09:30, 14:00 or 2:30pm` });
        return z.NEVER;
      }
      return time;
    });
}

/** A time that may be left empty (null). */
function optionalTimeField(label: string) {
  const time = timeField(label);
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!(raw ?? "").trim()) return null;
      const read = time.safeParse(raw);
      if (read.success) return read.data;
      ctx.addIssue({ code: "custom", message: read.error.issues[0]?.message ?? `Enter the ${label}` });
      return z.NEVER;
    });
}

/** A real calendar date from day, month and year, as YYYY-MM-DD; null when all three are empty. */
export function readDateParts(
  day: string | undefined,
  month: string | undefined,
  year: string | undefined,
): { ok: true; date: string | null } | { ok: false; problem: "incomplete" | "invalid" } {
  const parts = [day, month, year].map((p) => (p ?? "").trim());
  if (parts.every((p) => p === "")) return { ok: true, date: null };
  if (parts.some((p) => p === "")) return { ok: false, problem: "incomplete" };
  if (!parts.every((p) => /^\d+$/.test(p))) return { ok: false, problem: "invalid" };
  const [d, m, y] = parts.map(Number) as [number, number, number];
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return { ok: false, problem: "invalid" };
  const iso = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const parsed = parseISO(iso);
  if (!isValid(parsed) || format(parsed, "yyyy-MM-dd") !== iso) return { ok: false, problem: "invalid" };
  return { ok: true, date: iso };
}

/** 24/11/2026, 24 11 2026, 24-11-2026, 2026-11-24 or 24 November 2026, one a line or separated by commas. */
function readDateList(text: string): { dates: string[]; invalid: string | null } {
  const dates: string[] = [];
  for (const entry of text
    .split(/[\n,;]+/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    let read: ReturnType<typeof readDateParts>;
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(entry);
    const uk = /^(\d{1,2})[/.\s-]+(\d{1,2})[/.\s-]+(\d{4})$/.exec(entry);
    const written = iso || uk ? null : readTypedDate(entry);
    if (iso) read = readDateParts(iso[3], iso[2], iso[1]);
    else if (uk) read = readDateParts(uk[1], uk[2], uk[3]);
    else if (written) read = readDateParts(written.slice(8), written.slice(5, 7), written.slice(0, 4));
    else return { dates, invalid: entry };
    if (!read.ok || !read.date) return { dates, invalid: entry };
    dates.push(read.date);
  }
  return { dates, invalid: null };
}

const DATE_LABELS = {
  date: "the session date",
  bookingOpensOn: "the date booking opens",
  bookingClosesOn: "the date booking closes",
} as const;

/** Each field's own rules; the rules between fields (times, booking window) come after. */
const FIELD_SCHEMAS = {
  startTime: timeField("start time"),
  endTime: timeField("end time"),
  bookingClosesTime: optionalTimeField("time booking closes"),
  venue: optionalText(300, "The venue must be 300 characters or fewer"),
  joiningLink: optionalText(2000, "The joining link must be 2000 characters or fewer").refine(
    (link) => link === null || isHttpsUrl(link),
    "Enter a joining link that starts with https://",
  ),
  capacity: wholeNumberField({
    required: "Enter the number of places",
    notNumber: "The number of places must be a whole number, like 20",
    min: [1, "The number of places must be 1 or more"],
    max: [MAX_CAPACITY, `The number of places must be ${MAX_CAPACITY} or fewer`],
  }),
  trainerPersonId: optionalId,
  audienceOrganisationId: optionalId,
  notes: optionalText(2000, "The notes must be 2000 characters or fewer"),
} as const;

type Raw = Record<string, string | string[] | undefined>;
type Issue = { field: string; message: string };

/** Every form value as one string (a repeated name keeps its first value). */
const RawForm = z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional()).transform((values) => {
  const flat: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) flat[key] = Array.isArray(value) ? value[0] : value;
  return flat;
});

function readField<K extends keyof typeof FIELD_SCHEMAS>(raw: Raw, name: K, issues: Issue[]) {
  const result = FIELD_SCHEMAS[name].safeParse(raw[name]);
  if (result.success) return result.data as z.output<(typeof FIELD_SCHEMAS)[K]>;
  issues.push({ field: name, message: result.error.issues[0]?.message ?? "Check this answer" });
  return undefined;
}

/**
 * Reads a session's details, reporting every field in error at once, then the rules between
 * fields for the fields that could be read.
 */
function readDetails(
  raw: Record<string, string | undefined>,
  now: Date,
  issues: Issue[],
  changing = false,
): SessionDetails | null {
  const dates: Partial<Record<keyof typeof DATE_LABELS, string | null>> = {};
  for (const key of Object.keys(DATE_LABELS) as Array<keyof typeof DATE_LABELS>) {
    const read = readDateParts(raw[`${key}-day`], raw[`${key}-month`], raw[`${key}-year`]);
    if (!read.ok) {
      issues.push({
        field: key,
        message:
          read.problem === "incomplete"
            ? `Enter ${DATE_LABELS[key]} as a day, month and year`
            : `Enter ${DATE_LABELS[key]} as a real date, like 27 3 2027`,
      });
    } else if (key === "date" && read.date === null) {
      issues.push({ field: key, message: "Enter the session date" });
    } else {
      dates[key] = read.date;
    }
  }
  const startTime = readField(raw, "startTime", issues);
  const endTime = readField(raw, "endTime", issues);
  const venue = readField(raw, "venue", issues);
  const joiningLink = readField(raw, "joiningLink", issues);
  const capacity = readField(raw, "capacity", issues);
  const trainerPersonId = readField(raw, "trainerPersonId", issues);
  const audienceOrganisationId = readField(raw, "audienceOrganisationId", issues);
  const notes = readField(raw, "notes", issues);
  const bookingClosesTime = readField(raw, "bookingClosesTime", issues);
  if (!dates.date || startTime === undefined || endTime === undefined) return null;
  // A field already in error stands in with a harmless value, so the rules between fields still run.
  const details: SessionDetails = {
    date: dates.date,
    startTime,
    endTime,
    venue: venue === undefined ? "unread" : venue,
    joiningLink: joiningLink ?? null,
    capacity: capacity ?? 1,
    trainerPersonId: trainerPersonId ?? null,
    bookingOpensOn: dates.bookingOpensOn ?? null,
    bookingClosesOn: dates.bookingClosesOn ?? null,
    bookingClosesTime: bookingClosesTime ?? null,
    audienceOrganisationId: audienceOrganisationId ?? null,
    notes: notes ?? null,
  };
  const reported = new Set(issues.map((i) => i.field));
  for (const [field, message] of Object.entries(sessionRuleErrors(details, now, { changing }))) {
    if (!reported.has(field)) issues.push({ field, message });
  }
  return issues.length > 0 ? null : details;
}

function report(issues: Issue[], ctx: z.RefinementCtx) {
  for (const issue of issues) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
}

/** The edit form: a session's details from the form's strings, every rule checked at `now`. */
export function sessionDetailsForm(now: Date) {
  return RawForm.transform((raw, ctx) => {
    const issues: Issue[] = [];
    const details = readDetails(raw, now, issues, true);
    report(issues, ctx);
    return details ?? z.NEVER;
  });
}

/** The scheduling form: a plan (course, details and repeat) from the form's strings. */
export function sessionPlanForm(now: Date) {
  return RawForm.transform((raw, ctx) => {
    const issues: Issue[] = [];
    const courseId = /^\d+$/.test(raw.courseId ?? "") ? Number(raw.courseId) : null;
    if (courseId === null) issues.push({ field: "courseId", message: "Select a course" });
    let repeat: Repeat = { kind: "once" };
    const most = MAX_SESSIONS_PER_SERIES - 1;
    const kind = raw.repeat ?? "once";
    if (kind === "weekly") {
      const weeks = (raw.repeatWeeks ?? "").trim();
      if (!/^\d+$/.test(weeks) || Number(weeks) < 1 || Number(weeks) > most) {
        issues.push({ field: "repeatWeeks", message: `Enter how many more weeks, from 1 to ${most}` });
      } else {
        repeat = { kind: "weekly", weeks: Number(weeks) };
      }
    } else if (kind === "dates") {
      const { dates, invalid } = readDateList(raw.repeatDates ?? "");
      if (invalid !== null) {
        issues.push({
          field: "repeatDates",
          message: `Enter each date like 24/11/2026: “${invalid}” is not a real date`,
        });
      } else if (dates.length === 0) {
        issues.push({ field: "repeatDates", message: "Enter the other dates, one a line" });
      } else if (dates.length > most) {
        issues.push({ field: "repeatDates", message: `Enter ${most} other dates or fewer` });
      } else {
        repeat = { kind: "dates", dates };
      }
    } else if (kind !== "once") {
      issues.push({ field: "repeat", message: "Select whether the session repeats" });
    }
    const repeatReadable = issues.every((i) => !i.field.startsWith("repeat"));
    const details = readDetails(raw, now, issues);
    if (details && repeatReadable) {
      const extraDates = occurrenceDates({ date: details.date, repeat }).slice(1);
      const past = sessionRuleErrors(details, now, { extraDates }).repeat;
      if (past) issues.push({ field: kind === "weekly" ? "repeatWeeks" : "repeatDates", message: past });
    }
    report(issues, ctx);
    if (!details || courseId === null || issues.length > 0) return z.NEVER;
    return { ...details, courseId, repeat } satisfies SessionPlan;
  });
}

/** The form's values for a stored session, to fill in the edit form. */
export function sessionFormValues(
  session: Pick<
    LockedSession,
    | "startsAt"
    | "endsAt"
    | "venue"
    | "joiningLink"
    | "capacity"
    | "trainerPersonId"
    | "bookingOpensAt"
    | "bookingClosesAt"
    | "audienceOrganisationId"
  > & { notes: string | null },
): Record<string, string> {
  const london = (value: string) => new TZDate(instant(value).getTime(), LONDON);
  const parts = (prefix: string, value: string | null) => {
    if (!value) return { [`${prefix}-day`]: "", [`${prefix}-month`]: "", [`${prefix}-year`]: "" };
    const local = london(value);
    return {
      [`${prefix}-day`]: String(local.getDate()),
      [`${prefix}-month`]: String(local.getMonth() + 1),
      [`${prefix}-year`]: String(local.getFullYear()),
    };
  };
  return {
    ...parts("date", session.startsAt),
    ...parts("bookingOpensOn", session.bookingOpensAt),
    ...parts("bookingClosesOn", session.bookingClosesAt),
    startTime: format(london(session.startsAt), "HH:mm"),
    endTime: format(london(session.endsAt), "HH:mm"),
    // Shown as it is stored, so saving the form unchanged keeps it (the demo closes at 23:59).
    bookingClosesTime: session.bookingClosesAt ? format(london(session.bookingClosesAt), "HH:mm") : "",
    venue: session.venue ?? "",
    joiningLink: session.joiningLink ?? "",
    capacity: String(session.capacity),
    trainerPersonId: session.trainerPersonId === null ? "" : String(session.trainerPersonId),
    audienceOrganisationId: session.audienceOrganisationId === null ? "" : String(session.audienceOrganisationId),
    notes: session.notes ?? "",
  };
}

// ——— Choices for the form ———

export interface SchedulingChoices {
  courses: Array<{ id: number; code: string; title: string }>;
  trainers: Array<{ id: number; name: string }>;
  organisations: Array<{ id: number; name: string; sector: string }>;
}

/**
 * What the scheduling form offers: courses that can have sessions (not retired, bookable, not
 * e-learning), trainers (people with a trainer role, or who already run sessions) and
 * organisations for an audience restriction.
 */
export async function listSchedulingChoices(db: Database): Promise<SchedulingChoices> {
  const [courses, trainers, organisations] = await Promise.all([
    queryRows<{ id: number; code: string; title: string }>(
      db,
      sql`select id, code, title from courses
          where retired_at is null and bookable and delivery_mode in ('face_to_face', 'live_online')
          order by title, id`,
    ),
    queryRows<{ id: number; name: string }>(
      db,
      sql`select p.id, p.given_name || ' ' || p.family_name as name from people p
          where exists (select 1 from accounts a join role_grants g on g.account_id = a.id
                        where a.person_id = p.id and g.role = 'trainer')
             or exists (select 1 from course_sessions s where s.trainer_person_id = p.id)
          order by lower(p.family_name), lower(p.given_name), p.id`,
    ),
    queryRows<{ id: number; name: string; sector: string }>(
      db,
      sql`select id, name, sector::text from organisations
          where closed_on is null or closed_on > current_date
          order by lower(name), id`,
    ),
  ]);
  return { courses, trainers, organisations };
}

/** Checks the people and organisations a session names, inside the caller's transaction. */
export async function assertReferencesExist(db: Database, details: SessionDetails): Promise<void> {
  if (details.trainerPersonId !== null) {
    const found = await queryOne<{ id: number }>(db, sql`select id from people where id = ${details.trainerPersonId}`);
    if (!found) throw new DomainError("Select a trainer from the list", "trainerPersonId", "invalid");
  }
  if (details.audienceOrganisationId !== null) {
    const found = await queryOne<{ id: number }>(
      db,
      sql`select id from organisations where id = ${details.audienceOrganisationId}`,
    );
    if (!found) throw new DomainError("Select an organisation from the list", "audienceOrganisationId", "invalid");
  }
}

/** The fields of a session the audit log keeps. */
export function sessionSnapshot(session: {
  courseId: number;
  startsAt: Date | string;
  endsAt: Date | string;
  venue: string | null;
  joiningLink: string | null;
  capacity: number;
  trainerPersonId: number | null;
  bookingOpensAt: Date | string | null;
  bookingClosesAt: Date | string | null;
  audienceOrganisationId: number | null;
  notes: string | null;
  status?: string;
  seriesId?: string | null;
}) {
  const iso = (value: Date | string | null) => (value === null ? null : instantOrDate(value).toISOString());
  return {
    courseId: session.courseId,
    startsAt: iso(session.startsAt),
    endsAt: iso(session.endsAt),
    venue: session.venue,
    joiningLink: session.joiningLink,
    capacity: session.capacity,
    trainerPersonId: session.trainerPersonId,
    bookingOpensAt: iso(session.bookingOpensAt),
    bookingClosesAt: iso(session.bookingClosesAt),
    audienceOrganisationId: session.audienceOrganisationId,
    notes: session.notes,
    ...(session.status ? { status: session.status } : {}),
    ...(session.seriesId ? { seriesId: session.seriesId } : {}),
  };
}

function instantOrDate(value: Date | string): Date {
  return typeof value === "string" ? instant(value) : value;
}

// ——— The verb ———

/**
 * Schedules a session of a course, or a series of them (weekly, or on chosen dates) sharing a
 * series id, all in one transaction: every session is created, or none. A retired course, one
 * that cannot be booked, or e-learning gets no sessions.
 */
export async function scheduleSessions(
  db: Database,
  plan: SessionPlan,
  actor: { accountId: string | null },
  now: Date = new Date(),
): Promise<{ sessionIds: number[]; seriesId: string | null }> {
  const dates = occurrenceDates(plan);
  if (dates.length > MAX_SESSIONS_PER_SERIES) {
    throw new DomainError(`A series can have at most ${MAX_SESSIONS_PER_SERIES} sessions`, "repeat", "invalid");
  }
  assertRules(plan, now, dates.slice(1));
  return db.transaction(async (tx) => {
    const course = await queryOne<{
      id: number;
      retired: boolean;
      bookable: boolean;
      delivery_mode: string;
    }>(
      tx,
      sql`select id, retired_at is not null as retired, bookable, delivery_mode::text
          from courses where id = ${plan.courseId} for share`,
    );
    if (!course) throw new DomainError("Select a course", "courseId", "invalid");
    if (course.retired) {
      throw new DomainError(
        "This course has been retired, so it cannot have new sessions",
        "courseId",
        "course-retired",
      );
    }
    if (!course.bookable) {
      throw new DomainError(
        "This course cannot be booked, so it cannot have sessions",
        "courseId",
        "course-not-bookable",
      );
    }
    if (course.delivery_mode !== "face_to_face" && course.delivery_mode !== "live_online") {
      throw new DomainError("E-learning courses do not have sessions", "courseId", "course-elearning");
    }
    await assertReferencesExist(tx, plan);
    const seriesId = dates.length > 1 ? crypto.randomUUID() : null;
    const sessionIds: number[] = [];
    for (const date of dates) {
      const instants = sessionInstants(plan, date);
      const [created] = await tx
        .insert(courseSessions)
        .values({
          courseId: plan.courseId,
          startsAt: instants.startsAt,
          endsAt: instants.endsAt,
          venue: plan.venue,
          joiningLink: plan.joiningLink,
          capacity: plan.capacity,
          trainerPersonId: plan.trainerPersonId,
          bookingOpensAt: instants.bookingOpensAt,
          bookingClosesAt: instants.bookingClosesAt,
          audienceOrganisationId: plan.audienceOrganisationId,
          seriesId,
          notes: plan.notes,
        })
        .returning();
      sessionIds.push(created!.id);
      await recordAuditEvent(tx, {
        actorAccountId: actor.accountId,
        action: "session.schedule",
        entityType: "session",
        entityId: created!.id,
        after: sessionSnapshot({ ...created!, status: created!.status }),
      });
    }
    return { sessionIds, seriesId };
  });
}
