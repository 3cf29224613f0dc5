import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";
import type { Sector } from "../../db/schema";
import { audienceCondition } from "./audience";
import { anyStale, takeStaleMarks } from "./stale-marks";
import { completionValidUntilSql, standingSql, statusBitSql, statusSql, worstOfBitsSql } from "./status";

/**
 * The kept state behind coverage at scale (DESIGN.md "Scale"; docs/decisions/009): one
 * person_requirements row per person and live requirement whose audience they are in, holding
 * their dates and the periods they held the requirement; coverage_figures, the dashboard's
 * figures for everyone on the dates it shows; person_statuses, each person's statuses on the
 * dates My team asks about; and person_quarter_courses, who was trained on what in each quarter.
 * Triggers mark people stale when their records change; this module brings the rows up to date
 * before anything reads them, under one lock, so readers and writers never see half of a change.
 */

/** Above this many stale people, rebuilding everyone is cheaper than one by one. */
const REBUILD_EVERYONE_FROM = 2_000;

/** Any fixed number: the advisory lock that serialises bringing the kept state up to date. */
const KEPT_COVERAGE_LOCK = 720_410;

/** The rows of person_requirements for everyone, or for some people, straight from the records. */
export function personRequirementRowsSql(personIds: number[] | "everyone"): SQL {
  const validUntil = sql`coalesce(${completionValidUntilSql("c", "r")}, 'infinity'::date)`;
  return sql`select p.id, r.id, p.organisation_id, o.sector,
      case when o.sector = 'council' and o.depth >= 1 then split_part(o.path, '.', 2)::int end,
      p.start_date, p.leaving_date, p.start_date + r.due_within_days,
      coalesce(h.held, '{}'::datemultirange), coalesce(h.periods, '{}'::daterange[]), h.last_completed_on
    from people p
    join organisations o on o.id = p.organisation_id
    join requirements r on r.retired_at is null and ${audienceCondition({ person: "p", organisation: "o", requirement: "r" })}
    left join lateral (
      select range_agg(v.period) as held, array_agg(v.period order by lower(v.period)) as periods,
        max(c.completed_on) as last_completed_on
      from completions c
      join requirement_courses rc on rc.course_id = c.course_id and rc.requirement_id = r.id
      cross join lateral (select daterange(c.completed_on, ${validUntil}) as period) v
      where c.person_id = p.id and c.revoked_at is null
    ) h on true
    ${personIds === "everyone" ? sql`` : sql`where p.id = any(${sqlIntArray(personIds)})`}`;
}

/**
 * Each person's status per requirement on `onDate`, from the kept rows, with complianceRowsSql's
 * person_id, requirement_id, status and due_on (and the same rules: the completion that counts is
 * the one valid longest of those completed by then). The kept rows hold live requirements only,
 * so this answers as the engine does for today or later; for a past date a requirement retired
 * since would be missing: ask the engine. `personCondition` is over k.person_id and o (the
 * person's organisation): the kept row holds what it needs of the person, so people is not joined.
 * Bring the kept rows up to date first.
 */
export function keptStatusRowsSql(options: { onDate: string; personCondition: SQL; requirementIds?: number[] }): SQL {
  const d = sql`${options.onDate}::date`;
  // best_valid is 'infinity' for a completion that never expires, and finite whenever it is not held.
  const status = statusSql({
    onDate: d,
    holds: sql`k.held @> ${d}`,
    dueOn: sql`k.due_on`,
    validUntil: sql`nullif(bv.best_valid, 'infinity'::date)`,
    heldBefore: sql`bv.best_valid is not null`,
    reminderDays: sql`r.reminder_days`,
  });
  return sql`select k.person_id, k.requirement_id, ${status.status} as status, (${status.dueOn})::text as due_on,
      k.organisation_id
    from person_requirements k
    join requirements r on r.id = k.requirement_id
    -- Left, so the planner leaves it out when the condition has no use for o (every row has one).
    left join organisations o on o.id = k.organisation_id
    cross join lateral (
      select case when k.last_completed_on is null then null
        when k.last_completed_on <= ${d} then upper(k.held)
        else (select max(upper(x)) from unnest(k.periods) x where lower(x) <= ${d}) end as best_valid
    ) bv
    where k.start_date <= ${d} and (k.leaving_date is null or k.leaving_date > ${d})
      and ${options.personCondition}
      ${options.requirementIds ? sql`and k.requirement_id = any(${sqlIntArray(options.requirementIds)})` : sql``}`;
}

