import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { Sector } from "../../db/schema";
import type { PersonScope } from "../people/scope";
import { audienceCondition } from "../requirements/audience";
import { cell, scopeCondition } from "./coverage-sql";
import { type TrendPoint, trendDates } from "./coverage-trend";

/**
 * Coverage of every live requirement on a date and at the month ends before it, in ONE pass over
 * people × requirements (the compliance engine's audience, employment and validity rules):
 * the dashboard and the KPIs read everything they need from it.
 *
 * Each person × requirement becomes bit masks over the points (bit i = point i):
 * - in post: from the start date until leaving;
 * - due: from the start date plus the days the requirement allows, onwards;
 * - held: the OR of every completion's validity period, from completed_on until it stops counting
 *   (completed_on + the requirement's renewal months, or the course's own expiry; revoked ones never).
 * Applicable at a point = in post and (due or held): a new starter still inside the time allowed
 * is not yet required, unless already trained. Current = in post and held. Each person's
 * completions are read once, from the (person, course) index; no sort, no per-month work.
 * The audience is read from people's present organisation and tags.
 */
export interface CoveragePassOptions {
  /** The last point; the others are the month ends before it. */
  onDate: string;
  /** How many points, 1 to 60. */
  months: number;
  scope: PersonScope;
  /** Also list the person × requirement rows current on onDate that stop counting between these dates (inclusive). */
  expiring?: { from: string; to: string; page: number; pageSize: number };
}

export interface CoveragePassGroup {
  requirementId: number;
  sector: Sector;
  /** Per point, oldest first; the last is onDate. */
  applicable: number[];
  current: number[];
  /** On onDate: in post and in the audience, not yet due and not yet trained (left out of the share). */
  notYetDue: number;
}

export interface CoveragePass {
  dates: string[];
  groups: CoveragePassGroup[];
  /** On onDate, council staff by directorate (depth-1 organisations of the council tree). */
  directorates: Array<{ requirementId: number; directorateId: number; applicable: number; current: number }>;
  expiring: {
    total: number;
    rows: Array<{ personId: number; name: string; organisationName: string; requirementName: string; validUntil: string }>;
  };
}

/** Bits from..to-1 of a bigint: the points a date range [from, to) covers. */
function bitsSql(from: SQL, to: SQL): SQL {
  return sql`(case when ${to} > ${from} then (1::bigint << ${to}) - (1::bigint << ${from}) else 0::bigint end)`;
}

/** The index of the first point on or after a date: the number of points before it. */
function pointIndexSql(date: SQL): SQL {
  return sql`width_bucket(${date} - 1, b.points)`;
}

