import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import type { EmploymentType, Sector } from "../../db/schema";
import { DomainError } from "../errors";

/** What a coordinator sets on a requirement (create and edit share it). */
export interface RequirementInput {
  name: string;
  description: string;
  /** Where the rule comes from (statutory guidance, local policy), shown on the requirement. */
  source: string | null;
  /** The equivalent courses: a current completion of any one satisfies the requirement. */
  courseIds: number[];
  /** Empty audience lists mean "any". */
  audienceSectors: Sector[];
  /** Each brings its whole subtree. */
  audienceOrganisationIds: number[];
  /** A person matches when they hold any of these profile tags. */
  audienceTags: string[];
  audienceEmploymentTypes: EmploymentType[];
  /** N: days from a person's start date before they must hold it. */
  dueWithinDays: number;
  /** M: months before renewal; null to follow the completed course's own validity. */
  renewalMonths: number | null;
  /** D: days before expiry when the status becomes "expiring". */
  reminderDays: number;
}

const unique = <T>(values: readonly T[]) => [...new Set(values)];

/** The input tidied: duplicates removed, tags trimmed and lower-cased, in a stable order. */
export function normaliseRequirementInput(input: RequirementInput): RequirementInput {
  return {
    ...input,
    name: input.name.trim(),
    description: input.description.trim(),
    source: input.source?.trim() || null,
    courseIds: unique(input.courseIds).sort((a, b) => a - b),
    audienceSectors: unique(input.audienceSectors),
    audienceOrganisationIds: unique(input.audienceOrganisationIds).sort((a, b) => a - b),
    audienceTags: unique(input.audienceTags.map((t) => t.trim().toLowerCase()).filter(Boolean)),
    audienceEmploymentTypes: unique(input.audienceEmploymentTypes),
  };
}

/**
 * The rules a form cannot check by itself: the courses and organisations exist, and no other
 * live requirement has the same name. Throws a DomainError tied to the field.
 */
export async function checkRequirementInput(
  db: Database,
  input: RequirementInput,
  options: { exceptRequirementId?: number } = {},
): Promise<void> {
  if (input.courseIds.length === 0) throw new DomainError("Select at least one course", "courseIds");
  const courses = await queryOne<{ n: number }>(
    db,
    sql`select count(*)::int as n from courses where id = any(${sqlIntArray(input.courseIds)})`,
  );
  if ((courses?.n ?? 0) !== input.courseIds.length) {
    throw new DomainError("Select courses from the list", "courseIds");
  }
  if (input.audienceOrganisationIds.length > 0) {
    const found = await queryOne<{ n: number }>(
      db,
      sql`select count(*)::int as n from organisations where id = any(${sqlIntArray(input.audienceOrganisationIds)})`,
    );
    if ((found?.n ?? 0) !== input.audienceOrganisationIds.length) {
      throw new DomainError("Select organisations from the list", "audienceOrganisationIds");
    }
  }
  const clash = await queryRows<{ id: number }>(
    db,
    sql`select id from requirements
        where retired_at is null and lower(name) = lower(${input.name})
          ${options.exceptRequirementId !== undefined ? sql`and id <> ${options.exceptRequirementId}` : sql``}`,
  );
  if (clash.length > 0) {
    throw new DomainError("A live requirement already has this name: choose another name", "name");
  }
}

/** The columns of `requirements` for an input. */
export function requirementColumns(input: RequirementInput) {
  return {
    name: input.name,
    description: input.description,
    source: input.source,
    audienceSectors: input.audienceSectors,
    audienceOrganisationIds: input.audienceOrganisationIds,
    audienceTags: input.audienceTags,
    audienceEmploymentTypes: input.audienceEmploymentTypes,
    dueWithinDays: input.dueWithinDays,
    renewalMonths: input.renewalMonths,
    reminderDays: input.reminderDays,
  };
}
