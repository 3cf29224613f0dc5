import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { BookingStatus, SessionStatus } from "../../db/schema";

export interface BookingView {
  id: number;
  sessionId: number;
  personId: number;
  personName: string;
  personEmail: string | null;
  status: BookingStatus;
  /** 1 for first in line, when waitlisted. */
  waitlistPosition: number | null;
  walkIn: boolean;
  managerAgreed: boolean;
  lateCancellation: boolean;
  calendarSequence: number;
  courseTitle: string;
  startsAt: string;
  endsAt: string;
  /** The session's date in London, YYYY-MM-DD. */
  date: string;
  venue: string | null;
  joiningLink: string | null;
  bookingClosesAt: string | null;
  /** The course's cut-off in working days (see cancellationCutOff). */
  bookingClosesWorkingDays: number;
  sessionStatus: SessionStatus;
  sessionCancelReason: string | null;
  trainerName: string | null;
}

function bookingQuery(where: SQL): SQL {
  return sql`select b.id, b.session_id, b.person_id, p.given_name || ' ' || p.family_name as person_name,
      p.email as person_email, b.status, b.walk_in, b.manager_agreed, b.late_cancellation, b.calendar_sequence,
      case when b.status = 'waitlisted' then (
        select count(*)::int from bookings w
        where w.session_id = b.session_id and w.status = 'waitlisted'
          and (w.waitlisted_at, w.id) <= (b.waitlisted_at, b.id)) end as waitlist_position,
      c.title as course_title, s.starts_at::text, s.ends_at::text,
      (s.starts_at at time zone 'Europe/London')::date::text as date, s.venue, s.joining_link,
      s.booking_closes_at::text, c.booking_closes_working_days, s.status as session_status, s.cancel_reason as session_cancel_reason,
      t.given_name || ' ' || t.family_name as trainer_name
    from bookings b
    join people p on p.id = b.person_id
    join course_sessions s on s.id = b.session_id
    join courses c on c.id = s.course_id
    left join people t on t.id = s.trainer_person_id
    where ${where}`;
}

async function readBooking(db: Database, where: SQL): Promise<BookingView | undefined> {
  const row = await queryOne<{
    id: number;
    session_id: number;
    person_id: number;
    person_name: string;
    person_email: string | null;
    status: BookingStatus;
    walk_in: boolean;
    manager_agreed: boolean;
    late_cancellation: boolean;
    calendar_sequence: number;
    waitlist_position: number | null;
    course_title: string;
    starts_at: string;
    ends_at: string;
    date: string;
    venue: string | null;
    joining_link: string | null;
    booking_closes_at: string | null;
    booking_closes_working_days: number;
    session_status: SessionStatus;
    session_cancel_reason: string | null;
    trainer_name: string | null;
  }>(db, bookingQuery(where));
  if (!row) return undefined;
  return {
    id: row.id,
    sessionId: row.session_id,
    personId: row.person_id,
    personName: row.person_name,
    personEmail: row.person_email,
    status: row.status,
    waitlistPosition: row.waitlist_position,
    walkIn: row.walk_in,
    managerAgreed: row.manager_agreed,
    lateCancellation: row.late_cancellation,
    calendarSequence: row.calendar_sequence,
    courseTitle: row.course_title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    date: row.date,
    venue: row.venue,
    joiningLink: row.joining_link,
    bookingClosesAt: row.booking_closes_at,
    bookingClosesWorkingDays: row.booking_closes_working_days,
    sessionStatus: row.session_status,
    sessionCancelReason: row.session_cancel_reason,
    trainerName: row.trainer_name,
  };
}

/** One booking, whatever its status, with its session and person. */
export function getBooking(db: Database, bookingId: number): Promise<BookingView | undefined> {
  return readBooking(db, sql`b.id = ${bookingId}`);
}

/** A person's live (not cancelled) booking on a session, if they have one. */
export function getLiveBooking(db: Database, sessionId: number, personId: number): Promise<BookingView | undefined> {
  return readBooking(db, sql`b.session_id = ${sessionId} and b.person_id = ${personId} and b.status <> 'cancelled'`);
}
