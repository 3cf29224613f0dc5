import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { accounts } from "../db/schema";
import { recordAuditEvent } from "../domain/audit/record-event";
import { clearRateLimit } from "../domain/rate-limits/clear-rate-limit";
import { hitRateLimit } from "../domain/rate-limits/hit-rate-limit";
import { hashPassword, verifyPassword } from "./password.server";

/**
 * Guessing is throttled by address and by e-mail + address, never by account alone: an account
 * cannot be locked, so an attacker elsewhere cannot keep its owner out, and nothing in an answer
 * (wording, status, time) says whether an e-mail has an account.
 */

/** Attempts from one address, whatever the e-mail, per window; then that address waits for the window to end. */
export const ATTEMPTS_PER_ADDRESS = 50;
export const WINDOW_SECONDS = 15 * 60;
/** No failed answer comes sooner than this, so a known e-mail (audit write) and an unknown one take as long. */
export const FAILURE_FLOOR_MS = 500;
/** From this many failures for one e-mail from one address in a window, each answer waits twice as long… */
export const SLOW_AFTER_FAILURES = 3;
/** …up to this. */
export const MAX_FAILURE_DELAY_MS = 4000;

export type SignInResult =
  | { ok: true; accountId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "address-limited"; until: Date };

/** How long a failed answer takes, counted from the request's start, after `failures` failures. */
export function failureDelayMs(failures: number): number {
  if (failures < SLOW_AFTER_FAILURES) return FAILURE_FLOOR_MS;
  return Math.min(MAX_FAILURE_DELAY_MS, FAILURE_FLOOR_MS * 2 ** (failures - SLOW_AFTER_FAILURES + 1));
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

let dummyHash: Promise<string> | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks an e-mail and password. Known and unknown e-mails take the same path: one password
 * hash check, one failure count keyed on the e-mail as typed and the address, one delay.
 */
export async function attemptSignIn(
  db: Database,
  input: { email: string; password: string; address: string },
  options: { now?: Date; delayMs?: (failures: number) => number } = {},
): Promise<SignInResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const delayMs = options.delayMs ?? failureDelayMs;
  const email = normaliseEmail(input.email);

  const byAddress = await hitRateLimit(db, `sign-in:${input.address}`, ATTEMPTS_PER_ADDRESS, WINDOW_SECONDS, now);
  if (!byAddress.allowed) return { ok: false, reason: "address-limited", until: byAddress.resetsAt };

  const [account] = await db.select().from(accounts).where(sql`lower(${accounts.email}) = ${email}`);
  dummyHash ??= hashPassword("not a real password");
  const passwordMatches = await verifyPassword(account?.passwordHash ?? (await dummyHash), input.password);
  const failuresKey = `sign-in-failures:${JSON.stringify([email, input.address])}`;

  if (account && !account.disabledAt && passwordMatches) {
    await db.transaction(async (tx) => {
      await tx.update(accounts).set({ lastSignInAt: now }).where(eq(accounts.id, account.id));
      await clearRateLimit(tx, failuresKey);
      await recordAuditEvent(tx, {
        actorAccountId: account.id,
        action: "account.sign-in",
        entityType: "account",
        entityId: account.id,
        subjectPersonId: account.personId,
        // How and from where, as the other ways of signing in record it (the account page lists them).
        after: { method: "password", address: input.address },
      });
    });
    return { ok: true, accountId: account.id };
  }

  const failures = await db.transaction(async (tx) => {
    const counted = await hitRateLimit(tx, failuresKey, Number.MAX_SAFE_INTEGER, WINDOW_SECONDS, now);
    // Known accounts keep a trail of failed attempts: from where, and how many in a row from there.
    if (account) {
      await recordAuditEvent(tx, {
        actorAccountId: null,
        action: "account.sign-in-failed",
        entityType: "account",
        entityId: account.id,
        subjectPersonId: account.personId,
        after: { address: input.address, failuresFromAddress: counted.hits },
      });
    }
    return counted.hits;
  });
  const wait = delayMs(failures) - (performance.now() - started);
  if (wait > 0) await sleep(wait);
  return { ok: false, reason: "invalid" };
}
