import { sql } from "drizzle-orm";
import { queryOne, queryRows, type Database } from "../../db/database";
import type { Role } from "../../lib/values";

export interface AccountListRow {
  id: string;
  displayName: string;
  email: string;
  disabledAt: string | null;
  roles: Role[];
}

/**
 * Accounts whose name or e-mail contains `text` (any case; the account's name or its person's),
 * by name, a page at a time, each with the roles it holds (a role once however many scopes).
 */
export async function findAccounts(
  db: Database,
  input: { text: string; offset: number; limit: number },
): Promise<{ accounts: AccountListRow[]; total: number }> {
  const text = input.text.trim().toLowerCase();
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where =
    text === ""
      ? sql`true`
      : sql`(lower(a.display_name) like ${pattern} or lower(a.email) like ${pattern}
          or lower(coalesce(p.given_name || ' ' || p.family_name, '')) like ${pattern})`;
  const counted = await queryOne<{ total: number }>(
    db,
    sql`select count(*)::int as total from accounts a left join people p on p.id = a.person_id where ${where}`,
  );
  const rows = await queryRows<{
    id: string;
    display_name: string;
    email: string;
    disabled_at: string | null;
    roles: Role[] | null;
  }>(
    db,
    sql`select a.id, a.display_name, a.email, a.disabled_at::text as disabled_at,
          (select array_agg(distinct g.role::text) from role_grants g where g.account_id = a.id) as roles
        from accounts a left join people p on p.id = a.person_id
        where ${where}
        order by lower(a.display_name), a.id
        limit ${input.limit} offset ${input.offset}`,
  );
  return {
    total: counted?.total ?? 0,
    accounts: rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      disabledAt: r.disabled_at,
      roles: r.roles ?? [],
    })),
  };
}
