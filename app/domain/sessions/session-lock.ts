import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { SessionStatus } from "../../db/schema";

/** A session row as the booking rules read it, under its row lock. */
export interface LockedSession {
  id: number;
  courseId: number;
  courseTitle: string;
  courseBookable: boolean;
  courseRetired: boolean;
  validityMonths: number | null;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  joiningLink: string | null;
  capacity: number;
  trainerPersonId: number | null;
  bookingOpensAt: string | null;
  bookingClosesAt: string | null;
  /** The course's cut-off in working days before the session (booking closes, self-cancellation ends). */
  bookingClosesWorkingDays: number;
  audienceOrganisationId: number | null;
  status: SessionStatus;
  /** Places taken: booked, attended or absent (a walk-in may take the count past capacity). */
  occupied: number;
  waiting: number;
}

/**
 * Locks one session row (`for update`) and reads it with its course and place counts. Every
 * change to a session's bookings takes this lock first, so places are counted by one transaction
 * at a time and capacity is never exceeded. Run it inside a transaction.
 */
export async function lockSession(db: Database, sessionId: number): Promise<LockedSession | undefined> {
  const locked = await queryOne<{ id: number }>(
    db,
    sql`select id from course_sessions where id = ${sessionId} for update`,
  );
  if (!locked) return undefined;
  // Read after the lock: under READ COMMITTED this statement sees every booking committed before it.
  const row = await queryOne<{
    id: number;
    course_id: number;
    course_title: string;
    course_bookable: boolean;
    course_retired: boolean;
    validity_months: number | null;
    starts_at: string;
    ends_at: string;
    venue: string | null;
    joining_link: string | null;
    capacity: number;
    trainer_person_id: number | null;
    booking_opens_at: string | null;
    booking_closes_at: string | null;
    booking_closes_working_days: number;
    audience_organisation_id: number | null;
    status: SessionStatus;
    occupied: number;
    waiting: number;
  }>(
    db,
    sql`select s.id, s.course_id, c.title as course_title, c.bookable as course_bookable,
          c.retired_at is not null as course_retired, c.validity_months,
          s.starts_at::text, s.ends_at::text, s.venue, s.joining_link, s.capacity, s.trainer_person_id,
          s.booking_opens_at::text, s.booking_closes_at::text, c.booking_closes_working_days,
          s.audience_organisation_id, s.status,
          (select count(*)::int from bookings b
            where b.session_id = s.id and b.status in ('booked', 'attended', 'absent')) as occupied,
          (select count(*)::int from bookings b
            where b.session_id = s.id and b.status = 'waitlisted') as waiting
        from course_sessions s join courses c on c.id = s.course_id
        where s.id = ${sessionId}`,
  );
  if (!row) return undefined;
  return {
    id: row.id,
    courseId: row.course_id,
    courseTitle: row.course_title,
    courseBookable: row.course_bookable,
    courseRetired: row.course_retired,
    validityMonths: row.validity_months,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venue: row.venue,
    joiningLink: row.joining_link,
    capacity: row.capacity,
    trainerPersonId: row.trainer_person_id,
    bookingOpensAt: row.booking_opens_at,
    bookingClosesAt: row.booking_closes_at,
    bookingClosesWorkingDays: row.booking_closes_working_days,
    audienceOrganisationId: row.audience_organisation_id,
    status: row.status,
    occupied: row.occupied,
    waiting: row.waiting,
  };
}

/** What a message about a session needs to say (the notification's details). */
export function sessionDetails(session: LockedSession): Record<string, unknown> {
  return {
    sessionId: session.id,
    courseTitle: session.courseTitle,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    venue: session.venue,
    joiningLink: session.joiningLink,
  };
}

/** An instant read back as text by either driver ("2026-11-24 09:30:00+00"), as a Date. */
export function instant(value: string): Date {
  return new Date(value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
}
