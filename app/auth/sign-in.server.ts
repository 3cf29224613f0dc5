import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { accounts } from "../db/schema";
import { recordAuditEvent } from "../domain/audit/record-event";
import { hitRateLimit } from "../domain/rate-limits/hit-rate-limit";
import { hashPassword, verifyPassword } from "./password.server";

/** After this many failures in a row an account is slowed down, then locked. */
export const SLOW_AFTER_FAILURES = 3;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Attempts from one address, whatever the account, per 15 minutes. */
export const ATTEMPTS_PER_ADDRESS = 50;

export type SignInResult =
  | { ok: true; accountId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; until: Date }
  | { ok: false; reason: "address-limited"; until: Date };

let dummyHash: Promise<string> | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks an e-mail and password. Failures for one account are answered more slowly after
 * SLOW_AFTER_FAILURES and refused for LOCK_MINUTES after LOCK_AFTER_FAILURES; an unknown
 * e-mail costs the same hashing time as a known one.
 */
export async function attemptSignIn(
  db: Database,
  input: { email: string; password: string; address: string },
  options: { now?: Date; delayMs?: (failures: number) => number } = {},
): Promise<SignInResult> {
  const now = options.now ?? new Date();
  const delayMs = options.delayMs ?? ((failures) => Math.min(4000, 500 * 2 ** (failures - SLOW_AFTER_FAILURES)));

  const byAddress = await hitRateLimit(db, `sign-in:${input.address}`, ATTEMPTS_PER_ADDRESS, 15 * 60, now);
  if (!byAddress.allowed) return { ok: false, reason: "address-limited", until: byAddress.resetsAt };

  const [account] = await db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${input.email.trim().toLowerCase()}`);
  if (!account || account.disabledAt) {
    dummyHash ??= hashPassword("not a real password");
    await verifyPassword(await dummyHash, input.password);
    return { ok: false, reason: "invalid" };
  }
  if (account.lockedUntil && account.lockedUntil > now) {
    return { ok: false, reason: "locked", until: account.lockedUntil };
  }

  if (await verifyPassword(account.passwordHash, input.password)) {
    await db.transaction(async (tx) => {
      await tx
        .update(accounts)
        .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now })
        .where(eq(accounts.id, account.id));
      await recordAuditEvent(tx, {
        actorAccountId: account.id,
        action: "account.sign-in",
        entityType: "account",
        entityId: account.id,
        subjectPersonId: account.personId,
      });
    });
    return { ok: true, accountId: account.id };
  }

  // A lock that has run out starts the count again.
  const failures = (account.lockedUntil ? 0 : account.failedSignIns) + 1;
  const lockedUntil =
    failures >= LOCK_AFTER_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
  await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ failedSignIns: failures, lockedUntil })
      .where(eq(accounts.id, account.id));
    await recordAuditEvent(tx, {
      actorAccountId: null,
      action: lockedUntil ? "account.locked" : "account.sign-in-failed",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.personId,
      after: { failedSignIns: failures, lockedUntil },
    });
  });
  if (lockedUntil) return { ok: false, reason: "locked", until: lockedUntil };
  if (failures >= SLOW_AFTER_FAILURES) await sleep(delayMs(failures));
  return { ok: false, reason: "invalid" };
}
