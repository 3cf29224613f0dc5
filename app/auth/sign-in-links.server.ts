import { hashSecret, newBrowserBinding } from "../domain/accounts/one-time-links";
import { sendSignInLink, signInWithLink, type SignInWithLinkResult } from "../domain/accounts/sign-in-links";
import type { Database } from "../db/database";
import { hitRateLimit } from "../domain/rate-limits/hit-rate-limit";
import { env } from "../env.server";
import { isSingleSignOnEmail } from "./single-sign-on.server";
import { normaliseEmail } from "./sign-in.server";

/**
 * Asking for a sign-in link and using one (app/domain/accounts/sign-in-links.ts holds who may).
 * Like sign-in and password resets, asking says nothing about whether an e-mail has an account:
 * every request gets the same words, a new browser-binding cookie, and waits for the same floor.
 */

/** The cookie binding a sign-in link to the browser that asked for it: a random value; the link keeps its hash. */
export const LINK_BINDING_COOKIE = "ptt_sign_in_link";
export const LINK_BINDING_SECONDS = 15 * 60;

/** Requests from one address, whatever the e-mail, per window; then that address waits. */
export const LINK_REQUESTS_PER_ADDRESS = 20;
export const LINK_ADDRESS_WINDOW_SECONDS = 15 * 60;
/** Links sent for one e-mail as typed, per hour: more requests answer the same and send nothing (no flood of messages). */
export const LINK_REQUESTS_PER_EMAIL = 3;
export const LINK_EMAIL_WINDOW_SECONDS = 60 * 60;
/** No answer comes sooner than this, so a known e-mail (a link, a message, an audit event) and an unknown one take as long. */
export const LINK_ANSWER_FLOOR_MS = 500;

function bindingCookie(value: string, maxAgeSeconds: number): string {
  const secure = env().PUBLIC_URL.startsWith("https://") ? "; Secure" : "";
  return `${LINK_BINDING_COOKIE}=${value}; Path=/sign-in/link; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** The Set-Cookie value that removes the binding cookie (once its link is used). */
export function clearBindingCookie(): string {
  return bindingCookie("", 0);
}

/** The request's binding cookie value, when it has one of the right shape. */
export function readBindingCookie(request: Request): string | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === LINK_BINDING_COOKIE) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

export type LinkRequestResult =
  | { ok: true; setCookie: string }
  | { ok: false; reason: "address-limited"; until: Date; setCookie: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a sign-in link when the e-mail's account may have one. Known and unknown e-mails take
 * the same path (two rate-limit counts, one account look-up in a transaction, a new cookie) and
 * then wait until the floor, so neither the answer nor its time tells them apart.
 */
export async function requestSignInLink(
  db: Database,
  input: { email: string; address: string; redirectTo?: string },
  options: { now?: Date; floorMs?: number } = {},
): Promise<LinkRequestResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const email = normaliseEmail(input.email);
  const binding = newBrowserBinding();
  const setCookie = bindingCookie(binding, LINK_BINDING_SECONDS);
  let result: LinkRequestResult = { ok: true, setCookie };
  const byAddress = await hitRateLimit(
    db,
    `sign-in-link:${input.address}`,
    LINK_REQUESTS_PER_ADDRESS,
    LINK_ADDRESS_WINDOW_SECONDS,
    now,
  );
  if (!byAddress.allowed) {
    result = { ok: false, reason: "address-limited", until: byAddress.resetsAt, setCookie };
  } else {
    const byEmail = await hitRateLimit(
      db,
      `sign-in-link-email:${email}`,
      LINK_REQUESTS_PER_EMAIL,
      LINK_EMAIL_WINDOW_SECONDS,
      now,
    );
    if (byEmail.allowed) {
      await sendSignInLink(db, {
        email,
        origin: env().PUBLIC_URL,
        address: input.address,
        browserBindingHash: hashSecret(binding),
        singleSignOn: isSingleSignOnEmail(email),
        redirectTo: input.redirectTo,
        now,
      });
    }
  }
  const wait = (options.floorMs ?? LINK_ANSWER_FLOOR_MS) - (performance.now() - started);
  if (wait > 0) await sleep(wait);
  return result;
}

/** Uses the link in this request's browser (its binding cookie). The caller finishes with completeSignIn. */
export function signInWithLinkFromRequest(
  db: Database,
  request: Request,
  token: string,
  now?: Date,
): Promise<SignInWithLinkResult> {
  return signInWithLink(db, {
    token,
    browserBinding: readBindingCookie(request),
    singleSignOn: isSingleSignOnEmail,
    now,
  });
}