export async function coveragePass(db: Database, options: CoveragePassOptions): Promise<CoveragePass> {
  const months = Math.min(Math.max(options.months, 1), 60);
  const dates = trendDates(options.onDate, months);
  const first = dates[0]!;
  const end = options.onDate;
  const last = sql.raw(String(dates.length - 1));
  // make_date is immutable, so the planner folds the array into one constant (a text-to-date
  // cast is only stable: it would be parsed again for every row).
  const points = sql.raw(
    `array[${dates.map((d) => `make_date(${Number(d.slice(0, 4))}, ${Number(d.slice(5, 7))}, ${Number(d.slice(8, 10))})`).join(", ")}]`,
  );
  const validUntil = sql`coalesce(case when r.renewal_months is not null
      then (lc.completed_on + make_interval(months => r.renewal_months))::date
      else lc.expires_on end, 'infinity'::date)`;
  const perPoint = (mask: string) =>
    sql.raw(`array[${dates.map((_, i) => `sum((${mask} >> ${i}) & 1)`).join(", ")}]::int[]`);
  const expiring = options.expiring;
  const expiringCondition = expiring
    ? sql`((cur_mask >> ${last}) & 1) = 1 and best_valid between ${expiring.from}::date and ${expiring.to}::date`
    : sql`false`;

  const result = await queryOne<{
    groups: Array<{ requirement_id: number; sector: Sector; applicable: number[]; current_count: number[]; not_yet_due: number }>;
    directorates: Array<{ requirement_id: number; directorate_id: number; applicable: number; current_count: number }>;
    expiring_total: number;
    expiring: Array<{ person_id: number; name: string; organisation_name: string; requirement_name: string; valid_until: string }>;
  }>(
    db,
    sql`with bounds as (select ${points} as points),
    reqs as materialized (
      select r.*, array(select rc.course_id from requirement_courses rc where rc.requirement_id = r.id) as course_ids
      from requirements r where r.retired_at is null
    ),
    pairs as materialized (
      select r.id as requirement_id, o.sector::text as sector,
        case when o.sector = 'council' and o.depth >= 1 then split_part(o.path, '.', 2)::int end as directorate_id,
        p.id as person_id, p.organisation_id, p.given_name, p.family_name,
        ${bitsSql(pointIndexSql(sql`p.start_date`), pointIndexSql(sql`coalesce(p.leaving_date, 'infinity'::date)`))} as employed,
        ${bitsSql(pointIndexSql(sql`(p.start_date + r.due_within_days)`), sql.raw(String(dates.length)))} as due,
        coalesce(h.held, 0) as held, h.best_valid
      from reqs r
      cross join bounds b
      join people p on p.start_date <= ${end}::date and (p.leaving_date is null or p.leaving_date > ${first}::date)
      join organisations o on o.id = p.organisation_id
      left join lateral (
        select bit_or(${bitsSql(pointIndexSql(sql`lc.completed_on`), pointIndexSql(validUntil))}) as held,
          max(${validUntil}) as best_valid
        from completions lc
        where lc.person_id = p.id and lc.course_id = any(r.course_ids)
          and lc.revoked_at is null and lc.completed_on <= ${end}::date
      ) h on true
      where ${audienceCondition({ person: "p", organisation: "o", requirement: "r" })}
        and ${scopeCondition(options.scope)}
    ),
    masks as materialized (
      select requirement_id, sector, directorate_id, person_id, organisation_id, given_name, family_name, best_valid,
        employed & (due | held) as app_mask, employed & held as cur_mask, employed & ~due & ~held as waiting_mask
      from pairs
    ),
    expiring as (select * from masks where ${expiringCondition})
    select
      coalesce((select json_agg(g) from (
        select requirement_id, sector, ${perPoint("app_mask")} as applicable, ${perPoint("cur_mask")} as current_count,
          sum((waiting_mask >> ${last}) & 1)::int as not_yet_due
        from masks group by requirement_id, sector) g), '[]'::json) as groups,
      coalesce((select json_agg(d) from (
        select requirement_id, directorate_id,
          sum((app_mask >> ${last}) & 1)::int as applicable, sum((cur_mask >> ${last}) & 1)::int as current_count
        from masks where directorate_id is not null group by requirement_id, directorate_id) d), '[]'::json) as directorates,
      (select count(*)::int from expiring) as expiring_total,
      coalesce((select json_agg(x order by x.valid_until, x.sort_name, x.person_id, x.requirement_name) from (
        select e.person_id, e.given_name || ' ' || e.family_name as name,
          lower(e.family_name || ' ' || e.given_name) as sort_name,
          org.name as organisation_name, rq.name as requirement_name, e.best_valid::text as valid_until
        from expiring e
        join organisations org on org.id = e.organisation_id
        join requirements rq on rq.id = e.requirement_id
        order by e.best_valid, lower(e.family_name || ' ' || e.given_name), e.person_id, rq.name
        limit ${expiring?.pageSize ?? 0} offset ${expiring ? (Math.max(expiring.page, 1) - 1) * expiring.pageSize : 0}) x), '[]'::json) as expiring`,
  );
  return {
    dates,
    groups: (result?.groups ?? []).map((g) => ({
      requirementId: g.requirement_id,
      sector: g.sector,
      applicable: g.applicable,
      current: g.current_count,
      notYetDue: g.not_yet_due,
    })),
    directorates: (result?.directorates ?? []).map((d) => ({
      requirementId: d.requirement_id,
      directorateId: d.directorate_id,
      applicable: d.applicable,
      current: d.current_count,
    })),
    expiring: {
      total: result?.expiring_total ?? 0,
      rows: (result?.expiring ?? []).map((e) => ({
        personId: e.person_id,
        name: e.name,
        organisationName: e.organisation_name,
        requirementName: e.requirement_name,
        validUntil: e.valid_until,
      })),
    },
  };
}

/** Sums the groups that pass `include`, per point. */
export function sumPerPoint(pass: CoveragePass, include: (g: CoveragePassGroup) => boolean): { applicable: number[]; current: number[] } {
  const applicable = pass.dates.map(() => 0);
  const current = pass.dates.map(() => 0);
  for (const g of pass.groups) {
    if (!include(g)) continue;
    g.applicable.forEach((n, i) => (applicable[i]! += n));
    g.current.forEach((n, i) => (current[i]! += n));
  }
  return { applicable, current };
}

/** A trend (one value per point) for each series of groups. */
export function trendOf(
  pass: CoveragePass,
  series: Array<{ key: string; include: (g: CoveragePassGroup) => boolean }>,
): TrendPoint[] {
  const sums = series.map((s) => ({ key: s.key, ...sumPerPoint(pass, s.include) }));
  return pass.dates.map((date, i) => ({
    date,
    values: Object.fromEntries(sums.map((s) => [s.key, cell(s.applicable[i]!, s.current[i]!)])),
  }));
}
