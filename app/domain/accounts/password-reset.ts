import { eq, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { accounts } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { LINK_NOT_WORKING } from "./accept-invitation";
import { LINK_TTL_SECONDS, createLink, describeLink, endLinks, redeemLink } from "./one-time-links";

/** The path a reset token opens; the caller's PUBLIC_URL goes before it. */
export function passwordResetPath(token: string): string {
  return `/reset-password/${token}`;
}

/**
 * Sends a password reset link (1 hour, one use) to the account with this e-mail, if there is
 * one that is not deactivated; a newer link ends the earlier one. Says whether it sent one — for
 * tests and logs only: the page answers the same either way (app/auth/passwords.server.ts).
 */
export async function sendPasswordResetLink(
  db: Database,
  input: { email: string; origin: string; address: string; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const account = await queryOne<{ id: string; person_id: number | null; email: string; disabled: boolean }>(
      tx,
      sql`select id, person_id, email, disabled_at is not null as disabled from accounts
          where lower(email) = ${input.email.trim().toLowerCase()}`,
    );
    if (!account || account.disabled) return false;
    const token = await createLink(tx, { purpose: "password-reset", accountId: account.id, now });
    await notify(tx, {
      kind: "account.password-reset",
      recipientPersonId: account.person_id,
      recipientEmail: account.email,
      // The link is in the message's details only (the database keeps the token's hash): the
      // sender of issue 20 reads it from here.
      details: {
        link: new URL(passwordResetPath(token), input.origin).href,
        expiresAt: new Date(now.getTime() + LINK_TTL_SECONDS["password-reset"] * 1000).toISOString(),
      },
    });
    await recordAuditEvent(tx, {
      actorAccountId: null,
      action: "account.password-reset-sent",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.person_id,
      after: { address: input.address },
    });
    return true;
  });
}

/** The account a reset link is for while it still works (for the page that sets the password); null otherwise. */
export async function passwordResetAccount(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<{ accountId: string; email: string } | null> {
  const link = await describeLink(db, { purpose: "password-reset", token, now });
  if (link.state !== "open" || link.link.accountId === null) return null;
  const [account] = await db
    .select({ id: accounts.id, email: accounts.email, disabledAt: accounts.disabledAt })
    .from(accounts)
    .where(eq(accounts.id, link.link.accountId));
  return account && !account.disabledAt ? { accountId: account.id, email: account.email } : null;
}

/**
 * Sets a new password with a reset link: uses the link (once), stores the new hash, ends the
 * account's other open reset links, tells the person and audits, in the caller's transaction
 * (which also ends the account's sessions). Throws a DomainError when the link does not work.
 */
export async function resetPasswordWithLink(
  db: Database,
  input: { token: string; passwordHash: string; now?: Date },
): Promise<{ accountId: string; personId: number | null }> {
  const now = input.now ?? new Date();
  const link = await redeemLink(db, { purpose: "password-reset", token: input.token, now });
  if (!link?.accountId) throw new DomainError(LINK_NOT_WORKING, "form", "link");
  const [account] = await db
    .update(accounts)
    .set({ passwordHash: input.passwordHash })
    .where(sql`${accounts.id} = ${link.accountId} and ${accounts.disabledAt} is null`)
    .returning({ id: accounts.id, personId: accounts.personId, email: accounts.email });
  if (!account) throw new DomainError(LINK_NOT_WORKING, "form", "link");
  await endLinks(db, { purpose: "password-reset", accountId: account.id, now });
  await notify(db, {
    kind: "account.password-changed",
    recipientPersonId: account.personId,
    recipientEmail: account.email,
    details: { changedAt: now.toISOString(), how: "reset" },
  });
  await recordAuditEvent(db, {
    actorAccountId: account.id,
    action: "account.password-reset",
    entityType: "account",
    entityId: account.id,
    subjectPersonId: account.personId,
    after: { passwordChanged: true, otherSessionsEnded: true },
  });
  return { accountId: account.id, personId: account.personId };
}
