import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { accounts } from "../../db/schema";
import { isUniqueViolation } from "../../db/unique-violation";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { describeLink, redeemLink } from "./one-time-links";

export const LINK_NOT_WORKING = "This link has expired or has already been used";

export interface InvitedPerson {
  personId: number;
  name: string;
  email: string;
}

/** Whom an invitation link is for, while it still works (for the page that sets the password); null otherwise. */
export async function invitedPerson(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<InvitedPerson | null> {
  const link = await describeLink(db, { purpose: "invitation", token, now });
  if (link.state !== "open" || link.link.personId === null) return null;
  const person = await queryOne<{ id: number; name: string; email: string | null; has_account: boolean }>(
    db,
    sql`select p.id, p.given_name || ' ' || p.family_name as name, p.email,
          exists (select 1 from accounts a where a.person_id = p.id) as has_account
        from people p where p.id = ${link.link.personId}`,
  );
  if (!person?.email || person.has_account) return null;
  return { personId: person.id, name: person.name, email: person.email };
}

/**
 * Accepts an invitation: uses its link (once) and creates the person's account with the given
 * password hash (the caller checked the password against the rules and hashed it), audited,
 * in one transaction: if anything fails, the link still works.
 */
export async function acceptInvitation(
  db: Database,
  input: { token: string; passwordHash: string; now?: Date },
): Promise<{ accountId: string; personId: number }> {
  const now = input.now ?? new Date();
  try {
    return await db.transaction(async (tx) => {
      const link = await redeemLink(tx, { purpose: "invitation", token: input.token, now });
      if (!link || link.personId === null) throw new DomainError(LINK_NOT_WORKING, "form", "link");
      const person = await queryOne<{ id: number; name: string; email: string | null }>(
        tx,
        sql`select id, given_name || ' ' || family_name as name, email from people where id = ${link.personId} for update`,
      );
      if (!person?.email) throw new DomainError(LINK_NOT_WORKING, "form", "link");
      const existing = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.personId, person.id));
      if (existing.length > 0) throw new DomainError("You already have an account. Sign in instead.", "form", "link");
      const accountId = randomUUID();
      await tx.insert(accounts).values({
        id: accountId,
        personId: person.id,
        email: person.email,
        passwordHash: input.passwordHash,
        displayName: person.name,
        createdAt: now,
      });
      await recordAuditEvent(tx, {
        actorAccountId: accountId,
        action: "account.created",
        entityType: "account",
        entityId: accountId,
        subjectPersonId: person.id,
        after: { personId: person.id, email: person.email, by: "invitation", invitedBy: link.createdByAccountId },
      });
      return { accountId, personId: person.id };
    });
  } catch (error) {
    // Another account already has this e-mail address (an account made before the person record).
    if (isUniqueViolation(error, "accounts_person_key")) {
      throw new DomainError("You already have an account. Sign in instead.", "form", "link");
    }
    if (isUniqueViolation(error, "accounts_email_key")) {
      throw new DomainError("An account already uses this email address. Sign in, or ask the training team.", "form");
    }
    throw error;
  }
}