/**
 * Each person's statuses on `onDate` from the kept rows, with person_statuses' columns, for the
 * people passing `personCondition` (over k.person_id and o). A person's rows all hold the same
 * organisation (they are made together).
 */
export function personStatusRowsSql(onDate: string, personCondition: SQL): SQL {
  const bits = sql`bit_or(${statusBitSql(sql`s.status`)})`;
  return sql`select ${onDate}::date, s.person_id, max(s.organisation_id), ${bits}::smallint,
      ${worstOfBitsSql(bits)}::smallint
    from (${keptStatusRowsSql({ onDate, personCondition })}) s
    group by s.person_id`;
}

/** Adds the person_statuses rows of the people passing `personCondition` on each of the dates. */
async function addPersonStatuses(db: Database, dates: readonly string[], personCondition: SQL): Promise<void> {
  for (const onDate of dates) {
    await db.execute(sql`insert into person_statuses (on_date, person_id, organisation_id, statuses, worst)
      ${personStatusRowsSql(onDate, personCondition)}`);
  }
}

/** A date array written into the SQL as a typed literal, which the parser makes one constant. */
function datesSql(dates: readonly string[]): SQL {
  for (const date of dates) if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new TypeError(`Not a date: ${date}`);
  return sql.raw(`'{${dates.join(",")}}'::date[]`);
}

/**
 * Coverage counted from the kept rows on each of the dates, by requirement, sector and council
 * directorate (0 outside them), with the columns of coverage_figures. On a date a row is
 * applicable when the person is in post and the requirement is due or already held (a new starter
 * inside the days allowed is not yet required, unless trained), current when in post and held,
 * and not yet due when in post, not due and not held. `condition` filters the rows, over k
 * (person_requirements) and o (their organisation). Only live requirements have rows: retiring
 * one makes everyone stale.
 */
export function countKeptRowsSql(dates: readonly string[], condition: SQL): SQL {
  const standing = standingSql({ onDate: sql`d.on_date`, holds: sql`k.held @> d.on_date`, dueOn: sql`k.due_on` });
  return sql`select d.on_date, k.requirement_id, k.sector, coalesce(k.directorate_id, 0) as directorate_id,
      count(*) filter (where f.employed and f.applicable)::int as applicable,
      count(*) filter (where f.employed and f.current)::int as current,
      count(*) filter (where f.employed and f.not_yet_due)::int as not_yet_due
    from person_requirements k
    join organisations o on o.id = k.organisation_id
    cross join unnest(${datesSql(dates)}) as d(on_date)
    cross join lateral (
      select k.start_date <= d.on_date and (k.leaving_date is null or k.leaving_date > d.on_date) as employed,
        ${standing.applicable} as applicable, ${standing.current} as current, ${standing.notYetDue} as not_yet_due
    ) f
    where ${condition}
    group by d.on_date, k.requirement_id, k.sector, coalesce(k.directorate_id, 0)`;
}

/** One row of coverage_figures. */
export interface CoverageFigure {
  onDate: string;
  requirementId: number;
  sector: Sector;
  /** 0 outside the council's directorates. */
  directorateId: number;
  applicable: number;
  current: number;
  notYetDue: number;
}

/** Adds (sign 1) or takes back (sign -1) what the kept rows passing `condition` count on the dates. */
async function adjustFigures(db: Database, dates: readonly string[], condition: SQL, sign: 1 | -1): Promise<void> {
  await db.execute(sql`insert into coverage_figures
      (on_date, requirement_id, sector, directorate_id, applicable, current, not_yet_due)
    select on_date, requirement_id, sector, directorate_id, ${sign} * applicable, ${sign} * current, ${sign} * not_yet_due
    from (${countKeptRowsSql(dates, condition)}) counted
    on conflict (on_date, requirement_id, sector, directorate_id) do update
      set applicable = coverage_figures.applicable + excluded.applicable,
          current = coverage_figures.current + excluded.current,
          not_yet_due = coverage_figures.not_yet_due + excluded.not_yet_due`);
}

