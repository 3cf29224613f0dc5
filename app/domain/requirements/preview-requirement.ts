import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { complianceRowsSql } from "../kept-coverage/compliance-rows";
import type { ComplianceStatus } from "../kept-coverage/status";
import { type RequirementInput, normaliseRequirementInput } from "./requirement-input";

export interface RequirementPreview {
  onDate: string;
  /** People the requirement would apply to on the date. */
  appliesTo: number;
  /** Of them, how many hold it (current or expiring). */
  current: number;
  byStatus: Record<ComplianceStatus, number>;
}

/**
 * Before a requirement is saved: how many people it would apply to on a date, and how many of
 * them already hold one of its courses, counted by the same engine as saved requirements.
 */
export async function previewRequirement(
  db: Database,
  input: Pick<
    RequirementInput,
    | "courseIds"
    | "audienceSectors"
    | "audienceOrganisationIds"
    | "audienceTags"
    | "audienceEmploymentTypes"
    | "dueWithinDays"
    | "renewalMonths"
    | "reminderDays"
  >,
  onDate: string,
): Promise<RequirementPreview> {
  const tidy = normaliseRequirementInput({ name: "", description: "", source: null, ...input });
  const rows = complianceRowsSql({ onDate, draft: tidy });
  const counts = await queryOne<Record<ComplianceStatus | "total", number>>(
    db,
    sql`select count(*)::int as total,
          count(*) filter (where status = 'current')::int as current,
          count(*) filter (where status = 'expiring')::int as expiring,
          count(*) filter (where status = 'expired')::int as expired,
          count(*) filter (where status = 'missing')::int as missing,
          count(*) filter (where status = 'not_yet_due')::int as not_yet_due
        from (${rows}) cr`,
  );
  const byStatus: Record<ComplianceStatus, number> = {
    current: counts?.current ?? 0,
    expiring: counts?.expiring ?? 0,
    expired: counts?.expired ?? 0,
    missing: counts?.missing ?? 0,
    not_yet_due: counts?.not_yet_due ?? 0,
  };
  return { onDate, appliesTo: counts?.total ?? 0, current: byStatus.current + byStatus.expiring, byStatus };
}
