import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { Sector } from "../../db/schema";
import { coveragePass, measureTrend } from "../coverage/coverage-pass";
import type { CoverageCell } from "../coverage/coverage-sql";
import type { TrendPoint } from "../coverage/coverage-trend";
import { keptCoverageUpToDate, keptQuarterCoursesSql } from "../kept-coverage/readers";
import { HEADLINE_MEASURES, type HeadlineMeasureKey, resolveMeasures } from "../coverage/resolve-measures";
import { schoolsCoverage } from "../coverage/schools-coverage";
import { DomainError } from "../errors";
import { KPI_KEYS, type KpiKey } from "./kpi-catalogue";
import { meanEvaluationScore } from "../evaluations/results";
import { listKpiDefinitions } from "./list-kpi-definitions";
import { type Quarter, nextQuarter, quarterDates, quarterKey } from "./quarters";
import { percentOf } from "./rag";

export interface KpiValue {
  value: number | null;
  numerator?: number;
  denominator?: number;
}

/** A quarter's figures: what a snapshot freezes (kpi_snapshots.figures) and what the report shows. */
export interface KpiFigures {
  version: 1;
  quarter: string;
  periodStart: string;
  periodEnd: string;
  /** The date point-in-time figures (coverage, schools) are taken on: the quarter's last day, or today while it runs. */
  asOf: string;
  computedAt: string;
  values: Record<KpiKey, KpiValue>;
  /** Targets as they stood when the figures were taken. */
  targets: Record<KpiKey, number | null>;
  trainedBySector: Array<{ sector: Sector; people: number }>;
  trainedByCourse: Array<{ courseId: number; code: string; title: string; people: number }>;
  registrations: { attended: number; absent: number };
  /** Coverage at month ends over the 24 months to `asOf`, for the headline figures. */
  trend: TrendPoint[];
  trendSeries: Array<{ key: HeadlineMeasureKey; label: string }>;
}

/**
 * Computes every KPI for a quarter from the records as they stand now. Activity (people trained,
 * sessions, attendance) counts what happened in the quarter; coverage and schools are taken on
 * its last day (or today, while it is still running).
 */
