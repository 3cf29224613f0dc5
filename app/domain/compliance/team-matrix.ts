import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import {
  type KeptRowsUpToDate,
  coverageFigures,
  keptRequirementFiguresSql,
  keptStatusesSql,
  keptStatusesUpToDate,
  personStatusesSql,
} from "../kept-coverage/readers";
import { todayInLondon } from "../../lib/dates";
import { readPage } from "../../lib/pagination";
import { bookedLateralSql } from "./booked-query";
import {
  CURRENT_BITS,
  type ComplianceStatus,
  NOT_CURRENT_BITS,
  complianceRowsSql,
  statusBit,
  statusBitSql,
  statusSeveritySql,
  worstOfBitsSql,
} from "./compliance-query";
import { type ComplianceQueryBase, compliancePersonCondition, futureBookings } from "./compliance-source";

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
  /** Of peopleCurrent, those with something expiring soon: still current, so the two add up (the rest are up to date). */
  peopleCurrentExpiring: number;
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

/**
 * How far down the name order the page may reach by walking the name index looking up each
 * person's rows (50,000 people on PostgreSQL: about 7 µs a place). Beyond it, everyone unfiltered
 * is paged by deepNamePageSql; anything else by sorting the people on the list.
 */
const NAME_WALK_THROUGH = 5_000;

/**
 * The page of a name sort far down the order, for everyone in scope unfiltered (most people are
 * then on the list): the name index is walked, each person checked against `listed` (one hash of
 * its people), skipping those before the page. Sorting everyone's names instead costs more than the
 * walk: the collation compares names slowly, and the index holds them in order already, with the
 * names and ids beside them (people_family_name_idx), so the walk reads no table rows.
 */
function deepNamePageSql(options: { direction: "asc" | "desc"; offset: number; pageSize: number }): SQL {
  const dir = sql.raw(options.direction === "desc" ? "desc" : "asc");
  // An offset and limit the planner cannot read (subqueries) keep it to the index, the walk
  // stopping at the page's end: read as numbers, it would sort everyone's names for so deep an
  // offset. The filter is not a join, so the walk's order stands (the people listed hashed once).
  return sql`select w.* from (
      select named.id as person_id, named.given_name, named.family_name
      from people named
      where (named.id in (select a.person_id from listed a where a.wanted)) is true
      order by lower(named.family_name) ${dir}, lower(named.given_name) ${dir}, named.id ${dir}
      offset (select ${options.offset}::bigint) limit (select ${options.pageSize}::bigint)
    ) w
    -- No more than a page, as the planner is told (so it looks the page's people up by id).
    limit ${options.pageSize}`;
}

/**
 * The people who may be on the page, with the columns orderBy needs, for a statement whose `listed`
 * holds each person's worst status (and `wanted`, the status filter). Each sort looks up as few
 * people as the planner can be brought to.
 */
