import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { REQUIREMENT_COLUMNS, type Requirement, toRequirement } from "./get-requirement";

/** Requirements with their courses: live ones by name, then (when asked for) retired ones. */
export async function listRequirements(
  db: Database,
  options: { includeRetired?: boolean } = {},
): Promise<Requirement[]> {
  const rows = await queryRows<Parameters<typeof toRequirement>[0]>(
    db,
    sql`select ${REQUIREMENT_COLUMNS} from requirements r
        ${options.includeRetired ? sql`` : sql`where r.retired_at is null`}
        order by r.retired_at is not null, lower(r.name), r.id`,
  );
  return rows.map(toRequirement);
}
