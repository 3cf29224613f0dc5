import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import { addMonthsToDate } from "../../lib/dates";
import { employedOnCondition } from "../kept-coverage/audience";
import { keptCoverageUpToDate, keptRequirementRowsSql } from "../kept-coverage/readers";
import { standingSql } from "../kept-coverage/status";
import { type CoverageCell, cell, holdsAllSql, holdsAnySql } from "./coverage-sql";
import { type Measure, resolveMeasures } from "./resolve-measures";
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

/**
 * Every open school on `onDate` in one table (few rows: one per school, aggregated in SQL):
 * whether its DSLs hold current Prevent awareness and DSL training, the share of its staff with
 * current Prevent awareness, its last session, any declared figures, and its status.
 */
export async function schoolsCoverage(db: Database, filters: SchoolFilters, onDate: string): Promise<SchoolsCoverage> {
  const kept = await keptCoverageUpToDate(db);
  const measures = await resolveMeasures(db);
  const preventIds = measures.school_prevent.requirementIds;
  const dslIds = measures.school_dsl.requirementIds;
  const schoolConditions = [
    sql`s.kind = 'school'`,
    sql`(s.closed_on is null or s.closed_on > ${onDate}::date)`,
    sql`coalesce(s.school_status, '') not ilike 'closed%'`,
  ];
  if (filters.phase) schoolConditions.push(sql`s.school_phase = ${filters.phase}`);
  if (filters.type) schoolConditions.push(sql`s.school_type = ${filters.type}`);
  if (filters.schoolId !== undefined) schoolConditions.push(sql`s.id = ${filters.schoolId}`);
  const yearAgo = addMonthsToDate(onDate, -12);
  const declarationsFrom = addMonthsToDate(onDate, -DECLARATION_COUNTS_FOR_MONTHS);
  const prevent = standingSql({
    onDate: sql`${onDate}::date`,
    holds: sql`k.held @> ${onDate}::date`,
    dueOn: sql`k.due_on`,
  });

  const rows = await queryRows<{
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
    last_attended_on: string | null;
    last_completed_on: string | null;
    last_session_on: string | null;
    declared_on: string | null;
    headcount: number | null;
    declared_trained: number | null;
  }>(
    db,
    sql`with schools as (
      select s.id, s.name, s.urn, s.school_phase, s.school_type, s.school_status, s.path
      from organisations s
      where ${sql.join(schoolConditions, sql` and `)}
    ),
    everyone as materialized (
      -- Everyone recorded at the school, leavers too, for its training history.
      select sc.id as school_id, p.id as person_id, p.start_date, p.leaving_date,
        p.profile_tags && array['dsl', 'deputy_dsl']::text[] as is_dsl
      from schools sc
      join organisations o on o.sector = 'school' and o.path like sc.path || '%'
      join people p on p.organisation_id = o.id
    ),
    staff as (
      select e.school_id, e.person_id, e.is_dsl from everyone e where ${employedOnCondition("e", onDate)}
    ),
    prevent as (
      -- From the kept rows: current is "held on the date"; applicable unless a new starter not yet due.
      select k.person_id, bool_or(${prevent.current}) as is_current, bool_or(${prevent.applicable}) as applies
      from ${keptRequirementRowsSql(kept)} k
      where k.requirement_id = any(${sqlIntArray(preventIds)}) and k.sector = 'school'
      group by k.person_id
    ),
    per_school as (
      select st.school_id,
        count(*)::int as staff,
        count(*) filter (where pv.applies)::int as prevent_applicable,
        count(*) filter (where pv.is_current)::int as prevent_current,
        count(*) filter (where st.is_dsl)::int as dsls,
        count(*) filter (where case when st.is_dsl
          then ${holdsAnySql(sql`st.person_id`, preventIds, onDate)} and ${holdsAllSql(sql`st.person_id`, dslIds, onDate)}
          else false end)::int as dsls_trained
      from staff st left join prevent pv on pv.person_id = st.person_id
      group by st.school_id
    ),
    activity as (
      -- Each person's latest completion, and latest attendance at a session (the completion its
      -- register made), from the (person, date) index: two short index reads per person.
      select e.school_id, max(l.last_on) as last_completed_on, max(l.last_attended_on) as last_attended_on
      from everyone e
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
      act.last_attended_on::text, act.last_completed_on::text, ss.last_session_on::text,
      d.declared_on::text, d.headcount, d.declared_trained
    from schools sc
    left join per_school ps on ps.school_id = sc.id
    left join activity act on act.school_id = sc.id
    left join school_sessions ss on ss.school_id = sc.id
    left join declared d on d.organisation_id = sc.id
    order by sc.name, sc.id`,
  );

  const all = rows.map((r): SchoolCoverageRow => {
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
    const lastSession =
      r.last_session_on && (!r.last_attended_on || r.last_session_on >= r.last_attended_on)
        ? { on: r.last_session_on, source: "school_session" as const }
        : r.last_attended_on
          ? { on: r.last_attended_on, source: "staff_attendance" as const }
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
      lastTrainingOn: r.last_completed_on,
      trainedInLastYear: [r.last_completed_on, r.last_session_on].some((d) => d !== null && d > yearAgo),
      declaration,
      shareBasis,
      status,
      noCoverage: r.prevent_current === 0 && r.dsls_trained === 0 && !(declaration && declaration.declaredTrained > 0),
    };
  });
  const filtered = filters.status ? all.filter((r) => r.status === filters.status) : all;

  const facets = await queryOne<{ phases: string[] | null; types: string[] | null }>(
    db,
    sql`select array_agg(distinct school_phase order by school_phase) filter (where school_phase is not null) as phases,
          array_agg(distinct school_type order by school_type) filter (where school_type is not null) as types
        from organisations where kind = 'school'`,
  );
  const count = (predicate: (r: SchoolCoverageRow) => boolean) => filtered.filter(predicate).length;
  return {
    onDate,
    rows: filtered,
    phases: facets?.phases ?? [],
    types: facets?.types ?? [],
    preventRequirements: measures.school_prevent.requirements,
    dslRequirements: measures.school_dsl.requirements,
    summary: {
      schools: filtered.length,
      green: count((r) => r.status === "green"),
      amber: count((r) => r.status === "amber"),
      red: count((r) => r.status === "red"),
      noCoverage: count((r) => r.noCoverage),
      withTrainedDsl: count((r) => r.dslsTrained > 0),
      trainedInLastYear: count((r) => r.trainedInLastYear),
    },
  };
}
