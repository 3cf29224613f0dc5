import { sql } from "drizzle-orm";
import { type OrderedQuery, readInBatches } from "../../db/batches";
import type { Database } from "../../db/database";
import type { EmploymentType, Sector } from "../../db/schema";
import { type PeopleFilter, peopleListCondition } from "./list-people";
import type { PersonScope } from "./scope";

export type PeopleExportFilter = Omit<PeopleFilter, "page" | "pageSize">;

/** One line of the people export. */
export interface PersonExportRow {
  id: number;
  employeeNumber: string | null;
  givenName: string;
  familyName: string;
  email: string | null;
  organisationName: string;
  sector: Sector;
  lineManagerName: string | null;
  lineManagerEmployeeNumber: string | null;
  jobTitle: string | null;
  employmentType: EmploymentType;
  tags: string[];
  startDate: string;
  leavingDate: string | null;
}

/** Rows read from the database at a time. */
export const EXPORT_PAGE_SIZE = 1000;

type PersonExportSqlRow = {
  id: number;
  external_ref: string | null;
  given_name: string;
  family_name: string;
  email: string | null;
  organisation_name: string;
  sector: Sector;
  manager_name: string | null;
  manager_ref: string | null;
  job_title: string | null;
  employment_type: EmploymentType;
  profile_tags: string[];
  start_date: string;
  leaving_date: string | null;
  family_key: string;
  given_key: string;
};

/**
 * The people list's people with their HR details, in its order (family name, given name), a page
 * at a time (readInBatches: a cursor over one snapshot on PostgreSQL, keyset pages on the order's
 * columns on PGlite), so a 50,000-person export holds one page.
 */
export function peopleExportPages(
  db: Database,
  scope: PersonScope,
  filter: PeopleExportFilter,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<PersonExportRow[]> {
  const query: OrderedQuery<PersonExportSqlRow> = (page) => {
    const after = page?.after;
    return sql`select p.id, p.external_ref, p.given_name, p.family_name, p.email, o.name as organisation_name,
          o.sector::text as sector, m.given_name || ' ' || m.family_name as manager_name,
          m.external_ref as manager_ref, p.job_title, p.employment_type::text as employment_type,
          p.profile_tags, p.start_date::text as start_date, p.leaving_date::text as leaving_date,
          lower(p.family_name) as family_key, lower(p.given_name) as given_key
        from people p
        join organisations o on o.id = p.organisation_id
        left join people m on m.id = p.line_manager_id
        where ${peopleListCondition(scope, filter)}
          ${
            after
              ? sql`and (lower(p.family_name), lower(p.given_name), p.id) > (${after.family_key}, ${after.given_key}, ${after.id})`
              : sql``
          }
        order by lower(p.family_name), lower(p.given_name), p.id
        ${page ? sql`limit ${page.limit}` : sql``}`;
  };
  return readInBatches(db, query, {
    batchSize: pageSize,
    expand: async (_db, rows) =>
      rows.map((r) => ({
        id: r.id,
        employeeNumber: r.external_ref,
        givenName: r.given_name,
        familyName: r.family_name,
        email: r.email,
        organisationName: r.organisation_name,
        sector: r.sector,
        lineManagerName: r.manager_name,
        lineManagerEmployeeNumber: r.manager_ref,
        jobTitle: r.job_title,
        employmentType: r.employment_type,
        tags: r.profile_tags,
        startDate: r.start_date,
        leavingDate: r.leaving_date,
      })),
  });
}
