import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";

/** Switches a deactivated account back on (its roles are as they were). False when there is no such account. Audited. */
export async function reactivateAccount(
  db: Database,
  input: { accountId: string; actorAccountId: string; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, personId: accounts.personId, disabledAt: accounts.disabledAt })
      .from(accounts)
      .where(eq(accounts.id, input.accountId))
      .for("update");
    if (!account) return false;
    if (!account.disabledAt) throw new DomainError("This account is already active", "form");
    await tx.update(accounts).set({ disabledAt: null, updatedAt: now }).where(eq(accounts.id, account.id));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "account.reactivate",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.personId,
      before: { disabledAt: account.disabledAt.toISOString() },
      after: { disabledAt: null },
    });
    return true;
  });
}
