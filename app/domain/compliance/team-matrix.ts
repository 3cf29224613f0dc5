import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { bringPersonRequirementsUpToDate, keptStatusRowsSql } from "../coverage/kept-coverage";
import { bookedLateralSql } from "./booked-query";
import { type ComplianceStatus, statusSeveritySql } from "./compliance-query";
import { type ComplianceQueryBase, compliancePersonCondition, complianceSource } from "./compliance-source";

export const MATRIX_SORTS = ["name", "organisation", "status"] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];

export interface TeamMatrixQuery extends Omit<ComplianceQueryBase, "requirementIds"> {
  /** Only this requirement (its column, and the people it applies to). */
  requirementId?: number;
  /** Only people with at least one requirement in this status. */
  status?: ComplianceStatus;
  /** Status ascending is best first (current … missing); descending is worst first. */
  sort?: MatrixSort;
  direction?: "asc" | "desc";
  page?: number;
  pageSize?: number;
}

export interface MatrixCell {
  status: ComplianceStatus;
  dueOn: string | null;
  booked: { sessionId: number; startsAt: string } | null;
}

export interface MatrixRow {
  personId: number;
  name: string;
  jobTitle: string | null;
  organisationId: number;
  organisationName: string;
  worstStatus: ComplianceStatus;
  /** By requirement id; a requirement that does not apply to the person has no cell. */
  cells: Record<number, MatrixCell>;
}

export interface ComplianceSummary {
  /** People with at least one requirement. */
  people: number;
  /** People current (or expiring) on every requirement that applies to them. */
  peopleCurrent: number;
  /** People by their worst status. */
  byWorstStatus: Record<ComplianceStatus, number>;
}

export interface TeamMatrix {
  summary: ComplianceSummary;
  /** The matrix's columns: requirements that apply to someone here, by name, with their figures. */
  requirements: Array<{ id: number; name: string; applies: number; current: number }>;
  rows: MatrixRow[];
  /** People matching the filters, over all pages. */
  total: number;
  page: number;
  pageSize: number;
}

function orderBy(sort: MatrixSort, direction: "asc" | "desc"): SQL {
  const dir = sql.raw(direction === "desc" ? "desc" : "asc");
  const byName = sql`lower(f.family_name) ${dir}, lower(f.given_name) ${dir}, f.person_id ${dir}`;
  switch (sort) {
    case "organisation":
      return sql`lower(f.organisation_name) ${dir}, f.organisation_id ${dir}, lower(f.family_name), lower(f.given_name), f.person_id`;
    case "status":
      return sql`f.worst ${dir}, lower(f.family_name), lower(f.given_name), f.person_id`;
    default:
      return byName;
  }
}

const EMPTY_COUNTS = (): Record<ComplianceStatus, number> => ({
  current: 0,
  expiring: 0,
  expired: 0,
  missing: 0,
  not_yet_due: 0,
});

/**
 * The people × requirements matrix of a team (anyone in the caller's scope, optionally one
 * organisation's subtree), filtered, sorted and paged in SQL, with the team's summary, in one
 * statement that returns one JSON value: only the page's rows leave the database.
 */
