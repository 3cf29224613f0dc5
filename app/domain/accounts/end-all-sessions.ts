import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts, authSessions } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";

/**
 * Ends every session of an account at once, but the one `keepSessionId` names (a person ending
 * their other sessions keeps the one they are using). Returns how many ended. Audited.
 */
export async function endAllSessions(
  db: Database,
  input: { accountId: string; keepSessionId?: string | null; actorAccountId: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const keep = input.keepSessionId ?? null;
    const ended = await tx
      .delete(authSessions)
      .where(
        keep === null
          ? eq(authSessions.userId, input.accountId)
          : and(eq(authSessions.userId, input.accountId), ne(authSessions.id, keep)),
      )
      .returning({ id: authSessions.id });
    const [account] = await tx
      .select({ personId: accounts.personId })
      .from(accounts)
      .where(eq(accounts.id, input.accountId));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: keep === null ? "account.sessions-end-all" : "account.sessions-end-others",
      entityType: "account",
      entityId: input.accountId,
      subjectPersonId: account?.personId ?? null,
      before: { sessionsEnded: ended.length },
      after: { sessionsKept: keep === null ? 0 : 1 },
    });
    return ended.length;
  });
}
