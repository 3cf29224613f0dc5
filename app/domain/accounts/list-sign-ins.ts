import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../db/database";

export interface SignInRow {
  at: string;
  /** "password", "sso", "link"… when the sign-in recorded it. */
  method: string | null;
  /** The network address, when the sign-in recorded it. */
  address: string | null;
}

/** An account's most recent sign-ins, newest first, from the audit log ("account.sign-in"). */
export async function listSignIns(db: Database, accountId: string, limit = 10): Promise<SignInRow[]> {
  return queryRows<{ at: string; method: string | null; address: string | null }>(
    db,
    sql`select occurred_at::text as at, after->>'method' as method, after->>'address' as address
        from audit_events
        where entity_type = 'account' and entity_id = ${accountId} and action = 'account.sign-in'
        order by occurred_at desc, id desc
        limit ${limit}`,
  );
}
