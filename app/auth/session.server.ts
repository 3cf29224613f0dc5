import { getDatabase } from "../db/client.server";
import type { Database } from "../db/database";
import { recordAuditEvent } from "../domain/audit/record-event";
import { luciaFor } from "./lucia.server";
import type { CurrentUser } from "./permissions";
import type { SessionAccount } from "./session-account-adapter.server";

export interface SignedIn {
  db: Database;
  user: CurrentUser;
  /** Set-Cookie headers to send back when lucia extended or cleared the session. */
  headers: Headers;
}

function readSessionId(request: Request, db: Database): string | null {
  return luciaFor(db).readSessionCookie(request.headers.get("Cookie") ?? "");
}

/**
 * The signed-in user from the account read with the session (SessionAccountAdapter: one statement
 * with its grants), or null for a deactivated account.
 */
function signedInUser(accountId: string, account: SessionAccount | undefined): CurrentUser | null {
  if (!account || account.disabledAt) return null;
  return {
    accountId,
    personId: account.personId,
    displayName: account.displayName,
    email: account.email,
    grants: account.grants,
  };
}

type OptionalUser = { db: Database; user: CurrentUser | null; headers: Headers };

/**
 * One sign-in check per request (issue 22). Remix runs the root loader and the page's loader of a
 * request together, each with its own copy of the Request (it strips its own query parameters), so
 * nothing on the Request is shared; they do send the same Cookie header at the same moment. A check
 * under way for a cookie is answered to everyone who asks while it runs, and forgotten when it
 * ends: the next request checks again, so a session ended meanwhile is refused as before.
 */
const checking = new Map<string, Promise<OptionalUser>>();

/** The signed-in user, or null. Extends the session when lucia says it is due. */
export async function getOptionalUser(request: Request): Promise<OptionalUser> {
  const cookie = request.headers.get("Cookie");
  if (!cookie) return checkSession(request);
  let check = checking.get(cookie);
  if (!check) {
    check = checkSession(request).finally(() => checking.delete(cookie));
    checking.set(cookie, check);
  }
  const answer = await check;
  // Each response appends its own Set-Cookie: a copy each, so one never carries another's twice.
  return { ...answer, headers: new Headers(answer.headers) };
}

async function checkSession(request: Request): Promise<OptionalUser> {
  const db = await getDatabase();
  const headers = new Headers();
  const sessionId = readSessionId(request, db);
  if (!sessionId) return { db, user: null, headers };
  const lucia = luciaFor(db);
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) {
    headers.append("Set-Cookie", lucia.createBlankSessionCookie().serialize());
    return { db, user: null, headers };
  }
  if (session.fresh) {
    headers.append("Set-Cookie", lucia.createSessionCookie(session.id).serialize());
  }
  return { db, user: signedInUser(user.id, (user as { account?: SessionAccount }).account), headers };
}

/** The signed-in user; otherwise a redirect to the sign-in page that comes back here after. */
export async function requireUser(request: Request): Promise<SignedIn> {
  const result = await getOptionalUser(request);
  if (!result.user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw new Response(null, {
      status: 302,
      headers: { Location: `/sign-in?redirectTo=${encodeURIComponent(back)}` },
    });
  }
  return { db: result.db, user: result.user, headers: result.headers };
}

/**
 * Starts a session for an account; returns the Set-Cookie header value. Given the sign-in
 * request, first ends the session its cookie names, whoever it belonged to, so a shared browser
 * never keeps an earlier person's session alive behind the new one.
 */
export async function startSession(
  db: Database,
  accountId: string,
  options: { replacing?: Request } = {},
): Promise<string> {
  if (options.replacing) await endSessionNamedBy(db, options.replacing);
  const lucia = luciaFor(db);
  const session = await lucia.createSession(accountId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

async function endSessionNamedBy(db: Database, request: Request): Promise<void> {
  const lucia = luciaFor(db);
  const sessionId = readSessionId(request, db);
  if (!sessionId) return;
  const { user } = await lucia.validateSession(sessionId);
  await lucia.invalidateSession(sessionId);
  if (user) {
    await recordAuditEvent(db, {
      actorAccountId: user.id,
      action: "account.sign-out",
      entityType: "account",
      entityId: user.id,
    });
  }
}

/** Ends the request's session; returns the Set-Cookie header value that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const db = await getDatabase();
  await endSessionNamedBy(db, request);
  return luciaFor(db).createBlankSessionCookie().serialize();
}
