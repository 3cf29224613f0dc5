import { type SQL, sql } from "drizzle-orm";
import { type OrderedQuery, readInBatches } from "../../db/batches";
import type { Database } from "../../db/database";
import type { BookingStatus, SessionStatus } from "../../db/schema";

/** Which bookings to export: those on the sessions the sessions list shows with the same filters. */
export interface BookingsExportFilter {
  when?: "upcoming" | "past" | "all";
  courseId?: number;
}

/** One line of the bookings export: a booking, its session and its person. Times are London's. */
export interface BookingExportRow {
  id: number;
  sessionId: number;
  courseCode: string;
  courseTitle: string;
  /** YYYY-MM-DD HH:MM, London. */
  sessionStartsAt: string;
  venue: string | null;
  sessionStatus: SessionStatus;
  employeeNumber: string | null;
  givenName: string;
  familyName: string;
  email: string | null;
  organisationName: string;
  status: BookingStatus;
  bookedAt: string;
  waitlistedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  lateCancellation: boolean;
  walkIn: boolean;
  attendanceMarkedAt: string | null;
}

/** Rows read from the database at a time. */
export const EXPORT_PAGE_SIZE = 2000;

function exportCondition(filter: BookingsExportFilter, now: Date): SQL {
  const at = now.toISOString();
  const parts: SQL[] = [sql`true`];
  if (filter.when === "upcoming") parts.push(sql`s.starts_at > ${at}::timestamptz`);
  if (filter.when === "past") parts.push(sql`s.starts_at <= ${at}::timestamptz`);
  if (filter.courseId !== undefined) parts.push(sql`s.course_id = ${filter.courseId}`);
  return sql.join(parts, sql` and `);
}

const london = (column: SQL) => sql`to_char(${column} at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI')`;

type BookingExportSqlRow = {
  id: number;
  session_id: number;
  course_code: string;
  course_title: string;
  starts_at: string;
  venue: string | null;
  session_status: SessionStatus;
  external_ref: string | null;
  given_name: string;
  family_name: string;
  email: string | null;
  organisation_name: string;
  status: BookingStatus;
  booked_at: string;
  waitlisted_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  late_cancellation: boolean;
  walk_in: boolean;
  attendance_marked_at: string | null;
};

/**
 * Every booking (cancelled and waiting-list ones too) on the sessions matching the filters, in the
 * order they were made, a page at a time (readInBatches: a cursor over one snapshot on
 * PostgreSQL, keyset pages on the booking id on PGlite), so a long history is never held at once.
 */
export function bookingsExportPages(
  db: Database,
  filter: BookingsExportFilter,
  now: Date = new Date(),
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<BookingExportRow[]> {
  const query: OrderedQuery<BookingExportSqlRow> = (page) =>
    sql`select b.id, s.id as session_id, c.code as course_code, c.title as course_title,
          ${london(sql`s.starts_at`)} as starts_at, s.venue, s.status::text as session_status,
          p.external_ref, p.given_name, p.family_name, p.email, o.name as organisation_name,
          b.status::text as status, ${london(sql`b.created_at`)} as booked_at,
          ${london(sql`b.waitlisted_at`)} as waitlisted_at, ${london(sql`b.cancelled_at`)} as cancelled_at,
          b.cancel_reason, b.late_cancellation, b.walk_in,
          ${london(sql`b.attendance_marked_at`)} as attendance_marked_at
        from bookings b
        join course_sessions s on s.id = b.session_id
        join courses c on c.id = s.course_id
        join people p on p.id = b.person_id
        join organisations o on o.id = p.organisation_id
        where ${exportCondition(filter, now)} ${page?.after ? sql`and b.id > ${page.after.id}` : sql``}
        order by b.id
        ${page ? sql`limit ${page.limit}` : sql``}`;
  return readInBatches(db, query, {
    batchSize: pageSize,
    expand: async (_db, rows) =>
      rows.map((r) => ({
        id: r.id,
        sessionId: r.session_id,
        courseCode: r.course_code,
        courseTitle: r.course_title,
        sessionStartsAt: r.starts_at,
        venue: r.venue,
        sessionStatus: r.session_status,
        employeeNumber: r.external_ref,
        givenName: r.given_name,
        familyName: r.family_name,
        email: r.email,
        organisationName: r.organisation_name,
        status: r.status,
        bookedAt: r.booked_at,
        waitlistedAt: r.waitlisted_at,
        cancelledAt: r.cancelled_at,
        cancelReason: r.cancel_reason,
        lateCancellation: r.late_cancellation,
        walkIn: r.walk_in,
        attendanceMarkedAt: r.attendance_marked_at,
      })),
  });
}
