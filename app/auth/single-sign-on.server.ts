import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import { type SingleSignOnSettings, env } from "../env.server";
import { describeError } from "../lib/log-error";

/**
 * Council single sign-on (OpenID Connect, authorization code flow with PKCE), through
 * openid-client. The sign-in page sends an e-mail in SSO_EMAIL_DOMAINS to the provider; the
 * provider sends the browser back to SSO_CALLBACK_PATH, where openid-client checks the state,
 * exchanges the code (with the PKCE verifier) and checks the ID token and its nonce.
 *
 * What the callback needs to check (state, nonce, PKCE verifier, where to go after) waits in an
 * HttpOnly cookie on the browser that started, sealed with AES-256-GCM under a key derived from
 * the client secret: the browser holds it but can neither read nor change it, and another browser
 * cannot finish a sign-in this one started. It lasts STATE_TTL_SECONDS and is cleared by the callback.
 */

export const SSO_CALLBACK_PATH = "/sign-in/sso/callback";
export const SSO_STATE_COOKIE = "ptt_sso";
/** How long a browser has at the provider before the sign-in must start again. */
export const STATE_TTL_SECONDS = 10 * 60;

export function singleSignOnSettings(): SingleSignOnSettings | undefined {
  return env().SSO;
}

/** The e-mail's domain is one single sign-on covers (false when single sign-on is off). */
export function isSingleSignOnEmail(email: string): boolean {
  const settings = singleSignOnSettings();
  const at = email.lastIndexOf("@");
  if (!settings || at < 0) return false;
  return settings.emailDomains.includes(
    email
      .slice(at + 1)
      .trim()
      .toLowerCase(),
  );
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// The provider's configuration, discovered once per settings (a failed discovery is tried again).

let discovered: { key: string; configuration: Promise<oidc.Configuration> } | undefined;

/** Plain http only for a provider on this machine (the tests' own provider), never elsewhere. */
function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

function providerConfiguration(settings: SingleSignOnSettings): Promise<oidc.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]);
  if (discovered?.key !== key) {
    const issuer = new URL(settings.issuer);
    const configuration = oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
      execute: isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
    discovered = { key, configuration };
    configuration.catch(() => {
      if (discovered?.configuration === configuration) discovered = undefined;
    });
  }
  return discovered.configuration;
}

function redirectUri(): URL {
  return new URL(SSO_CALLBACK_PATH, env().PUBLIC_URL);
}

// ---------------------------------------------------------------------------------------------
// The sealed cookie.

interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectTo: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

function sealingKey(settings: SingleSignOnSettings): Buffer {
  return Buffer.from(
    hkdfSync("sha256", settings.clientSecret, "prevent-training-tracker", "single sign-on state cookie", 32),
  );
}

function seal(settings: SingleSignOnSettings, pending: PendingSignIn): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(settings), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(pending), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

function unseal(settings: SingleSignOnSettings, sealed: string): PendingSignIn | null {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    if (bytes.length < 29) return null;
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(settings), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    const value = JSON.parse(text) as PendingSignIn;
    return typeof value.state === "string" &&
      typeof value.nonce === "string" &&
      typeof value.codeVerifier === "string" &&
      typeof value.redirectTo === "string" &&
      typeof value.expiresAt === "number"
      ? value
      : null;
  } catch {
    return null;
  }
}

