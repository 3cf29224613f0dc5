import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import {
  type PeopleMeasure,
  type PeopleOnceCorrection,
  type PersonStatusesKept,
  bringPersonRequirementsUpToDate,
  countKeptRowsSql,
  coverageFigures,
  keptPersonStatuses,
  keptStatusRowsSql,
  peopleOnceCorrections,
} from "./kept-rows";

// What other capabilities read of the kept state. Every way in brings stale people up to date
// first: the readers here do it themselves (coverageFigures, countCoverage in kept-rows.ts), and
// the SQL fragments over the kept tables take the proof that it was done, which only
// keptCoverageUpToDate gives. kept-rows.ts, which builds and refreshes the rows, is this
// folder's own (dependency-cruiser: kept-coverage-internals).

export {
  type CoverageFigure,
  type PeopleMeasure,
  type PeopleOnceCorrection,
  type PersonStatusesKept,
  countCoverage,
  coverageFigures,
  personStatusesSql,
} from "./kept-rows";

declare const upToDate: unique symbol;
/** Proof that the kept rows were brought up to date: only keptCoverageUpToDate returns one. */
export type KeptRowsUpToDate = { readonly [upToDate]: true };

const UP_TO_DATE = Object.freeze({}) as KeptRowsUpToDate;

/**
 * Vacuums and analyses the kept tables written and emptied all day: the stale marks (each taken
 * mark is a dead row until vacuumed, and every kept read asks whether anything is stale), and the
 * rows redone for the people brought up to date (person_requirements, person_statuses,
 * coverage_figures). PostgreSQL's autovacuum does this where it runs; PGlite has none. Outside a
 * transaction (VACUUM cannot run in one).
 */
export async function vacuumKeptTables(db: Database): Promise<void> {
  await db.execute(
    sql`vacuum (analyze) stale_person_requirements, person_requirements, person_statuses, coverage_figures`,
  );
}

/**
 * The background's care of the kept tables (every quarter of an hour): counts today's statuses and
 * coverage figures for everyone when not counted yet, so that the day's first My team or dashboard
 * view does not wait for them (about 0.15 and 0.03 s at 50,000 people on PostgreSQL; two indexed
 * look-ups once counted), then vacuums them (vacuumKeptTables).
 */
export async function tidyKeptTables(db: Database, today: string): Promise<void> {
  await keptPersonStatuses(db, today, today);
  await coverageFigures(db, [today]);
  await vacuumKeptTables(db);
}

/** Brings every stale person's kept rows up to date (one indexed look-up when none is), for the fragments below. */
export async function keptCoverageUpToDate(db: Database): Promise<KeptRowsUpToDate> {
  await bringPersonRequirementsUpToDate(db);
  return UP_TO_DATE;
}

/**
 * Brings stale people up to date and keeps everyone's statuses on `onDate` (today or later) in
 * person_statuses: the proofs for keptStatusesSql and personStatusesSql.
 */
export async function keptStatusesUpToDate(
  db: Database,
  onDate: string,
  today: string,
): Promise<{ rows: KeptRowsUpToDate; statuses: PersonStatusesKept }> {
  const statuses = await keptPersonStatuses(db, onDate, today);
  return { rows: UP_TO_DATE, statuses };
}

/**
 * person_requirements, as a relation to select from: one row per person and live requirement
 * whose audience they are in (person_id, requirement_id, organisation_id, sector, directorate_id,
 * start_date, leaving_date, due_on, held, periods, last_completed_on).
 */
export function keptRequirementRowsSql(_upToDate: KeptRowsUpToDate): SQL {
  return sql`person_requirements`;
}

/** person_quarter_courses, as a relation: who completed which course in which quarter (quarter_start, sector, course_id, person_id). */
export function keptQuarterCoursesSql(_upToDate: KeptRowsUpToDate): SQL {
  return sql`person_quarter_courses`;
}

/**
 * Each person's status per live requirement on a date, today or later, from the kept rows
 * (person_id, requirement_id, status, due_on, as complianceRowsSql gives them). `personCondition`
 * is over k.person_id and o (the person's organisation).
 */
export function keptStatusesSql(
  _upToDate: KeptRowsUpToDate,
  options: { onDate: string; personCondition: SQL; requirementIds?: number[] },
): SQL {
  return keptStatusRowsSql(options);
}

/**
 * Per live requirement, how many of the people passing `personCondition` (over k.person_id and o)
 * it applies to on `onDate` (in post, as keptStatusesSql gives them a status) and how many of
 * those hold it (current or expiring): requirement_id, applies, current.
 */
export function keptRequirementFiguresSql(
  _upToDate: KeptRowsUpToDate,
  options: { onDate: string; personCondition: SQL },
): SQL {
  return sql`select f.requirement_id, sum(f.applicable + f.not_yet_due)::int as applies, sum(f.current)::int as current
    from (${countKeptRowsSql([options.onDate], options.personCondition)}) f
    group by f.requirement_id
    having sum(f.applicable + f.not_yet_due) > 0`;
}

/** What counting people once changes in a measure's summed figures (kept-rows.ts peopleOnceCorrections). */
export function peopleOnceCorrectionsFor(
  _upToDate: KeptRowsUpToDate,
  db: Database,
  dates: readonly string[],
  measures: readonly PeopleMeasure[],
  condition: SQL,
): Promise<PeopleOnceCorrection[]> {
  return peopleOnceCorrections(db, dates, measures, condition);
}
