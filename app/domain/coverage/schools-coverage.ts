import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import { addMonthsToDate } from "../../lib/dates";
import { pageShown, pageSlice } from "../../lib/pagination";
import { employedOnCondition } from "../kept-coverage/audience";
import { type KeptRowsUpToDate, keptCoverageUpToDate, keptRequirementRowsSql } from "../kept-coverage/readers";
import { completionValidUntilSql, standingSql } from "../kept-coverage/status";
import { type CoverageCell, cell } from "./coverage-sql";
import { type Measure, type MeasureKey, resolveMeasures } from "./resolve-measures";
import { type RagStatus, percentOf } from "./share";

import { DECLARATION_COUNTS_FOR_MONTHS, SCHOOL_AMBER_SHARE, SCHOOL_GREEN_SHARE } from "./values";

export { SCHOOL_AMBER_SHARE, SCHOOL_GREEN_SHARE, SCHOOL_RAG_RULE, shareBasisReason } from "./values";

export interface SchoolFilters {
  phase?: string;
  type?: string;
  status?: RagStatus;
  schoolId?: number;
}

export interface SchoolDeclarationFigures {
  declaredOn: string;
  headcount: number;
  declaredTrained: number;
  percent: number | null;
}

export interface SchoolCoverageRow {
  id: number;
  name: string;
  urn: number | null;
  phase: string | null;
  type: string | null;
  schoolStatus: string | null;
  /** Staff and governors in post on the date, recorded one by one. */
  staff: number;
  /** Evidenced: staff the school Prevent requirement applies to, and those current. */
  prevent: CoverageCell;
  dsls: number;
  /** DSLs and deputies holding current Prevent awareness and every DSL training requirement. */
  dslsTrained: number;
  /**
   * The latest delivered session for the school, or the latest session its people attended (the
   * completion its register made when their booking was marked attended), whichever is later.
   */
  lastSession: { on: string; source: "school_session" | "staff_attendance" } | null;
  /** The latest completion of any course by anyone recorded at the school. */
  lastTrainingOn: string | null;
  /** Any completion by its people, or a session delivered for it, in the 12 months to the date. */
  trainedInLastYear: boolean;
  /** The latest declaration on or before the date: declared figures, shown apart from evidence. */
  declaration: SchoolDeclarationFigures | null;
  /** What the status's share of staff was read from (decision 018; shareBasisReason says why). */
  shareBasis: "evidenced" | "declared" | "none";
  status: RagStatus;
  noCoverage: boolean;
}

export interface SchoolsCoverage {
  onDate: string;
  rows: SchoolCoverageRow[];
  phases: string[];
  types: string[];
  preventRequirements: Measure["requirements"];
  dslRequirements: Measure["requirements"];
  summary: {
    schools: number;
    green: number;
    amber: number;
    red: number;
    noCoverage: number;
    withTrainedDsl: number;
    trainedInLastYear: number;
  };
}

/** Summary figures over the schools a page's filters pick (a page of the table shows only some of them). */
export type SchoolsPageSummary = Omit<SchoolsCoverage["summary"], "trainedInLastYear">;

export interface SchoolsCoveragePage extends Omit<SchoolsCoverage, "rows" | "summary"> {
  /** The schools on this page, by name. */
  rows: SchoolCoverageRow[];
  /** How many schools the filters pick, over every page. */
  total: number;
  /** The page shown (from 1; a page past the last shows the last) and the schools per page. */
  page: number;
  pageSize: number;
  summary: SchoolsPageSummary;
  /** Every school the filters pick with no coverage at all, by name (not only this page's). */
  noCoverage: Array<Pick<SchoolCoverageRow, "id" | "name" | "phase">>;
}

/** The open schools on `onDate` that the filters on organisations pick (not the status: that is worked out). */
function schoolConditions(filters: SchoolFilters, onDate: string): SQL {
  const conditions = [
    sql`s.kind = 'school'`,
    sql`(s.closed_on is null or s.closed_on > ${onDate}::date)`,
    sql`coalesce(s.school_status, '') not ilike 'closed%'`,
  ];
  if (filters.phase) conditions.push(sql`s.school_phase = ${filters.phase}`);
  if (filters.type) conditions.push(sql`s.school_type = ${filters.type}`);
  if (filters.schoolId !== undefined) conditions.push(sql`s.id = ${filters.schoolId}`);
  return sql.join(conditions, sql` and `);
}

