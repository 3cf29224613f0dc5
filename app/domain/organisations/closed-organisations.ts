import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";

/** An organisation that has closed (a school with its closing date set, from the schools register). */
export interface ClosedOrganisation {
  id: number;
  name: string;
  /** YYYY-MM-DD. */
  closedOn: string;
}

/** Which of these organisations have closed (closed_on set, as the organisation lists mark them), by id. */
export async function closedOrganisations(db: Database, ids: readonly number[]): Promise<ClosedOrganisation[]> {
  if (ids.length === 0) return [];
  return queryRows<ClosedOrganisation & Record<string, unknown>>(
    db,
    sql`select id, name, closed_on::text as "closedOn" from organisations
        where id = any(${sqlIntArray(ids)}) and closed_on is not null
        order by id`,
  );
}
