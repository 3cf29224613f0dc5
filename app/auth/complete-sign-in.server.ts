import { redirect } from "@remix-run/node";
import type { Database } from "../db/database";
import { safeRedirect } from "../lib/safe-redirect";
import { startSession } from "./session.server";

/** How the person proved who they are before this step. */
export type SignInMethod = "password" | "link" | "sso" | "invitation" | "reset";

export interface CompleteSignInOptions {
  /** Where to go once signed in; checked with safeRedirect against the request's origin. */
  redirectTo?: string | null;
}

/**
 * The one way every sign-in finishes (password, sign-in link, single sign-on, accepted
 * invitation, password reset). Call it once the person has proved who they are; it returns the
 * redirect to send (with its Set-Cookie headers): straight on with a new session, or — when the
 * account has, or must have, two-step sign-in — to the second step first.
 *
 * First version: starts the session (ending any session the browser already had) and redirects.
 */
export async function completeSignIn(
  db: Database,
  request: Request,
  accountId: string,
  method: SignInMethod,
  options: CompleteSignInOptions = {},
): Promise<Response> {
  void method;
  const origin = new URL(request.url).origin;
  const cookie = await startSession(db, accountId, { replacing: request });
  return redirect(safeRedirect(options.redirectTo ?? "/", origin), { headers: { "Set-Cookie": cookie } });
}
