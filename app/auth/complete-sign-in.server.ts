import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { and, eq, gt, lt } from "drizzle-orm";
import type { Database } from "../db/database";
import { pendingSignIns } from "../db/schema";
import { recordAuditEvent } from "../domain/audit/record-event";
import { env } from "../env.server";
import { safeRedirect } from "../lib/safe-redirect";
import { startSession } from "./session.server";
import { twoStepEnabled, twoStepRequired } from "./two-step.server";

/** How the person proved who they are before this step. */
export type SignInMethod = "password" | "link" | "sso" | "invitation" | "reset";

export interface CompleteSignInOptions {
  /** Where to go once signed in; checked with safeRedirect against the request's origin. */
  redirectTo?: string | null;
  now?: Date;
}

/** A half-done sign-in lasts this long: time to open the app and type a code, or to set it up. */
export const PENDING_SIGN_IN_MINUTES = 10;
export const PENDING_COOKIE = "ptt_pending_sign_in";

export type PendingNext = "two-step" | "set-up";

export interface PendingSignIn {
  id: string;
  accountId: string;
  next: PendingNext;
  method: SignInMethod;
  redirectTo: string;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function pendingCookie(value: string, maxAgeSeconds: number): string {
  const { NODE_ENV, PUBLIC_URL } = env();
  const secure = NODE_ENV === "production" && PUBLIC_URL.startsWith("https://") ? "; Secure" : "";
  return `${PENDING_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** The Set-Cookie value that removes the pending sign-in cookie. */
export function clearPendingCookie(): string {
  return pendingCookie("", 0);
}

function readPendingToken(request: Request): string | null {
  const cookies = request.headers.get("Cookie") ?? "";
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === PENDING_COOKIE) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * The one way every sign-in finishes (password, sign-in link, single sign-on, accepted
 * invitation, password reset). Call it once the person has proved who they are; it returns the
 * redirect to send (throw or return it):
 * - two-step on: a pending sign-in (server-side, bound to a cookie, 10 minutes) and /sign-in/two-step;
 * - two-step required by a role but not set up: a pending sign-in and /account/two-step/set-up —
 *   no session exists until it is set up, so nothing else can be reached (decision 013);
 * - otherwise: a new session (ending any the browser already had), and on to `redirectTo`.
 */
export async function completeSignIn(
  db: Database,
  request: Request,
  accountId: string,
  method: SignInMethod,
  options: CompleteSignInOptions = {},
): Promise<Response> {
  const origin = new URL(request.url).origin;
  const redirectTo = safeRedirect(options.redirectTo ?? "/", origin);
  const next: PendingNext | null = (await twoStepEnabled(db, accountId))
    ? "two-step"
    : (await twoStepRequired(db, accountId))
      ? "set-up"
      : null;
  if (next === null) {
    const cookie = await startSession(db, accountId, { replacing: request });
    return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
  }
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  await db.transaction(async (tx) => {
    // One half-done sign-in per account at a time; stale ones of anyone are cleared on the way.
    await tx.delete(pendingSignIns).where(eq(pendingSignIns.accountId, accountId));
    await tx.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now));
    await tx.insert(pendingSignIns).values({
      id: hashToken(token),
      accountId,
      next,
      method,
      redirectTo,
      expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000),
    });
    await recordAuditEvent(tx, {
      actorAccountId: accountId,
      action: next === "two-step" ? "account.sign-in-pending-two-step" : "account.sign-in-pending-set-up",
      entityType: "account",
      entityId: accountId,
      after: { method },
    });
  });
  const headers = new Headers();
  headers.append("Set-Cookie", pendingCookie(token, PENDING_SIGN_IN_MINUTES * 60));
  return redirect(next === "two-step" ? "/sign-in/two-step" : "/account/two-step/set-up", { headers });
}

/** The request's pending sign-in, while it lasts; null otherwise. */
export async function readPendingSignIn(
  db: Database,
  request: Request,
  now: Date = new Date(),
): Promise<PendingSignIn | null> {
  const token = readPendingToken(request);
  if (!token) return null;
  const [row] = await db
    .select()
    .from(pendingSignIns)
    .where(and(eq(pendingSignIns.id, hashToken(token)), gt(pendingSignIns.expiresAt, now)));
  if (!row) return null;
  return {
    id: row.id,
    accountId: row.accountId,
    next: row.next as PendingNext,
    method: row.method as SignInMethod,
    redirectTo: row.redirectTo,
  };
}

/**
 * Finishes a pending sign-in once its second step is done: ends the pending record (once only:
 * a second request with the same cookie finds nothing), starts the session, clears the cookie.
 * Returns null when the pending sign-in had already been used or has expired.
 */
export async function finishPendingSignIn(
  db: Database,
  request: Request,
  pending: PendingSignIn,
  now: Date = new Date(),
): Promise<{ headers: Headers; redirectTo: string } | null> {
  const ended = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(pendingSignIns)
      .where(and(eq(pendingSignIns.id, pending.id), gt(pendingSignIns.expiresAt, now)))
      .returning({ id: pendingSignIns.id });
    if (rows.length === 1) {
      await recordAuditEvent(tx, {
        actorAccountId: pending.accountId,
        action: "account.sign-in-second-step",
        entityType: "account",
        entityId: pending.accountId,
        after: { method: pending.method, step: pending.next },
      });
    }
    return rows;
  });
  if (ended.length === 0) return null;
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(db, pending.accountId, { replacing: request }));
  headers.append("Set-Cookie", clearPendingCookie());
  return { headers, redirectTo: pending.redirectTo };
}
