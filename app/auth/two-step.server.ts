import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, or, lt, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import type { Database } from "../db/database";
import { accounts, authSessions, roleGrants, twoStepCredentials, twoStepRecoveryCodes, type Role } from "../db/schema";
import { recordAuditEvent } from "../domain/audit/record-event";
import { clearRateLimit } from "../domain/rate-limits/clear-rate-limit";
import { hitRateLimit } from "../domain/rate-limits/hit-rate-limit";
import { decryptSecret, encryptSecret } from "./two-step-secret.server";

/**
 * Two-step sign-in with an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 seconds, as
 * every common app reads them) and single-use recovery codes. Decision 013.
 */

/** Roles that see many people's personal data: their accounts must use two-step sign-in. */
export const TWO_STEP_REQUIRED_ROLES: readonly Role[] = ["coordinator", "education_officer"];
/** Codes from the step before and after the current one are accepted too (a slow phone clock, a slow typist). */
export const CODE_WINDOW_STEPS = 1;
export const STEP_SECONDS = 30;
/** Wrong codes (app or recovery) an account may send in a window before it must wait. */
export const CODE_ATTEMPTS_PER_WINDOW = 10;
export const CODE_WINDOW_SECONDS = 15 * 60;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Prevent Training Tracker";

function totp(base32: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: STEP_SECONDS,
    secret: Secret.fromBase32(base32),
  });
}

/** The code an authenticator app shows for a secret at a time (tests and the demo's browser tests). */
export function codeFor(base32: string, now: Date = new Date()): string {
  return totp(base32, "code").generate({ timestamp: now.getTime() });
}

// --- Status ------------------------------------------------------------------------------------

export interface TwoStepStatus {
  enabledAt: Date | null;
  /** The account holds a role that requires two-step sign-in. */
  required: boolean;
  recoveryCodesLeft: number;
}

export async function twoStepStatus(db: Database, accountId: string): Promise<TwoStepStatus> {
  const [credential] = await db
    .select({ enabledAt: twoStepCredentials.enabledAt })
    .from(twoStepCredentials)
    .where(eq(twoStepCredentials.accountId, accountId));
  const [{ left }] = (await db
    .select({ left: sql<number>`count(*)::int` })
    .from(twoStepRecoveryCodes)
    .where(and(eq(twoStepRecoveryCodes.accountId, accountId), isNull(twoStepRecoveryCodes.usedAt)))) as [
    { left: number },
  ];
  return {
    enabledAt: credential?.enabledAt ?? null,
    required: await twoStepRequired(db, accountId),
    recoveryCodesLeft: left,
  };
}

export async function twoStepRequired(db: Database, accountId: string): Promise<boolean> {
  const rows = await db.select({ role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.accountId, accountId));
  return rows.some((r) => TWO_STEP_REQUIRED_ROLES.includes(r.role));
}

// --- Setting up ----------------------------------------------------------------------------------

export interface SetUpDetails {
  /** The secret in base32, for typing into an app by hand. */
  secret: string;
  /** The otpauth:// URI the QR code carries. */
  uri: string;
}

/**
 * The secret being set up, made on first call and kept (encrypted) until confirmed, so reloading
 * the page does not change the QR code already scanned. Null when two-step is already on.
 */
export async function setUpDetails(db: Database, accountId: string): Promise<SetUpDetails | null> {
  const [account] = await db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, accountId));
  if (!account) return null;
  const [existing] = await db.select().from(twoStepCredentials).where(eq(twoStepCredentials.accountId, accountId));
  if (existing?.enabledAt) return null;
  let secret: string;
  if (existing) {
    secret = decryptSecret(existing.secretEncrypted, accountId);
  } else {
    secret = new Secret({ size: 20 }).base32;
    await db
      .insert(twoStepCredentials)
      .values({ accountId, secretEncrypted: encryptSecret(secret, accountId) })
      .onConflictDoNothing();
    // Two tabs at once: keep whichever secret was stored first.
    const [stored] = await db.select().from(twoStepCredentials).where(eq(twoStepCredentials.accountId, accountId));
    secret = decryptSecret(stored!.secretEncrypted, accountId);
    if (stored!.enabledAt) return null;
  }
  return { secret, uri: totp(secret, account.email).toString() };
}

export type CodeCheck = { ok: true } | { ok: false; reason: "wrong" | "limited"; until?: Date };

