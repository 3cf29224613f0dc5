import { type SQL, sql } from "drizzle-orm";

/**
 * A lateral subquery giving, for a compliance row (alias `row`, with person_id and
 * requirement_id), the soonest future place the person holds (booked, not waitlisted) on a
 * scheduled session of one of the requirement's courses: the booking that would satisfy it.
 * Columns: booking_id, session_id, booked_course_id, booked_starts_at.
 */
export function bookedLateralSql(rowAlias: string, now: Date): SQL {
  const row = sql.raw(rowAlias);
  return sql`lateral (
    select b.id as booking_id, s.id as session_id, s.course_id as booked_course_id, s.starts_at as booked_starts_at
    from bookings b
    join course_sessions s on s.id = b.session_id
    join requirement_courses rc on rc.course_id = s.course_id and rc.requirement_id = ${row}.requirement_id
    where b.person_id = ${row}.person_id and b.status = 'booked' and s.status = 'scheduled'
      and s.starts_at > ${now.toISOString()}::timestamptz
    order by s.starts_at, s.id
    limit 1
  )`;
}
