import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { keptCoverageChecks } from "../../db/schema/kept-coverage";
import { recordAuditEvent } from "../audit/record-event";
import { complianceRowsSql } from "./compliance-rows";
import {
  countKeptRowsSql,
  keptStatusRowsSql,
  personQuarterCourseRowsSql,
  personStatusRowsSql,
  personRequirementRowsSql,
  refreshStale,
  withKeptCoverageLock,
} from "./kept-rows";
import { STALE_MARKS_RELATION, marksEveryoneSql } from "./stale-marks";

/** What a check of the kept coverage found. */
export interface KeptCoverageCheck {
  checkedAt: Date;
  rowsCompared: number;
  differences: number;
  /** Rows compared by table ("statuses": everyone's status per requirement today, against the engine). */
  compared: Record<
    "person_requirements" | "person_quarter_courses" | "coverage_figures" | "person_statuses" | "statuses",
    number
  >;
  /** Up to EXAMPLES of the differences, in words. */
  examples: string[];
}

const EXAMPLES = 10;

/** Settling again when a writer made everyone stale between settling and comparing. */
const ATTEMPTS = 5;

const PR_COLUMNS = sql.raw(
  "person_id, requirement_id, organisation_id, sector, directorate_id, start_date, leaving_date, due_on, held, periods, last_completed_on",
);

/**
 * Compares every kept row with what the records give now: person_requirements and
 * person_quarter_courses with the SQL that builds them, coverage_figures and person_statuses with
 * a recount of the kept rows, and everyone's status per requirement on `today` read from the kept
 * rows with the compliance engine's. Brings stale people up to date first and compares under the same lock, in
 * one statement (one snapshot), leaving out people a writer marked stale since (their rows are
 * rightly behind until the next reader). Records the result; audited when someone asked for it
 * (`requestedByAccountId`), not when the service checks its own state (npm run check:coverage).
 */
export async function checkKeptCoverage(
  db: Database,
  options: { today: string; requestedByAccountId?: string | null },
): Promise<KeptCoverageCheck> {
  const requestedBy = options.requestedByAccountId ?? null;
  return withKeptCoverageLock(db, async (tx) => {
    let found: Found | undefined;
    for (let attempt = 0; attempt < ATTEMPTS && !found; attempt++) {
      await refreshStale(tx);
      found = await compare(tx, options.today);
    }
    if (!found) throw new Error("The kept coverage could not be checked: everyone was marked stale again each time");
    const rowsCompared = Object.values(found.compared).reduce((a, b) => a + b, 0);
    const [row] = await tx
      .insert(keptCoverageChecks)
      .values({
        rowsCompared,
        differences: found.differences,
        compared: found.compared,
        examples: found.examples,
        requestedByAccountId: requestedBy,
      })
      .returning({ id: keptCoverageChecks.id, checkedAt: keptCoverageChecks.checkedAt });
    if (requestedBy) {
      await recordAuditEvent(tx, {
        actorAccountId: requestedBy,
        action: "kept_coverage.check",
        entityType: "kept_coverage_check",
        entityId: row!.id,
        after: { rowsCompared, differences: found.differences },
      });
    }
    return { checkedAt: row!.checkedAt, rowsCompared, ...found };
  });
}

type Found = Pick<KeptCoverageCheck, "compared" | "differences" | "examples">;

