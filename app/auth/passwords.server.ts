import { eq } from "drizzle-orm";
import type { Database } from "../db/database";
import { accounts } from "../db/schema";
import { acceptInvitation, invitedPerson, LINK_NOT_WORKING } from "../domain/accounts/accept-invitation";
import { changePassword } from "../domain/accounts/change-password";
import { passwordResetAccount, resetPasswordWithLink, sendPasswordResetLink } from "../domain/accounts/password-reset";
import { DomainError } from "../domain/errors";
import { hitRateLimit } from "../domain/rate-limits/hit-rate-limit";
import { env } from "../env.server";
import { completeSignIn } from "./complete-sign-in.server";
import { luciaFor } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { assertPasswordAllowed } from "./password-policy.server";
import type { CurrentUser } from "./permissions";
import { startSession } from "./session.server";
import { normaliseEmail } from "./sign-in.server";

/**
 * Forgotten passwords and accepted invitations: the two ways a password is set with a link.
 * Like sign-in (sign-in.server.ts), a reset request says nothing about whether an e-mail has an
 * account: the same words, and the same time, since every answer waits for the same floor.
 */

/** Requests from one address, whatever the e-mail, per window; then that address waits. */
export const RESET_REQUESTS_PER_ADDRESS = 20;
export const RESET_ADDRESS_WINDOW_SECONDS = 15 * 60;
/** Links sent for one e-mail as typed, per hour: more requests answer the same and send nothing (no flood of messages). */
export const RESET_REQUESTS_PER_EMAIL = 3;
export const RESET_EMAIL_WINDOW_SECONDS = 60 * 60;
/** No answer comes sooner than this, so a known e-mail (a link, a message, an audit event) and an unknown one take as long. */
export const RESET_ANSWER_FLOOR_MS = 500;

export type ResetRequestResult = { ok: true } | { ok: false; reason: "address-limited"; until: Date };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a reset link when the e-mail has an account. Known and unknown e-mails take the same
 * path (two rate-limit counts, one account look-up in a transaction) and then wait until the
 * floor, so neither the answer nor its time tells them apart.
 */
export async function requestPasswordReset(
  db: Database,
  input: { email: string; address: string },
  options: { now?: Date; floorMs?: number } = {},
): Promise<ResetRequestResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const email = normaliseEmail(input.email);
  let result: ResetRequestResult = { ok: true };
  const byAddress = await hitRateLimit(
    db,
    `password-reset:${input.address}`,
    RESET_REQUESTS_PER_ADDRESS,
    RESET_ADDRESS_WINDOW_SECONDS,
    now,
  );
  if (!byAddress.allowed) {
    result = { ok: false, reason: "address-limited", until: byAddress.resetsAt };
  } else {
    const byEmail = await hitRateLimit(
      db,
      `password-reset-email:${email}`,
      RESET_REQUESTS_PER_EMAIL,
      RESET_EMAIL_WINDOW_SECONDS,
      now,
    );
    if (byEmail.allowed) {
      await sendPasswordResetLink(db, { email, origin: env().PUBLIC_URL, address: input.address, now });
    }
  }
  const wait = (options.floorMs ?? RESET_ANSWER_FLOOR_MS) - (performance.now() - started);
  if (wait > 0) await sleep(wait);
  return result;
}

/**
 * Sets a new password with a reset link (the rules of password-policy.server.ts, checked against
 * the account's e-mail), ends every session of the account in the same transaction, and signs
 * this browser in through completeSignIn. A broken rule or a dead link is a DomainError.
 */
export async function resetPassword(
  db: Database,
  request: Request,
  input: { token: string; password: string },
  options: { now?: Date } = {},
): Promise<Response> {
  const now = options.now ?? new Date();
  const account = await passwordResetAccount(db, input.token, now);
  if (!account) throw new DomainError(LINK_NOT_WORKING, "form", "link");
  await assertPasswordAllowed(input.password, { email: account.email });
  const passwordHash = await hashPassword(input.password);
  const { accountId } = await db.transaction(async (tx) => {
    const reset = await resetPasswordWithLink(tx, { token: input.token, passwordHash, now });
    // Every session of the account, whoever holds it: a reset is what someone does when they fear another has their password.
    await luciaFor(tx).invalidateUserSessions(reset.accountId);
    return reset;
  });
  return completeSignIn(db, request, accountId, "reset");
}

/**
 * Accepts an invitation: the password checked against the rules (and the person's e-mail),
 * the account created and linked to the person, and this browser signed in through completeSignIn.
 */
export async function acceptInvitationAndSignIn(
  db: Database,
  request: Request,
  input: { token: string; password: string },
  options: { now?: Date } = {},
): Promise<Response> {
  const now = options.now ?? new Date();
  const person = await invitedPerson(db, input.token, now);
  if (!person) throw new DomainError(LINK_NOT_WORKING, "form", "link");
  await assertPasswordAllowed(input.password, { email: person.email });
  const passwordHash = await hashPassword(input.password);
  const { accountId } = await acceptInvitation(db, { token: input.token, passwordHash, now });
  return completeSignIn(db, request, accountId, "invitation");
}

/** Wrong current passwords from one account per window, before it must wait (one account's own page: no enumeration to hide). */
export const CHANGE_ATTEMPTS_PER_ACCOUNT = 10;

/**
 * A signed-in person changes their password: their current one first, then the new one against
 * the rules. Every session of the account ends (others may know the old password) and this
 * browser gets a new one; returns its Set-Cookie value.
 */
export async function changeOwnPassword(
  db: Database,
  user: CurrentUser,
  input: { currentPassword: string; password: string },
  options: { now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date();
  const tries = await hitRateLimit(db, `password-change:${user.accountId}`, CHANGE_ATTEMPTS_PER_ACCOUNT, 15 * 60, now);
  if (!tries.allowed) {
    throw new DomainError("Too many attempts. Try again in 15 minutes.", "currentPassword", "rate-limited");
  }
  const [account] = await db
    .select({ passwordHash: accounts.passwordHash, email: accounts.email })
    .from(accounts)
    .where(eq(accounts.id, user.accountId));
  if (!account || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new DomainError("Enter your current password correctly", "currentPassword");
  }
  await assertPasswordAllowed(input.password, { email: account.email });
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await changePassword(tx, { accountId: user.accountId, passwordHash, now });
    await luciaFor(tx).invalidateUserSessions(user.accountId);
  });
  return startSession(db, user.accountId);
}
