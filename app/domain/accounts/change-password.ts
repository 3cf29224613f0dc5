import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { notify } from "../notifications/notify";
import { endLinks } from "./one-time-links";

/**
 * Stores a signed-in person's new password hash (the caller checked their current password and
 * the rules, and ends their sessions in the same transaction), ends any open reset link, tells
 * them and audits.
 */
export async function changePassword(
  db: Database,
  input: { accountId: string; passwordHash: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const [account] = await db
    .update(accounts)
    .set({ passwordHash: input.passwordHash })
    .where(eq(accounts.id, input.accountId))
    .returning({ id: accounts.id, personId: accounts.personId, email: accounts.email });
  if (!account) throw new Error(`No account ${input.accountId}`);
  await endLinks(db, { purpose: "password-reset", accountId: account.id, now });
  await notify(db, {
    kind: "account.password-changed",
    recipientPersonId: account.personId,
    recipientEmail: account.email,
    details: { changedAt: now.toISOString(), how: "changed" },
  });
  await recordAuditEvent(db, {
    actorAccountId: account.id,
    action: "account.password-changed",
    entityType: "account",
    entityId: account.id,
    subjectPersonId: account.personId,
    after: { passwordChanged: true, otherSessionsEnded: true },
  });
}