function stateCookie(value: string, maxAgeSeconds: number): string {
  const secure = env().NODE_ENV === "production" && env().PUBLIC_URL.startsWith("https://");
  return [
    `${SSO_STATE_COOKIE}=${value}`,
    `Path=${SSO_CALLBACK_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** The Set-Cookie value that clears the pending sign-in. */
export function clearedStateCookie(): string {
  return stateCookie("", 0);
}

function readStateCookie(request: Request): string | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SSO_STATE_COOKIE) return rest.join("=");
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Starting and finishing.

/**
 * Where to send the browser to sign in at the provider (the e-mail as a login hint), and the
 * cookie that keeps what the callback will check; null when the provider cannot be reached
 * (its discovery document did not load: logged, and tried again next time).
 */
export async function startSingleSignOn(input: {
  email: string;
  redirectTo: string;
  now?: Date;
}): Promise<{ location: string; cookie: string } | null> {
  const settings = singleSignOnSettings();
  if (!settings) throw new Error("Single sign-on is not configured (SSO_*)");
  let configuration: oidc.Configuration;
  try {
    configuration = await providerConfiguration(settings);
  } catch (error) {
    console.warn(`single sign-on: the provider's discovery document did not load\n${describeError(error)}`);
    return null;
  }
  const pending: PendingSignIn = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    redirectTo: input.redirectTo,
    expiresAt: (input.now ?? new Date()).getTime() + STATE_TTL_SECONDS * 1000,
  };
  const location = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri().href,
    response_type: "code",
    scope: "openid email profile",
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
    login_hint: input.email,
  });
  return { location: location.href, cookie: stateCookie(seal(settings, pending), STATE_TTL_SECONDS) };
}

/** Why a return from the provider was refused; recorded in the audit log, shown in plain words. */
export type SingleSignOnFailure =
  /** No pending sign-in in this browser (another browser's link, cookies off), or it ran out of time. */
  | "no-pending-sign-in"
  /** The state in the address is not the one this browser was sent with. */
  | "wrong-state"
  /** The provider answered with an error (the person cancelled, or was not allowed). */
  | "provider-error"
  /** The code was refused by the provider (expired, used already) or the tokens did not check out. */
  | "code-refused"
  /** No e-mail the provider vouches for, or one outside SSO_EMAIL_DOMAINS. */
  | "no-verified-email";

export type SingleSignOnResult =
  | { ok: true; email: string; redirectTo: string }
  | { ok: false; reason: SingleSignOnFailure };

/** The claims' e-mail when the provider says it has verified it (email_verified true), else null. */
function verifiedEmail(claims: { readonly [claim: string]: unknown } | undefined): string | null {
  if (!claims || typeof claims.email !== "string" || claims.email_verified !== true) return null;
  return claims.email.trim();
}

/**
 * Checks the provider's answer at the callback (state, code, PKCE, ID token and nonce) and
 * returns the e-mail the provider vouches for. Never throws for a bad answer: says why instead.
 */
export async function finishSingleSignOn(request: Request, options: { now?: Date } = {}): Promise<SingleSignOnResult> {
  const settings = singleSignOnSettings();
  if (!settings) throw new Error("Single sign-on is not configured (SSO_*)");
  const now = options.now ?? new Date();
  const sealed = readStateCookie(request);
  const pending = sealed ? unseal(settings, sealed) : null;
  if (!pending || pending.expiresAt <= now.getTime()) return { ok: false, reason: "no-pending-sign-in" };

  const returned = new URL(request.url);
  const currentUrl = redirectUri();
  currentUrl.search = returned.search;
  if (returned.searchParams.get("state") !== pending.state) return { ok: false, reason: "wrong-state" };
  if (returned.searchParams.has("error")) return { ok: false, reason: "provider-error" };

  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  const configuration = await providerConfiguration(settings);
  try {
    tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof oidc.AuthorizationResponseError) return { ok: false, reason: "provider-error" };
    if (
      error instanceof oidc.ResponseBodyError ||
      error instanceof oidc.ClientError ||
      (error instanceof Error && error.name === "OperationProcessingError")
    ) {
      return { ok: false, reason: "code-refused" };
    }
    throw error;
  }

  const claims = tokens.claims();
  let email = verifiedEmail(claims);
  if (!email && claims) {
    try {
      email = verifiedEmail(await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub));
    } catch {
      email = null;
    }
  }
  if (!email || !settings.emailDomains.includes(emailDomain(email))) return { ok: false, reason: "no-verified-email" };
  return { ok: true, email, redirectTo: pending.redirectTo };
}
