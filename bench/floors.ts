/**
 * The floors: hand-written SQL answering the same questions as the dashboard and the schools
 * table, with nothing around it (no scope machinery, no shared query builders, no second
 * round trip for names), returning only the figures. The benchmark prints each page's time
 * beside its floor, and checks that both give the same figures.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../app/db/database";
import { EXPIRING_WITHIN_DAYS } from "../app/domain/kpis/dashboard-data";
import { trendDates } from "../app/domain/coverage/coverage-trend";
import { HEADLINE_MEASURES, type Measure, type MeasureKey } from "../app/domain/coverage/resolve-measures";
import { addDaysToDate } from "../app/lib/dates";

/** Person p (in organisation o) is in requirement r's audience (an organisation's path lists the ids of its ancestors). */
const AUDIENCE = sql`(cardinality(r.audience_sectors) = 0 or o.sector::text = any(r.audience_sectors))
  and (cardinality(r.audience_tags) = 0 or p.profile_tags && r.audience_tags)
  and (cardinality(r.audience_employment_types) = 0 or p.employment_type::text = any(r.audience_employment_types))
  and (cardinality(r.audience_organisation_ids) = 0
       or string_to_array(rtrim(o.path, '.'), '.')::int[] && r.audience_organisation_ids)`;

/** When completion c stops counting for requirement r (infinity: never). */
const VALID_UNTIL = sql`coalesce(case when r.renewal_months is not null
    then (c.completed_on + make_interval(months => r.renewal_months))::date else c.expires_on end, 'infinity'::date)`;

export interface DashboardFloor {
  /** [requirement id, applicable, current, not yet due] on the date, by requirement id. */
  byRequirement: Array<[number, number, number, number]>;
  groups: unknown[];
  expiringTotal: number;
  expiring: unknown[];
  /** Per trend point, per headline: [applicable, current]. */
  trend: Array<Record<string, [number, number]>>;
}

interface DashboardFloorResult extends Record<string, unknown> {
  groups: Array<{ requirement_id: number; applicable: number; current: number; not_yet_due: number }> | null;
  trend: Array<{ key: string; applicable: number[]; current: number[] }> | null;
  expiring_total: number;
  expiring: unknown[] | null;
}

export async function dashboardFloor(
  db: Database,
  onDate: string,
  measures: Record<MeasureKey, Measure>,
): Promise<DashboardFloor> {
  const dates = trendDates(onDate, 24);
  const result = await queryOne<DashboardFloorResult>(db, dashboardFloorSql(onDate, dates, measures));
  return shapeDashboardFloor(result, dates);
}

function shapeDashboardFloor(result: DashboardFloorResult | undefined, dates: string[]): DashboardFloor {
  const groups = result?.groups ?? [];
  const byRequirement = new Map<number, [number, number, number, number]>();
  for (const g of groups) {
    const row = byRequirement.get(g.requirement_id) ?? [g.requirement_id, 0, 0, 0];
    row[1] += g.applicable;
    row[2] += g.current;
    row[3] += g.not_yet_due;
    byRequirement.set(g.requirement_id, row);
  }
  const trend = dates.map(() => Object.fromEntries(HEADLINE_MEASURES.map((key) => [key, [0, 0] as [number, number]])));
  for (const series of result?.trend ?? []) {
    for (const [i, applicable] of series.applicable.entries())
      trend[i]![series.key] = [applicable, series.current[i] ?? 0];
  }
  return {
    byRequirement: [...byRequirement.values()].sort((a, b) => a[0] - b[0]),
    groups,
    expiringTotal: result?.expiring_total ?? 0,
    expiring: result?.expiring ?? [],
    trend,
  };
}

/**
 * The dashboard's question answered from the kept state (coverage_figures, person_requirements;
 * decision 009), as the page answers it, in one statement: what the page's own code adds on top
 * of reading what is kept. Assumes the kept state is up to date (the run brings it up to date).
 */
