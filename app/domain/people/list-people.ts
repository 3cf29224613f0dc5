import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { readPage } from "../../lib/pagination";
import type { Sector } from "../../db/schema";
import { type PersonScope, personInScopeCondition } from "./scope";
import { personSearchCondition } from "./search";

export interface PeopleFilter {
  search?: string;
  organisationId?: number;
  includeLeavers?: boolean;
  page?: number;
  pageSize?: number;
}

export interface PersonListItem {
  id: number;
  name: string;
  email: string | null;
  jobTitle: string | null;
  organisationName: string;
  sector: Sector;
  profileTags: string[];
  startDate: string;
  leavingDate: string | null;
}

/**
 * People within the caller's scope, searched by name, e-mail or HR number (personSearchCondition:
 * served by the trigram indexes), a page at a time, counted in the same statement.
 */
export async function listPeople(
  db: Database,
  scope: PersonScope,
  filter: PeopleFilter = {},
): Promise<{ rows: PersonListItem[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 200);
  const where = peopleListCondition(scope, filter);
  // A search reads its matches once (through the trigram indexes), then counts and pages them: left
  // to itself the planner would walk the name index for the page and test everyone on the way
  // (200 ms for "smith" among 50,000). Without one, the page walks the name index and the count
  // reads the list, each planned on its own.
  const searching = Boolean(filter.search?.trim());
  // A page past the end is the last page (readPage reads it again).
  return readPage(filter.page ?? 1, pageSize, (slice) => readPeoplePage(db, where, searching, slice));
}

async function readPeoplePage(
  db: Database,
  where: SQL,
  searching: boolean,
  slice: { offset: number; limit: number },
): Promise<{ rows: PersonListItem[]; total: number }> {
  const result = await queryOne<{ total: number; rows: string }>(
    db,
    sql`with matched as ${sql.raw(searching ? "materialized" : "not materialized")} (
          select p.id, p.given_name || ' ' || p.family_name as name, p.email, p.job_title,
            o.name as organisation_name, o.sector, p.profile_tags, p.start_date::text, p.leaving_date::text,
            lower(p.family_name) as family_key, lower(p.given_name) as given_key
          from people p join organisations o on o.id = p.organisation_id
          where ${where}
        )
        select (select count(*)::int from matched) as total,
          coalesce((select json_agg(listed) from (
            select id, name, email, job_title, organisation_name, sector, profile_tags, start_date, leaving_date
            from matched order by family_key, given_key, id
            limit ${slice.limit} offset ${slice.offset}) listed), '[]')::text as rows`,
  );
  const listed = JSON.parse(result!.rows) as Array<{
    id: number;
    name: string;
    email: string | null;
    job_title: string | null;
    organisation_name: string;
    sector: Sector;
    profile_tags: string[];
    start_date: string;
    leaving_date: string | null;
  }>;
  return {
    rows: listed.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      jobTitle: r.job_title,
      organisationName: r.organisation_name,
      sector: r.sector,
      profileTags: r.profile_tags,
      startDate: r.start_date,
      leavingDate: r.leaving_date,
    })),
    total: result?.total ?? 0,
  };
}

/**
 * The people list's filters within a scope, as a condition on `people p join organisations o`
 * (the list and its CSV export share it, so the file holds the people the page lists).
 */
export function peopleListCondition(scope: PersonScope, filter: Omit<PeopleFilter, "page" | "pageSize">): SQL {
  const conditions = [
    personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` }),
  ];
  if (!filter.includeLeavers) conditions.push(sql`(p.leaving_date is null or p.leaving_date > current_date)`);
  if (filter.search?.trim()) conditions.push(personSearchCondition(filter.search, sql`p`));
  if (filter.organisationId !== undefined) {
    conditions.push(sql`o.path like (select path from organisations where id = ${filter.organisationId}) || '%'`);
  }
  return sql.join(conditions, sql` and `);
}
