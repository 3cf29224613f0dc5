import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

/**
 * The person's place (booked, waiting or attended) on another live session at the same time as
 * this one, if any: nobody can be in two places at once. The soonest, when there are several.
 */
export async function overlappingBooking(
  db: Database,
  personId: number,
  session: { id: number; startsAt: string; endsAt: string },
): Promise<{ sessionId: number; courseTitle: string; startsAt: string } | null> {
  const row = await queryOne<{ session_id: number; title: string; starts_at: string }>(
    db,
    sql`select s.id as session_id, c.title, s.starts_at::text
        from bookings b
        join course_sessions s on s.id = b.session_id
        join courses c on c.id = s.course_id
        where b.person_id = ${personId} and b.status in ('booked', 'waitlisted', 'attended')
          and s.status <> 'cancelled' and s.id <> ${session.id}
          and s.starts_at < ${session.endsAt}::timestamptz and s.ends_at > ${session.startsAt}::timestamptz
        order by s.starts_at
        limit 1`,
  );
  return row ? { sessionId: row.session_id, courseTitle: row.title, startsAt: row.starts_at } : null;
}
