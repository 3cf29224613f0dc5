import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";

/** Whether the account's person gets the monthly e-mail about their team (managers; on unless turned off). */
export async function receivesTeamDigest(db: Database, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ receives: accounts.receivesTeamDigest })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.receives ?? true;
}

/**
 * Turns the monthly e-mail about one's team on or off (the daily job sends none to an account
 * that turned it off). Audited when it changes; choosing what it already is changes nothing.
 */
export async function setTeamDigest(
  db: Database,
  input: { accountId: string; receives: boolean; actorAccountId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ receives: accounts.receivesTeamDigest, personId: accounts.personId })
      .from(accounts)
      .where(eq(accounts.id, input.accountId))
      .for("update");
    if (!before || before.receives === input.receives) return false;
    await tx.update(accounts).set({ receivesTeamDigest: input.receives }).where(eq(accounts.id, input.accountId));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "account.team-digest",
      entityType: "account",
      entityId: input.accountId,
      subjectPersonId: before.personId,
      before: { receivesTeamDigest: before.receives },
      after: { receivesTeamDigest: input.receives },
    });
    return true;
  });
}
