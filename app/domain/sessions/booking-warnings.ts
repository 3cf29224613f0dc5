import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray, sqlTextArray } from "../../db/database";
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
  const warnings = await bookingWarningsForPeople(db, [personId], session, now);
  return warnings.get(personId) ?? { sameCourse: null, afterExpiry: null };
}

/**
 * bookingWarnings for each of several people at once (a list being booked), in a fixed number
 * of queries however long the list: every person given gets an entry, warnings or none.
 */
export async function bookingWarningsForPeople(
  db: Database,
  personIds: readonly number[],
  session: { id: number; courseId: number; startsAt: string },
  now: Date = new Date(),
): Promise<Map<number, BookingWarnings>> {
  const ids = [...new Set(personIds)];
  const warnings = new Map<number, BookingWarnings>(ids.map((id) => [id, { sameCourse: null, afterExpiry: null }]));
  if (ids.length === 0) return warnings;
  // Each person's earliest live booking on another session of the course still to come.
  const same = await queryRows<{
    person_id: number;
    booking_id: number;
    session_id: number;
    starts_at: string;
    status: "booked" | "waitlisted";
  }>(
    db,
    sql`select distinct on (b.person_id) b.person_id, b.id as booking_id, s.id as session_id, s.starts_at::text, b.status
        from bookings b join course_sessions s on s.id = b.session_id
        where b.person_id = any(${sqlIntArray(ids)}) and s.course_id = ${session.courseId} and s.id <> ${session.id}
          and b.status in ('booked', 'waitlisted') and s.status = 'scheduled'
          and s.starts_at > ${now.toISOString()}::timestamptz
        order by b.person_id, s.starts_at, s.id, b.id`,
  );
  for (const row of same) {
    warnings.get(row.person_id)!.sameCourse = {
      bookingId: row.booking_id,
      sessionId: row.session_id,
      startsAt: row.starts_at,
      status: row.status,
    };
  }
  for (const [personId, afterExpiry] of await runsOutBefore(db, ids, session, now)) {
    warnings.get(personId)!.afterExpiry = afterExpiry;
  }
  return warnings;
}

/** For each of the people whose training runs out on or before the session's day: which, when, and the earlier sessions. */
async function runsOutBefore(
  db: Database,
  personIds: number[],
  session: { id: number; courseId: number; startsAt: string },
  now: Date,
): Promise<Map<number, NonNullable<BookingWarnings["afterExpiry"]>>> {
  const sessionDay = todayInLondon(instant(session.startsAt));
  const statuses = keptStatusesSql(await keptCoverageUpToDate(db), {
    onDate: todayInLondon(now),
    personCondition: sql`k.person_id = any(${sqlIntArray(personIds)})`,
  });
  // Training held today (current or expiring) that stops counting on or before the session's day:
  // per person, the first to stop.
  const runsOut = await queryRows<{ person_id: number; name: string; due_on: string }>(
    db,
    sql`select distinct on (st.person_id) st.person_id, r.name, st.due_on
        from (${statuses}) st
        join requirements r on r.id = st.requirement_id
        join requirement_courses rc on rc.requirement_id = st.requirement_id and rc.course_id = ${session.courseId}
        where st.status in ('current', 'expiring') and st.due_on is not null and st.due_on::date <= ${sessionDay}::date
        order by st.person_id, st.due_on, r.name`,
  );
  const found = new Map<number, NonNullable<BookingWarnings["afterExpiry"]>>();
  if (runsOut.length === 0) return found;
  // The course's sessions still to come (counted once), then for each person those before their
  // training runs out and open to their organisation, the first 50.
  const rows = await queryRows<{
    person_id: number;
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
    sql`with upcoming as materialized (
          select s.id, s.starts_at, s.venue, s.joining_link is not null as online, s.status,
            s.booking_opens_at, s.booking_closes_at, c.booking_closes_working_days, s.audience_organisation_id,
            s.capacity - (select count(*)::int from bookings b
              where b.session_id = s.id and b.status in ('booked', 'attended', 'absent')) as places_left
          from course_sessions s
          join courses c on c.id = s.course_id
          where s.course_id = ${session.courseId} and s.id <> ${session.id} and s.status = 'scheduled'
            and c.bookable and c.retired_at is null
            and s.starts_at > ${now.toISOString()}::timestamptz
        )
        select x.person_id, u.id, u.starts_at::text, u.venue, u.online, u.status,
          u.booking_opens_at::text, u.booking_closes_at::text, u.booking_closes_working_days, u.places_left
        from unnest(${sqlIntArray(runsOut.map((r) => r.person_id))}, ${sqlTextArray(runsOut.map((r) => r.due_on))})
          as x(person_id, due_on)
        join people p on p.id = x.person_id
        join organisations o on o.id = p.organisation_id
        cross join lateral (
          select s.* from upcoming s
          where (s.starts_at at time zone 'Europe/London')::date < x.due_on::date
            and (s.audience_organisation_id is null or exists (
              select 1 from organisations a where a.id = s.audience_organisation_id and o.path like a.path || '%'))
          order by s.starts_at, s.id
          limit 50
        ) u
        order by x.person_id, u.starts_at, u.id`,
  );
  const holidays = await bankHolidaySet(db);
  const sessionsOf = new Map<number, typeof rows>();
  for (const row of rows) sessionsOf.set(row.person_id, [...(sessionsOf.get(row.person_id) ?? []), row]);
  for (const { person_id: personId, name, due_on: dueOn } of runsOut) {
    const earlier: EarlierSession[] = [];
    for (const row of sessionsOf.get(personId) ?? []) {
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
    found.set(personId, { requirementName: name, runsOutOn: dueOn, earlier });
  }
  return found;
}
