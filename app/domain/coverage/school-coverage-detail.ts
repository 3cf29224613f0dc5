import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { complianceRowsSql } from "../kept-coverage/compliance-rows";
import type { ComplianceStatus } from "../kept-coverage/status";
import { employedOnCondition } from "../kept-coverage/audience";
import { holdsAllSql, holdsAnySql } from "./coverage-sql";
import { resolveMeasures } from "./resolve-measures";
import { type SchoolCoverageRow, schoolsCoverage } from "./schools-coverage";

export interface SchoolStaffRow {
  personId: number;
  name: string;
  jobTitle: string | null;
  roles: Array<"dsl" | "deputy_dsl" | "governor">;
  /** Best status across the school Prevent requirements; null when none applies to them. */
  preventStatus: ComplianceStatus | null;
  preventValidUntil: string | null;
  /** For DSLs and deputies: holds current Prevent awareness, and every DSL training requirement. */
  dslHoldsPrevent: boolean | null;
  dslHoldsDslTraining: boolean | null;
}

export interface SchoolDeclarationRow {
  id: number;
  declaredOn: string;
  headcount: number;
  declaredTrained: number;
  note: string | null;
  declaredBy: string | null;
}

export interface SchoolCoverageDetail {
  school: SchoolCoverageRow;
  staff: SchoolStaffRow[];
  declarations: SchoolDeclarationRow[];
}

/** One school on a date: its summary row, its staff in post with their status, and its declarations. */
export async function schoolCoverageDetail(
  db: Database,
  schoolId: number,
  onDate: string,
): Promise<SchoolCoverageDetail | undefined> {
  const school = await queryOne<{ path: string }>(
    db,
    sql`select path from organisations where id = ${schoolId} and kind = 'school'`,
  );
  if (!school) return undefined;
  const summary = (await schoolsCoverage(db, { schoolId }, onDate)).rows[0];
  if (!summary) return undefined;
  const measures = await resolveMeasures(db);
  const preventIds = measures.school_prevent.requirementIds;
  const dslIds = measures.school_dsl.requirementIds;
  const inSchool = sql`o.path like ${school.path} || '%'`;

  const staff = await queryRows<{
    id: number;
    name: string;
    job_title: string | null;
    profile_tags: string[];
    status: ComplianceStatus | null;
    valid_until: string | null;
    is_dsl: boolean;
    dsl_holds_prevent: boolean | null;
    dsl_holds_dsl: boolean | null;
  }>(
    db,
    sql`with st as (
      select p.id, p.given_name, p.family_name, p.job_title, p.profile_tags,
        p.profile_tags && array['dsl', 'deputy_dsl']::text[] as is_dsl
      from people p join organisations o on o.id = p.organisation_id
      where ${inSchool} and ${employedOnCondition("p", onDate)}
    ),
    best as (
      select distinct on (cr.person_id) cr.person_id, cr.status, cr.valid_until
      from (${complianceRowsSql({ onDate, requirementIds: preventIds, personCondition: inSchool })}) cr
      order by cr.person_id,
        case cr.status when 'current' then 5 when 'expiring' then 4 when 'not_yet_due' then 3 when 'expired' then 2 else 1 end desc,
        cr.valid_until desc nulls first
    )
    select st.id, st.given_name || ' ' || st.family_name as name, st.job_title, st.profile_tags,
      b.status, b.valid_until, st.is_dsl,
      case when st.is_dsl then ${holdsAnySql(sql`st.id`, preventIds, onDate)} end as dsl_holds_prevent,
      case when st.is_dsl then ${holdsAllSql(sql`st.id`, dslIds, onDate)} end as dsl_holds_dsl
    from st left join best b on b.person_id = st.id
    order by not st.is_dsl, lower(st.family_name), lower(st.given_name), st.id`,
  );

  const declarations = await queryRows<{
    id: number;
    declared_on: string;
    headcount: number;
    declared_trained: number;
    note: string | null;
    declared_by: string | null;
  }>(
    db,
    sql`select sd.id, sd.declared_on::text, sd.headcount, sd.declared_trained, sd.note, a.display_name as declared_by
        from school_declarations sd left join accounts a on a.id = sd.declared_by_account_id
        where sd.organisation_id = ${schoolId}
        order by sd.declared_on desc, sd.id desc`,
  );

  return {
    school: summary,
    staff: staff.map((s) => ({
      personId: s.id,
      name: s.name,
      jobTitle: s.job_title,
      roles: (["dsl", "deputy_dsl", "governor"] as const).filter((t) => s.profile_tags.includes(t)),
      preventStatus: s.status,
      preventValidUntil: s.valid_until,
      dslHoldsPrevent: s.dsl_holds_prevent,
      dslHoldsDslTraining: s.dsl_holds_dsl,
    })),
    declarations: declarations.map((d) => ({
      id: d.id,
      declaredOn: d.declared_on,
      headcount: d.headcount,
      declaredTrained: d.declared_trained,
      note: d.note,
      declaredBy: d.declared_by,
    })),
  };
}
