import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne, sqlIntArray } from "../../db/database";
import { readPage } from "../../lib/pagination";
import type { Sector } from "../../db/schema";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { cell } from "./coverage-sql";
import { type TrendPoint, trendDates } from "./coverage-trend";
import {
  type CoverageFigure,
  type KeptRowsUpToDate,
  type PeopleMeasure,
  type PeopleOnceCorrection,
  countCoverage,
  coverageFigures,
  keptCoverageUpToDate,
  keptRequirementRowsSql,
  peopleOnceCorrectionsFor,
} from "../kept-coverage/readers";

/**
 * Coverage of every live requirement on a date and at the month ends before it (the compliance
 * engine's audience, employment and validity rules): the dashboard and the KPIs read everything
 * they need from it. It counts the kept person_requirements rows (each person × requirement with
 * their dates and the periods they held it), never the completions themselves: for everyone, the
 * figures are read from coverage_figures (each date counted once, then kept up to date as people
 * change), and so for the council directorates a narrower scope holds whole (they are kept by
 * directorate); the scope's other rows are counted from the kept rows. The audience is read
 * from people's present organisation and tags (app/domain/kept-coverage/).
 */
export interface CoveragePassOptions {
  /** The last point; the others are the month ends before it. */
  onDate: string;
  /** How many points, 1 to 60. */
  months: number;
  scope: PersonScope;
  /** Also list the person × requirement rows current on onDate that stop counting between these dates (inclusive). */
  expiring?: { from: string; to: string; page: number; pageSize: number };
  /** Also count these measures (the headlines), people once each. */
  measures?: readonly PeopleMeasure[];
}

/** A measure's people, once each: applicable when any of its requirements applies, current when they hold all that apply. */
export interface MeasureFigures {
  /** Per point, oldest first; the last is onDate. */
  applicable: number[];
  current: number[];
  /** On onDate, council staff by directorate. */
  directorates: Array<{ directorateId: number; applicable: number; current: number }>;
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
  /** By measure key, for the measures asked for. */
  measures: Record<string, MeasureFigures>;
  expiring: {
    total: number;
    /** The page of them shown: the one asked for, or the last when that is past the end. */
    page: number;
    rows: Array<{
      personId: number;
      name: string;
      organisationName: string;
      requirementName: string;
      validUntil: string;
    }>;
  };
}

export async function coveragePass(db: Database, options: CoveragePassOptions): Promise<CoveragePass> {
  const months = Math.min(Math.max(options.months, 1), 60);
  const dates = trendDates(options.onDate, months);
  const figures =
    options.scope.kind === "all" ? await coverageFigures(db, dates) : await countScope(db, options, dates);
  const counted = fromFigures(figures, dates);
  const measures = options.measures ?? [];
  // The figures were read after bringing the kept rows up to date: this is one look-up that finds nothing stale.
  const kept = await keptCoverageUpToDate(db);
  const corrections = await peopleOnceCorrectionsFor(kept, db, dates, measures, keptRowsInScope(options, dates));
  return {
    dates,
    ...counted,
    measures: Object.fromEntries(measures.map((m) => [m.key, measureFigures(m, counted, dates, corrections)])),
    expiring: await expiringRows(db, kept, options),
  };
}

/**
 * A measure's figures: the sums of its requirements' figures in its sector, with what
 * peopleOnceCorrections says counting people once changes (nothing for a one-requirement measure).
 */
function measureFigures(
  measure: PeopleMeasure,
  counted: Counted,
  dates: string[],
  corrections: PeopleOnceCorrection[],
): MeasureFigures {
  const inMeasure = (requirementId: number) => measure.requirementIds.includes(requirementId);
  const applicable = dates.map(() => 0);
  const current = dates.map(() => 0);
  for (const g of counted.groups) {
    if (g.sector !== measure.sector || !inMeasure(g.requirementId)) continue;
    for (const [i, n] of g.applicable.entries()) applicable[i]! += n;
    for (const [i, n] of g.current.entries()) current[i]! += n;
  }
  const directorates = new Map<number, { directorateId: number; applicable: number; current: number }>();
  const directorate = (directorateId: number) => {
    const found = directorates.get(directorateId) ?? { directorateId, applicable: 0, current: 0 };
    directorates.set(directorateId, found);
    return found;
  };
  // pass.directorates are council staff's only: a measure of another sector has none.
  if (measure.sector === "council") {
    for (const d of counted.directorates) {
      if (!inMeasure(d.requirementId)) continue;
      directorate(d.directorateId).applicable += d.applicable;
      directorate(d.directorateId).current += d.current;
    }
  }
  const position = new Map(dates.map((d, i) => [d, i]));
  const last = dates.length - 1;
  for (const c of corrections) {
    if (c.key !== measure.key) continue;
    const i = position.get(c.onDate)!;
    applicable[i]! += c.applicable;
    current[i]! += c.current;
    if (i === last && c.directorateId !== 0) {
      directorate(c.directorateId).applicable += c.applicable;
      directorate(c.directorateId).current += c.current;
    }
  }
  return { applicable, current, directorates: [...directorates.values()] };
}

