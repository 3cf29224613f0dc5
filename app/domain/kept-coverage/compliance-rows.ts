import { type SQL, sql } from "drizzle-orm";
import { sqlIntArray, sqlTextArray } from "../../db/database";
import { audienceCondition, employedOnCondition } from "./audience";
import { type ComplianceStatus, completionValidUntilSql, statusSql } from "./status";

/** A row of complianceRowsSql, as the SQL returns it (dates as text). */
export interface ComplianceSqlRow extends Record<string, unknown> {
  person_id: number;
  requirement_id: number;
  status: ComplianceStatus;
  /** Current or expiring: renew by. Missing or not yet due: start date + N days. Expired: when it expired. */
  due_on: string | null;
  /** The completion that counts (the one valid longest), if any. */
  completion_id: number | null;
  /** Its course (one of the requirement's equivalent courses). */
  course_id: number | null;
  completed_on: string | null;
  /** When the counting completion stops counting; null when it never expires. */
  valid_until: string | null;
}

/**
 * A requirement not yet saved, for "preview who it applies to": the same columns as the table.
 */
export interface DraftRequirementSql {
  audienceSectors: readonly string[];
  audienceOrganisationIds: readonly number[];
  audienceTags: readonly string[];
  audienceEmploymentTypes: readonly string[];
  dueWithinDays: number;
  renewalMonths: number | null;
  reminderDays: number;
  courseIds: readonly number[];
}

/** The id a draft requirement has in complianceRowsSql's rows. */
export const DRAFT_REQUIREMENT_ID = 0;

/**
 * One SQL statement giving, for each person in scope employed on `onDate` and each requirement
 * live on that date whose audience they are in, their status on that date. Set-based: no query
 * per person.
 *
 * - A completion counts from its date until completed_on + the requirement's renewal months, or
 *   the course's own expiry when the requirement has none: expiry is counted from the
 *   completion date, so each new completion starts a new cycle. Of several, the one valid
 *   longest counts.
 * - Revoked completions never count; completions after `onDate` do not count on that date.
 * - People count from their start date and stop on their leaving date.
 * - A requirement retired on or before `onDate` (London calendar) is out.
 * - Statuses: current; expiring (current, but the reminder window has begun); not_yet_due (a
 *   new starter inside their N days who does not hold it); expired; missing.
 *
 * `personCondition` filters people, over the aliases p (people) and o (organisations). `draft`
 * replaces the requirements table with one unsaved requirement (id DRAFT_REQUIREMENT_ID).
 */
export function complianceRowsSql(options: {
  onDate: string;
  personCondition?: SQL;
  requirementIds?: number[];
  draft?: DraftRequirementSql;
}): SQL {
  const d = sql`${options.onDate}::date`;
  const draft = options.draft;
  const requirementsRelation = draft
    ? sql`(select ${DRAFT_REQUIREMENT_ID}::int as id,
          ${sqlTextArray(draft.audienceSectors)} as audience_sectors,
          ${sqlIntArray(draft.audienceOrganisationIds)} as audience_organisation_ids,
          ${sqlTextArray(draft.audienceTags)} as audience_tags,
          ${sqlTextArray(draft.audienceEmploymentTypes)} as audience_employment_types,
          ${draft.dueWithinDays}::int as due_within_days,
          ${draft.renewalMonths}::int as renewal_months,
          ${draft.reminderDays}::int as reminder_days,
          null::timestamptz as retired_at)`
    : sql`requirements`;
  const requirementCoursesRelation = draft
    ? sql`(select ${DRAFT_REQUIREMENT_ID}::int as requirement_id, unnest(${sqlIntArray(draft.courseIds)}) as course_id)`
    : sql`requirement_courses`;
  const due = sql`(a.start_date + a.due_within_days)`;
  const status = statusSql({
    onDate: d,
    holds: sql`(best.id is not null and (best.valid_until is null or best.valid_until > ${d}))`,
    dueOn: due,
    validUntil: sql`best.valid_until`,
    heldBefore: sql`best.id is not null`,
    reminderDays: sql`a.reminder_days`,
  });
  return sql`
    with applicable as (
      select p.id as person_id, p.start_date, r.id as requirement_id, r.due_within_days,
             r.renewal_months, r.reminder_days
      from people p
      join organisations o on o.id = p.organisation_id
      join ${requirementsRelation} r
        on (r.retired_at is null or (r.retired_at at time zone 'Europe/London')::date > ${d})
        ${options.requirementIds ? sql`and r.id = any(${sqlIntArray(options.requirementIds)})` : sql``}
        and ${audienceCondition({ person: "p", organisation: "o", requirement: "r" })}
      where ${employedOnCondition("p", options.onDate)}
        ${options.personCondition ? sql`and ${options.personCondition}` : sql``}
    )
    select a.person_id, a.requirement_id, ${status.status} as status, (${status.dueOn})::text as due_on,
      best.id::int as completion_id, best.course_id, best.completed_on::text as completed_on,
      best.valid_until::text as valid_until
    from applicable a
    left join lateral (
      select c.id, c.course_id, c.completed_on, ${completionValidUntilSql("c", "a")} as valid_until
      from ${requirementCoursesRelation} rc
      join completions c on c.person_id = a.person_id and c.course_id = rc.course_id
      where rc.requirement_id = a.requirement_id and c.revoked_at is null and c.completed_on <= ${d}
      order by valid_until desc nulls first, c.completed_on desc, c.id desc
      limit 1
    ) best on true`;
}
