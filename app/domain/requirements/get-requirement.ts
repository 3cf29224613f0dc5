import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import type { DeliveryMode, EmploymentType, Sector } from "../../db/schema";

/** One of a requirement's equivalent courses, with what a learner needs to take it. */
export interface RequirementCourse {
  id: number;
  code: string;
  title: string;
  deliveryMode: DeliveryMode;
  validityMonths: number | null;
  bookable: boolean;
  externalUrl: string | null;
  retired: boolean;
}

export interface Requirement {
  id: number;
  name: string;
  description: string;
  source: string | null;
  audienceSectors: Sector[];
  audienceOrganisationIds: number[];
  /** The named organisations, by name. */
  audienceOrganisations: Array<{ id: number; name: string }>;
  audienceTags: string[];
  audienceEmploymentTypes: EmploymentType[];
  dueWithinDays: number;
  renewalMonths: number | null;
  reminderDays: number;
  retiredAt: string | null;
  createdAt: string;
  updatedAt: string;
  courses: RequirementCourse[];
}

interface RequirementSqlRow extends Record<string, unknown> {
  id: number;
  name: string;
  description: string;
  source: string | null;
  audience_sectors: Sector[];
  audience_organisation_ids: number[];
  audience_tags: string[];
  audience_employment_types: EmploymentType[];
  due_within_days: number;
  renewal_months: number | null;
  reminder_days: number;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
  courses: string;
  audience_organisations: string;
}

/** The select list shared by getRequirement and listRequirements (alias r for requirements). */
export const REQUIREMENT_COLUMNS = sql`r.id, r.name, r.description, r.source, r.audience_sectors,
  r.audience_organisation_ids, r.audience_tags, r.audience_employment_types, r.due_within_days,
  r.renewal_months, r.reminder_days, r.retired_at::text, r.created_at::text, r.updated_at::text,
  coalesce((select json_agg(json_build_object('id', c.id, 'code', c.code, 'title', c.title,
      'deliveryMode', c.delivery_mode, 'validityMonths', c.validity_months, 'bookable', c.bookable,
      'externalUrl', c.external_url, 'retired', c.retired_at is not null) order by c.title)
    from requirement_courses rc join courses c on c.id = rc.course_id
    where rc.requirement_id = r.id), '[]')::text as courses,
  coalesce((select json_agg(json_build_object('id', ao.id, 'name', ao.name) order by ao.name)
    from organisations ao where ao.id = any(r.audience_organisation_ids)), '[]')::text as audience_organisations`;

export function toRequirement(row: RequirementSqlRow): Requirement {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    source: row.source,
    audienceSectors: row.audience_sectors,
    audienceOrganisationIds: row.audience_organisation_ids,
    audienceOrganisations: JSON.parse(row.audience_organisations) as Array<{ id: number; name: string }>,
    audienceTags: row.audience_tags,
    audienceEmploymentTypes: row.audience_employment_types,
    dueWithinDays: row.due_within_days,
    renewalMonths: row.renewal_months,
    reminderDays: row.reminder_days,
    retiredAt: row.retired_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    courses: JSON.parse(row.courses) as RequirementCourse[],
  };
}

export async function getRequirement(db: Database, requirementId: number): Promise<Requirement | undefined> {
  const row = await queryOne<RequirementSqlRow>(
    db,
    sql`select ${REQUIREMENT_COLUMNS} from requirements r where r.id = ${requirementId}`,
  );
  return row ? toRequirement(row) : undefined;
}

/** Several requirements by id (unknown ids are left out), in name order. */
export async function getRequirements(db: Database, requirementIds: readonly number[]): Promise<Requirement[]> {
  if (requirementIds.length === 0) return [];
  const rows = await queryRows<RequirementSqlRow>(
    db,
    sql`select ${REQUIREMENT_COLUMNS} from requirements r
        where r.id = any(${sqlIntArray(requirementIds)})
        order by lower(r.name), r.id`,
  );
  return rows.map(toRequirement);
}