type Counted = Pick<CoveragePass, "groups" | "directorates">;

/** The kept rows a pass counts: the scope's, of people in post at some point of it. */
function keptRowsInScope(options: CoveragePassOptions, dates: string[]): SQL {
  return sql`${scopeOverKeptRows(options.scope)} and k.start_date <= ${options.onDate}::date
    and (k.leaving_date is null or k.leaving_date > ${dates[0]}::date)`;
}

/** Figures (one per date, requirement, sector and directorate) as the pass's groups and onDate's directorates. */
function fromFigures(figures: CoverageFigure[], dates: string[]): Counted {
  const position = new Map(dates.map((d, i) => [d, i]));
  const last = dates.length - 1;
  const groups = new Map<string, CoveragePassGroup>();
  const directorates = new Map<string, CoveragePass["directorates"][number]>();
  for (const f of figures) {
    const i = position.get(f.onDate)!;
    const key = `${f.requirementId}:${f.sector}`;
    let group = groups.get(key);
    if (!group) {
      const zeros = () => dates.map(() => 0);
      group = { requirementId: f.requirementId, sector: f.sector, applicable: zeros(), current: zeros(), notYetDue: 0 };
      groups.set(key, group);
    }
    group.applicable[i]! += f.applicable;
    group.current[i]! += f.current;
    if (i !== last) continue;
    group.notYetDue += f.notYetDue;
    if (f.directorateId === 0) continue;
    const directorateKey = `${f.requirementId}:${f.directorateId}`;
    const directorate = directorates.get(directorateKey) ?? {
      requirementId: f.requirementId,
      directorateId: f.directorateId,
      applicable: 0,
      current: 0,
    };
    directorate.applicable += f.applicable;
    directorate.current += f.current;
    directorates.set(directorateKey, directorate);
  }
  return { groups: [...groups.values()], directorates: [...directorates.values()] };
}

/**
 * A narrower scope. coverage_figures are kept by council directorate, so the figures of the
 * directorates the scope holds whole (a director's, or all of them under the council) are read
 * from there, as everyone's are; only the scope's other rows (none for a director) are counted,
 * from the kept rows, at every point.
 */
async function countScope(db: Database, options: CoveragePassOptions, dates: string[]): Promise<CoverageFigure[]> {
  const whole = await directoratesHeldWhole(db, options.scope);
  if (whole.directorateIds.length === 0) return countCoverage(db, dates, keptRowsInScope(options, dates));
  const held = new Set(whole.directorateIds);
  const kept = (await coverageFigures(db, dates)).filter((f) => held.has(f.directorateId));
  if (!whole.anyoneElse) return kept;
  const others = await countCoverage(
    db,
    dates,
    sql`${keptRowsInScope(options, dates)} and coalesce(k.directorate_id, 0) <> all(${sqlIntArray(whole.directorateIds)})`,
  );
  return [...kept, ...others];
}

/**
 * The council directorates (depth-1 council organisations, whose ids person_requirements and
 * coverage_figures keep as directorate_id) whose whole subtree the scope holds, and whether the
 * scope may hold anyone outside them: people it names (itself, reports) or organisations in
 * other subtrees.
 */
async function directoratesHeldWhole(
  db: Database,
  scope: PersonScope,
): Promise<{ directorateIds: number[]; anyoneElse: boolean }> {
  if (scope.kind !== "some" || scope.organisationIds.length === 0) return { directorateIds: [], anyoneElse: true };
  const inScope = (o: SQL) =>
    personInScopeCondition(
      { ...scope, selfPersonId: null, reportsTo: [] },
      { personId: sql`null::int`, organisationPath: sql`${o}.path`, sector: sql`${o}.sector` },
    );
  const row = await queryOne<{ directorate_ids: number[]; other_organisations: boolean }>(
    db,
    sql`with whole as (
      select d.id from organisations d
      where d.sector = 'council' and d.depth = 1 and ${inScope(sql`d`)}
    )
    select coalesce((select array_agg(id order by id) from whole), '{}') as directorate_ids,
      exists (select 1 from organisations o
        where ${inScope(sql`o`)}
          and not (o.sector = 'council' and o.depth >= 1 and split_part(o.path, '.', 2)::int in (select id from whole))
      ) as other_organisations`,
  );
  const directorateIds = row?.directorate_ids ?? [];
  const anyoneElse = scope.selfPersonId !== null || scope.reportsTo.length > 0 || (row?.other_organisations ?? true);
  return { directorateIds, anyoneElse };
}