export async function teamMatrix(db: Database, query: TeamMatrixQuery): Promise<TeamMatrix> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 25, 1), 500);
  const page = Math.max(query.page ?? 1, 1);
  const requirementIds = query.requirementId !== undefined ? [query.requirementId] : undefined;
  const source = complianceSource({ ...query, requirementIds });
  const { withBookings, now } = source;
  // Today or later (the usual question), statuses come from the kept rows: a coordinator's
  // matrix of 50,000 people would otherwise work out every status from the completions.
  let rows = source.rows;
  if (withBookings) {
    await bringPersonRequirementsUpToDate(db);
    rows = keptStatusRowsSql({ onDate: query.onDate, personCondition: compliancePersonCondition(query), requirementIds });
  }
  const statusFilter = query.status ? sql`bool_or(cr.status = ${query.status})` : sql`true`;
  const result = await queryOne<{ matrix: string }>(
    db,
    // Each row carries its person's name and organisation, joined while the planner still knows
    // how many rows there are (after grouping it guesses a few hundred and looks each one up).
    sql`with cr as materialized (
        select s.person_id, s.requirement_id, s.status, s.due_on, p.given_name, p.family_name, p.job_title,
          o.id as organisation_id, o.name as organisation_name
        from (${rows}) s
        join people p on p.id = s.person_id
        join organisations o on o.id = p.organisation_id
      ),
      per_person as (
        select cr.person_id, cr.given_name, cr.family_name, cr.job_title, cr.organisation_id, cr.organisation_name,
          max(${statusSeveritySql(sql`cr.status`)}) as worst,
          bool_and(cr.status in ('current', 'expiring')) as all_current,
          ${statusFilter} as wanted
        from cr
        group by cr.person_id, cr.given_name, cr.family_name, cr.job_title, cr.organisation_id, cr.organisation_name
      ),
      filtered as (select * from per_person pp where pp.wanted),
      page as (
        select f.*, row_number() over (order by ${orderBy(query.sort ?? "name", query.direction ?? "asc")}) as position
        from (
          select * from filtered f
          order by ${orderBy(query.sort ?? "name", query.direction ?? "asc")}
          limit ${pageSize} offset ${(page - 1) * pageSize}
        ) f
      ),
      cells as (
        select cr.person_id, json_agg(json_build_array(cr.requirement_id, cr.status, cr.due_on,
          ${withBookings ? sql`bk.session_id, bk.booked_starts_at::text` : sql`null, null`})) as cells
        from cr join page on page.person_id = cr.person_id
        ${withBookings ? sql`left join ${bookedLateralSql("cr", now)} bk on true` : sql``}
        group by cr.person_id
      )
      select json_build_object(
        'summary', (select json_build_object(
            'people', count(*),
            'peopleCurrent', count(*) filter (where all_current),
            'worst', json_build_array(
              count(*) filter (where worst = 1), count(*) filter (where worst = 2),
              count(*) filter (where worst = 3), count(*) filter (where worst = 4),
              count(*) filter (where worst = 5)))
          from per_person),
        'requirements', (select coalesce(json_agg(json_build_object('id', r.id, 'name', r.name,
              'applies', x.applies, 'current', x.current) order by lower(r.name), r.id), '[]')
          from (select requirement_id, count(*) as applies,
                  count(*) filter (where status in ('current', 'expiring')) as current
                from cr group by requirement_id) x
          join requirements r on r.id = x.requirement_id),
        'total', (select count(*) from filtered),
        'rows', (select coalesce(json_agg(json_build_array(pg.person_id,
              pg.given_name || ' ' || pg.family_name, pg.job_title, pg.organisation_id,
              pg.organisation_name, pg.worst, c.cells) order by pg.position), '[]')
          from page pg join cells c on c.person_id = pg.person_id)
      )::text as matrix`,
  );
  const parsed = JSON.parse(result!.matrix) as {
    summary: { people: number; peopleCurrent: number; worst: number[] };
    requirements: TeamMatrix["requirements"];
    total: number;
    rows: Array<[number, string, string | null, number, string, number, Array<[number, ComplianceStatus, string | null, number | null, string | null]>]>;
  };
  const bySeverity: ComplianceStatus[] = ["current", "not_yet_due", "expiring", "expired", "missing"];
  const byWorstStatus = EMPTY_COUNTS();
  parsed.summary.worst.forEach((count, index) => {
    byWorstStatus[bySeverity[index]!] = count;
  });
  return {
    summary: { people: parsed.summary.people, peopleCurrent: parsed.summary.peopleCurrent, byWorstStatus },
    requirements: parsed.requirements,
    rows: parsed.rows.map(([personId, name, jobTitle, organisationId, organisationName, worst, cells]) => ({
      personId,
      name,
      jobTitle,
      organisationId,
      organisationName,
      worstStatus: bySeverity[worst - 1]!,
      cells: Object.fromEntries(
        cells.map(([requirementId, status, dueOn, sessionId, startsAt]) => [
          requirementId,
          { status, dueOn, booked: sessionId === null ? null : { sessionId, startsAt: startsAt! } },
        ]),
      ),
    })),
    total: parsed.total,
    page,
    pageSize,
  };
}
