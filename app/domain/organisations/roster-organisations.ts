import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";

/** An organisation as the staff roster matches directorates and services by name. */
export interface RosterOrganisation {
  id: number;
  parentId: number | null;
  kind: string;
  name: string;
  /** Ids from the root down, dot-separated. */
  path: string;
}

/** Every organisation but the schools, by id, in one row of JSON (the tree a roster's names are matched in). */
export async function organisationsForRoster(db: Database): Promise<RosterOrganisation[]> {
  const row = await queryOne<{ orgs: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(id, parent_id, kind, name, path) order by id), '[]')::text as orgs
        from organisations where kind <> 'school'`,
  );
  return (JSON.parse(row!.orgs) as Array<[number, number | null, string, string, string]>).map(
    ([id, parentId, kind, name, path]) => ({ id, parentId, kind, name, path }),
  );
}

/** The contractors, by name: whose staff list a roster may be. */
export async function listContractors(db: Database): Promise<Array<{ id: number; name: string }>> {
  return queryRows<{ id: number; name: string }>(
    db,
    sql`select id, name from organisations where kind = 'contractor' order by lower(name), id`,
  );
}