function pageCandidatesSql(options: {
  sort: MatrixSort;
  direction: "asc" | "desc";
  /** The page's last place in the order (1-based). */
  throughPosition: number;
  /** Whether a person's status bits (`statuses`) hold the status filter's. */
  wanted: (statuses: SQL) => SQL;
  /** Each person's status bits (person_id, statuses), of those `restrict` (over the person's id) allows. */
  personStatusesFor: (restrict: (personId: SQL) => SQL) => SQL;
  nameWalkThrough: number;
}): SQL {
  const { sort, direction, throughPosition, wanted, personStatusesFor } = options;
  switch (sort) {
    case "name":
      // Near the start, walking the name index (each person's statuses found by primary key)
      // stops after a page: cheaper than sorting everyone's names, until the walk grows long.
      if (throughPosition <= options.nameWalkThrough) {
        return sql`select listed.id as person_id, listed.given_name, listed.family_name from people listed
          where exists (select 1 from (${personStatusesFor((personId) => sql`${personId} = listed.id`)}) s
            where ${wanted(sql`s.statuses`)})`;
      }
      return sql`select a.person_id, p.given_name, p.family_name
        from listed a join people p on p.id = a.person_id
        where a.wanted`;
    case "organisation":
      return sql`select a.person_id, p.given_name, p.family_name, p.organisation_id, o.name as organisation_name
        from listed a join people p on p.id = a.person_id join organisations o on o.id = p.organisation_id
        where a.wanted`;
    case "status": {
      // Only people at least as bad (or as good) as the page's last one can be on it: a few
      // thousand of 50,000 to look up and sort by name.
      const worse = direction === "desc";
      // Their names looked up one by one (offset 0 keeps the planner from hashing all 50,000 people
      // for a few thousand).
      return sql`select a.person_id, a.worst, p.given_name, p.family_name
        from listed a cross join lateral (select p.given_name, p.family_name from people p where p.id = a.person_id offset 0) p
        where a.wanted and a.worst ${sql.raw(worse ? ">=" : "<=")} coalesce((select last.worst from listed last
          where last.wanted order by last.worst ${sql.raw(direction)}
          offset ${throughPosition - 1} limit 1), ${worse ? 0 : 6})`;
    }
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
 * statement that returns one JSON value: only the page's rows leave the database. A page past
 * the end is the last page (readPage reads it again).
 */
export async function teamMatrix(
  db: Database,
  query: TeamMatrixQuery,
  /**
   * How far down the name order to walk the name index looking up each person's rows, and whether
   * to walk it further for everyone unfiltered (tests set 0 and false to check the other ways).
   */
  tuning: { nameWalkThrough: number; deepNameWalk?: boolean } = { nameWalkThrough: NAME_WALK_THROUGH },
): Promise<TeamMatrix> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 25, 1), 500);
  return readPage(query.page ?? 1, pageSize, ({ page }) => teamMatrixPage(db, { ...query, page, pageSize }, tuning));
}