const limitKey = (accountId: string) => `two-step:${accountId}`;

/** Counts the attempt before checking it (so parallel guesses count too); a right code clears the count. */
async function underLimit(db: Database, accountId: string, now: Date) {
  return hitRateLimit(db, limitKey(accountId), CODE_ATTEMPTS_PER_WINDOW, CODE_WINDOW_SECONDS, now);
}

/**
 * Accepts a code from the app when it is within the window and from a later step than the last
 * code accepted; records that step in the same statement, so the same code never works twice.
 */
async function acceptAppCode(
  db: Database,
  accountId: string,
  code: string,
  now: Date,
  options: { enabledOnly: boolean },
): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const [credential] = await db.select().from(twoStepCredentials).where(eq(twoStepCredentials.accountId, accountId));
  if (!credential || (options.enabledOnly && !credential.enabledAt)) return false;
  const secret = decryptSecret(credential.secretEncrypted, accountId);
  const delta = totp(secret, "check").validate({ token: code, timestamp: now.getTime(), window: CODE_WINDOW_STEPS });
  if (delta === null) return false;
  const step = Math.floor(now.getTime() / 1000 / STEP_SECONDS) + delta;
  const updated = await db
    .update(twoStepCredentials)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(twoStepCredentials.accountId, accountId),
        or(isNull(twoStepCredentials.lastUsedStep), lt(twoStepCredentials.lastUsedStep, step)),
      ),
    )
    .returning({ accountId: twoStepCredentials.accountId });
  return updated.length === 1;
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/** Ten codes of 10 base-32 characters (50 random bits each), shown once as "abcde-fghij". */
function newRecoveryCodes(): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

