import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts, authSessions } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";

/**
 * Ends one of an account's sessions (by its stored id) at once. False when the account has no such
 * session, so nobody ends someone else's by naming it. Audited.
 */
export async function endSession(
  db: Database,
  input: { accountId: string; sessionId: string; actorAccountId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [ended] = await tx
      .delete(authSessions)
      .where(and(eq(authSessions.id, input.sessionId), eq(authSessions.userId, input.accountId)))
      .returning({ createdAt: authSessions.createdAt, expiresAt: authSessions.expiresAt });
    if (!ended) return false;
    const [account] = await tx
      .select({ personId: accounts.personId })
      .from(accounts)
      .where(eq(accounts.id, input.accountId));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "account.session-end",
      entityType: "account",
      entityId: input.accountId,
      subjectPersonId: account?.personId ?? null,
      before: { sessionStartedAt: ended.createdAt.toISOString(), expiresAt: ended.expiresAt.toISOString() },
      after: null,
    });
    return true;
  });
}
