import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { type PersonScope, personInScopeCondition } from "../people/scope";

export interface TeamOrganisation {
  id: number;
  name: string;
  depth: number;
}

/**
 * The organisations a team filter may offer: those holding someone in the caller's scope, with
 * their ancestors (choosing one brings its whole subtree), in tree order, siblings by name.
 */
export async function listTeamOrganisations(db: Database, scope: PersonScope): Promise<TeamOrganisation[]> {
  if (scope.kind === "none") return [];
  const condition = personInScopeCondition(scope, {
    personId: sql`p.id`,
    organisationPath: sql`o.path`,
    sector: sql`o.sector`,
  });
  const rows = await queryRows<{ id: number; parent_id: number | null; name: string; depth: number }>(
    db,
    sql`with held as (
          select distinct o.path from people p join organisations o on o.id = p.organisation_id
          where (p.leaving_date is null or p.leaving_date > current_date) and ${condition}
        ),
        ids as (
          select distinct unnest(string_to_array(rtrim(path, '.'), '.'))::int as id from held
        )
        select o.id, o.parent_id, o.name, o.depth from organisations o join ids on ids.id = o.id
        order by lower(o.name), o.id`,
  );
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, typeof rows>();
  for (const row of rows) {
    const parent = row.parent_id !== null && ids.has(row.parent_id) ? row.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const ordered: TeamOrganisation[] = [];
  const visit = (parent: number | null) => {
    for (const row of children.get(parent) ?? []) {
      ordered.push({ id: row.id, name: row.name, depth: row.depth });
      visit(row.id);
    }
  };
  visit(null);
  return ordered;
}
