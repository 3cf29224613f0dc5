import { type SQL, sql } from "drizzle-orm";
import { type OrderedQuery, readInBatches } from "../../db/batches";
import type { Database } from "../../db/database";
import type { CompletionSource } from "../../db/schema";
import { type PersonScope, personInScopeCondition } from "../people/scope";

/** Which completions to export: those of people in scope, completed within the dates when given. */
export interface CompletionsExportFilter {
  completedFrom?: string;
  completedTo?: string;
}

/** One line of the completions export; revoked completions are included and marked. */
export interface CompletionExportRow {
  id: number;
  personId: number;
  employeeNumber: string | null;
  givenName: string;
  familyName: string;
  organisationName: string;
  courseCode: string;
  courseTitle: string;
  completedOn: string;
  expiresOn: string | null;
  source: CompletionSource;
  certificateCode: string;
  /** The London date it was revoked on. */
  revokedOn: string | null;
  revokeReason: string | null;
}

/** Rows read from the database at a time. */
export const EXPORT_PAGE_SIZE = 2000;

function exportCondition(scope: PersonScope, filter: CompletionsExportFilter): SQL {
  const parts: SQL[] = [
    personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` }),
  ];
  if (filter.completedFrom) parts.push(sql`cp.completed_on >= ${filter.completedFrom}::date`);
  if (filter.completedTo) parts.push(sql`cp.completed_on <= ${filter.completedTo}::date`);
  return sql.join(parts, sql` and `);
}

type CompletionExportSqlRow = {
  id: number;
  person_id: number;
  external_ref: string | null;
  given_name: string;
  family_name: string;
  organisation_name: string;
  course_code: string;
  course_title: string;
  completed_on: string;
  expires_on: string | null;
  source: CompletionSource;
  certificate_code: string;
  revoked_on: string | null;
  revoke_reason: string | null;
};

/**
 * The completions of the people in scope, in the order they were recorded, a page at a time
 * (readInBatches: a cursor over one snapshot on PostgreSQL, keyset pages on the completion id on
 * PGlite): a million completions are never held together.
 */
export function completionsExportPages(
  db: Database,
  scope: PersonScope,
  filter: CompletionsExportFilter,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<CompletionExportRow[]> {
  const query: OrderedQuery<CompletionExportSqlRow> = (page) =>
    sql`select cp.id::int as id, p.id as person_id, p.external_ref, p.given_name, p.family_name,
          o.name as organisation_name, c.code as course_code, c.title as course_title,
          cp.completed_on::text as completed_on, cp.expires_on::text as expires_on, cp.source::text as source,
          cp.certificate_code, to_char(cp.revoked_at at time zone 'Europe/London', 'YYYY-MM-DD') as revoked_on,
          cp.revoke_reason
        from completions cp
        join people p on p.id = cp.person_id
        join organisations o on o.id = p.organisation_id
        join courses c on c.id = cp.course_id
        where ${exportCondition(scope, filter)} ${page?.after ? sql`and cp.id > ${page.after.id}` : sql``}
        order by cp.id
        ${page ? sql`limit ${page.limit}` : sql``}`;
  return readInBatches(db, query, {
    batchSize: pageSize,
    expand: async (_db, rows) =>
      rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        employeeNumber: r.external_ref,
        givenName: r.given_name,
        familyName: r.family_name,
        organisationName: r.organisation_name,
        courseCode: r.course_code,
        courseTitle: r.course_title,
        completedOn: r.completed_on,
        expiresOn: r.expires_on,
        source: r.source,
        certificateCode: r.certificate_code,
        revokedOn: r.revoked_on,
        revokeReason: r.revoke_reason,
      })),
  });
}