export async function dashboardKeptFloor(
  db: Database,
  onDate: string,
  measures: Record<MeasureKey, Measure>,
): Promise<DashboardFloor> {
  const dates = trendDates(onDate, 24);
  const d = sql`${onDate}::date`;
  const until = addDaysToDate(onDate, EXPIRING_WITHIN_DAYS);
  const datesArray = sql.raw(`'{${dates.join(",")}}'::date[]`);
  const series = HEADLINE_MEASURES.map(
    (key) => sql`select ${key}::text as key, array_agg(applicable order by on_date) as applicable,
        array_agg(current order by on_date) as current
      from (select on_date, sum(applicable)::int as applicable, sum(current)::int as current from coverage_figures
        where on_date = any(${datesArray}) and sector = ${measures[key].sector}
          and requirement_id = any(${sqlIntArray(measures[key].requirementIds)})
        group by on_date) s`,
  );
  const result = await queryOne<DashboardFloorResult>(
    db,
    sql`with expiring as (
      select k.person_id, k.organisation_id, k.requirement_id, upper(k.held) as best from person_requirements k
      where k.held @> ${d} and k.start_date <= ${d} and (k.leaving_date is null or k.leaving_date > ${d})
        and k.last_completed_on <= ${d} and upper(k.held) between ${d} + 1 and ${until}::date
    )
    select
      (select json_agg(g order by g.requirement_id, g.sector, g.directorate_id) from (
        select requirement_id, sector::text as sector, nullif(directorate_id, 0) as directorate_id, applicable, current, not_yet_due
        from coverage_figures where on_date = ${d}) g) as groups,
      (select json_agg(t) from (${sql.join(series, sql` union all `)}) t) as trend,
      (select count(*)::int from expiring) as expiring_total,
      (select json_agg(x) from (
        select e.person_id, p.given_name || ' ' || p.family_name as name, org.name as organisation,
          r.name as requirement, e.best::text as valid_until
        from expiring e join people p on p.id = e.person_id join organisations org on org.id = e.organisation_id
        join requirements r on r.id = e.requirement_id
        order by e.best, lower(p.family_name || ' ' || p.given_name), e.person_id, r.name
        limit 25) x) as expiring`,
  );
  return shapeDashboardFloor(result, dates);
}

/**
 * The dashboard's question in one statement, with bitmasks (bit i = trend point i; the last
 * point is the date itself). For each person and live requirement that applies to them: the
 * points they were in post, the points from the day it fell due, and the points some completion
 * covered (OR of each completion's span, read from the (person, course) index). Applicable =
 * in post and (due or covered); current = in post and covered; each figure is a count of set
 * bits: coverage by requirement, sector and directorate on the date, the headline trend, and the
 * people whose training runs out in the next 90 days.
 */
