import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";
import type { Sector } from "../../db/schema";
import { parentNamesSql } from "./parent-names";

export interface OrganisationChoice {
  id: number;
  name: string;
  sector: Sector;
  /** The organisations above it, nearest first (parentNamesSql), to name it as "Team (Service, Directorate)". */
  parents: string[];
  /** Closed (a school that closed): shown so a person already there keeps their choice. */
  closed: boolean;
}

/**
 * Organisations to choose from on a person's form, by sector and down the tree (each after its
 * parent, siblings by name), each with the names above it. `within`: only these organisations' subtrees (a manager's own), plus
 * `alsoId` (where the person is now). Hundreds of schools are a few kilobytes: one select.
 */
export async function listOrganisationChoices(
  db: Database,
  options: { within?: number[]; alsoId?: number } = {},
): Promise<OrganisationChoice[]> {
  const within =
    options.within === undefined
      ? sql`true`
      : sql`(exists (select 1 from organisations w where w.id = any(${sqlIntArray(options.within)})
              and o.path like w.path || '%')
            ${options.alsoId === undefined ? sql`` : sql`or o.id = ${options.alsoId}`})`;
  const rows = await queryRows<{
    id: number;
    name: string;
    sector: Sector;
    parents: string[];
    closed: boolean;
    sort_key: string;
  }>(
    db,
    sql`with recursive ranked as (
          select id, parent_id,
            lpad(row_number() over (partition by parent_id order by lower(name), id)::text, 6, '0') as place
          from organisations
        ), ordered(id, sort_key) as (
          select id, place from ranked where parent_id is null
          union all
          select c.id, p.sort_key || '.' || c.place from ranked c join ordered p on p.id = c.parent_id
        )
        select o.id, o.name, o.sector, ${parentNamesSql({ path: sql`o.path`, depth: sql`o.depth` })} as parents,
          (o.closed_on is not null) as closed, ordered.sort_key
        from organisations o join ordered on ordered.id = o.id
        where ${within}
        order by o.sector, ordered.sort_key`,
  );
  return rows.map(({ sort_key: _, ...row }) => row);
}
