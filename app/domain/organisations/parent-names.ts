import { type SQL, sql } from "drizzle-orm";

/**
 * SQL: a text[] of the names above an organisation (its row's `path` and `depth` given), nearest
 * first, leaving out the top of its tree when a nearer one names it well enough: "Team (Service,
 * Directorate)", not the council's name every time. Read by primary key from the path's ids.
 */
export function parentNamesSql(org: { path: SQL; depth: SQL }): SQL {
  return sql`array(select above.name
    from unnest(string_to_array(rtrim(${org.path}, '.'), '.')::int[]) with ordinality as up(id, place)
    join organisations above on above.id = up.id
    where up.place <= ${org.depth} and (up.place > 1 or ${org.depth} = 1)
    order by up.place desc)`;
}