/**
 * Everyone recorded at the schools in CTE `schools` (school_id, person_id, start_date, leaving_date,
 * is_dsl), leavers too: the people of each organisation in the school sector whose path runs
 * through the school. An organisation's path lists its ancestors' ids and its own, so the school
 * is found by id among them (a hash join) instead of matching every path against every school's.
 */
const everyoneAtSchoolsSql = sql`select sc.id as school_id, p.id as person_id, p.start_date, p.leaving_date,
    p.profile_tags && array['dsl', 'deputy_dsl']::text[] as is_dsl
  from organisations o
  cross join lateral unnest(string_to_array(rtrim(o.path, '.'), '.')::int[]) as a(id)
  join schools sc on sc.id = a.id
  join people p on p.organisation_id = o.id
  where o.sector = 'school'`;

interface FigureRow extends Record<string, unknown> {
  id: number;
  name: string;
  urn: number | null;
  phase: string | null;
  type: string | null;
  school_status: string | null;
  staff: number;
  prevent_applicable: number;
  prevent_current: number;
  dsls: number;
  dsls_trained: number;
  declared_on: string | null;
  headcount: number | null;
  declared_trained: number | null;
}

/**
 * What each school's status needs, for every school the filters pick: staff in post, Prevent
 * coverage (from the kept rows), DSLs and DSLs trained, and the latest declaration. By name.
 */
