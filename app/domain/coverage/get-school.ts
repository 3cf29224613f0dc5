import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

export interface SchoolSummary {
  id: number;
  name: string;
  urn: number | null;
  phase: string | null;
  type: string | null;
}

/** A school (an organisation of kind school), or undefined. */
export async function getSchool(db: Database, schoolId: number): Promise<SchoolSummary | undefined> {
  return queryOne<SchoolSummary & Record<string, unknown>>(
    db,
    sql`select id, name, urn, school_phase as phase, school_type as type
        from organisations where id = ${schoolId} and kind = 'school'`,
  );
}