function scopeOverKeptRows(scope: PersonScope): SQL {
  return personInScopeCondition(scope, {
    personId: sql`k.person_id`,
    organisationPath: sql`o.path`,
    sector: sql`k.sector`,
  });
}

/**
 * The rows current on onDate whose training stops counting between the given dates, and a page of
 * them. The completion that counts on a date is the one valid longest of those completed by then:
 * the last held period when nothing was completed later (found by index), else among the periods.
 */
async function expiringRows(
  db: Database,
  kept: KeptRowsUpToDate,
  options: CoveragePassOptions,
): Promise<CoveragePass["expiring"]> {
  const expiring = options.expiring;
  if (!expiring) return { total: 0, page: 1, rows: [] };
  // A page past the end is the last page (readPage reads it again).
  const { total, page, rows } = await readPage(expiring.page, expiring.pageSize, (slice) =>
    expiringPage(db, kept, options.onDate, options.scope, expiring, slice),
  );
  return { total, page, rows };
}

async function expiringPage(
  db: Database,
  kept: KeptRowsUpToDate,
  onDate: string,
  scope: CoveragePassOptions["scope"],
  expiring: { from: string; to: string },
  slice: { offset: number; limit: number },
): Promise<Omit<CoveragePass["expiring"], "page">> {
  const d = sql`${onDate}::date`;
  const window = sql`between ${expiring.from}::date and ${expiring.to}::date`;
  const result = await queryOne<{
    total: number;
    rows: Array<{
      person_id: number;
      name: string;
      organisation_name: string;
      requirement_name: string;
      valid_until: string;
    }>;
  }>(
    db,
    sql`with soon as materialized (
      select k.person_id, k.organisation_id, k.requirement_id, o.name as organisation_name,
        case when k.last_completed_on <= ${d} then upper(k.held)
          else (select max(upper(x)) from unnest(k.periods) x where lower(x) <= ${d}) end as best_valid
      from ${keptRequirementRowsSql(kept)} k
      join organisations o on o.id = k.organisation_id
      where ${scopeOverKeptRows(scope)} and k.held @> ${d}
        and k.start_date <= ${d} and (k.leaving_date is null or k.leaving_date > ${d})
        and ((k.last_completed_on <= ${d} and upper(k.held) ${window}) or k.last_completed_on > ${d})
    ),
    expiring as (select * from soon where best_valid ${window})
    select (select count(*)::int from expiring) as total,
      coalesce((select json_agg(x order by x.valid_until, x.sort_name, x.person_id, x.requirement_name) from (
        select e.person_id, p.given_name || ' ' || p.family_name as name,
          lower(p.family_name || ' ' || p.given_name) as sort_name,
          e.organisation_name, rq.name as requirement_name, e.best_valid::text as valid_until
        from expiring e
        join people p on p.id = e.person_id
        join requirements rq on rq.id = e.requirement_id
        order by e.best_valid, lower(p.family_name || ' ' || p.given_name), e.person_id, rq.name
        limit ${slice.limit} offset ${slice.offset}) x), '[]'::json) as rows`,
  );
  return {
    total: result?.total ?? 0,
    rows: (result?.rows ?? []).map((e) => ({
      personId: e.person_id,
      name: e.name,
      organisationName: e.organisation_name,
      requirementName: e.requirement_name,
      validUntil: e.valid_until,
    })),
  };
}

/** Sums the groups that pass `include`, per point. */
export function sumPerPoint(
  pass: CoveragePass,
  include: (g: CoveragePassGroup) => boolean,
): { applicable: number[]; current: number[] } {
  const applicable = pass.dates.map(() => 0);
  const current = pass.dates.map(() => 0);
  for (const g of pass.groups) {
    if (!include(g)) continue;
    for (const [i, n] of g.applicable.entries()) applicable[i]! += n;
    for (const [i, n] of g.current.entries()) current[i]! += n;
  }
  return { applicable, current };
}

/** A trend (one value per point) of each measure counted by the pass, people once each. */
export function measureTrend(pass: CoveragePass, keys: readonly string[]): TrendPoint[] {
  return pass.dates.map((date, i) => ({
    date,
    values: Object.fromEntries(
      keys.map((key) => {
        const m = pass.measures[key];
        return [key, m ? cell(m.applicable[i]!, m.current[i]!) : cell(0, 0)];
      }),
    ),
  }));
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