export function dashboardFloorSql(onDate: string, dates: string[], measures: Record<MeasureKey, Measure>): SQL {
  const d = sql`${onDate}::date`;
  const until = addDaysToDate(onDate, EXPIRING_WITHIN_DAYS);
  const first = dates[0]!;
  const last = dates.length - 1;
  // Points in [from, to): bits (points before from) .. (points before to) - 1.
  // An array of make_date() calls is immutable, so the planner folds it into one constant (a
  // text-to-date cast is only stable, and would be evaluated again for every row).
  const points = sql.raw(
    `array[${dates.map((x) => `make_date(${x.slice(0, 4)}, ${Number(x.slice(5, 7))}, ${Number(x.slice(8, 10))})`).join(", ")}]`,
  );
  const span = (from: SQL, to: SQL) => {
    const lo = sql`width_bucket(${from} - 1, ${points})`;
    const hi = sql`width_bucket(${to} - 1, ${points})`;
    return sql`(case when ${hi} > ${lo} then (1::int8 << ${hi}) - (1::int8 << ${lo}) else 0::int8 end)`;
  };
  const bit = (mask: string, i: number) => `((${mask} >> ${i}) & 1)`;
  const counts = (mask: string) => sql.raw(`array[${dates.map((_, i) => `sum(${bit(mask, i)})`).join(", ")}]::int[]`);
  const series = HEADLINE_MEASURES.map(
    (key) => sql`select ${key}::text as key, ${counts("app")} as applicable, ${counts("cur")} as current from masks
      where sector = ${measures[key].sector} and requirement_id = any(${sqlIntArray(measures[key].requirementIds)})`,
  );
  return sql`with req as materialized (
      select r.*, array(select rc.course_id from requirement_courses rc where rc.requirement_id = r.id) as course_ids
      from requirements r where r.retired_at is null
    ),
    masks as materialized (
      select r.id as requirement_id, o.sector::text as sector,
        case when o.sector = 'council' and o.depth >= 1 then split_part(o.path, '.', 2)::int end as directorate_id,
        p.id as person_id, p.organisation_id, p.given_name, p.family_name, h.best,
        m.in_post & (m.due | m.held) as app, m.in_post & m.held as cur, m.in_post & ~m.due & ~m.held as waiting
      from req r
      join people p on p.start_date <= ${d} and (p.leaving_date is null or p.leaving_date > ${first}::date)
      join organisations o on o.id = p.organisation_id
      left join lateral (
        select bit_or(${span(sql`c.completed_on`, VALID_UNTIL)}) as held, max(${VALID_UNTIL}) as best
        from completions c
        where c.person_id = p.id and c.course_id = any(r.course_ids) and c.revoked_at is null and c.completed_on <= ${d}
      ) h on true
      cross join lateral (
        select ${span(sql`p.start_date`, sql`coalesce(p.leaving_date, 'infinity'::date)`)} as in_post,
          ${span(sql`p.start_date + r.due_within_days`, sql`'infinity'::date`)} as due, coalesce(h.held, 0) as held
      ) m
      where ${AUDIENCE}
    ),
    expiring as (
      select * from masks where ${sql.raw(bit("cur", last))} = 1 and best <> 'infinity'::date and best <= ${until}::date
    )
    select
      (select json_agg(g order by g.requirement_id, g.sector, g.directorate_id) from (
        select requirement_id, sector, directorate_id, sum(${sql.raw(bit("app", last))})::int as applicable,
          sum(${sql.raw(bit("cur", last))})::int as current, sum(${sql.raw(bit("waiting", last))})::int as not_yet_due
        from masks group by 1, 2, 3) g) as groups,
      (select json_agg(t) from (${sql.join(series, sql` union all `)}) t) as trend,
      (select count(*)::int from expiring) as expiring_total,
      (select json_agg(x) from (
        select e.person_id, e.given_name || ' ' || e.family_name as name, org.name as organisation,
          r.name as requirement, e.best::text as valid_until
        from expiring e join organisations org on org.id = e.organisation_id join requirements r on r.id = e.requirement_id
        order by e.best, lower(e.family_name || ' ' || e.given_name), e.person_id, r.name
        limit 25) x) as expiring`;
}

/** A school's figures, as the SQL names them (the query also returns the dates of its last session and declaration). */
export type SchoolFloorRow = Record<
  "id" | "staff" | "prevent_applicable" | "prevent_current" | "dsls" | "dsls_trained",
  number
> &
  Record<"name", string> &
  Record<"last_attended_on" | "last_completed_on" | "last_session_on" | "declared_on", string | null>;

/** One row per open school: staff in post, Prevent coverage, DSLs trained, last training and session, declaration. */
export async function schoolsFloor(
  db: Database,
  onDate: string,
  measures: Record<MeasureKey, Measure>,
): Promise<SchoolFloorRow[]> {
  return queryRows<SchoolFloorRow>(db, schoolsFloorSql(onDate, measures));
}

