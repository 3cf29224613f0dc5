import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts, roleGrants } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";

/**
 * Removes one of an account's role grants. A coordinator cannot remove their own coordinator role
 * (there is one such grant: it has no scope), so nobody locks themselves out of administration.
 * False when the account has no such grant. Audited in the same transaction.
 */
export async function removeRole(
  db: Database,
  input: { accountId: string; grantId: number; actorAccountId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, personId: accounts.personId })
      .from(accounts)
      .where(eq(accounts.id, input.accountId))
      .for("update");
    if (!account) return false;
    const [grant] = await tx
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.id, input.grantId), eq(roleGrants.accountId, account.id)));
    if (!grant) return false;
    if (grant.role === "coordinator" && account.id === input.actorAccountId) {
      const coordinatorGrants = await tx
        .select({ id: roleGrants.id })
        .from(roleGrants)
        .where(and(eq(roleGrants.accountId, account.id), eq(roleGrants.role, "coordinator")));
      if (coordinatorGrants.length <= 1) {
        throw new DomainError("You cannot remove your own coordinator role: ask another coordinator to do it", "form");
      }
    }
    await tx.delete(roleGrants).where(eq(roleGrants.id, grant.id));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "account.role-remove",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.personId,
      before: {
        grantId: grant.id,
        role: grant.role,
        personId: grant.personId,
        organisationId: grant.organisationId,
        grantedByAccountId: grant.grantedByAccountId,
      },
      after: null,
    });
    return true;
  });
}
