import { type SQL, sql } from "drizzle-orm";
import { readInBatches } from "../../db/batches";
import { type Database, queryRows } from "../../db/database";
import { bookedLateralSql } from "./booked-query";
import type { ComplianceStatus } from "./compliance-query";
import { type ComplianceQueryBase, compliancePersonCondition, complianceSource } from "./compliance-source";

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
 * People read at a time (about 1.4 lines a person), each batch's statuses worked out together:
 * the first batch small, so the first lines leave soon; then doubling up to 2,000, so that what a
 * batch holds (its lines three times over: the rows read, the lines, the CSV text) is the same
 * for 50,000 people as for a team of 5,000, whose batches never grow past it (issue 22: memory flat
 * whatever the export's size). Larger batches cost less a person, but not much: 50,000 people on
 * PostgreSQL (load ~2) took 1.6 s in all with batches up to 16,000, 2.0 s up to 2,000, 2.7 s up
 * to 1,000; the peak memory of the process grew 94, 51 and 40 MiB.
 */
const PEOPLE_PER_BATCH = { first: 500, growTo: 2000 };

type PersonKey = { id: number; family_key: string; given_key: string };

function requirementIdsOf(query: ComplianceExportQuery): number[] | undefined {
  return query.requirementId !== undefined ? [query.requirementId] : undefined;
}

/** The lines of these people (all of them in scope), in name order then requirement name. */
async function linesOf(
  db: Database,
  query: ComplianceExportQuery,
  personIds: number[],
): Promise<ComplianceExportRow[]> {
  const { rows, withBookings, now } = complianceSource({
    ...query,
    personIds,
    requirementIds: requirementIdsOf(query),
  });
  const lines = await queryRows<{
    person_id: number;
    name: string;
    email: string | null;
    job_title: string | null;
    external_ref: string | null;
    organisation_name: string;
    requirement_name: string;
    status: ComplianceStatus;
    due_on: string | null;
    completed_on: string | null;
    course_title: string | null;
    booked_on: string | null;
  }>(
    db,
    sql`select p.id as person_id, p.given_name || ' ' || p.family_name as name, p.email, p.job_title,
          p.external_ref, o.name as organisation_name, r.name as requirement_name, cr.status::text as status,
          cr.due_on::text as due_on, cr.completed_on::text as completed_on, c.title as course_title,
          ${withBookings ? sql`(bk.booked_starts_at at time zone 'Europe/London')::date::text` : sql`null::text`} as booked_on
        from (${rows}) cr
        join people p on p.id = cr.person_id
        join organisations o on o.id = p.organisation_id
        join requirements r on r.id = cr.requirement_id
        left join courses c on c.id = cr.course_id
        ${withBookings ? sql`left join ${bookedLateralSql("cr", now)} bk on true` : sql``}
        ${query.status ? sql`where cr.status = ${query.status}` : sql``}
        order by lower(p.family_name), lower(p.given_name), p.id, lower(r.name), r.id`,
  );
  return lines.map((r) => ({
    personId: r.person_id,
    name: r.name,
    email: r.email,
    jobTitle: r.job_title,
    externalRef: r.external_ref,
    organisationName: r.organisation_name,
    requirementName: r.requirement_name,
    status: r.status,
    dueOn: r.due_on,
    completedOn: r.completed_on,
    courseTitle: r.course_title,
    bookedOn: r.booked_on,
  }));
}

/**
 * The team's compliance as lines of person × requirement, for a spreadsheet: the same people and
 * filters as the matrix, in name order, a batch at a time. The people in scope are read in name
 * order (the name index) and each batch's statuses worked out together, so the first lines are
 * ready long before the last person's, and only a batch is held (readInBatches: one snapshot on
 * PostgreSQL).
 */
export function complianceExportBatches(
  db: Database,
  query: ComplianceExportQuery,
  peoplePerBatch: { first: number; growTo: number } = PEOPLE_PER_BATCH,
): AsyncGenerator<ComplianceExportRow[]> {
  const people = (page: { after: PersonKey | null; limit: number } | null): SQL => {
    const after = page?.after;
    return sql`select p.id, lower(p.family_name) as family_key, lower(p.given_name) as given_key
      from people p join organisations o on o.id = p.organisation_id
      where ${compliancePersonCondition(query)}
        ${after ? sql`and (lower(p.family_name), lower(p.given_name), p.id) > (${after.family_key}, ${after.given_key}, ${after.id})` : sql``}
      order by lower(p.family_name), lower(p.given_name), p.id
      ${page ? sql`limit ${page.limit}` : sql``}`;
  };
  return readInBatches<PersonKey, ComplianceExportRow>(db, people, {
    batchSize: peoplePerBatch.first,
    growTo: peoplePerBatch.growTo,
    expand: (snapshot, batch) =>
      linesOf(
        snapshot,
        query,
        batch.map((p) => p.id),
      ),
  });
}

/** Every line at once (for a test or a small team). */
export async function complianceExportRows(db: Database, query: ComplianceExportQuery): Promise<ComplianceExportRow[]> {
  const lines: ComplianceExportRow[] = [];
  for await (const batch of complianceExportBatches(db, query)) lines.push(...batch);
  return lines;
}