/** Who completed which course in which quarter, for everyone or some people, straight from the records. */
export function personQuarterCourseRowsSql(personIds: number[] | "everyone"): SQL {
  return sql`select distinct date_trunc('quarter', c.completed_on)::date, o.sector, c.course_id, c.person_id
    from completions c
    join people p on p.id = c.person_id
    join organisations o on o.id = p.organisation_id
    where c.revoked_at is null
      ${personIds === "everyone" ? sql`` : sql`and c.person_id = any(${sqlIntArray(personIds)})`}`;
}

/**
 * Everyone's person_requirements from scratch, and no figures or statuses (they are counted
 * again when next read). TRUNCATE, not DELETE: re-inserting the same keys over a table's own dead
 * rows is many times slower; readers wait for the lock instead.
 */
async function rebuildPersonRequirements(db: Database): Promise<void> {
  await db.execute(sql`truncate coverage_figures, person_statuses, person_requirements`);
  await db.execute(sql`insert into person_requirements ${personRequirementRowsSql("everyone")}`);
}

async function redoQuarterCourses(db: Database, personIds: number[] | "everyone"): Promise<void> {
  if (personIds === "everyone") await db.execute(sql`truncate person_quarter_courses`);
  else if (personIds.length === 0) return;
  else await db.execute(sql`delete from person_quarter_courses where person_id = any(${sqlIntArray(personIds)})`);
  await db.execute(sql`insert into person_quarter_courses ${personQuarterCourseRowsSql(personIds)}`);
}

/**
 * Brings stale people's rows up to date; the caller holds the lock. Returns how many people it redid.
 * Takes the marks' row locks first, in person_id order as the triggers do (drizzle/0007): a writer
 * still holding a mark is waited for, and the rebuild's later statements (READ COMMITTED, each
 * with a new snapshot) see what it committed.
 */
export async function refreshStale(db: Database): Promise<number | "everyone"> {
  const marks = await takeStaleMarks(db);
  if (!marks) return 0;
  const personIds = marks.people;
  if (marks.everyone === "sectors") {
    await rebuildPersonRequirements(db);
    await redoQuarterCourses(db, "everyone");
    return "everyone";
  }
  // Who was trained when does not depend on requirements or the tree's shape: only the stale
  // people's quarters are redone, however many.
  if (marks.everyone === "audiences" || personIds.length >= REBUILD_EVERYONE_FROM) {
    await rebuildPersonRequirements(db);
    await redoQuarterCourses(db, personIds);
    return "everyone";
  }
  const dates = (
    await queryRows<{ on_date: string }>(db, sql`select distinct on_date::text from coverage_figures`)
  ).map((r) => r.on_date);
  const statusDates = (
    await queryRows<{ on_date: string }>(db, sql`select distinct on_date::text from person_statuses`)
  ).map((r) => r.on_date);
  const theirs = sql`k.person_id = any(${sqlIntArray(personIds)})`;
  if (dates.length > 0) await adjustFigures(db, dates, theirs, -1);
  await db.execute(sql`delete from person_requirements k where ${theirs}`);
  await db.execute(sql`insert into person_requirements ${personRequirementRowsSql(personIds)}`);
  if (dates.length > 0) await adjustFigures(db, dates, theirs, 1);
  if (statusDates.length > 0) {
    await db.execute(sql`delete from person_statuses where person_id = any(${sqlIntArray(personIds)})`);
    await addPersonStatuses(db, statusDates, theirs);
  }
  await redoQuarterCourses(db, personIds);
  return personIds.length;
}