async function schoolFigures(
  db: Database,
  filters: SchoolFilters,
  onDate: string,
  kept: KeptRowsUpToDate,
  measures: Record<MeasureKey, Measure>,
): Promise<FigureRow[]> {
  const preventIds = measures.school_prevent.requirementIds;
  const dslIds = measures.school_dsl.requirementIds;
  const measured = [...preventIds, ...dslIds];
  const prevent = standingSql({
    onDate: sql`${onDate}::date`,
    holds: sql`k.held @> ${onDate}::date`,
    dueOn: sql`k.due_on`,
  });
  // A DSL is trained who holds a current completion for any Prevent requirement and for every DSL
  // one, whatever their audiences (holdsAnySql and holdsAllSql, read in one pass over the DSLs'
  // completions instead of a lookup per DSL and requirement).
  const trainedDsl =
    preventIds.length === 0 || dslIds.length === 0
      ? sql`false`
      : sql`coalesce(dh.holds_prevent and dh.dsl_held = (select count(*) from requirements r where r.id = any(${sqlIntArray(dslIds)})), false)`;
  return queryRows<FigureRow>(
    db,
    sql`with schools as (
      select s.id, s.name, s.urn, s.school_phase, s.school_type, s.school_status, s.path
      from organisations s
      where ${schoolConditions(filters, onDate)}
    ),
    staff as materialized (
      select e.school_id, e.person_id, e.is_dsl from (${everyoneAtSchoolsSql}) e
      where ${employedOnCondition("e", onDate)}
    ),
    prevent as (
      -- From the kept rows: current is "held on the date"; applicable unless a new starter not yet due.
      -- A few rows per member of staff, from the (person, requirement) key.
      select st.person_id, pv.is_current, pv.applies
      from staff st
      cross join lateral (
        select bool_or(${prevent.current}) as is_current, bool_or(${prevent.applicable}) as applies
        from ${keptRequirementRowsSql(kept)} k
        where k.person_id = st.person_id and k.requirement_id = any(${sqlIntArray(preventIds)}) and k.sector = 'school'
      ) pv
    ),
    dsl_held as (
      -- Per DSL: holds a current completion for a Prevent requirement; how many DSL requirements they
      -- hold one for. A DSL's completions of those requirements' courses, from the (person, course) index.
      select st.person_id, h.holds_prevent, h.dsl_held
      from staff st
      cross join lateral (
        select bool_or(hr.id = any(${sqlIntArray(preventIds)})) as holds_prevent,
          count(distinct hr.id) filter (where hr.id = any(${sqlIntArray(dslIds)}))::int as dsl_held
        from completions hc
        join requirement_courses hrc on hrc.course_id = hc.course_id
        join requirements hr on hr.id = hrc.requirement_id
        where hc.person_id = st.person_id and hc.revoked_at is null and hc.completed_on <= ${onDate}::date
          and hc.course_id = any(array(select rc.course_id from requirement_courses rc where rc.requirement_id = any(${sqlIntArray(measured)})))
          and hr.id = any(${sqlIntArray(measured)})
          and coalesce(${completionValidUntilSql("hc", "hr")}, 'infinity'::date) > ${onDate}::date
      ) h
      where st.is_dsl
    ),
    per_school as (
      select st.school_id,
        count(*)::int as staff,
        count(*) filter (where pv.applies)::int as prevent_applicable,
        count(*) filter (where pv.is_current)::int as prevent_current,
        count(*) filter (where st.is_dsl)::int as dsls,
        count(*) filter (where st.is_dsl and ${trainedDsl})::int as dsls_trained
      from staff st
      left join prevent pv on pv.person_id = st.person_id
      left join dsl_held dh on dh.person_id = st.person_id
      group by st.school_id
    ),
    declared as (
      select distinct on (sd.organisation_id) sd.organisation_id, sd.declared_on, sd.headcount, sd.declared_trained
      from school_declarations sd
      join schools sc on sc.id = sd.organisation_id
      where sd.declared_on <= ${onDate}::date
      order by sd.organisation_id, sd.declared_on desc, sd.id desc
    )
    select sc.id, sc.name, sc.urn, sc.school_phase as phase, sc.school_type as type, sc.school_status,
      coalesce(ps.staff, 0)::int as staff,
      coalesce(ps.prevent_applicable, 0)::int as prevent_applicable,
      coalesce(ps.prevent_current, 0)::int as prevent_current,
      coalesce(ps.dsls, 0)::int as dsls,
      coalesce(ps.dsls_trained, 0)::int as dsls_trained,
      d.declared_on::text, d.headcount, d.declared_trained
    from schools sc
    left join per_school ps on ps.school_id = sc.id
    left join declared d on d.organisation_id = sc.id
    order by sc.name, sc.id`,
  );
}

interface ActivityRow extends Record<string, unknown> {
  id: number;
  last_attended_on: string | null;
  last_completed_on: string | null;
  last_session_on: string | null;
}

/**
 * Each school's latest completion and latest attendance by anyone recorded there, and its latest
 * delivered session, for the schools `which` picks: the filters (or a slice of them by name), or ids.
 */
