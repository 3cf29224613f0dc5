import { type SQL, sql } from "drizzle-orm";
import { readInBatches } from "../../db/batches";
import { type Database, queryOne, queryRows } from "../../db/database";
import { pageShown } from "../../lib/pagination";
import type { SessionStatus } from "../../db/schema";

export interface SessionFilter {
  /** Upcoming: not started yet, soonest first. Past: started, latest first. All: upcoming, then past. */
  when?: "upcoming" | "past" | "all";
  courseId?: number;
  /** Only the sessions this person runs (a trainer's own list). */
  trainerPersonId?: number;
  sessionId?: number;
  /** With "past": only sessions that started at or after this instant (recent ones). */
  since?: Date;
  status?: SessionStatus;
  page?: number;
  /** Rows a page; 0 for every row (the CSV export). */
  pageSize?: number;
}

export interface SessionListItem {
  id: number;
  courseId: number;
  courseCode: string;
  courseTitle: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  joiningLink: string | null;
  online: boolean;
  capacity: number;
  trainerPersonId: number | null;
  trainerName: string | null;
  bookingOpensAt: string | null;
  bookingClosesAt: string | null;
  audienceOrganisationId: number | null;
  audienceOrganisationName: string | null;
  status: SessionStatus;
  seriesId: string | null;
  notes: string | null;
  cancelReason: string | null;
  calendarSequence: number;
  /** Places taken: booked, attended or absent. */
  booked: number;
  waiting: number;
  attended: number;
  noShows: number;
  /** booked / capacity, from 0 (a walk-in may take it past 1). */
  fillRate: number;
  started: boolean;
}

type SessionSqlRow = {
  id: number;
  course_id: number;
  course_code: string;
  course_title: string;
  starts_at: string;
  ends_at: string;
  venue: string | null;
  joining_link: string | null;
  capacity: number;
  trainer_person_id: number | null;
  trainer_name: string | null;
  booking_opens_at: string | null;
  booking_closes_at: string | null;
  audience_organisation_id: number | null;
  audience_organisation_name: string | null;
  status: SessionStatus;
  series_id: string | null;
  notes: string | null;
  cancel_reason: string | null;
  calendar_sequence: number;
  booked: number;
  waiting: number;
  attended: number;
  no_shows: number;
  started: boolean;
};

/** The filter's condition, order and columns over course_sessions s (with each session's fill). */
function sessionsSql(filter: SessionFilter, now: Date): { where: SQL; order: SQL; select: SQL } {
  const at = now.toISOString();
  const when = filter.when ?? "all";
  const conditions: SQL[] = [sql`true`];
  if (when === "upcoming") conditions.push(sql`s.starts_at > ${at}::timestamptz`);
  if (when === "past") conditions.push(sql`s.starts_at <= ${at}::timestamptz`);
  if (filter.since) conditions.push(sql`s.starts_at >= ${filter.since.toISOString()}::timestamptz`);
  if (filter.courseId !== undefined) conditions.push(sql`s.course_id = ${filter.courseId}`);
  if (filter.trainerPersonId !== undefined) conditions.push(sql`s.trainer_person_id = ${filter.trainerPersonId}`);
  if (filter.sessionId !== undefined) conditions.push(sql`s.id = ${filter.sessionId}`);
  if (filter.status !== undefined) conditions.push(sql`s.status = ${filter.status}`);
  const where = sql.join(conditions, sql` and `);
  const order =
    when === "upcoming"
      ? sql`s.starts_at, s.id`
      : when === "past"
        ? sql`s.starts_at desc, s.id desc`
        : sql`(s.starts_at <= ${at}::timestamptz), case when s.starts_at > ${at}::timestamptz then s.starts_at end, s.starts_at desc, s.id`;
  const select = sql`select s.id, s.course_id, c.code as course_code, c.title as course_title,
          s.starts_at::text, s.ends_at::text, s.venue, s.joining_link, s.capacity, s.trainer_person_id,
          t.given_name || ' ' || t.family_name as trainer_name,
          s.booking_opens_at::text, s.booking_closes_at::text, s.audience_organisation_id,
          o.name as audience_organisation_name, s.status, s.series_id, s.notes, s.cancel_reason,
          s.calendar_sequence, coalesce(b.booked, 0)::int as booked, coalesce(b.waiting, 0)::int as waiting,
          coalesce(b.attended, 0)::int as attended, coalesce(b.no_shows, 0)::int as no_shows,
          s.starts_at <= ${at}::timestamptz as started
        from course_sessions s
        join courses c on c.id = s.course_id
        left join people t on t.id = s.trainer_person_id
        left join organisations o on o.id = s.audience_organisation_id
        left join lateral (
          select count(*) filter (where status in ('booked', 'attended', 'absent')) as booked,
                 count(*) filter (where status = 'waitlisted') as waiting,
                 count(*) filter (where status = 'attended') as attended,
                 count(*) filter (where status = 'absent') as no_shows
          from bookings where session_id = s.id
        ) b on true`;
  return { where, order, select };
}