/** Runs `work` in a transaction holding the lock that serialises changes to the kept rows. */
export async function withKeptCoverageLock<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEPT_COVERAGE_LOCK})`);
    return work(tx);
  });
}

/**
 * Brings every stale person's rows up to date (everyone's, after a requirement or the
 * organisation tree changed). Costs one indexed look-up when nothing is stale.
 */
export async function bringPersonRequirementsUpToDate(db: Database): Promise<number | "everyone"> {
  if (!(await anyStale(db))) return 0;
  return withKeptCoverageLock(db, refreshStale);
}

/** Dates kept besides month ends and the ones asked for (the dashboard's "today", a date someone looked at): the latest few. */
const OTHER_DATES_KEPT = 7;

/**
 * Coverage for everyone on these dates, by requirement, sector and directorate: read from
 * coverage_figures after bringing stale people up to date, counting the dates not yet there
 * from the kept rows (each date once: every requirement × sector with a kept row gets a row,
 * zeros too).
 */
export async function coverageFigures(db: Database, dates: readonly string[]): Promise<CoverageFigure[]> {
  if (dates.length === 0) return [];
  const read = (tx: Database) =>
    readFigures(tx, sql`select * from coverage_figures where on_date = any(${datesSql(dates)})`);
  const missing = (figures: CoverageFigure[]) => {
    const have = new Set(figures.map((f) => f.onDate));
    return dates.filter((d) => !have.has(d));
  };
  const figures = (await anyStale(db)) ? undefined : await read(db);
  if (figures && missing(figures).length === 0) return figures;
  return withKeptCoverageLock(db, async (tx) => {
    await refreshStale(tx);
    const toCount = missing(await read(tx));
    if (toCount.length > 0) {
      await adjustFigures(tx, toCount, sql`true`, 1);
      await tx.execute(sql`delete from coverage_figures where on_date in (
        select distinct on_date from coverage_figures
        where on_date <> (date_trunc('month', on_date) + interval '1 month - 1 day')::date
          and on_date <> all(${datesSql(dates)})
        order by on_date desc offset ${OTHER_DATES_KEPT})`);
    }
    return read(tx);
  });
}

declare const statusesKept: unique symbol;
/** Proof that person_statuses holds everyone's statuses on this date, up to date: only keptPersonStatuses gives one. */
export type PersonStatusesKept = { readonly [statusesKept]: true; readonly onDate: string };

/**
 * Brings stale people up to date and makes sure person_statuses holds everyone's statuses on
 * `onDate` (today or later), counting them when first asked; dates before yesterday are let go
 * (a view begun before midnight may still be reading yesterday's). Two indexed look-ups when all is kept.
 */
export async function keptPersonStatuses(db: Database, onDate: string, today: string): Promise<PersonStatusesKept> {
  const held = async (tx: Database) =>
    (await queryRows(tx, sql`select 1 from person_statuses where on_date = ${onDate}::date limit 1`)).length > 0;
  if ((await anyStale(db)) || !(await held(db))) {
    await withKeptCoverageLock(db, async (tx) => {
      await refreshStale(tx);
      if (await held(tx)) return;
      await addPersonStatuses(tx, [onDate], sql`true`);
      await tx.execute(sql`delete from person_statuses where on_date < ${today}::date - 1`);
    });
  }
  return { onDate } as PersonStatusesKept;
}

/**
 * The kept statuses of the people passing `personCondition` (over ps.person_id and o, their
 * organisation) on the proof's date: person_id, statuses (bits, status.ts statusBit), worst.
 */
export function personStatusesSql(kept: PersonStatusesKept, personCondition: SQL): SQL {
  return sql`select ps.person_id, ps.statuses::int as statuses, ps.worst::int as worst
    from person_statuses ps
    -- Left, so the planner leaves it out when the condition has no use for o (every row has one).
    left join organisations o on o.id = ps.organisation_id
    where ps.on_date = ${kept.onDate}::date and ${personCondition}`;
}

/**
 * Coverage on the dates for the kept rows passing `condition` (over k, person_requirements, and
 * o, their organisation), counted now rather than read from coverage_figures: for a scope
 * narrower than everyone.
 */
export async function countCoverage(db: Database, dates: readonly string[], condition: SQL): Promise<CoverageFigure[]> {
  await bringPersonRequirementsUpToDate(db);
  return readFigures(db, countKeptRowsSql(dates, condition));
}

/** A set of requirements whose figure counts the people of one sector once each (a headline measure). */
export interface PeopleMeasure {
  key: string;
  sector: Sector;
  requirementIds: number[];
}

/** What counting people once changes in a measure's summed per-requirement figures, on a date, in a directorate (0 outside them). */
export interface PeopleOnceCorrection {
  key: string;
  onDate: string;
  directorateId: number;
  applicable: number;
  current: number;
}

/**
 * A measure's figure counts people: applicable when any of its requirements applies to them (due
 * or held), current when they hold every one of them that applies. Summing the per-requirement
 * figures (kept in coverage_figures) counts someone with rows for two of its requirements twice;
 * this returns, per measure, date and directorate, what to add to those sums to count them once,
 * computed over those people only (a person has one row per requirement, so a measure of one
 * requirement needs nothing and costs nothing). `condition` is over k and o, as for countCoverage.
 * Bring the kept rows up to date first.
 */
export async function peopleOnceCorrections(
  db: Database,
  dates: readonly string[],
  measures: readonly PeopleMeasure[],
  condition: SQL,
): Promise<PeopleOnceCorrection[]> {
  const several = measures.filter((m) => m.requirementIds.length > 1);
  if (several.length === 0 || dates.length === 0) return [];
  const standing = standingSql({ onDate: sql`d.on_date`, holds: sql`r.held @> d.on_date`, dueOn: sql`r.due_on` });
  const values = sql.join(
    several.map((m) => sql`(${m.key}::text, ${m.sector}::text, ${sqlIntArray(m.requirementIds)})`),
    sql`, `,
  );
  const rows = await queryRows<{
    key: string;
    on_date: string;
    directorate_id: number;
    applicable: number;
    current: number;
  }>(
    db,
    sql`with m(key, sector, requirement_ids) as (values ${values}),
    measured as materialized (
      select m.key, k.person_id, k.requirement_id, coalesce(k.directorate_id, 0) as directorate_id,
        k.start_date, k.leaving_date, k.due_on, k.held
      from m
      join person_requirements k on k.requirement_id = any(m.requirement_ids) and k.sector::text = m.sector
      join organisations o on o.id = k.organisation_id
      where ${condition}
    ),
    several as (select key, person_id from measured group by key, person_id having count(*) > 1),
    per_person as (
      select r.key, r.person_id, d.on_date, max(r.directorate_id) as directorate_id,
        count(*) filter (where f.employed and f.applicable) as rows_applicable,
        count(*) filter (where f.employed and f.current) as rows_current,
        bool_or(f.employed and f.applicable) as applicable,
        bool_or(f.employed and f.applicable) and not bool_or(f.employed and f.applicable and not f.current) as current
      from measured r
      join several s on s.key = r.key and s.person_id = r.person_id
      cross join unnest(${datesSql(dates)}) as d(on_date)
      cross join lateral (
        select r.start_date <= d.on_date and (r.leaving_date is null or r.leaving_date > d.on_date) as employed,
          ${standing.applicable} as applicable, ${standing.current} as current
      ) f
      group by r.key, r.person_id, d.on_date
    )
    select key, on_date::text, directorate_id,
      sum(applicable::int - rows_applicable)::int as applicable, sum(current::int - rows_current)::int as current
    from per_person
    group by key, on_date, directorate_id`,
  );
  return rows.map((r) => ({
    key: r.key,
    onDate: r.on_date,
    directorateId: r.directorate_id,
    applicable: r.applicable,
    current: r.current,
  }));
}

/** Rows with the columns of coverage_figures, as figures. */
async function readFigures(db: Database, query: SQL): Promise<CoverageFigure[]> {
  const rows = await queryRows<{
    on_date: string;
    requirement_id: number;
    sector: Sector;
    directorate_id: number;
    applicable: number;
    current: number;
    not_yet_due: number;
  }>(
    db,
    sql`select on_date::text, requirement_id, sector::text as sector, directorate_id, applicable, current, not_yet_due
      from (${query}) figures`,
  );
  return rows.map((r) => ({
    onDate: r.on_date,
    requirementId: r.requirement_id,
    sector: r.sector,
    directorateId: r.directorate_id,
    applicable: r.applicable,
    current: r.current,
    notYetDue: r.not_yet_due,
  }));
}
