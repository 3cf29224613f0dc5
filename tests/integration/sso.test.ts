/**
 * Council single sign-on against a real OpenID provider (oidc-provider on a random localhost
 * port, tests/support/test-oidc-provider.ts): the sign-in page sends a council e-mail to it, the
 * provider sends the browser back with a code, and the callback (openid-client) checks state,
 * code, PKCE and nonce before the e-mail finds an account or a person.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NO_PASSWORD_HASH } from "../../app/auth/single-sign-on-account.server";
import { SSO_CALLBACK_PATH, SSO_STATE_COOKIE } from "../../app/auth/single-sign-on.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts, auditEvents, roleGrants } from "../../app/db/schema";
import { type SingleSignOnSettings, parseEnv } from "../../app/env.server";
import { action as signInAction, loader as signInLoader } from "../../app/routes/sign-in";
import { loader as callbackLoader } from "../../app/routes/sign-in_.sso.callback";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { server as msw } from "../mocks";
import { call } from "../support/requests";
import {
  TEST_CLIENT,
  type TestProvider,
  followProviderRedirects,
  startTestProvider,
} from "../support/test-oidc-provider";

const APP = "http://localhost:3000";

// The council's settings as the app reads them: pointed at the tests' provider once it listens.
const sso = vi.hoisted(() => ({ settings: undefined as SingleSignOnSettings | undefined }));
vi.mock("../../app/env.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../app/env.server")>();
  return { ...original, env: () => ({ ...original.env(), SSO: sso.settings }) };
});

let t: TestDatabase;
let provider: TestProvider;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  provider = await startTestProvider(`${APP}${SSO_CALLBACK_PATH}`);
  sso.settings = {
    issuer: provider.issuer,
    clientId: TEST_CLIENT.id,
    clientSecret: TEST_CLIENT.secret,
    emailDomains: ["northbridge.gov.uk"],
    name: "Northbridge Council account",
  };
});
afterAll(async () => {
  await provider?.close();
  await t?.close();
});

let orgId: number;
beforeEach(async () => {
  await t.reset();
  provider.allowThroughMsw(msw);
  provider.setCodeLifetime(60);
  provider.users.clear();
  orgId = (await make.organisation(t.db)).id;
});

function form(fields: Record<string, string>): Request {
  return new Request(`${APP}/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

/** The sign-in page's first step for `email`: the redirect to the provider, and the browser's sealed cookie. */
async function startAt(email: string, redirectTo = "/my-training") {
  const res = (await call(() =>
    signInAction({ request: form({ email, redirectTo }), params: {}, context: { clientAddress: "192.0.2.7" } }),
  )) as Response;
  expect(res).toBeInstanceOf(Response);
  expect(res.status).toBe(302);
  const location = res.headers.get("Location")!;
  const cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0]!;
  expect(cookie.startsWith(`${SSO_STATE_COOKIE}=`)).toBe(true);
  return { location, cookie };
}

/** Signs `sub` in at the provider and returns the address it sends the browser back to. */
async function throughProvider(sub: string, location: string): Promise<URL> {
  provider.login(sub);
  return followProviderRedirects(location, APP);
}

function callback(url: URL, cookie: string | null) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  return call(() =>
    callbackLoader({
      request: new Request(url, { headers }),
      params: {},
      context: { clientAddress: "192.0.2.7" },
    }),
  );
}

/** What a refusal page holds, with its status. */
function refusal(result: unknown): { status: number; refusal: string; email: string | null } {
  const r = result as { data: { refusal: string; email: string | null }; init: { status: number } };
  return { status: r.init.status, refusal: r.data.refusal, email: r.data.email };
}

