import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { bookedLateralSql } from "./booked-query";
import type { ComplianceStatus } from "./compliance-query";
import { type ComplianceQueryBase, complianceSource } from "./compliance-source";

/** A person's standing against one requirement that applies to them, on a date. */
export interface ComplianceRow {
  personId: number;
  requirementId: number;
  status: ComplianceStatus;
  /**
   * Current or expiring: when it runs out (renew by); null when it never does. Missing or not yet
   * due: start date + N days. Expired: when it expired.
   */
  dueOn: string | null;
  /** The completion that counts (the one valid longest), if any, even when expired. */
  completion: { id: number; courseId: number; completedOn: string; validUntil: string | null } | null;
  /** The soonest future booked place on one of the requirement's courses, when the date is today or later. */
  booked: { bookingId: number; sessionId: number; courseId: number; startsAt: string } | null;
}

export type ComplianceQuery = ComplianceQueryBase;

type PackedRow = [
  number,
  number,
  ComplianceStatus,
  string | null,
  number | null,
  number | null,
  string | null,
  string | null,
  number | null,
  number | null,
  number | null,
  string | null,
];

/**
 * The compliance engine: for the people asked about (within the caller's scope) and every live
 * requirement that applies to each, their status on the date, in one SQL statement whatever the
 * number of people. The rows come back as one JSON value (handing tens of thousands of rows to
 * JavaScript one by one costs more than the query in PGlite), ordered by person then requirement.
 */
export async function complianceFor(db: Database, query: ComplianceQuery): Promise<ComplianceRow[]> {
  const { rows, withBookings, now } = complianceSource(query);
  const result = await queryOne<{ rows: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(cr.person_id, cr.requirement_id, cr.status, cr.due_on,
          cr.completion_id, cr.course_id, cr.completed_on, cr.valid_until,
          ${withBookings ? sql`bk.booking_id, bk.session_id, bk.booked_course_id, bk.booked_starts_at::text` : sql`null, null, null, null`})
          order by cr.person_id, cr.requirement_id), '[]')::text as rows
        from (${rows}) cr
        ${withBookings ? sql`left join ${bookedLateralSql("cr", now)} bk on true` : sql``}`,
  );
  const packed = JSON.parse(result?.rows ?? "[]") as PackedRow[];
  return packed.map((r) => ({
    personId: r[0],
    requirementId: r[1],
    status: r[2],
    dueOn: r[3],
    completion: r[4] === null ? null : { id: r[4], courseId: r[5]!, completedOn: r[6]!, validUntil: r[7] },
    booked: r[8] === null ? null : { bookingId: r[8], sessionId: r[9]!, courseId: r[10]!, startsAt: r[11]! },
  }));
}
