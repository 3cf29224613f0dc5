import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, sql } from "drizzle-orm";
import type { DatabaseSession, DatabaseUser } from "lucia";
import type { Database } from "../db/database";
import { accounts, authSessions } from "../db/schema";
import type { RoleGrant } from "./permissions";

/** What a request's sign-in check needs of the account, read with its session. */
export interface SessionAccount {
  personId: number | null;
  displayName: string;
  email: string;
  disabledAt: Date | null;
  /** The account's role grants, in the order they were made. */
  grants: RoleGrant[];
}

/**
 * lucia's drizzle adapter, but a session is read with its account and the account's role grants
 * in one statement (issue 22: it was three a request, the session with the account, the account
 * again, then its grants). Nothing is kept between requests: every check reads all three afresh,
 * so a session ended, an account deactivated or a role removed counts from the next request.
 * The account's password hash is not read.
 */
export class SessionAccountAdapter extends DrizzlePostgreSQLAdapter {
  constructor(private readonly database: Database) {
    super(database, authSessions, accounts);
  }

  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await this.database
      .select({
        session: authSessions,
        personId: accounts.personId,
        displayName: accounts.displayName,
        email: accounts.email,
        disabledAt: accounts.disabledAt,
        grants: sql<RoleGrant[] | string | null>`(
          select json_agg(json_build_object('role', g.role, 'organisationId', g.organisation_id, 'personId', g.person_id)
                          order by g.id)
          from role_grants g where g.account_id = ${accounts.id})`,
      })
      .from(authSessions)
      .innerJoin(accounts, eq(authSessions.userId, accounts.id))
      .where(eq(authSessions.id, sessionId));
    if (!row) return [null, null];
    const { id, userId, expiresAt, ...attributes } = row.session;
    const account: SessionAccount = {
      personId: row.personId,
      displayName: row.displayName,
      email: row.email,
      disabledAt: row.disabledAt,
      grants: typeof row.grants === "string" ? (JSON.parse(row.grants) as RoleGrant[]) : (row.grants ?? []),
    };
    return [
      { id, userId, expiresAt, attributes },
      { id: userId, attributes: { account } },
    ];
  }
}