async function replaceRecoveryCodes(db: Database, accountId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.delete(twoStepRecoveryCodes).where(eq(twoStepRecoveryCodes.accountId, accountId));
  await db.insert(twoStepRecoveryCodes).values(codes.map((c) => ({ accountId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

/**
 * Confirms set-up with a code from the app: turns two-step on and returns the recovery codes,
 * the only time they are shown. `actorAccountId` is the account itself.
 */
export async function confirmSetUp(
  db: Database,
  accountId: string,
  code: string,
  now: Date = new Date(),
): Promise<{ ok: true; recoveryCodes: string[] } | Exclude<CodeCheck, { ok: true }>> {
  const limit = await underLimit(db, accountId, now);
  if (!limit.allowed) return { ok: false, reason: "limited", until: limit.resetsAt };
  return db.transaction(async (tx) => {
    if (!(await acceptAppCode(tx, accountId, code.replace(/\s/g, ""), now, { enabledOnly: false }))) {
      return { ok: false as const, reason: "wrong" as const };
    }
    const turnedOn = await tx
      .update(twoStepCredentials)
      .set({ enabledAt: now })
      .where(and(eq(twoStepCredentials.accountId, accountId), isNull(twoStepCredentials.enabledAt)))
      .returning({ accountId: twoStepCredentials.accountId });
    if (turnedOn.length === 0) return { ok: false as const, reason: "wrong" as const };
    const recoveryCodes = await replaceRecoveryCodes(tx, accountId);
    await clearRateLimit(tx, limitKey(accountId));
    await recordAuditEvent(tx, {
      actorAccountId: accountId,
      action: "account.two-step-on",
      entityType: "account",
      entityId: accountId,
      before: { twoStep: false },
      after: { twoStep: true, recoveryCodes: recoveryCodes.length },
    });
    return { ok: true as const, recoveryCodes };
  });
}

/**
 * Checks the second step: a code from the app, or an unused recovery code (then used up).
 * Rate-limited per account; each failure and each recovery code used is audited.
 */
export async function checkSecondStep(
  db: Database,
  accountId: string,
  input: string,
  now: Date = new Date(),
): Promise<CodeCheck & { usedRecoveryCode?: boolean }> {
  const limit = await underLimit(db, accountId, now);
  if (!limit.allowed) return { ok: false, reason: "limited", until: limit.resetsAt };
  const code = input.replace(/\s/g, "");
  return db.transaction(async (tx) => {
    if (/^\d{6}$/.test(code)) {
      if (await acceptAppCode(tx, accountId, code, now, { enabledOnly: true })) {
        await clearRateLimit(tx, limitKey(accountId));
        return { ok: true as const };
      }
    } else if (normaliseRecoveryCode(code).length === 10) {
      const used = await tx
        .update(twoStepRecoveryCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(twoStepRecoveryCodes.accountId, accountId),
            eq(twoStepRecoveryCodes.codeHash, hashRecoveryCode(code)),
            isNull(twoStepRecoveryCodes.usedAt),
          ),
        )
        .returning({ id: twoStepRecoveryCodes.id });
      if (used.length === 1) {
        await clearRateLimit(tx, limitKey(accountId));
        await recordAuditEvent(tx, {
          actorAccountId: accountId,
          action: "account.two-step-recovery-code-used",
          entityType: "account",
          entityId: accountId,
          after: { recoveryCodeId: used[0]!.id },
        });
        return { ok: true as const, usedRecoveryCode: true };
      }
    }
    await recordAuditEvent(tx, {
      actorAccountId: null,
      action: "account.two-step-failed",
      entityType: "account",
      entityId: accountId,
    });
    return { ok: false as const, reason: "wrong" as const };
  });
}

/** Turns two-step off (only where no role requires it), after a current code. */
export async function turnOffTwoStep(
  db: Database,
  accountId: string,
  code: string,
  now: Date = new Date(),
): Promise<CodeCheck | { ok: false; reason: "required" }> {
  if (await twoStepRequired(db, accountId)) return { ok: false, reason: "required" };
  const check = await checkSecondStep(db, accountId, code, now);
  if (!check.ok) return check;
  await db.transaction(async (tx) => {
    await tx.delete(twoStepCredentials).where(eq(twoStepCredentials.accountId, accountId));
    await tx.delete(twoStepRecoveryCodes).where(eq(twoStepRecoveryCodes.accountId, accountId));
    await recordAuditEvent(tx, {
      actorAccountId: accountId,
      action: "account.two-step-off",
      entityType: "account",
      entityId: accountId,
      before: { twoStep: true },
      after: { twoStep: false },
    });
  });
  return { ok: true };
}

/** New recovery codes (the old ones stop working), after a current code; shown once. */
export async function regenerateRecoveryCodes(
  db: Database,
  accountId: string,
  code: string,
  now: Date = new Date(),
): Promise<{ ok: true; recoveryCodes: string[] } | Exclude<CodeCheck, { ok: true }>> {
  const check = await checkSecondStep(db, accountId, code, now);
  if (!check.ok) return check;
  return db.transaction(async (tx) => {
    const [{ before }] = (await tx
      .select({ before: sql<number>`count(*) filter (where ${twoStepRecoveryCodes.usedAt} is null)::int` })
      .from(twoStepRecoveryCodes)
      .where(eq(twoStepRecoveryCodes.accountId, accountId))) as [{ before: number }];
    const recoveryCodes = await replaceRecoveryCodes(tx, accountId);
    await recordAuditEvent(tx, {
      actorAccountId: accountId,
      action: "account.two-step-recovery-codes-replaced",
      entityType: "account",
      entityId: accountId,
      before: { recoveryCodesLeft: before },
      after: { recoveryCodesLeft: recoveryCodes.length },
    });
    return { ok: true as const, recoveryCodes };
  });
}

/** Whether the account has two-step sign-in turned on. */
export async function twoStepEnabled(db: Database, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ enabledAt: twoStepCredentials.enabledAt })
    .from(twoStepCredentials)
    .where(eq(twoStepCredentials.accountId, accountId));
  return Boolean(row?.enabledAt);
}

/**
 * The coordinator resets someone's two-step sign-in (a lost phone and lost recovery codes): the
 * app and its codes no longer work, and the account sets it up again at its next sign-in (where a
 * role requires it) or may go without. Their sessions end too, in case the phone was stolen.
 */
export async function resetTwoStep(db: Database, input: { accountId: string; actorAccountId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(twoStepCredentials)
      .where(eq(twoStepCredentials.accountId, input.accountId))
      .returning({ accountId: twoStepCredentials.accountId });
    await tx.delete(twoStepRecoveryCodes).where(eq(twoStepRecoveryCodes.accountId, input.accountId));
    await tx.delete(authSessions).where(eq(authSessions.userId, input.accountId));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "account.two-step-reset",
      entityType: "account",
      entityId: input.accountId,
      before: { twoStep: removed.length > 0 },
      after: { twoStep: false, sessionsEnded: true },
    });
  });
}
