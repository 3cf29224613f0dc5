import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import type { BookingStatus } from "../../db/schema";
import { todayInLondon } from "../../lib/dates";
import { keptCoverageUpToDate, keptStatusesSql } from "../kept-coverage/readers";
import { whyNotBookable } from "./booking-rules";
import { bankHolidaySet } from "../working-days/bank-holidays";
import { cancellationCutOff } from "./cut-off";
import { instant } from "./session-lock";

/** The person's live booking on another session of the same course. */
export interface SameCourseBooking {
  bookingId: number;
  sessionId: number;
  startsAt: string;
  status: Extract<BookingStatus, "booked" | "waitlisted">;
}

/** A session of the course before the person's training stops counting, with a place to book. */
export interface EarlierSession {
  sessionId: number;
  startsAt: string;
  venue: string | null;
  online: boolean;
  placesLeft: number;
}

export interface BookingWarnings {
  sameCourse: SameCourseBooking | null;
  /** The session falls on or after the day the person's training for a requirement stops counting. */
  afterExpiry: { requirementName: string; runsOutOn: string; earlier: EarlierSession[] } | null;
}

/** How many earlier sessions the warning lists: enough to choose from, not the whole catalogue. */
const EARLIER_SESSIONS_SHOWN = 5;

/**
 * What a person should know before booking this session: that they already hold a place (or a
 * place in the queue) on another session of the same course, which they could move instead; and
 * that the session is on or after the day their current training for a requirement this course
 * meets stops counting, with the course's earlier sessions they could still book.
 */
export async function bookingWarnings(
  db: Database,
  personId: number,
  session: { id: number; courseId: number; startsAt: string },
  now: Date = new Date(),
): Promise<BookingWarnings> {
  const same = await queryOne<{
    booking_id: number;
    session_id: number;
    starts_at: string;
    status: "booked" | "waitlisted";
  }>(
    db,
    sql`select b.id as booking_id, s.id as session_id, s.starts_at::text, b.status
        from bookings b join course_sessions s on s.id = b.session_id
        where b.person_id = ${personId} and s.course_id = ${session.courseId} and s.id <> ${session.id}
          and b.status in ('booked', 'waitlisted') and s.status = 'scheduled'
          and s.starts_at > ${now.toISOString()}::timestamptz
        order by s.starts_at, s.id
        limit 1`,
  );
  const sameCourse = same
    ? { bookingId: same.booking_id, sessionId: same.session_id, startsAt: same.starts_at, status: same.status }
    : null;
  return { sameCourse, afterExpiry: await afterExpiry(db, personId, session, now) };
}

async function afterExpiry(
  db: Database,
  personId: number,
  session: { id: number; courseId: number; startsAt: string },
  now: Date,
): Promise<BookingWarnings["afterExpiry"]> {
  const sessionDay = todayInLondon(instant(session.startsAt));
  const statuses = keptStatusesSql(await keptCoverageUpToDate(db), {
    onDate: todayInLondon(now),
    personCondition: sql`k.person_id = ${personId}`,
  });
  // Training held today (current or expiring) that stops counting on or before the session's day.
  const runsOut = await queryOne<{ name: string; due_on: string }>(
    db,
    sql`select r.name, st.due_on
        from (${statuses}) st
        join requirements r on r.id = st.requirement_id
        join requirement_courses rc on rc.requirement_id = st.requirement_id and rc.course_id = ${session.courseId}
        where st.status in ('current', 'expiring') and st.due_on is not null and st.due_on::date <= ${sessionDay}::date
        order by st.due_on, r.name
        limit 1`,
  );
  if (!runsOut) return null;
  const rows = await queryRows<{
    id: number;
    starts_at: string;
    venue: string | null;
    online: boolean;
    places_left: number;
    status: "scheduled";
    booking_opens_at: string | null;
    booking_closes_at: string | null;
    booking_closes_working_days: number;
  }>(
    db,
    sql`select s.id, s.starts_at::text, s.venue, s.joining_link is not null as online, s.status,
          s.booking_opens_at::text, s.booking_closes_at::text, c.booking_closes_working_days,
          s.capacity - (select count(*)::int from bookings b
            where b.session_id = s.id and b.status in ('booked', 'attended', 'absent')) as places_left
        from course_sessions s
        join courses c on c.id = s.course_id
        join people p on p.id = ${personId}
        join organisations o on o.id = p.organisation_id
        where s.course_id = ${session.courseId} and s.id <> ${session.id} and s.status = 'scheduled'
          and c.bookable and c.retired_at is null
          and s.starts_at > ${now.toISOString()}::timestamptz
          and (s.starts_at at time zone 'Europe/London')::date < ${runsOut.due_on}::date
          and (s.audience_organisation_id is null or exists (
            select 1 from organisations a where a.id = s.audience_organisation_id and o.path like a.path || '%'))
        order by s.starts_at, s.id
        limit 50`,
  );
  const holidays = await bankHolidaySet(db);
  const earlier: EarlierSession[] = [];
  for (const row of rows) {
    if (earlier.length === EARLIER_SESSIONS_SHOWN) break;
    if (row.places_left <= 0) continue;
    const closesAt = cancellationCutOff(
      {
        startsAt: row.starts_at,
        bookingClosesAt: row.booking_closes_at,
        bookingClosesWorkingDays: row.booking_closes_working_days,
      },
      holidays,
    );
    const window = {
      status: row.status,
      startsAt: row.starts_at,
      courseBookable: true,
      bookingOpensAt: row.booking_opens_at,
      bookingClosesAt: closesAt.toISOString(),
    };
    if (whyNotBookable(window, now)) continue;
    earlier.push({
      sessionId: row.id,
      startsAt: row.starts_at,
      venue: row.venue,
      online: row.online,
      placesLeft: row.places_left,
    });
  }
  return { requirementName: runsOut.name, runsOutOn: runsOut.due_on, earlier };
}