export function schoolsFloorSql(onDate: string, measures: Record<MeasureKey, Measure>): SQL {
  const d = sql`${onDate}::date`;
  const prevent = sqlIntArray(measures.school_prevent.requirementIds);
  const dsl = sqlIntArray(measures.school_dsl.requirementIds);
  const dslCount = measures.school_dsl.requirementIds.length;
  return sql`with sc as (
      select id, name, path from organisations
      where kind = 'school' and (closed_on is null or closed_on > ${d}) and coalesce(school_status, '') not ilike 'closed%'
    ),
    everyone as materialized (
      -- A school is a child of the schools root: its id is the second element of every path below it.
      select sc.id as school_id, p.id as person_id, p.start_date, p.leaving_date, p.profile_tags, p.employment_type, o.sector, o.path
      from organisations o
      join sc on sc.id = split_part(o.path, '.', 2)::int
      join people p on p.organisation_id = o.id
      where o.sector = 'school' and o.depth >= 1
    ),
    staff as (
      select * from everyone e where e.start_date <= ${d} and (e.leaving_date is null or e.leaving_date > ${d})
    ),
    held as (
      -- Per person, the requirements (of the Prevent and DSL ones) they hold a current completion for.
      select st.person_id, array_agg(distinct r.id) filter (where ${VALID_UNTIL} > ${d}) as current_ids
      from staff st
      join completions c on c.person_id = st.person_id and c.revoked_at is null and c.completed_on <= ${d}
      join requirement_courses rc on rc.course_id = c.course_id
      join requirements r on r.id = rc.requirement_id and (r.id = any(${prevent}) or r.id = any(${dsl}))
      group by st.person_id
    ),
    flags as (
      select st.school_id, st.profile_tags && '{dsl,deputy_dsl}'::text[] as is_dsl, pv.applies, pv.is_current,
        coalesce(h.current_ids && ${prevent} and ${dslCount > 0 ? sql`h.current_ids @> ${dsl}` : sql`false`}, false) as trained_dsl
      from staff st
      left join held h on h.person_id = st.person_id
      cross join lateral (
        select bool_or(r.id = any(coalesce(h.current_ids, '{}'))) as is_current,
          bool_or(r.id = any(coalesce(h.current_ids, '{}')) or ${d} >= st.start_date + r.due_within_days) as applies
        from requirements r
        where r.id = any(${prevent})
          and (r.retired_at is null or (r.retired_at at time zone 'Europe/London')::date > ${d})
          and (cardinality(r.audience_sectors) = 0 or st.sector::text = any(r.audience_sectors))
          and (cardinality(r.audience_tags) = 0 or st.profile_tags && r.audience_tags)
          and (cardinality(r.audience_employment_types) = 0 or st.employment_type::text = any(r.audience_employment_types))
          and (cardinality(r.audience_organisation_ids) = 0
               or string_to_array(rtrim(st.path, '.'), '.')::int[] && r.audience_organisation_ids)
      ) pv
    ),
    per_school as (
      select school_id, count(*)::int as staff,
        count(*) filter (where applies)::int as prevent_applicable,
        count(*) filter (where is_current)::int as prevent_current,
        count(*) filter (where is_dsl)::int as dsls,
        count(*) filter (where is_dsl and trained_dsl)::int as dsls_trained
      from flags
      group by school_id
    ),
    activity as (
      select e.school_id, max(l.last_attended_on) as last_attended_on, max(l.last_completed_on) as last_completed_on
      from everyone e
      cross join lateral (
        select max(c.completed_on) filter (where c.source = 'attendance') as last_attended_on,
          max(c.completed_on) as last_completed_on
        from completions c where c.person_id = e.person_id and c.revoked_at is null and c.completed_on <= ${d}) l
      group by e.school_id
    ),
    sessions as (
      select cs.audience_organisation_id as school_id, max((cs.starts_at at time zone 'Europe/London')::date) as last_session_on
      from course_sessions cs join sc on sc.id = cs.audience_organisation_id
      where cs.status = 'delivered' and (cs.starts_at at time zone 'Europe/London')::date <= ${d}
      group by 1
    ),
    declared as (
      select sd.organisation_id as school_id, max(sd.declared_on) as declared_on
      from school_declarations sd join sc on sc.id = sd.organisation_id
      where sd.declared_on <= ${d}
      group by 1
    )
    select sc.id, sc.name, coalesce(ps.staff, 0) as staff, coalesce(ps.prevent_applicable, 0) as prevent_applicable,
      coalesce(ps.prevent_current, 0) as prevent_current, coalesce(ps.dsls, 0) as dsls, coalesce(ps.dsls_trained, 0) as dsls_trained,
      a.last_attended_on::text, a.last_completed_on::text, ss.last_session_on::text, dd.declared_on::text
    from sc
    left join per_school ps on ps.school_id = sc.id
    left join activity a on a.school_id = sc.id
    left join sessions ss on ss.school_id = sc.id
    left join declared dd on dd.school_id = sc.id
    order by sc.name, sc.id`;
}
