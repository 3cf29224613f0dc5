import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { pageShown } from "../../lib/pagination";
import { bankHolidaySet } from "../working-days/bank-holidays";
import { whyNotBookable } from "./booking-rules";
import { cancellationCutOff } from "./cut-off";

export interface SessionFilter {
  courseId?: number;
  /** London dates, YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  /** At a venue, online (a joining link), or either. */
  where?: "venue" | "online";
  /** Only sessions with a place left. */
  placesLeft?: boolean;
  page?: number;
  pageSize?: number;
}

export interface FoundSession {
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
  bookingOpensAt: string | null;
  bookingClosesAt: string | null;
  trainerName: string | null;
  /** Only people in this organisation may book. */
  audienceOrganisationName: string | null;
  /** "not-open" or "closed" when the booking window rules booking out now; null when it is open. */
  bookingWindow: "not-open" | "closed" | null;
}

/** Whether the booking window rules a listed session out, by the rules bookPlace enforces. */
function bookingWindowState(
  session: { startsAt: string; bookingOpensAt: string | null; bookingClosesAt: string | null },
  now: Date,
) {
  const why = whyNotBookable({ ...session, status: "scheduled", courseBookable: true }, now);
  return why?.code === "not-open" || why?.code === "closed" ? why.code : null;
}

/**
 * Sessions people can book: scheduled, not yet started, of a course that is still bookable;
 * soonest first, a page at a time.
 */
export async function findSessions(
  db: Database,
  filter: SessionFilter = {},
  now: Date = new Date(),
): Promise<{ rows: FoundSession[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 100);
  const conditions = [
    sql`s.status = 'scheduled'`,
    sql`s.starts_at > ${now.toISOString()}::timestamptz`,
    sql`c.bookable and c.retired_at is null`,
  ];
  if (filter.courseId !== undefined) conditions.push(sql`s.course_id = ${filter.courseId}`);
  if (filter.from) conditions.push(sql`(s.starts_at at time zone 'Europe/London')::date >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`(s.starts_at at time zone 'Europe/London')::date <= ${filter.to}::date`);
  if (filter.where === "online") conditions.push(sql`s.joining_link is not null`);
  if (filter.where === "venue") conditions.push(sql`s.joining_link is null`);
  if (filter.placesLeft) conditions.push(sql`coalesce(b.booked, 0) < s.capacity`);
  const where = sql.join(conditions, sql` and `);
  const from = sql`from course_sessions s
    join courses c on c.id = s.course_id
    left join organisations a on a.id = s.audience_organisation_id
    left join people t on t.id = s.trainer_person_id
    left join lateral (
      select count(*) filter (where status in ('booked', 'attended', 'absent')) as booked,
        count(*) filter (where status = 'waitlisted') as waiting
      from bookings where session_id = s.id
    ) b on true`;
  const count = await queryOne<{ total: number }>(db, sql`select count(*)::int as total ${from} where ${where}`);
  // A page past the end is the last page.
  const page = pageShown(filter.page ?? 1, count?.total ?? 0, pageSize);
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
    booking_opens_at: string | null;
    booking_closes_at: string | null;
    audience_organisation_name: string | null;
    trainer_name: string | null;
    booking_closes_working_days: number;
  }>(
    db,
    sql`select s.id, s.course_id, c.title as course_title, s.starts_at::text, s.ends_at::text, s.venue,
          s.joining_link is not null as online, s.capacity,
          coalesce(b.booked, 0)::int as booked, coalesce(b.waiting, 0)::int as waiting,
          s.booking_opens_at::text, s.booking_closes_at::text, c.booking_closes_working_days,
          a.name as audience_organisation_name,
          t.given_name || ' ' || t.family_name as trainer_name
        ${from}
        where ${where}
        order by s.starts_at, s.id
        limit ${pageSize} offset ${(page - 1) * pageSize}`,
  );
  const holidays = await bankHolidaySet(db);
  // The cut-off that applies: the course's working days before, or the session's own when earlier.
  const closesAt = (r: (typeof rows)[number]) =>
    cancellationCutOff(
      {
        startsAt: r.starts_at,
        bookingClosesAt: r.booking_closes_at,
        bookingClosesWorkingDays: r.booking_closes_working_days,
      },
      holidays,
    ).toISOString();
  return {
    rows: rows.map((r) => ({
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
      bookingOpensAt: r.booking_opens_at,
      bookingClosesAt: closesAt(r),
      audienceOrganisationName: r.audience_organisation_name,
      trainerName: r.trainer_name,
      bookingWindow: bookingWindowState(
        { startsAt: r.starts_at, bookingOpensAt: r.booking_opens_at, bookingClosesAt: closesAt(r) },
        now,
      ),
    })),
    total: count?.total ?? 0,
    page,
    pageSize,
  };
}
