import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { bookedLateralSql } from "./booked-query";
import type { ComplianceStatus } from "./compliance-query";
import { type ComplianceQueryBase, complianceSource } from "./compliance-source";

export interface ComplianceExportQuery extends Omit<ComplianceQueryBase, "requirementIds"> {
  requirementId?: number;
  /** Only rows in this status. */
  status?: ComplianceStatus;
}

/** One line of the export: a person and a requirement that applies to them. */
export interface ComplianceExportRow {
  personId: number;
  name: string;
  email: string | null;
  jobTitle: string | null;
  externalRef: string | null;
  organisationName: string;
  requirementName: string;
  status: ComplianceStatus;
  dueOn: string | null;
  completedOn: string | null;
  courseTitle: string | null;
  /** The London date of the soonest booked session that would satisfy it. */
  bookedOn: string | null;
}

/**
 * The team's compliance as lines of person × requirement, for a spreadsheet: the same people and
 * filters as the matrix, in name order, in one statement.
 */
export async function complianceExportRows(db: Database, query: ComplianceExportQuery): Promise<ComplianceExportRow[]> {
  const { rows, withBookings, now } = complianceSource({
    ...query,
    requirementIds: query.requirementId !== undefined ? [query.requirementId] : undefined,
  });
  const result = await queryOne<{ rows: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(p.id, p.given_name || ' ' || p.family_name, p.email,
          p.job_title, p.external_ref, o.name, r.name, cr.status, cr.due_on, cr.completed_on, c.title,
          ${withBookings ? sql`(bk.booked_starts_at at time zone 'Europe/London')::date::text` : sql`null`})
          order by lower(p.family_name), lower(p.given_name), p.id, lower(r.name), r.id), '[]')::text as rows
        from (${rows}) cr
        join people p on p.id = cr.person_id
        join organisations o on o.id = p.organisation_id
        join requirements r on r.id = cr.requirement_id
        left join courses c on c.id = cr.course_id
        ${withBookings ? sql`left join ${bookedLateralSql("cr", now)} bk on true` : sql``}
        ${query.status ? sql`where cr.status = ${query.status}` : sql``}`,
  );
  const packed = JSON.parse(result?.rows ?? "[]") as Array<
    [
      number,
      string,
      string | null,
      string | null,
      string | null,
      string,
      string,
      ComplianceStatus,
      string | null,
      string | null,
      string | null,
      string | null,
    ]
  >;
  return packed.map((r) => ({
    personId: r[0],
    name: r[1],
    email: r[2],
    jobTitle: r[3],
    externalRef: r[4],
    organisationName: r[5],
    requirementName: r[6],
    status: r[7],
    dueOn: r[8],
    completedOn: r[9],
    courseTitle: r[10],
    bookedOn: r[11],
  }));
}