describe("single sign-on", () => {
  it("sends a council e-mail to the provider with PKCE, state, nonce and a login hint; no secret in the browser", async () => {
    const { location, cookie } = await startAt("Alex.Smith@Northbridge.gov.uk");
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get("client_id")).toBe(TEST_CLIENT.id);
    expect(url.searchParams.get("redirect_uri")).toBe(`${APP}${SSO_CALLBACK_PATH}`);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
    expect(url.searchParams.get("login_hint")).toBe("Alex.Smith@Northbridge.gov.uk");
    // Sealed: neither the state nor the nonce can be read from the cookie.
    const value = cookie.slice(SSO_STATE_COOKIE.length + 1);
    expect(value).not.toContain(url.searchParams.get("state")!);
    expect(Buffer.from(value, "base64url").toString("latin1")).not.toContain(url.searchParams.get("nonce")!);
  });

  it("signs in a person who has an account, matched by e-mail whatever its case, and audits it as sso", async () => {
    const person = await make.person(t.db, { organisationId: orgId, email: "alex.smith@northbridge.gov.uk" });
    const account = await make.account(t.db, {
      personId: person.id,
      roles: ["learner"],
      email: "Alex.Smith@northbridge.gov.uk",
    });
    provider.users.set("sub-alex", { email: "ALEX.SMITH@northbridge.gov.uk" });

    const { location, cookie } = await startAt("alex.smith@northbridge.gov.uk");
    const back = await throughProvider("sub-alex", location);
    expect(back.pathname).toBe(SSO_CALLBACK_PATH);
    const res = (await callback(back, cookie)) as Response;
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/my-training");
    const setCookies = res.headers.getSetCookie();
    expect(setCookies.some((c) => c.startsWith("ptt_session="))).toBe(true);
    expect(setCookies.some((c) => c.startsWith(`${SSO_STATE_COOKIE}=;`) && /Max-Age=0/.test(c))).toBe(true);

    const events = await t.db.select().from(auditEvents);
    const signIn = events.find((e) => e.action === "account.sign-in");
    expect(signIn).toMatchObject({ entityId: account.id, actorAccountId: account.id, subjectPersonId: person.id });
    expect(signIn?.after).toMatchObject({ method: "sso" });
    expect(await t.db.select().from(accounts)).toHaveLength(1);
  });

  it("makes an account, with no usable password and the learner role, for a person in the records who has none", async () => {
    const person = await make.person(t.db, {
      organisationId: orgId,
      email: "Sam.Jones@northbridge.gov.uk",
      givenName: "Sam",
      familyName: "Jones",
    });
    provider.users.set("sub-sam", { email: "sam.jones@northbridge.gov.uk" });
    const { location, cookie } = await startAt("sam.jones@northbridge.gov.uk", "/");
    const res = (await callback(await throughProvider("sub-sam", location), cookie)) as Response;
    expect(res.status).toBe(302);

    const [made] = await t.db.select().from(accounts);
    expect(made).toMatchObject({
      personId: person.id,
      email: "Sam.Jones@northbridge.gov.uk",
      displayName: "Sam Jones",
      passwordHash: NO_PASSWORD_HASH,
    });
    expect(made!.lastSignInAt).not.toBeNull();
    const grants = await t.db.select().from(roleGrants).where(eq(roleGrants.accountId, made!.id));
    expect(grants.map((g) => g.role)).toEqual(["learner"]);
    const actions = (await t.db.select().from(auditEvents)).map((e) => [e.action, e.entityId]);
    expect(actions).toEqual([
      ["account.create", made!.id],
      ["account.sign-in", made!.id],
    ]);
  });

  it("refuses a person the training records do not hold with a clear page, and audits only the domain", async () => {
    provider.users.set("sub-new", { email: "new.starter@northbridge.gov.uk" });
    const { location, cookie } = await startAt("new.starter@northbridge.gov.uk");
    const result = await callback(await throughProvider("sub-new", location), cookie);
    expect(refusal(result)).toEqual({
      status: 403,
      refusal: "no-person-record",
      email: "new.starter@northbridge.gov.uk",
    });
    expect(await t.db.select().from(accounts)).toHaveLength(0);
    const events = await t.db.select().from(auditEvents);
    expect(events.map((e) => [e.action, e.entityType, e.entityId, e.after])).toEqual([
      [
        "account.sign-in-failed",
        "single-sign-on",
        "northbridge.gov.uk",
        { method: "sso", reason: "no-person-record", address: "192.0.2.7" },
      ],
    ]);
    expect(JSON.stringify(events)).not.toContain("new.starter");
  });

  it("refuses a return whose state is not the one this browser was sent with (400)", async () => {
    await make.person(t.db, { organisationId: orgId, email: "alex@northbridge.gov.uk" });
    provider.users.set("sub-alex", { email: "alex@northbridge.gov.uk" });
    const { location, cookie } = await startAt("alex@northbridge.gov.uk");
    const back = await throughProvider("sub-alex", location);
    const forged = new URL(back);
    forged.searchParams.set("state", "a-state-someone-else-made");
    expect(refusal(await callback(forged, cookie))).toMatchObject({ status: 400, refusal: "wrong-state" });
    // Another browser (no cookie) cannot finish it either.
    expect(refusal(await callback(back, null))).toMatchObject({ status: 400, refusal: "no-pending-sign-in" });
    // Another browser's sign-in, however well-formed, does not fit this browser's cookie.
    const other = await startAt("alex@northbridge.gov.uk");
    expect(refusal(await callback(back, other.cookie))).toMatchObject({ status: 400, refusal: "wrong-state" });
    expect(await t.db.select().from(accounts)).toHaveLength(0);
    const failed = (await t.db.select().from(auditEvents)).filter((e) => e.action === "account.sign-in-failed");
    expect(failed).toHaveLength(3);
  });

  it("refuses an expired code (400)", async () => {
    await make.person(t.db, { organisationId: orgId, email: "alex@northbridge.gov.uk" });
    provider.users.set("sub-alex", { email: "alex@northbridge.gov.uk" });
    provider.setCodeLifetime(1);
    const { location, cookie } = await startAt("alex@northbridge.gov.uk");
    const back = await throughProvider("sub-alex", location);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(refusal(await callback(back, cookie))).toMatchObject({ status: 400, refusal: "code-refused" });
    expect(await t.db.select().from(accounts)).toHaveLength(0);
  });

  it("refuses a code used once already, even replayed with the browser's cookie (400)", async () => {
    await make.person(t.db, { organisationId: orgId, email: "alex@northbridge.gov.uk" });
    provider.users.set("sub-alex", { email: "alex@northbridge.gov.uk" });
    const { location, cookie } = await startAt("alex@northbridge.gov.uk");
    const back = await throughProvider("sub-alex", location);
    expect(((await callback(back, cookie)) as Response).status).toBe(302);
    expect(refusal(await callback(back, cookie))).toMatchObject({ status: 400, refusal: "code-refused" });
  });

  it("refuses an e-mail the provider has not verified, or one outside the council's domains", async () => {
    await make.person(t.db, { organisationId: orgId, email: "alex@northbridge.gov.uk" });
    provider.users.set("sub-unverified", { email: "alex@northbridge.gov.uk", emailVerified: false });
    provider.users.set("sub-elsewhere", { email: "alex@example.com" });
    for (const sub of ["sub-unverified", "sub-elsewhere"]) {
      const { location, cookie } = await startAt("alex@northbridge.gov.uk");
      expect(refusal(await callback(await throughProvider(sub, location), cookie))).toMatchObject({
        status: 400,
        refusal: "no-verified-email",
      });
    }
    expect(await t.db.select().from(accounts)).toHaveLength(0);
  });

  it("refuses a person who has left, and a switched-off account", async () => {
    await make.person(t.db, {
      organisationId: orgId,
      email: "gone@northbridge.gov.uk",
      startDate: "2020-01-01",
      leavingDate: "2021-01-01",
    });
    const kept = await make.person(t.db, { organisationId: orgId, email: "off@northbridge.gov.uk" });
    const off = await make.account(t.db, { personId: kept.id, email: "off@northbridge.gov.uk" });
    await t.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, off.id));
    provider.users.set("sub-gone", { email: "gone@northbridge.gov.uk" });
    provider.users.set("sub-off", { email: "off@northbridge.gov.uk" });
    for (const [sub, why] of [
      ["sub-gone", "left"],
      ["sub-off", "account-disabled"],
    ] as const) {
      const { location, cookie } = await startAt(`${sub.slice(4)}@northbridge.gov.uk`);
      expect(refusal(await callback(await throughProvider(sub, location), cookie))).toMatchObject({
        status: 403,
        refusal: why,
      });
    }
    expect(await t.db.select().from(accounts)).toHaveLength(1);
  });

  it("gives an e-mail outside the council's domains the password step, known or not, and no cookie", async () => {
    await make.account(t.db, { personId: null, email: "teacher@school.example" });
    const answers = [];
    for (const email of ["teacher@school.example", "nobody@school.example"]) {
      const result = await call(() => signInAction({ request: form({ email }), params: {}, context: {} }));
      expect(result).not.toBeInstanceOf(Response);
      answers.push(result);
    }
    expect(answers[0]).toEqual({ errors: undefined, email: "teacher@school.example", step: "password" });
    expect(answers[1]).toEqual({ errors: undefined, email: "nobody@school.example", step: "password" });
  });

  it("sends a council e-mail to the provider from the password step too, never checking a password", async () => {
    const res = (await call(() =>
      signInAction({
        request: form({ email: "alex@northbridge.gov.uk", password: "anything" }),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("Location")!).origin).toBe(provider.issuer);
  });

  it("names the council's account on the sign-in page", async () => {
    const page = await signInLoader({ request: new Request(`${APP}/sign-in`), params: {}, context: {} });
    expect(page).toEqual({ redirectTo: "/", ssoName: "Northbridge Council account" });
  });

  it("answers the callback with a 404 when single sign-on is off", async () => {
    const saved = sso.settings;
    sso.settings = undefined;
    try {
      const res = (await callback(new URL(`${APP}${SSO_CALLBACK_PATH}?code=x&state=y`), null)) as Response;
      expect(res.status).toBe(404);
    } finally {
      sso.settings = saved;
    }
  });
});

