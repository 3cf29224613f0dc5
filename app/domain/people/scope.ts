import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne, sqlIntArray, sqlTextArray } from "../../db/database";
import type { Sector } from "../../db/schema";

/**
 * Whose records a caller may see for one action, as decided by app/auth/permissions. Domain
 * queries take it so that a list never holds a row the caller may not see.
 */
export type PersonScope =
  | { kind: "all" }
  | { kind: "none" }
  | {
      kind: "some";
      /** The caller's own person record. */
      selfPersonId: number | null;
      /** Everyone reporting to these people, directly or further down (not the people themselves). */
      reportsTo: number[];
      /** Everyone in these organisations' subtrees. */
      organisationIds: number[];
      /** Everyone in these sectors. */
      sectors: Sector[];
    };

/**
 * The SQL condition "this person row is in scope", for a query that has the person's id and
 * their organisation's path in scope under the given column expressions.
 */
export function personInScopeCondition(
  scope: PersonScope,
  columns: { personId: SQL; organisationPath: SQL; sector: SQL },
): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.kind === "none") return sql`false`;
  const parts: SQL[] = [];
  if (scope.selfPersonId !== null) parts.push(sql`${columns.personId} = ${scope.selfPersonId}`);
  if (scope.sectors.length > 0) {
    parts.push(sql`${columns.sector}::text = any(${sqlTextArray(scope.sectors)})`);
  }
  if (scope.organisationIds.length > 0) {
    parts.push(sql`exists (select 1 from organisations scope_org
      where scope_org.id = any(${sqlIntArray(scope.organisationIds)})
        and ${columns.organisationPath} like scope_org.path || '%')`);
  }
  if (scope.reportsTo.length > 0) {
    parts.push(sql`${columns.personId} in (
      with recursive reports(id) as (
        select id from people where line_manager_id = any(${sqlIntArray(scope.reportsTo)})
        union
        select p.id from people p join reports r on p.line_manager_id = r.id
      ) select id from reports)`);
  }
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Whether one person is within a scope. */
export async function isPersonInScope(db: Database, scope: PersonScope, personId: number): Promise<boolean> {
  if (scope.kind === "all" || scope.kind === "none") {
    if (scope.kind === "none") return false;
    const row = await queryOne<{ found: boolean }>(
      db,
      sql`select exists (select 1 from people where id = ${personId}) as found`,
    );
    return row?.found ?? false;
  }
  const condition = personInScopeCondition(scope, {
    personId: sql`p.id`,
    organisationPath: sql`o.path`,
    sector: sql`o.sector`,
  });
  const row = await queryOne<{ found: boolean }>(
    db,
    sql`select exists (
      select 1 from people p join organisations o on o.id = p.organisation_id
      where p.id = ${personId} and ${condition}) as found`,
  );
  return row?.found ?? false;
}
