import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";

export interface UpcomingSession {
  id: number;
  courseId: number;
  courseTitle: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  online: boolean;
  capacity: number;
  booked: number;
  waiting: number;
  placesLeft: number;
  bookingClosesAt: string | null;
  trainerName: string | null;
}

/** Scheduled sessions still to come, soonest first, with places left; optionally for one course. */
export async function listUpcomingSessions(
  db: Database,
  options: { courseId?: number; limit?: number; now?: Date } = {},
): Promise<UpcomingSession[]> {
  const now = (options.now ?? new Date()).toISOString();
  const rows = await queryRows<{
    id: number;
    course_id: number;
    course_title: string;
    starts_at: string;
    ends_at: string;
    venue: string | null;
    online: boolean;
    capacity: number;
    booked: number;
    waiting: number;
    booking_closes_at: string | null;
    trainer_name: string | null;
  }>(
    db,
    sql`select s.id, s.course_id, c.title as course_title, s.starts_at::text, s.ends_at::text,
          s.venue, s.joining_link is not null as online, s.capacity,
          count(b.id) filter (where b.status in ('booked', 'attended', 'absent'))::int as booked,
          count(b.id) filter (where b.status = 'waitlisted')::int as waiting,
          s.booking_closes_at::text,
          t.given_name || ' ' || t.family_name as trainer_name
        from course_sessions s
        join courses c on c.id = s.course_id
        left join people t on t.id = s.trainer_person_id
        left join bookings b on b.session_id = s.id
        where s.status = 'scheduled' and s.starts_at > ${now}::timestamptz
          ${options.courseId !== undefined ? sql`and s.course_id = ${options.courseId}` : sql``}
        group by s.id, c.title, t.given_name, t.family_name
        order by s.starts_at, s.id
        limit ${options.limit ?? 100}`,
  );
  return rows.map((r) => ({
    id: r.id,
    courseId: r.course_id,
    courseTitle: r.course_title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
    online: r.online,
    capacity: r.capacity,
    booked: r.booked,
    waiting: r.waiting,
    placesLeft: Math.max(0, r.capacity - r.booked),
    bookingClosesAt: r.booking_closes_at,
    trainerName: r.trainer_name,
  }));
}
