import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { Sector } from "../../db/schema";

export interface PersonSummary {
  id: number;
  givenName: string;
  familyName: string;
  name: string;
  email: string | null;
  jobTitle: string | null;
  organisationId: number;
  organisationName: string;
  sector: Sector;
  lineManagerId: number | null;
  lineManagerName: string | null;
  profileTags: string[];
  employmentType: string;
  startDate: string;
  leavingDate: string | null;
  externalRef: string | null;
}

export async function getPerson(db: Database, personId: number): Promise<PersonSummary | undefined> {
  const row = await queryOne<{
    id: number;
    given_name: string;
    family_name: string;
    email: string | null;
    job_title: string | null;
    organisation_id: number;
    organisation_name: string;
    sector: Sector;
    line_manager_id: number | null;
    line_manager_name: string | null;
    profile_tags: string[];
    employment_type: string;
    start_date: string;
    leaving_date: string | null;
    external_ref: string | null;
  }>(
    db,
    sql`select p.id, p.given_name, p.family_name, p.email, p.job_title, p.organisation_id,
          o.name as organisation_name, o.sector, p.line_manager_id,
          m.given_name || ' ' || m.family_name as line_manager_name, p.profile_tags,
          p.employment_type, p.start_date::text, p.leaving_date::text, p.external_ref
        from people p
        join organisations o on o.id = p.organisation_id
        left join people m on m.id = p.line_manager_id
        where p.id = ${personId}`,
  );
  if (!row) return undefined;
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    name: `${row.given_name} ${row.family_name}`,
    email: row.email,
    jobTitle: row.job_title,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    sector: row.sector,
    lineManagerId: row.line_manager_id,
    lineManagerName: row.line_manager_name,
    profileTags: row.profile_tags,
    employmentType: row.employment_type,
    startDate: row.start_date,
    leavingDate: row.leaving_date,
    externalRef: row.external_ref,
  };
}
