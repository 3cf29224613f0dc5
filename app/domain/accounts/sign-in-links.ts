import { eq, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { accounts } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { notify } from "../notifications/notify";
import { LINK_TTL_SECONDS, createLink, describeLink, useLink as redeemLink } from "./one-time-links";

/**
 * Sign-in links (issue 18, item 3): for people outside the council — the staff of schools,
 * contractors and partners — a link by e-mail that signs them in once, within 15 minutes, in the
 * browser that asked for it. Who may have one is decided by the sector of the organisation the
 * account's person works in; council staff never (they use the council's single sign-on or
 * their password), deactivated accounts never, and no one whose e-mail single sign-on covers.
 */

/** The sectors whose people may sign in with a link. */
export const SIGN_IN_LINK_SECTORS = ["school", "contractor", "partner"] as const;

/** The path a sign-in link opens; PUBLIC_URL goes before it. */
export function signInLinkPath(token: string): string {
  return `/sign-in/link/${token}`;
}

type LinkAccount = {
  id: string;
  person_id: number | null;
  email: string;
  disabled: boolean;
  sector: string | null;
};

async function linkAccount(
  db: Database,
  where: { email: string } | { accountId: string },
): Promise<LinkAccount | null> {
  const condition =
    "email" in where ? sql`lower(a.email) = ${where.email.trim().toLowerCase()}` : sql`a.id = ${where.accountId}`;
  const row = await queryOne<LinkAccount>(
    db,
    sql`select a.id, a.person_id, a.email, a.disabled_at is not null as disabled, o.sector::text as sector
        from accounts a
        left join people p on p.id = a.person_id
        left join organisations o on o.id = p.organisation_id
        where ${condition}`,
  );
  return row ?? null;
}

function mayUseLinks(account: LinkAccount | null, singleSignOn: boolean): account is LinkAccount {
  return (
    account !== null &&
    !account.disabled &&
    !singleSignOn &&
    (SIGN_IN_LINK_SECTORS as readonly string[]).includes(account.sector ?? "")
  );
}

/**
 * Sends a sign-in link to the account with this e-mail when it may have one (see above), bound
 * to the asking browser (`browserBindingHash`: hashSecret of the value in its cookie); a newer
 * link ends the earlier one. Link, message and audit event in one transaction. Says whether it
 * sent one — for tests only: the page answers the same either way, in the same time
 * (app/auth/sign-in-links.server.ts). `singleSignOn`: the e-mail is in a single sign-on domain.
 */
export async function sendSignInLink(
  db: Database,
  input: {
    email: string;
    origin: string;
    address: string;
    browserBindingHash: string;
    singleSignOn: boolean;
    /** Where to go once signed in (a path the caller checked with safeRedirect): carried in the link. */
    redirectTo?: string;
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const account = await linkAccount(tx, { email: input.email });
    if (!mayUseLinks(account, input.singleSignOn)) return false;
    const token = await createLink(tx, {
      purpose: "sign-in",
      accountId: account.id,
      browserBindingHash: input.browserBindingHash,
      now,
    });
    const link = new URL(signInLinkPath(token), input.origin);
    if (input.redirectTo && input.redirectTo !== "/") link.searchParams.set("redirectTo", input.redirectTo);
    await notify(tx, {
      kind: "account.sign-in-link",
      recipientPersonId: account.person_id,
      recipientEmail: account.email,
      // The link is in the message's details only (the database keeps the token's hash): the
      // sender of issue 20 reads it from here.
      details: {
        link: link.href,
        expiresAt: new Date(now.getTime() + LINK_TTL_SECONDS["sign-in"] * 1000).toISOString(),
      },
    });
    await recordAuditEvent(tx, {
      actorAccountId: null,
      action: "account.sign-in-link-sent",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.person_id,
      after: { address: input.address },
    });
    return true;
  });
}

/** What a sign-in link's page can say before it is used (a GET never uses it). */
export type SignInLinkState = "open" | "used" | "expired" | "unknown";

/** Whether the link still works, without using it or checking the browser (the POST does both). */
export async function signInLinkState(db: Database, token: string, now: Date = new Date()): Promise<SignInLinkState> {
  const described = await describeLink(db, { purpose: "sign-in", token, now });
  if (described.state === "ended") return "used"; // a newer link replaced it: to the reader, it no longer works
  return described.state;
}

export type SignInWithLinkResult =
  | { ok: true; accountId: string }
  | { ok: false; reason: "used" | "expired" | "unknown" | "other-browser" | "not-allowed" };

class NotAllowed extends Error {}

/**
 * Uses a sign-in link: once, in time, from the browser holding the value whose hash it was made
 * with (`browserBinding`: the cookie's value). The account must still be allowed links (not
 * deactivated, still outside the council): otherwise nothing changes and the link stays as it
 * was. Audited as a sign-in with method "link". The caller then finishes with completeSignIn.
 */
export async function signInWithLink(
  db: Database,
  input: { token: string; browserBinding: string | null; singleSignOn: (email: string) => boolean; now?: Date },
): Promise<SignInWithLinkResult> {
  const now = input.now ?? new Date();
  try {
    const accountId = await db.transaction(async (tx) => {
      // Binding required: a sign-in link is always made bound, and redeemLink would take an unbound one without it.
      if (!input.browserBinding) return null;
      const link = await redeemLink(tx, {
        purpose: "sign-in",
        token: input.token,
        now,
        browserBinding: input.browserBinding,
      });
      if (!link?.accountId) return null;
      const account = await linkAccount(tx, { accountId: link.accountId });
      if (!mayUseLinks(account, account ? input.singleSignOn(account.email) : true)) throw new NotAllowed();
      await tx.update(accounts).set({ lastSignInAt: now }).where(eq(accounts.id, account.id));
      await recordAuditEvent(tx, {
        actorAccountId: account.id,
        action: "account.sign-in",
        entityType: "account",
        entityId: account.id,
        subjectPersonId: account.person_id,
        after: { method: "link", linkId: link.id },
      });
      return account.id;
    });
    if (accountId) return { ok: true, accountId };
  } catch (error) {
    if (error instanceof NotAllowed) return { ok: false, reason: "not-allowed" };
    throw error;
  }
  const state = await signInLinkState(db, input.token, now);
  // Still open but refused: the browser is not the one that asked (or has lost its cookie).
  return { ok: false, reason: state === "open" ? "other-browser" : state };
}