async function schoolActivity(
  db: Database,
  which: { filters: SchoolFilters; slice?: { offset: number; limit: number } } | { ids: number[] },
  onDate: string,
): Promise<Map<number, ActivityRow>> {
  const picked =
    "ids" in which
      ? sql`s.id = any(${sqlIntArray(which.ids)})`
      : which.slice
        ? sql`s.id in (select s.id from organisations s where ${schoolConditions(which.filters, onDate)}
            order by s.name, s.id offset ${which.slice.offset} limit ${which.slice.limit})`
        : schoolConditions(which.filters, onDate);
  const rows = await queryRows<ActivityRow>(
    db,
    sql`with schools as (
      select s.id, s.path from organisations s where ${picked}
    ),
    activity as (
      -- Each person's latest completion, and latest attendance at a session (the completion its
      -- register made), from the (person, date) index: two short index reads per person.
      select e.school_id, max(l.last_on) as last_completed_on, max(l.last_attended_on) as last_attended_on
      from (${everyoneAtSchoolsSql}) e
      cross join lateral (
        select
          (select c.completed_on from completions c
            where c.person_id = e.person_id and c.revoked_at is null and c.completed_on <= ${onDate}::date
            order by c.completed_on desc limit 1) as last_on,
          (select c.completed_on from completions c
            where c.person_id = e.person_id and c.revoked_at is null and c.completed_on <= ${onDate}::date
              and c.source = 'attendance'
            order by c.completed_on desc limit 1) as last_attended_on
      ) l
      group by e.school_id
    ),
    school_sessions as (
      select cs.audience_organisation_id as school_id,
        max((cs.starts_at at time zone 'Europe/London')::date) as last_session_on
      from course_sessions cs
      join schools sc on sc.id = cs.audience_organisation_id
      where cs.status = 'delivered' and (cs.starts_at at time zone 'Europe/London')::date <= ${onDate}::date
      group by cs.audience_organisation_id
    )
    select sc.id, act.last_attended_on::text, act.last_completed_on::text, ss.last_session_on::text
    from schools sc
    left join activity act on act.school_id = sc.id
    left join school_sessions ss on ss.school_id = sc.id`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** A school's status and the rest of its row, from its figures and (when read) its activity. */
function schoolRow(r: FigureRow, activity: ActivityRow | undefined, onDate: string): SchoolCoverageRow {
  const yearAgo = addMonthsToDate(onDate, -12);
  const declarationsFrom = addMonthsToDate(onDate, -DECLARATION_COUNTS_FOR_MONTHS);
  const prevent = cell(r.prevent_applicable, r.prevent_current);
  const declaration =
    r.declared_on !== null && r.headcount !== null && r.declared_trained !== null
      ? {
          declaredOn: r.declared_on,
          headcount: r.headcount,
          declaredTrained: r.declared_trained,
          percent: percentOf(r.declared_trained, r.headcount),
        }
      : null;
  // Decision 018: a recent declaration that counts more staff than are recorded one by one speaks
  // for the whole school; otherwise the named records, or any declaration when there are none.
  const declarationCounts =
    declaration !== null &&
    declaration.headcount > 0 &&
    (prevent.applicable === 0 ||
      (declaration.declaredOn > declarationsFrom && declaration.headcount > prevent.applicable));
  const shareBasis = declarationCounts ? "declared" : prevent.applicable > 0 ? "evidenced" : "none";
  const share = shareBasis === "evidenced" ? prevent.percent! : shareBasis === "declared" ? declaration!.percent! : 0;
  const trainedDsl = r.dsls_trained > 0;
  const status: RagStatus =
    trainedDsl && share >= SCHOOL_GREEN_SHARE ? "green" : trainedDsl || share >= SCHOOL_AMBER_SHARE ? "amber" : "red";
  const lastAttendedOn = activity?.last_attended_on ?? null;
  const lastCompletedOn = activity?.last_completed_on ?? null;
  const lastSessionOn = activity?.last_session_on ?? null;
  const lastSession =
    lastSessionOn && (!lastAttendedOn || lastSessionOn >= lastAttendedOn)
      ? { on: lastSessionOn, source: "school_session" as const }
      : lastAttendedOn
        ? { on: lastAttendedOn, source: "staff_attendance" as const }
        : null;
  return {
    id: r.id,
    name: r.name,
    urn: r.urn,
    phase: r.phase,
    type: r.type,
    schoolStatus: r.school_status,
    staff: r.staff,
    prevent,
    dsls: r.dsls,
    dslsTrained: r.dsls_trained,
    lastSession,
    lastTrainingOn: lastCompletedOn,
    trainedInLastYear: [lastCompletedOn, lastSessionOn].some((d) => d !== null && d > yearAgo),
    declaration,
    shareBasis,
    status,
    noCoverage: r.prevent_current === 0 && r.dsls_trained === 0 && !(declaration && declaration.declaredTrained > 0),
  };
}

async function facets(db: Database): Promise<{ phases: string[]; types: string[] }> {
  const row = await queryOne<{ phases: string[] | null; types: string[] | null }>(
    db,
    sql`select array_agg(distinct school_phase order by school_phase) filter (where school_phase is not null) as phases,
          array_agg(distinct school_type order by school_type) filter (where school_type is not null) as types
        from organisations where kind = 'school'`,
  );
  return { phases: row?.phases ?? [], types: row?.types ?? [] };
}

function pageSummary(rows: SchoolCoverageRow[]): SchoolsPageSummary {
  const count = (predicate: (r: SchoolCoverageRow) => boolean) => rows.filter(predicate).length;
  return {
    schools: rows.length,
    green: count((r) => r.status === "green"),
    amber: count((r) => r.status === "amber"),
    red: count((r) => r.status === "red"),
    noCoverage: count((r) => r.noCoverage),
    withTrainedDsl: count((r) => r.dslsTrained > 0),
  };
}

/**
 * Every open school on `onDate` in one table (few rows: one per school, aggregated in SQL):
 * whether its DSLs hold current Prevent awareness and DSL training, the share of its staff with
 * current Prevent awareness, its last session, any declared figures, and its status.
 */
export async function schoolsCoverage(db: Database, filters: SchoolFilters, onDate: string): Promise<SchoolsCoverage> {
  const kept = await keptCoverageUpToDate(db);
  const measures = await resolveMeasures(db);
  // The activity does not read the kept rows or depend on the figures: both at once (on PostgreSQL).
  const [figures, activity, { phases, types }] = await Promise.all([
    schoolFigures(db, filters, onDate, kept, measures),
    schoolActivity(db, { filters }, onDate),
    facets(db),
  ]);
  const all = figures.map((r) => schoolRow(r, activity.get(r.id), onDate));
  const filtered = filters.status ? all.filter((r) => r.status === filters.status) : all;
  return {
    onDate,
    rows: filtered,
    phases,
    types,
    preventRequirements: measures.school_prevent.requirements,
    dslRequirements: measures.school_dsl.requirements,
    summary: {
      ...pageSummary(filtered),
      trainedInLastYear: filtered.filter((r) => r.trainedInLastYear).length,
    },
  };
}

/**
 * One page of the schools table: the status, summary and schools with no coverage over every
 * school the filters pick, and the rest of a row (its last session and training) only for the
 * schools on the page. Rows are schoolsCoverage's, by name.
 */
export async function schoolsCoveragePage(
  db: Database,
  filters: SchoolFilters,
  onDate: string,
  paging: { page: number; pageSize: number },
): Promise<SchoolsCoveragePage> {
  const kept = await keptCoverageUpToDate(db);
  const measures = await resolveMeasures(db);
  // Without a status to filter on, the page's schools are the page-th by name: their activity can be
  // read beside the figures (on PostgreSQL); read again below if the page turns out to be another.
  const guessed = filters.status
    ? undefined
    : schoolActivity(db, { filters, slice: pageSlice(paging.page, paging.pageSize) }, onDate);
  const [figures, { phases, types }, guess] = await Promise.all([
    schoolFigures(db, filters, onDate, kept, measures),
    facets(db),
    guessed,
  ]);
  const all = figures.map((r) => schoolRow(r, undefined, onDate));
  const filtered = filters.status ? all.filter((r) => r.status === filters.status) : all;
  const page = pageShown(paging.page, filtered.length, paging.pageSize);
  const picked = new Set(filtered.map((r) => r.id));
  const pageFigures = figures
    .filter((r) => picked.has(r.id))
    .slice((page - 1) * paging.pageSize, page * paging.pageSize);
  const activity =
    pageFigures.length === 0 || (guess && pageFigures.every((r) => guess.has(r.id)))
      ? (guess ?? new Map<number, ActivityRow>())
      : await schoolActivity(db, { ids: pageFigures.map((r) => r.id) }, onDate);
  return {
    onDate,
    rows: pageFigures.map((r) => schoolRow(r, activity.get(r.id), onDate)),
    total: filtered.length,
    page,
    pageSize: paging.pageSize,
    phases,
    types,
    preventRequirements: measures.school_prevent.requirements,
    dslRequirements: measures.school_dsl.requirements,
    summary: pageSummary(filtered),
    noCoverage: filtered.filter((r) => r.noCoverage).map((r) => ({ id: r.id, name: r.name, phase: r.phase })),
  };
}
