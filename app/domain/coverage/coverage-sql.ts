import { type SQL, sql } from "drizzle-orm";
import { sqlIntArray } from "../../db/database";
import { complianceRowsSql } from "../kept-coverage/compliance-rows";
import { completionValidUntilSql } from "../kept-coverage/status";
import { percentOf } from "./share";
import { type PersonScope, personInScopeCondition } from "../people/scope";

// Coverage is read from the compliance engine: for a date, each person in post and each live
// requirement that applies to them, with a status. Coverage counts a row as
// - current when its status is current or expiring (current on that date, never "ever trained");
// - applicable unless its status is not_yet_due: a new starter still inside the days a
//   requirement allows is not yet required to hold it, so is left out of the share (and counted
//   apart, so the pages can say how many were left out).

/** The scope as a condition over people p and organisations o. */
export function scopeCondition(scope: PersonScope): SQL {
  return personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` });
}

/**
 * Compliance rows on `onDate` for people in `scope` (and matching `personCondition` over p and o),
 * with each person's name, organisation, sector and the organisation's path and depth.
 */
export function coverageRowsSql(options: {
  onDate: string;
  scope: PersonScope;
  personCondition?: SQL;
  requirementIds?: number[];
}): SQL {
  const conditions = [scopeCondition(options.scope)];
  if (options.personCondition) conditions.push(options.personCondition);
  return sql`select cr.person_id, cr.requirement_id, cr.status, cr.due_on, cr.completion_id, cr.completed_on,
      cr.valid_until, p.given_name, p.family_name, p.job_title, p.organisation_id, o.sector::text as sector,
      o.path as org_path, o.depth as org_depth
    from (${complianceRowsSql({
      onDate: options.onDate,
      personCondition: sql.join(conditions, sql` and `),
      requirementIds: options.requirementIds,
    })}) cr
    join people p on p.id = cr.person_id
    join organisations o on o.id = p.organisation_id`;
}

/**
 * "Person `personId` holds a current completion for requirement `requirement` on `onDate`",
 * whatever the requirement's audience: the compliance engine's rule for when a completion counts
 * (not revoked, completed by then, valid until completed_on + the requirement's renewal months or
 * the course's own expiry).
 */
export function holdsRequirementSql(personId: SQL, requirementAlias: string, onDate: string): SQL {
  const requirement = sql.raw(requirementAlias);
  return sql`exists (
    select 1 from completions hc
    join requirement_courses hrc on hrc.course_id = hc.course_id and hrc.requirement_id = ${requirement}.id
    where hc.person_id = ${personId} and hc.revoked_at is null and hc.completed_on <= ${onDate}::date
      and coalesce(${completionValidUntilSql("hc", requirementAlias)}, 'infinity'::date) > ${onDate}::date)`;
}

/** Holds a current completion for at least one of the requirements (false when there are none). */
export function holdsAnySql(personId: SQL, requirementIds: number[], onDate: string): SQL {
  if (requirementIds.length === 0) return sql`false`;
  return sql`exists (select 1 from requirements hr where hr.id = any(${sqlIntArray(requirementIds)})
    and ${holdsRequirementSql(personId, "hr", onDate)})`;
}

/** Holds a current completion for every one of the requirements (false when there are none). */
export function holdsAllSql(personId: SQL, requirementIds: number[], onDate: string): SQL {
  if (requirementIds.length === 0) return sql`false`;
  return sql`not exists (select 1 from requirements hr where hr.id = any(${sqlIntArray(requirementIds)})
    and not ${holdsRequirementSql(personId, "hr", onDate)})`;
}

/** A count and how many of it are current, with the share as a percentage (one decimal), null when none apply. */
export interface CoverageCell {
  applicable: number;
  current: number;
  percent: number | null;
}

export function cell(applicable: number, current: number): CoverageCell {
  return { applicable, current, percent: percentOf(current, applicable) };
}
