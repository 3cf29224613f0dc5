import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { readPage } from "../../lib/pagination";
import type { Sector } from "../../db/schema";
import { employedOnCondition } from "../kept-coverage/audience";
import { organisationAncestry } from "../organisations/create-organisation";
import type { PersonScope } from "../people/scope";
import { type CoverageCell, cell, coverageRowsSql, scopeCondition } from "./coverage-sql";
import { resolveMeasures } from "./resolve-measures";

export interface OrganisationCoverageRow {
  organisationId: number;
  name: string;
  kind: string;
  /** Every live requirement that applies to its people (person × requirement). */
  all: CoverageCell;
  /** Frontline Prevent awareness (the council headline's requirements), people once each. */
  frontline: CoverageCell;
}

/** A person's standing across the requirements that apply to them on the date. */
export type PersonStanding = "not_up_to_date" | "expiring" | "up_to_date" | "not_yet_due" | "none_apply";

export interface OrganisationPersonRow {
  personId: number;
  name: string;
  jobTitle: string | null;
  /** Requirements that apply (not counting those a new starter is not yet due for). */
  applicable: number;
  current: number;
  standing: PersonStanding;
  /** The soonest date a current completion stops counting. */
  nextRenewal: string | null;
}

export interface OrganisationCoverage {
  organisation: { id: number; name: string; kind: string; sector: Sector; parentId: number | null };
  ancestry: Array<{ id: number; name: string; kind: string }>;
  onDate: string;
  /** The whole subtree, rolled up. */
  total: { all: CoverageCell; frontline: CoverageCell };
  children: OrganisationCoverageRow[];
  /** People attached to this organisation itself (not to one of its children), a page at a time. */
  people: { total: number; page: number; pageSize: number; rows: OrganisationPersonRow[] };
}

/**
 * One organisation's coverage on a date, within the caller's scope: its figures rolled up
 * through the tree (a subtree is a prefix of organisations.path), each child organisation's
 * figures, and the people attached to it directly. Undefined when the organisation does not
 * exist or has nobody in the caller's scope, so its id reveals nothing.
 */
export async function organisationCoverage(
  db: Database,
  scope: PersonScope,
  organisationId: number,
  onDate: string,
  options: { page?: number; pageSize?: number } = {},
): Promise<OrganisationCoverage | undefined> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 25, 1), 200);
  const measures = await resolveMeasures(db);
  const frontlineIds = measures.council_frontline.requirementIds;

  const org = await queryOne<{
    id: number;
    name: string;
    kind: string;
    sector: Sector;
    parent_id: number | null;
    path: string;
    depth: number;
    in_scope: boolean;
  }>(
    db,
    sql`select org.id, org.name, org.kind::text as kind, org.sector::text as sector, org.parent_id, org.path, org.depth,
          exists (select 1 from people p join organisations o on o.id = p.organisation_id
                  where o.path like org.path || '%' and ${scopeCondition(scope)}) as in_scope
        from organisations org where org.id = ${organisationId}`,
  );
  if (!org?.in_scope) return undefined;

  const inSubtree = sql`o.path like ${org.path} || '%'`;
  // A page of people past the end is the last page (readPage reads it again).
  const read = async (slice: { offset: number; limit: number }) => {
    const result = await queryOne<{
      groups: Array<{ child_id: number | null; requirement_id: number; applicable: number; current_count: number }>;
      people_total: number;
      people: Array<{
        person_id: number;
        name: string;
        job_title: string | null;
        applicable: number;
        current_count: number;
        not_yet_due: number;
        expiring: number;
        next_renewal: string | null;
      }>;
    }>(
      db,
      sql`with cr as materialized (${coverageRowsSql({ onDate, scope, personCondition: inSubtree })}),
    direct as (
      select p.id, p.given_name, p.family_name, p.job_title
      from people p join organisations o on o.id = p.organisation_id
      where p.organisation_id = ${org.id} and ${employedOnCondition("p", onDate)} and ${scopeCondition(scope)}
    )
    select
      coalesce((select json_agg(g) from (
        select case when org_depth > ${org.depth} then split_part(org_path, '.', ${org.depth + 2})::int end as child_id,
          requirement_id,
          count(*) filter (where status <> 'not_yet_due')::int as applicable,
          count(*) filter (where status in ('current', 'expiring'))::int as current_count
        from cr group by 1, 2) g), '[]'::json) as groups,
      (select count(*)::int from direct) as people_total,
      coalesce((select json_agg(x order by x.sort_name, x.person_id) from (
        select d.id as person_id, d.given_name || ' ' || d.family_name as name,
          lower(d.family_name || ' ' || d.given_name) as sort_name, d.job_title,
          count(cr.requirement_id) filter (where cr.status <> 'not_yet_due')::int as applicable,
          count(cr.requirement_id) filter (where cr.status in ('current', 'expiring'))::int as current_count,
          count(cr.requirement_id) filter (where cr.status = 'not_yet_due')::int as not_yet_due,
          count(cr.requirement_id) filter (where cr.status = 'expiring')::int as expiring,
          min(cr.valid_until) filter (where cr.status in ('current', 'expiring')) as next_renewal
        from direct d left join cr on cr.person_id = d.id
        group by d.id, d.given_name, d.family_name, d.job_title
        order by lower(d.family_name || ' ' || d.given_name), d.id
        limit ${slice.limit} offset ${slice.offset}) x), '[]'::json) as people`,
    );
    return { total: result?.people_total ?? 0, result };
  };
  const { result, page } = await readPage(options.page ?? 1, pageSize, read);
  const groups = result?.groups ?? [];
  const childIds = [...new Set(groups.map((g) => g.child_id).filter((id): id is number => id !== null))];
  const children = await childOrganisations(db, org.id);
  const sum = (include: (g: (typeof groups)[number]) => boolean) => {
    let applicable = 0;
    let current = 0;
    for (const g of groups) {
      if (!include(g)) continue;
      applicable += g.applicable;
      current += g.current_count;
    }
    return cell(applicable, current);
  };
  return {
    organisation: { id: org.id, name: org.name, kind: org.kind, sector: org.sector, parentId: org.parent_id },
    ancestry: (await organisationAncestry(db, org.id)).map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    onDate,
    total: { all: sum(() => true), frontline: sum((g) => frontlineIds.includes(g.requirement_id)) },
    children: children
      .filter((c) => childIds.includes(c.id))
      .map((c) => ({
        organisationId: c.id,
        name: c.name,
        kind: c.kind,
        all: sum((g) => g.child_id === c.id),
        frontline: sum((g) => g.child_id === c.id && frontlineIds.includes(g.requirement_id)),
      })),
    people: {
      total: result?.people_total ?? 0,
      page,
      pageSize,
      rows: (result?.people ?? []).map((p) => ({
        personId: p.person_id,
        name: p.name,
        jobTitle: p.job_title,
        applicable: p.applicable,
        current: p.current_count,
        standing: standingOf(p),
        nextRenewal: p.next_renewal,
      })),
    },
  };
}

function standingOf(p: {
  applicable: number;
  current_count: number;
  not_yet_due: number;
  expiring: number;
}): PersonStanding {
  if (p.applicable === 0) return p.not_yet_due > 0 ? "not_yet_due" : "none_apply";
  if (p.current_count < p.applicable) return "not_up_to_date";
  if (p.expiring > 0) return "expiring";
  return "up_to_date";
}

async function childOrganisations(db: Database, parentId: number) {
  return queryRows<{ id: number; name: string; kind: string }>(
    db,
    sql`select id, name, kind::text as kind from organisations where parent_id = ${parentId} order by name, id`,
  );
}
