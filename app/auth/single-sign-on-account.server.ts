import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { accounts, roleGrants } from "../db/schema";
import { recordAuditEvent } from "../domain/audit/record-event";
import { findPersonByEmail } from "../domain/people/find-person-by-email";
import { todayInLondon } from "../lib/dates";
import { emailDomain } from "./single-sign-on.server";

/**
 * Who someone the council's provider vouched for is here: their account, by e-mail whatever its
 * case; or, for a person in the training records who has no account yet, a new account linked to
 * that person, with the learner role and a password hash no password can match (they sign in
 * through the provider; a password reset can give them one later).
 */

/** Stored in password_hash for accounts made by single sign-on: not an argon2 hash, so no password verifies. */
export const NO_PASSWORD_HASH = "!single-sign-on:no-password";

export type SingleSignOnAccountResult =
  | { ok: true; accountId: string; created: boolean }
  | {
      ok: false;
      /** No person in the training records has this e-mail; someone has left; the account is switched off. */
      reason: "no-person-record" | "left" | "account-disabled";
    };

/** Finds or makes the account, records the sign-in (method "sso") or the refusal; one transaction. */
export async function signInWithSingleSignOn(
  db: Database,
  input: { email: string; address: string; now?: Date },
): Promise<SingleSignOnAccountResult> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: accounts.id, personId: accounts.personId, disabledAt: accounts.disabledAt })
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${email}`);
    let account = existing;
    let created = false;
    if (!account) {
      const person = await findPersonByEmail(tx, email);
      if (!person || (person.leavingDate !== null && person.leavingDate <= todayInLondon(now))) {
        const reason = person ? "left" : "no-person-record";
        // No account to hang it on: the domain tells the coordinator where it came from, no more.
        await recordAuditEvent(tx, {
          actorAccountId: null,
          action: "account.sign-in-failed",
          entityType: "single-sign-on",
          entityId: emailDomain(email),
          subjectPersonId: person?.id ?? null,
          after: { method: "sso", reason, address: input.address },
        });
        return { ok: false, reason };
      }
      const id = `acct-${randomBytes(15).toString("base64url")}`;
      const [row] = await tx
        .insert(accounts)
        .values({
          id,
          personId: person.id,
          email: person.email,
          passwordHash: NO_PASSWORD_HASH,
          displayName: `${person.givenName} ${person.familyName}`,
        })
        .returning({ id: accounts.id, personId: accounts.personId, disabledAt: accounts.disabledAt });
      await tx.insert(roleGrants).values({ accountId: id, role: "learner" });
      await recordAuditEvent(tx, {
        actorAccountId: null,
        action: "account.create",
        entityType: "account",
        entityId: id,
        subjectPersonId: person.id,
        after: { method: "sso", email: person.email, personId: person.id, roles: ["learner"], password: "none" },
      });
      account = row!;
      created = true;
    }
    if (account.disabledAt) {
      await recordAuditEvent(tx, {
        actorAccountId: null,
        action: "account.sign-in-failed",
        entityType: "account",
        entityId: account.id,
        subjectPersonId: account.personId,
        after: { method: "sso", reason: "account-disabled", address: input.address },
      });
      return { ok: false, reason: "account-disabled" };
    }
    await tx.update(accounts).set({ lastSignInAt: now }).where(eq(accounts.id, account.id));
    await recordAuditEvent(tx, {
      actorAccountId: account.id,
      action: "account.sign-in",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.personId,
      after: { method: "sso", address: input.address },
    });
    return { ok: true, accountId: account.id, created };
  });
}

/** A refusal at the callback before any account is known (bad state, refused code…), for the audit log. */
export async function recordSingleSignOnFailure(
  db: Database,
  input: { reason: string; address: string },
): Promise<void> {
  await recordAuditEvent(db, {
    actorAccountId: null,
    action: "account.sign-in-failed",
    entityType: "single-sign-on",
    entityId: "callback",
    after: { method: "sso", reason: input.reason, address: input.address },
  });
}