async function teamMatrixPage(
  db: Database,
  query: TeamMatrixQuery & { page: number; pageSize: number },
  tuning: { nameWalkThrough: number; deepNameWalk?: boolean },
): Promise<TeamMatrix> {
  const { page, pageSize } = query;
  const requirementIds = query.requirementId !== undefined ? [query.requirementId] : undefined;
  const { withBookings, now } = futureBookings(query);
  // Today or later (the usual question), statuses come from the kept rows, and each person's
  // statuses across them from person_statuses: a coordinator's matrix of 50,000 people would
  // otherwise work out every status from the completions, or from the kept rows on every view.
  const kept = withBookings ? await keptStatusesUpToDate(db, query.onDate, todayInLondon(now)) : null;
  /** The person's condition over their id, with `restrict` (over the same id) when given. */
  const conditionOn = (personId: SQL, restrict?: (personId: SQL) => SQL): SQL => {
    const condition = compliancePersonCondition(query, personId);
    return restrict ? sql`${condition} and ${restrict(personId)}` : condition;
  };
  /** The status rows of everyone asked about, or of those `restrict` (over the person's id) allows. */
  const rowsFor = (restrict?: (personId: SQL) => SQL): SQL =>
    kept
      ? keptStatusesSql(kept.rows, {
          onDate: query.onDate,
          personCondition: conditionOn(sql`k.person_id`, restrict),
          requirementIds,
        })
      : complianceRowsSql({ onDate: query.onDate, personCondition: conditionOn(sql`p.id`, restrict), requirementIds });
  /** Everyone in the council, narrowed by no organisation, search or list of people. */
  const everyone =
    query.scope.kind === "all" && query.organisationId === undefined && !query.personSearch?.trim() && !query.personIds;
  // person_statuses hold each person's statuses over every requirement: not for one requirement's column.
  const keptStatuses = kept && !requirementIds ? kept.statuses : null;
  /** Each person's status bits (person_id, statuses), of everyone asked about or those `restrict` allows. */
  const personStatusesFor = (restrict?: (personId: SQL) => SQL): SQL =>
    keptStatuses
      ? personStatusesSql(keptStatuses, conditionOn(sql`ps.person_id`, restrict))
      : sql`select r.person_id, bit_or(${statusBitSql(sql`r.status`)}) as statuses
          from (${rowsFor(restrict)}) r group by r.person_id`;
  /**
   * Each requirement's column (requirement_id, applies, current) beside person_statuses: for
   * everyone, the kept coverage_figures summed over sectors and directorates; otherwise counted
   * from the kept rows of the people asked about.
   */
  const keptRequirementFigures = async (upToDate: KeptRowsUpToDate): Promise<SQL> => {
    if (!everyone) {
      return keptRequirementFiguresSql(upToDate, {
        onDate: query.onDate,
        personCondition: conditionOn(sql`k.person_id`),
      });
    }
    const byRequirement = new Map<number, { applies: number; current: number }>();
    for (const figure of await coverageFigures(db, [query.onDate])) {
      const sum = byRequirement.get(figure.requirementId) ?? { applies: 0, current: 0 };
      sum.applies += figure.applicable + figure.notYetDue;
      sum.current += figure.current;
      byRequirement.set(figure.requirementId, sum);
    }
    const rows = [...byRequirement].filter(([, sum]) => sum.applies > 0);
    if (rows.length === 0) return sql`select null::int as requirement_id, 0 as applies, 0 as current where false`;
    return sql`select * from (values ${sql.join(
      rows.map(([id, sum]) => sql`(${id}::int, ${sum.applies}::int, ${sum.current}::int)`),
      sql`, `,
    )}) f(requirement_id, applies, current)`;
  };
  const wanted = (statuses: SQL): SQL =>
    query.status ? sql`(${statuses} & ${sql.raw(String(statusBit(query.status)))} <> 0)` : sql`true`;
  const sort = query.sort ?? "name";
  const direction = query.direction ?? "asc";
  const offset = (page - 1) * pageSize;
  const order = orderBy(sort, direction);
  // Far down a name sort of everyone in scope, unfiltered (a filter may leave few people, whom
  // sorting is cheaper than walking everyone's names to find).
  const deepName =
    sort === "name" &&
    offset + pageSize > tuning.nameWalkThrough &&
    (tuning.deepNameWalk ?? true) &&
    everyone &&
    query.status === undefined &&
    query.requirementId === undefined;
  const candidates = pageCandidatesSql({
    sort,
    direction,
    throughPosition: offset + pageSize,
    wanted,
    personStatusesFor,
    // The people a search found are few: sorting them beats walking everyone's names to find them.
    nameWalkThrough: query.personSearch?.trim() ? 0 : tuning.nameWalkThrough,
  });
  // `listed`: one row per person asked about (person_id, statuses as bits, worst, wanted: the
  // status filter); `columns`: one per requirement (requirement_id, applies, current). Today or
  // later, each person's bits are kept (person_statuses) and the columns counted or kept; for a
  // past date, one pass over everyone's status rows gives both, each row's status turned once
  // into a bit, so one bit_or says a person's worst status and whether they are current on everything.
  const figures =
    kept && keptStatuses
      ? sql`listed as (
          select s.person_id, s.statuses, s.worst, ${wanted(sql`s.statuses`)} as wanted
          from (${personStatusesFor()}) s
        ),
        columns as (${await keptRequirementFigures(kept.rows)}),`
      : sql`agg as (
          select s.person_id, s.requirement_id, grouping(s.person_id) = 0 as is_person, bit_or(s.bit) as statuses,
            count(*) as applies, count(*) filter (where s.bit & ${sql.raw(String(CURRENT_BITS))} <> 0) as current
          from (select r.person_id, r.requirement_id, ${statusBitSql(sql`r.status`)} as bit from (${rowsFor()}) r) s
          group by grouping sets ((s.person_id), (s.requirement_id))
        ),
        listed as (
          select a.person_id, a.statuses, ${worstOfBitsSql(sql`a.statuses`)} as worst, ${wanted(sql`a.statuses`)} as wanted
          from agg a where a.is_person
        ),
        columns as (select a.requirement_id, a.applies, a.current from agg a where not a.is_person),`;
  const notCurrent = sql.raw(String(NOT_CURRENT_BITS));
  const result = await queryOne<{ matrix: string }>(
    db,
    // The summary and the total are counted from the people grouped by their status bits (at
    // most 32 groups); only the page's people are then looked up by name and have their cells and
    // bookings worked out. Each relation is left to the planner: kept once when read more than
    // once (a status sort, a deep page), folded into the one pass over it otherwise.
    sql`with ${figures}
      by_statuses as (
        select l.statuses, ${worstOfBitsSql(sql`l.statuses`)} as worst, bool_or(l.wanted) as wanted, count(*) as people
        from listed l group by l.statuses
      ),
      page as (
        select f.person_id, p.given_name, p.family_name, p.organisation_id, o.name as organisation_name,
          p.job_title, row_number() over (order by ${order}) as position
        from (${
          deepName
            ? deepNamePageSql({ direction, offset, pageSize })
            : sql`select f.* from (${candidates}) f order by ${order} limit ${pageSize} offset ${offset}`
        }) f
        join people p on p.id = f.person_id
        join organisations o on o.id = p.organisation_id
      ),
      cells as (
        select cr.person_id, max(${statusSeveritySql(sql`cr.status`)}) as worst,
          json_agg(json_build_array(cr.requirement_id, cr.status, cr.due_on,
          ${withBookings ? sql`bk.session_id, bk.booked_starts_at::text` : sql`null, null`})) as cells
        from (${rowsFor((personId) => sql`${personId} in (select person_id from page)`)}) cr
        ${withBookings ? sql`left join ${bookedLateralSql("cr", now)} bk on true` : sql``}
        group by cr.person_id
      )
      select json_build_object(
        'summary', (select json_build_object(
            'people', coalesce(sum(b.people), 0),
            'peopleCurrent', coalesce(sum(b.people) filter (where b.statuses & ${notCurrent} = 0), 0),
            'peopleCurrentExpiring', coalesce(sum(b.people) filter (where b.statuses & ${notCurrent} = 0 and b.worst = 3), 0),
            'worst', json_build_array(${sql.join(
              [1, 2, 3, 4, 5].map(
                (severity) => sql`coalesce(sum(b.people) filter (where b.worst = ${sql.raw(String(severity))}), 0)`,
              ),
              sql`, `,
            )}),
            'total', coalesce(sum(b.people) filter (where b.wanted), 0))
          from by_statuses b),
        'requirements', (select coalesce(json_agg(json_build_object('id', r.id, 'name', r.name,
              'applies', c.applies, 'current', c.current) order by lower(r.name), r.id), '[]')
          from columns c join requirements r on r.id = c.requirement_id),
        'rows', (select coalesce(json_agg(json_build_array(pg.person_id,
              pg.given_name || ' ' || pg.family_name, pg.job_title, pg.organisation_id,
              pg.organisation_name, c.worst, c.cells) order by pg.position), '[]')
          from page pg join cells c on c.person_id = pg.person_id)
      )::text as matrix`,
  );
  const parsed = JSON.parse(result!.matrix) as {
    summary: { people: number; peopleCurrent: number; peopleCurrentExpiring: number; worst: number[]; total: number };
    requirements: TeamMatrix["requirements"];
    rows: Array<
      [
        number,
        string,
        string | null,
        number,
        string,
        number,
        Array<[number, ComplianceStatus, string | null, number | null, string | null]>,
      ]
    >;
  };
  const bySeverity: ComplianceStatus[] = ["current", "not_yet_due", "expiring", "expired", "missing"];
  const byWorstStatus = EMPTY_COUNTS();
  parsed.summary.worst.forEach((count, index) => {
    byWorstStatus[bySeverity[index]!] = count;
  });
  return {
    summary: {
      people: parsed.summary.people,
      peopleCurrent: parsed.summary.peopleCurrent,
      peopleCurrentExpiring: parsed.summary.peopleCurrentExpiring,
      byWorstStatus,
    },
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
    total: parsed.summary.total,
    page,
    pageSize,
  };
}
