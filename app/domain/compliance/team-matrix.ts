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
 * then on the list): the name index is walked, each person checked against `agg` (one hash of its
 * people), numbering those on the list until the page's end, and the page cut from them in the
 * order walked. Sorting everyone's names instead costs more than the walk (page 700 of 50,000
 * people on PostgreSQL: about 120 ms against 165 for the whole statement): the collation compares
 * names slowly, and the index holds them in order already.
 */
function deepNamePageSql(options: { direction: "asc" | "desc"; throughPosition: number; offset: number }): SQL {
  const dir = sql.raw(options.direction === "desc" ? "desc" : "asc");
  const byName = sql`lower(listed.family_name) ${dir}, lower(listed.given_name) ${dir}, listed.id ${dir}`;
  // A limit the planner cannot read (a subquery) keeps it to the index, the walk stopping at the
  // page's end: read as a number it would sort everyone's names for so long a limit. The filter
  // is not a join, so the walk's order stands (agg's people hashed once).
  return sql`select w.person_id, w.given_name, w.family_name from (
      select listed.id as person_id, listed.given_name, listed.family_name,
        row_number() over (order by ${byName}) as place
      from people listed
      where (listed.id in (select a.person_id from agg a where a.is_person and a.wanted)) is true
      order by ${byName}
      limit (select ${options.throughPosition}::bigint)
    ) w
    where w.place > ${options.offset}
    -- No more than a page, as the planner is told (so it looks the page's people up by id).
    order by w.place
    limit ${options.throughPosition - options.offset}`;
}

/**
 * The people who may be on the page, with the columns orderBy needs, for a statement whose `agg`
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
        from agg a join people p on p.id = a.person_id
        where a.is_person and a.wanted`;
    case "organisation":
      return sql`select a.person_id, p.given_name, p.family_name, p.organisation_id, o.name as organisation_name
        from agg a join people p on p.id = a.person_id join organisations o on o.id = p.organisation_id
        where a.is_person and a.wanted`;
    case "status": {
      // Only people at least as bad (or as good) as the page's last one can be on it: a few
      // thousand of 50,000 to look up and sort by name.
      const worse = direction === "desc";
      // Their names looked up one by one (offset 0 keeps the planner from hashing all 50,000 people
      // for a few thousand).
      return sql`select a.person_id, a.worst, p.given_name, p.family_name
        from agg a cross join lateral (select p.given_name, p.family_name from people p where p.id = a.person_id offset 0) p
        where a.is_person and a.wanted and a.worst ${sql.raw(worse ? ">=" : "<=")} coalesce((select last.worst from agg last
          where last.is_person and last.wanted order by last.worst ${sql.raw(direction)}
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
 * statement that returns one JSON value: only the page's rows leave the database.
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
  const page = Math.max(query.page ?? 1, 1);
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
    const everyone =
      query.scope.kind === "all" &&
      query.organisationId === undefined &&
      !query.personSearch?.trim() &&
      !query.personIds;
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
    query.scope.kind === "all" &&
    query.status === undefined &&
    query.requirementId === undefined &&
    query.organisationId === undefined &&
    !query.personSearch?.trim() &&
    !query.personIds;
  const candidates = pageCandidatesSql({
    sort,
    direction,
    throughPosition: offset + pageSize,
    wanted,
    personStatusesFor,
    // The people a search found are few: sorting them beats walking everyone's names to find them.
    nameWalkThrough: query.personSearch?.trim() ? 0 : tuning.nameWalkThrough,
  });
  // Per person (is_person: worst, all_current, wanted) and per requirement (applies, current).
  const agg =
    kept && keptStatuses
      ? sql`select s.person_id, null::int as requirement_id, true as is_person, s.worst,
        s.statuses & ${sql.raw(String(NOT_CURRENT_BITS))} = 0 as all_current, ${wanted(sql`s.statuses`)} as wanted,
        null::bigint as applies, null::bigint as current
      from (${personStatusesFor()}) s
      union all
      select null, f.requirement_id, false, null, null, null, f.applies, f.current
      from (${await keptRequirementFigures(kept.rows)}) f`
      : sql`select s.person_id, s.requirement_id, grouping(s.person_id) = 0 as is_person,
        ${worstOfBitsSql(sql`bit_or(s.bit)`)} as worst,
        bit_or(s.bit) & ${sql.raw(String(NOT_CURRENT_BITS))} = 0 as all_current,
        ${wanted(sql`bit_or(s.bit)`)} as wanted,
        count(*) as applies,
        count(*) filter (where s.bit & ${sql.raw(String(CURRENT_BITS))} <> 0) as current
      from (select r.person_id, r.requirement_id, ${statusBitSql(sql`r.status`)} as bit from (${rowsFor()}) r) s
      group by grouping sets ((s.person_id), (s.requirement_id))`;
  const result = await queryOne<{ matrix: string }>(
    db,
    // `agg` gives the figures per person and per requirement: each person's status bits (one
    // bit_or says their worst status, whether they are current on everything and whether they
    // have the status asked for), kept in person_statuses or made in one pass over everyone's
    // rows; one pass over those gives the summary, the columns and the total. Only the page's
    // people are then looked up by name and have their cells and bookings worked out. `agg` is left to the planner: kept once
    // when read more than once (a status sort, a deep page), folded into the one pass over it
    // otherwise (a page by name: no store of 36,000 rows to write and read back).
    sql`with agg as (${agg}),
      page as (
        select f.person_id, p.given_name, p.family_name, p.organisation_id, o.name as organisation_name,
          p.job_title, row_number() over (order by ${order}) as position
        from (${
          deepName
            ? deepNamePageSql({ direction, throughPosition: offset + pageSize, offset })
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
        'summary', json_build_object(
            'people', count(*) filter (where a.is_person),
            'peopleCurrent', count(*) filter (where a.is_person and a.all_current),
            'peopleCurrentExpiring', count(*) filter (where a.is_person and a.all_current and a.worst = 3),
            'worst', json_build_array(
              count(*) filter (where a.is_person and a.worst = 1), count(*) filter (where a.is_person and a.worst = 2),
              count(*) filter (where a.is_person and a.worst = 3), count(*) filter (where a.is_person and a.worst = 4),
              count(*) filter (where a.is_person and a.worst = 5))),
        'requirements', coalesce(json_agg(json_build_object('id', r.id, 'name', r.name,
              'applies', a.applies, 'current', a.current) order by lower(r.name), r.id)
            filter (where not a.is_person), '[]'),
        'total', count(*) filter (where a.is_person and a.wanted),
        'rows', (select coalesce(json_agg(json_build_array(pg.person_id,
              pg.given_name || ' ' || pg.family_name, pg.job_title, pg.organisation_id,
              pg.organisation_name, c.worst, c.cells) order by pg.position), '[]')
          from page pg join cells c on c.person_id = pg.person_id)
      )::text as matrix
      from agg a left join requirements r on r.id = a.requirement_id and not a.is_person`,
  );
  const parsed = JSON.parse(result!.matrix) as {
    summary: { people: number; peopleCurrent: number; peopleCurrentExpiring: number; worst: number[] };
    requirements: TeamMatrix["requirements"];
    total: number;
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
    total: parsed.total,
    page,
    pageSize,
  };
}