export async function computeKpiFigures(
  db: Database,
  quarter: Quarter,
  options: { today: string; now?: Date },
): Promise<KpiFigures> {
  const { start, end } = quarterDates(quarter);
  if (start > options.today) throw new DomainError("That quarter has not started yet", "quarter");
  // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as text
  const asOf = end < options.today ? end : options.today;
  const next = quarterDates(nextQuarter(quarter));
  const [measures, definitions] = await Promise.all([resolveMeasures(db), listKpiDefinitions(db)]);
  const kept = await keptCoverageUpToDate(db);

  const activity = await queryOne<{
    by_sector: Array<{ sector: Sector; people: number }>;
    by_course: Array<{ course_id: number; code: string; title: string; people: number }>;
    sessions_delivered: number;
    attended: number;
    absent: number;
  }>(
    db,
    // Who was trained on what comes from the kept person_quarter_courses (one row per person,
    // course and quarter with a live completion; financial-year quarters start on calendar
    // quarters' days), with the person's sector.
    sql`with quarter_sessions as (
      -- Sessions starting on the quarter's days in London, as a range of the indexed start time.
      select s.id, s.status from course_sessions s
      where s.starts_at >= (${start}::date::timestamp at time zone 'Europe/London')
        and s.starts_at < ((${end}::date + 1)::timestamp at time zone 'Europe/London')
    )
    select
      coalesce((select json_agg(x order by x.sector) from (
        select sector::text as sector, count(*)::int as people from (
          select distinct sector, person_id from ${keptQuarterCoursesSql(kept)} k where quarter_start = ${start}::date) d
        group by sector) x), '[]'::json) as by_sector,
      coalesce((select json_agg(x order by x.people desc, x.title) from (
        select t.course_id, c.code, c.title, t.people
        from (select course_id, count(*)::int as people from ${keptQuarterCoursesSql(kept)} k
              where quarter_start = ${start}::date group by course_id) t
        join courses c on c.id = t.course_id) x), '[]'::json) as by_course,
      (select count(*)::int from quarter_sessions where status = 'delivered') as sessions_delivered,
      (select count(*)::int from bookings b join quarter_sessions qs on qs.id = b.session_id
        where qs.status <> 'cancelled' and b.status = 'attended') as attended,
      (select count(*)::int from bookings b join quarter_sessions qs on qs.id = b.session_id
        where qs.status <> 'cancelled' and b.status = 'absent') as absent`,
  );

  // Coverage on asOf and at the month ends before it, and what runs out next quarter: one pass.
  const pass = await coveragePass(db, {
    onDate: asOf,
    months: 24,
    scope: { kind: "all" },
    expiring: { from: next.start, to: next.end, page: 1, pageSize: 0 },
    measures: HEADLINE_MEASURES.map((key) => measures[key]),
  });
  // People once each, however many of a measure's requirements cover them (as the dashboard).
  const trend = measureTrend(pass, HEADLINE_MEASURES);
  const measureCell = (key: HeadlineMeasureKey): CoverageCell => trend.at(-1)!.values[key]!;
  const fromCell = (c: CoverageCell): KpiValue => ({
    value: c.percent,
    numerator: c.current,
    denominator: c.applicable,
  });

  const schools = await schoolsCoverage(db, {}, asOf);
  const evaluations = await meanEvaluationScore(db, { start, end });
  const schoolCount = schools.summary.schools;
  const attended = activity?.attended ?? 0;
  const absent = activity?.absent ?? 0;

  const values: Record<KpiKey, KpiValue> = {
    // Everyone counts in one sector (their organisation's), so the sectors add up to the people.
    people_trained: { value: (activity?.by_sector ?? []).reduce((n, s) => n + s.people, 0) },
    sessions_delivered: { value: activity?.sessions_delivered ?? 0 },
    attendance_rate: {
      value: percentOf(attended, attended + absent),
      numerator: attended,
      denominator: attended + absent,
    },
    no_show_rate: { value: percentOf(absent, attended + absent), numerator: absent, denominator: attended + absent },
    // The mean of the quarter's 1–5 answers; the denominator is how many evaluations gave them.
    evaluation_mean_score: {
      value: evaluations.mean,
      numerator: evaluations.answers,
      denominator: evaluations.responses,
    },
    coverage_council_frontline: fromCell(measureCell("council_frontline")),
    coverage_contractors: fromCell(measureCell("contractor")),
    coverage_school_staff: fromCell(measureCell("school_prevent")),
    schools_with_trained_dsl: {
      value: percentOf(schools.summary.withTrainedDsl, schoolCount),
      numerator: schools.summary.withTrainedDsl,
      denominator: schoolCount,
    },
    schools_trained_last_year: {
      value: percentOf(schools.summary.trainedInLastYear, schoolCount),
      numerator: schools.summary.trainedInLastYear,
      denominator: schoolCount,
    },
    completions_expiring_next_quarter: { value: pass.expiring.total },
  };

  const targets = Object.fromEntries(KPI_KEYS.map((k) => [k, null])) as Record<KpiKey, number | null>;
  for (const d of definitions) targets[d.key] = d.target;

  return {
    version: 1,
    quarter: quarterKey(quarter),
    periodStart: start,
    periodEnd: end,
    asOf,
    computedAt: (options.now ?? new Date()).toISOString(),
    values,
    targets,
    trainedBySector: activity?.by_sector ?? [],
    trainedByCourse: (activity?.by_course ?? []).map((c) => ({
      courseId: c.course_id,
      code: c.code,
      title: c.title,
      people: c.people,
    })),
    registrations: { attended, absent },
    trend,
    trendSeries: HEADLINE_MEASURES.map((key) => ({ key, label: measures[key].label })),
  };
}
