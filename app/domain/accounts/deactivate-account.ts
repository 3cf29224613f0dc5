import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts, authSessions, pendingSignIns } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";

/**
 * Switches an account off: it cannot sign in, and its sessions (and any half-done sign-in) end at
 * once, in the same transaction. Nobody deactivates their own account. False when there is no
 * such account. Audited with the sessions it ended.
 */
export async function deactivateAccount(
  db: Database,
  input: { accountId: string; actorAccountId: string; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  if (input.accountId === input.actorAccountId) {
    throw new DomainError("You cannot deactivate your own account: ask another coordinator to do it", "form");
  }
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, personId: accounts.personId, disabledAt: accounts.disabledAt })
      .from(accounts)
      .where(eq(accounts.id, input.accountId))
      .for("update");
    if (!account) return false;
    if (account.disabledAt) throw new DomainError("This account is already deactivated", "form");
    await tx.update(accounts).set({ disabledAt: now, updatedAt: now }).where(eq(accounts.id, account.id));
    const ended = await tx
      .delete(authSessions)
      .where(eq(authSessions.userId, account.id))
      .returning({ id: authSessions.id });
    await tx.delete(pendingSignIns).where(eq(pendingSignIns.accountId, account.id));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "account.deactivate",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.personId,
      before: { disabledAt: null, sessions: ended.length },
      after: { disabledAt: now.toISOString(), sessions: 0 },
    });
    return true;
  });
}