function sessionListItem(r: SessionSqlRow): SessionListItem {
  return {
    id: r.id,
    courseId: r.course_id,
    courseCode: r.course_code,
    courseTitle: r.course_title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
    joiningLink: r.joining_link,
    online: r.joining_link !== null,
    capacity: r.capacity,
    trainerPersonId: r.trainer_person_id,
    trainerName: r.trainer_name,
    bookingOpensAt: r.booking_opens_at,
    bookingClosesAt: r.booking_closes_at,
    audienceOrganisationId: r.audience_organisation_id,
    audienceOrganisationName: r.audience_organisation_name,
    status: r.status,
    seriesId: r.series_id,
    notes: r.notes,
    cancelReason: r.cancel_reason,
    calendarSequence: r.calendar_sequence,
    booked: r.booked,
    waiting: r.waiting,
    attended: r.attended,
    noShows: r.no_shows,
    fillRate: r.capacity > 0 ? r.booked / r.capacity : 0,
    started: r.started,
  };
}

/**
 * Sessions with their fill: places taken against capacity, the waiting list, attendance and
 * no-shows. For the coordinator's list (every session), a trainer's own list, and one session's
 * edit page. Counted in SQL, a page at a time.
 */
export async function listSessions(
  db: Database,
  filter: SessionFilter = {},
  now: Date = new Date(),
): Promise<{ rows: SessionListItem[]; total: number; page: number; pageSize: number }> {
  const { where, order, select } = sessionsSql(filter, now);
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 0), 500);
  const count = await queryOne<{ total: number }>(
    db,
    sql`select count(*)::int as total from course_sessions s where ${where}`,
  );
  // A page past the end is the last page.
  const page = pageShown(filter.page ?? 1, count?.total ?? 0, pageSize);
  const rows = await queryRows<SessionSqlRow>(
    db,
    sql`${select}
        where ${where}
        order by ${order}
        ${pageSize > 0 ? sql`limit ${pageSize} offset ${(page - 1) * pageSize}` : sql``}`,
  );
  return { rows: rows.map(sessionListItem), total: count?.total ?? 0, page, pageSize };
}

/**
 * Every session the filter gives, in the list's order, a batch at a time (readInBatches: a cursor
 * over one snapshot on PostgreSQL; on PGlite pages by offset, as the list's order for "all" has no
 * simple keyset and sessions number thousands, not millions).
 */
export function sessionsExportPages(
  db: Database,
  filter: Omit<SessionFilter, "page" | "pageSize">,
  now: Date = new Date(),
  pageSize = 2000,
): AsyncGenerator<SessionListItem[]> {
  const { where, order, select } = sessionsSql(filter, now);
  return readInBatches<SessionSqlRow, SessionListItem>(
    db,
    (page) =>
      sql`${select} where ${where} order by ${order} ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`,
    { batchSize: pageSize, expand: async (_db, rows) => rows.map(sessionListItem) },
  );
}

/** One session with its fill, or undefined. */
export async function getSessionWithFill(db: Database, sessionId: number, now: Date = new Date()) {
  const { rows } = await listSessions(db, { sessionId }, now);
  return rows[0];
}
