import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { hashSessionToken } from "../../auth/hashed-session-adapter.server";
import { luciaFor, SESSION_ABSOLUTE_HOURS } from "../../auth/lucia.server";
import { requireUser, type SignedIn } from "../../auth/session.server";

type Database = SignedIn["db"];
import { getAccount } from "../../domain/accounts/get-account";
import { listActiveSessions } from "../../domain/accounts/list-sessions";
import { formatDateTime } from "../../lib/dates";

/** The coordinator (accounts:manage), signed in. */
export async function requireAccountManager(request: Request): Promise<SignedIn> {
  const signedIn = await requireUser(request);
  requirePermission(signedIn.user, "accounts:manage");
  return signedIn;
}

/** Account ids are text (lucia's); anything but the characters they are made of is no account. */
const AccountIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** The account the path names, for the coordinator; a 404 when there is none. */
export async function requireAccountToManage(request: Request, params: { accountId?: string }) {
  const signedIn = await requireAccountManager(request);
  const parsed = AccountIdParam.safeParse(params.accountId ?? "");
  if (!parsed.success) notFound("account");
  const account = await getAccount(signedIn.db, parsed.data);
  if (!account) notFound("account");
  return { ...signedIn, account };
}

/** A session as a form names it: its stored id (a SHA-256, which signs nobody in). */
export const SessionIdField = z.string().regex(/^[0-9a-f]{64}$/, "Select a session");

/** The stored id of the session the request's cookie names (null without one). */
export function currentSessionId(db: Database, request: Request): string | null {
  const token = luciaFor(db).readSessionCookie(request.headers.get("Cookie") ?? "");
  return token ? hashSessionToken(token) : null;
}

/** An account's live sessions for a page: not expired, and younger than the absolute lifetime. */
export async function sessionsForPage(db: Database, accountId: string, current: string | null, now = new Date()) {
  const oldest = now.getTime() - SESSION_ABSOLUTE_HOURS * 60 * 60 * 1000;
  const sessions = await listActiveSessions(db, accountId, now);
  return sessions
    .filter((s) => s.createdAt.getTime() > oldest)
    .map((s) => ({
      id: s.id,
      startedAt: formatDateTime(s.createdAt),
      expiresAt: formatDateTime(
        new Date(Math.min(s.expiresAt.getTime(), s.createdAt.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000)),
      ),
      current: s.id === current,
    }));
}
