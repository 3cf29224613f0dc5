import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { courses } from "./catalogue";
import { organisations } from "./organisations";
import { people } from "./people";
import { SESSION_STATUSES, BOOKING_STATUSES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { SESSION_STATUSES, BOOKING_STATUSES, type SessionStatus, type BookingStatus } from "../../lib/values";

export const sessionStatusEnum = pgEnum("session_status", SESSION_STATUSES);

/** One scheduled delivery of a course. */
export const courseSessions = pgTable(
  "course_sessions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
    startsAt: timestamp("starts_at", { withTimezone: true, mode: "date" }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true, mode: "date" }).notNull(),
    venue: text("venue"),
    joiningLink: text("joining_link"),
    capacity: integer("capacity").notNull(),
    trainerPersonId: integer("trainer_person_id").references(() => people.id, {
      onDelete: "set null",
    }),
    bookingOpensAt: timestamp("booking_opens_at", { withTimezone: true, mode: "date" }),
    bookingClosesAt: timestamp("booking_closes_at", { withTimezone: true, mode: "date" }),
    /** Only people in this organisation's subtree may book (a session for one school's staff). */
    audienceOrganisationId: integer("audience_organisation_id").references(() => organisations.id, {
      onDelete: "set null",
    }),
    status: sessionStatusEnum("status").notNull().default("scheduled"),
    /** iCalendar SEQUENCE: raised whenever the time or place changes or the session is cancelled. */
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    /** Sessions created together by "repeat" share a series id. */
    seriesId: text("series_id"),
    notes: text("notes"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    cancelReason: text("cancel_reason"),
    /**
     * The coordinator reopened the closed register until this instant (app/domain/sessions/register-window.ts);
     * the reason is kept here for the page and in the audit event.
     */
    registerReopenedUntil: timestamp("register_reopened_until", { withTimezone: true, mode: "date" }),
    registerReopenReason: text("register_reopen_reason"),
    /**
     * Training the Prevent Education Officer delivered in a school (a staff meeting, an in-service
     * day): the school, not open for booking. Named attendees have bookings; the others are counted.
     */
    schoolOrganisationId: integer("school_organisation_id").references(() => organisations.id, {
      onDelete: "restrict",
    }),
    /** In a school session, how many attended in all (named or not); null elsewhere. */
    attendeeCount: integer("attendee_count"),
    ...timestamps,
  },
  (t) => [
    index("course_sessions_starts_idx").on(t.startsAt),
    index("course_sessions_course_starts_idx").on(t.courseId, t.startsAt),
    index("course_sessions_trainer_starts_idx").on(t.trainerPersonId, t.startsAt),
    index("course_sessions_school_idx")
      .on(t.schoolOrganisationId, t.startsAt)
      .where(sql`${t.schoolOrganisationId} is not null`),
    check("course_sessions_attendee_count_check", sql`${t.attendeeCount} is null or ${t.attendeeCount} >= 0`),
    check("course_sessions_capacity_check", sql`${t.capacity} > 0`),
    check("course_sessions_ends_after_starts", sql`${t.endsAt} > ${t.startsAt}`),
    check("course_sessions_has_place", sql`${t.venue} is not null or ${t.joiningLink} is not null`),
    check(
      "course_sessions_booking_window",
      sql`${t.bookingOpensAt} is null or ${t.bookingClosesAt} is null or ${t.bookingClosesAt} > ${t.bookingOpensAt}`,
    ),
  ],
);

export const bookingStatusEnum = pgEnum("booking_status", BOOKING_STATUSES);

/** A person's place on a session. At most one live (not cancelled) booking per person and session. */
export const bookings = pgTable(
  "bookings",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    sessionId: integer("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "restrict" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    status: bookingStatusEnum("status").notNull(),
    /** The learner confirmed that their manager agreed to the booking. */
    managerAgreed: boolean("manager_agreed").notNull().default(false),
    bookedByAccountId: text("booked_by_account_id"),
    /** Orders the waiting list: first come, first served. */
    waitlistedAt: timestamp("waitlisted_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    cancelReason: text("cancel_reason"),
    /** Cancelled after the booking cut-off (often charged to the organisation). */
    lateCancellation: boolean("late_cancellation").notNull().default(false),
    /**
     * What a no-show or a late cancellation costs, in pence, at the rate for the person's sector
     * when it happened, and the organisation the invoice goes to (the person's then).
     */
    chargePence: integer("charge_pence"),
    chargeOrganisationId: integer("charge_organisation_id").references(() => organisations.id, {
      onDelete: "restrict",
    }),
    /** A place handed over by a manager: the booking it was taken from (that one is cancelled). */
    substitutesBookingId: integer("substitutes_booking_id").references((): AnyPgColumn => bookings.id, {
      onDelete: "restrict",
    }),
    walkIn: boolean("walk_in").notNull().default(false),
    attendanceMarkedAt: timestamp("attendance_marked_at", { withTimezone: true, mode: "date" }),
    /** iCalendar SEQUENCE of this booking's event: the session's changes plus the booking's own. */
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("bookings_one_live_per_person_session")
      .on(t.sessionId, t.personId)
      .where(sql`${t.status} <> 'cancelled'`),
    index("bookings_session_status_idx").on(t.sessionId, t.status, t.waitlistedAt),
    index("bookings_person_idx").on(t.personId, t.status),
    index("bookings_charge_idx").on(t.chargeOrganisationId).where(sql`${t.chargePence} > 0`),
    check("bookings_charge_check", sql`${t.chargePence} is null or ${t.chargePence} >= 0`),
    check("bookings_waitlist_time", sql`${t.status} <> 'waitlisted' or ${t.waitlistedAt} is not null`),
  ],
);