describe("SSO_* settings", () => {
  const all = {
    SSO_ISSUER: "https://login.example.com/tenant/v2.0",
    SSO_CLIENT_ID: "client",
    SSO_CLIENT_SECRET: "secret",
    SSO_EMAIL_DOMAINS: " Northbridge.gov.uk, @schools.northbridge.gov.uk ",
    SSO_NAME: "Northbridge Council account",
  };

  it("are all read together, the domains in lower case", () => {
    expect(parseEnv(all).SSO).toEqual({
      issuer: "https://login.example.com/tenant/v2.0",
      clientId: "client",
      clientSecret: "secret",
      emailDomains: ["northbridge.gov.uk", "schools.northbridge.gov.uk"],
      name: "Northbridge Council account",
    });
    expect(parseEnv({}).SSO).toBeUndefined();
    expect(parseEnv({ SSO_ISSUER: "", SSO_NAME: "" }).SSO).toBeUndefined();
  });

  it("refuse some without the others, naming those missing", () => {
    expect(() => parseEnv({ ...all, SSO_CLIENT_SECRET: "", SSO_NAME: undefined })).toThrow(
      /SSO_CLIENT_SECRET, SSO_NAME: single sign-on needs all of/,
    );
  });

  it("refuse a domain that is not one, and an issuer that is not a URL", () => {
    expect(() => parseEnv({ ...all, SSO_EMAIL_DOMAINS: "northbridge.gov.uk, not a domain" })).toThrow(
      /SSO_EMAIL_DOMAINS: .*not a domain: not a domain/,
    );
    expect(() => parseEnv({ ...all, SSO_ISSUER: "login" })).toThrow(/SSO_ISSUER/);
  });
});