/** The comparison, or undefined when everyone is marked stale (nothing settled to compare). */
async function compare(tx: Database, today: string): Promise<Found | undefined> {
  // Only readers holding the lock change coverage_figures' dates: read them before the statement.
  const dates = (
    await queryRows<{ on_date: string }>(tx, sql`select distinct on_date::text from coverage_figures order by 1`)
  ).map((r) => r.on_date);
  const statusDates = (
    await queryRows<{ on_date: string }>(tx, sql`select distinct on_date::text from person_statuses order by 1`)
  ).map((r) => r.on_date);
  // Periods are compared sorted: the builder orders them by their start only.
  const sortedPeriods = (alias: string) => sql.raw(`array(select x from unnest(${alias}.periods) x order by x)`);
  const found = await queryOne<{
    person_requirements: number;
    person_quarter_courses: number;
    coverage_figures: number;
    person_statuses: number;
    statuses: number;
    differences: number;
    examples: string;
    everyone_stale: boolean;
  }>(
    tx,
    sql`with stale as materialized (${STALE_MARKS_RELATION}),
    kept_pr as materialized (select ${PR_COLUMNS} from person_requirements),
    built_pr as materialized (
      select * from (${personRequirementRowsSql("everyone")}) b(${PR_COLUMNS})
    ),
    pr_diff as (
      select coalesce(k.person_id, b.person_id) as person_id,
        'person_requirements: person ' || coalesce(k.person_id, b.person_id) || ', requirement '
          || coalesce(k.requirement_id, b.requirement_id) || case
            when k.person_id is null then ': no kept row'
            when b.person_id is null then ': a kept row the records do not give'
            else ': the kept row differs' end as detail
      from kept_pr k
      full join built_pr b on b.person_id = k.person_id and b.requirement_id = k.requirement_id
      where (k.person_id, k.organisation_id, k.sector, k.directorate_id, k.start_date, k.leaving_date, k.due_on,
             k.held, ${sortedPeriods("k")}, k.last_completed_on)
        is distinct from (b.person_id, b.organisation_id, b.sector, b.directorate_id, b.start_date, b.leaving_date,
             b.due_on, b.held, ${sortedPeriods("b")}, b.last_completed_on)
    ),
    kept_pqc as materialized (select quarter_start, sector, course_id, person_id from person_quarter_courses),
    built_pqc as materialized (
      select * from (${personQuarterCourseRowsSql("everyone")}) b(quarter_start, sector, course_id, person_id)
    ),
    pqc_diff as (
      select person_id, 'person_quarter_courses: person ' || person_id || ', course ' || course_id
        || ', quarter from ' || quarter_start || ': a kept row the records do not give' as detail
      from (select * from kept_pqc except select * from built_pqc) extra
      union all
      select person_id, 'person_quarter_courses: person ' || person_id || ', course ' || course_id
        || ', quarter from ' || quarter_start || ': no kept row' as detail
      from (select * from built_pqc except select * from kept_pqc) missing
    ),
    kept_fig as materialized (
      select on_date, requirement_id, sector, directorate_id, applicable, current, not_yet_due from coverage_figures
    ),
    counted_fig as materialized (${countKeptRowsSql(dates, sql`true`)}),
    fig_diff as (
      select null::int as person_id, 'coverage_figures: ' || coalesce(k.on_date, c.on_date) || ', requirement '
        || coalesce(k.requirement_id, c.requirement_id) || ', ' || coalesce(k.sector, c.sector) || ', directorate '
        || coalesce(k.directorate_id, c.directorate_id) || ': kept ' || coalesce(k.current, 0) || ' of '
        || coalesce(k.applicable, 0) || ', counted ' || coalesce(c.current, 0) || ' of ' || coalesce(c.applicable, 0)
        as detail
      from kept_fig k
      full join counted_fig c on c.on_date = k.on_date and c.requirement_id = k.requirement_id
        and c.sector = k.sector and c.directorate_id = k.directorate_id
      where (coalesce(k.applicable, 0), coalesce(k.current, 0), coalesce(k.not_yet_due, 0))
        <> (coalesce(c.applicable, 0), coalesce(c.current, 0), coalesce(c.not_yet_due, 0))
    ),
    kept_ps as materialized (select on_date, person_id, organisation_id, statuses, worst from person_statuses),
    counted_ps as materialized (
      select * from (${
        statusDates.length === 0
          ? sql`select null::date, null::int, null::int, null::smallint, null::smallint where false`
          : sql.join(
              statusDates.map((date) => personStatusRowsSql(date, sql`true`)),
              sql` union all `,
            )
      }) c(on_date, person_id, organisation_id, statuses, worst)
    ),
    ps_diff as (
      select coalesce(k.person_id, c.person_id) as person_id,
        'person_statuses: ' || coalesce(k.on_date, c.on_date) || ', person ' || coalesce(k.person_id, c.person_id)
          || ': kept ' || coalesce(k.statuses::text, 'none') || ', counted ' || coalesce(c.statuses::text, 'none')
          as detail
      from kept_ps k
      full join counted_ps c on c.on_date = k.on_date and c.person_id = k.person_id
      where (k.person_id, k.organisation_id, k.statuses, k.worst)
        is distinct from (c.person_id, c.organisation_id, c.statuses, c.worst)
    ),
    kept_st as materialized (
      select person_id, requirement_id, status::text, due_on::text
      from (${keptStatusRowsSql({ onDate: today, personCondition: sql`true` })}) s
    ),
    engine_st as materialized (
      select person_id, requirement_id, status::text, due_on::text from (${complianceRowsSql({ onDate: today })}) s
    ),
    st_diff as (
      select coalesce(k.person_id, e.person_id) as person_id,
        'status on ' || ${today}::text || ': person ' || coalesce(k.person_id, e.person_id) || ', requirement '
          || coalesce(k.requirement_id, e.requirement_id) || ': kept ' || coalesce(k.status || ' ' || coalesce(k.due_on, '-'), 'none')
          || ', engine ' || coalesce(e.status || ' ' || coalesce(e.due_on, '-'), 'none') as detail
      from kept_st k
      full join engine_st e on e.person_id = k.person_id and e.requirement_id = k.requirement_id
      where (k.person_id, k.status, k.due_on) is distinct from (e.person_id, e.status, e.due_on)
    ),
    diffs as (
      select detail from (
        select * from pr_diff union all select * from pqc_diff union all select * from ps_diff
        union all select * from st_diff
      ) d where person_id not in (select person_id from stale)
      union all
      select detail from fig_diff
    )
    select (select count(*) from kept_pr)::int as person_requirements,
      (select count(*) from kept_pqc)::int as person_quarter_courses,
      (select count(*) from kept_fig)::int as coverage_figures,
      (select count(*) from kept_ps)::int as person_statuses,
      (select count(*) from kept_st)::int as statuses,
      (select count(*) from diffs)::int as differences,
      (select coalesce(json_agg(detail order by detail), '[]'::json)
        from (select detail from diffs order by detail limit ${EXAMPLES}) x)::text as examples,
      ${marksEveryoneSql(sql`stale`)} as everyone_stale`,
  );
  if (!found || found.everyone_stale) return undefined;
  return {
    compared: {
      person_requirements: found.person_requirements,
      person_quarter_courses: found.person_quarter_courses,
      coverage_figures: found.coverage_figures,
      person_statuses: found.person_statuses,
      statuses: found.statuses,
    },
    differences: found.differences,
    examples: JSON.parse(found.examples) as string[],
  };
}

/** A check's result in a few lines of plain text, for the command line (npm run check:coverage, the benchmark). */
export function keptCoverageCheckSummary(check: KeptCoverageCheck): string[] {
  const n = (value: number) => value.toLocaleString("en-GB");
  const lines = [
    `Kept coverage checked against the records: ${n(check.rowsCompared)} rows compared ` +
      `(person_requirements ${n(check.compared.person_requirements)}, ` +
      `person_quarter_courses ${n(check.compared.person_quarter_courses)}, ` +
      `coverage_figures ${n(check.compared.coverage_figures)}, ` +
      `person_statuses ${n(check.compared.person_statuses)}, statuses today ${n(check.compared.statuses)}).`,
    check.differences === 0
      ? "No differences."
      : `${n(check.differences)} ${check.differences === 1 ? "difference" : "differences"}, for example:`,
  ];
  if (check.differences > 0) lines.push(...check.examples.map((e) => `  ${e}`));
  return lines;
}
