import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashSessionToken } from "../../app/auth/hashed-session-adapter.server";
import { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_HOURS } from "../../app/auth/lucia.server";
import { hashPassword } from "../../app/auth/password.server";
import { getOptionalUser, startSession } from "../../app/auth/session.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts, auditEvents, authSessions } from "../../app/db/schema";
import { action as signInAction } from "../../app/routes/sign-in";
import { action as signOutAction } from "../../app/routes/sign-out";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call } from "../support/requests";

let t: TestDatabase;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  const org = await make.organisation(t.db);
  alice = (
    await make.account(t.db, {
      personId: (await make.person(t.db, { organisationId: org.id })).id,
      email: "alice@example.com",
    })
  ).id;
  bob = (
    await make.account(t.db, {
      personId: (await make.person(t.db, { organisationId: org.id })).id,
      email: "bob@example.com",
    })
  ).id;
  await t.db.update(accounts).set({ passwordHash: await hashPassword("correct horse") });
});

/** The `name=value` part of a Set-Cookie header, as the browser sends it back. */
const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;
const tokenOf = (setCookie: string) => cookiePair(setCookie).split("=")[1]!;

function page(cookie: string | null, path = "/my-training") {
  return new Request(`http://localhost:3000${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

async function signIn(email: string, cookie: string | null): Promise<string> {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request("http://localhost:3000/sign-in", {
    method: "POST",
    headers,
    body: new URLSearchParams({ email, password: "correct horse", redirectTo: "/" }),
  });
  const response = (await call(() => signInAction({ request, params: {}, context: {} }))) as Response;
  expect(response.status).toBe(302);
  return cookiePair(response.headers.get("Set-Cookie")!);
}

async function whoIs(cookie: string) {
  return (await getOptionalUser(page(cookie))).user?.accountId ?? null;
}

describe("signing in over an earlier session", () => {
  it("ends the earlier person's session when someone else signs in in the same browser", async () => {
    const aliceCookie = await signIn("alice@example.com", null);
    expect(await whoIs(aliceCookie)).toBe(alice);

    const bobCookie = await signIn("bob@example.com", aliceCookie);
    expect(await whoIs(bobCookie)).toBe(bob);
    // Alice's token, kept by whoever copied it, no longer signs anyone in.
    expect(await whoIs(aliceCookie)).toBeNull();
    const rows = await t.db.select().from(authSessions);
    expect(rows.map((r) => r.userId)).toEqual([bob]);
    const signOuts = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.sign-out"));
    expect(signOuts.map((e) => e.actorAccountId)).toEqual([alice]);
  });

  it("replaces the session when the same person signs in again", async () => {
    const first = await signIn("alice@example.com", null);
    const second = await signIn("alice@example.com", first);
    expect(second).not.toBe(first);
    expect(await whoIs(first)).toBeNull();
    expect(await whoIs(second)).toBe(alice);
    expect(await t.db.select().from(authSessions)).toHaveLength(1);
  });

  it("leaves sessions in other browsers alone", async () => {
    const elsewhere = await signIn("alice@example.com", null);
    await signIn("alice@example.com", null);
    expect(await whoIs(elsewhere)).toBe(alice);
  });
});

describe("tokens stored hashed", () => {
  it("keeps only the SHA-256 of the cookie's token in auth_sessions", async () => {
    const cookie = await signIn("alice@example.com", null);
    const token = tokenOf(cookie);
    const rows = await t.db.select().from(authSessions);
    expect(rows.map((r) => r.id)).toEqual([hashSessionToken(token)]);
    const dump = JSON.stringify(await t.db.execute(sql`select * from auth_sessions`));
    expect(dump).not.toContain(token);
    // Presenting the stored hash as a cookie signs nobody in.
    expect(await whoIs(`ptt_session=${rows[0]!.id}`)).toBeNull();
    expect(await whoIs(cookie)).toBe(alice);
  });

  it("extends a session past half its idle life under the same token, hashed once", async () => {
    const cookie = await signIn("alice@example.com", null);
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    await t.db.update(authSessions).set({ expiresAt: soon });
    const { user, headers } = await getOptionalUser(page(cookie));
    expect(user?.accountId).toBe(alice);
    expect(cookiePair(headers.get("Set-Cookie") ?? "")).toBe(cookie);
    const [row] = await t.db
      .select()
      .from(authSessions)
      .where(eq(authSessions.id, hashSessionToken(tokenOf(cookie))));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + (SESSION_IDLE_HOURS - 0.1) * 60 * 60 * 1000);
    expect(await whoIs(cookie)).toBe(alice);
  });

  it("signing out deletes the hashed row", async () => {
    const cookie = await signIn("alice@example.com", null);
    const request = new Request("http://localhost:3000/sign-out", { method: "POST", headers: { Cookie: cookie } });
    await call(() => signOutAction({ request, params: {}, context: {} }));
    expect(await t.db.select().from(authSessions)).toHaveLength(0);
  });
});

describe("absolute lifetime", () => {
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000);

  it(`accepts a busy session until ${SESSION_ABSOLUTE_HOURS} hours after sign-in, then ends it however recently it was used`, async () => {
    const cookie = await startSession(t.db, alice);
    const fresh = new Date(Date.now() + SESSION_IDLE_HOURS * 60 * 60 * 1000);
    await t.db.update(authSessions).set({ createdAt: hoursAgo(SESSION_ABSOLUTE_HOURS - 1), expiresAt: fresh });
    expect(await whoIs(cookiePair(cookie))).toBe(alice);

    await t.db.update(authSessions).set({ createdAt: hoursAgo(SESSION_ABSOLUTE_HOURS + 0.01), expiresAt: fresh });
    const { user, headers } = await getOptionalUser(page(cookiePair(cookie)));
    expect(user).toBeNull();
    expect(headers.get("Set-Cookie")).toMatch(/^ptt_session=;/);
    expect(await t.db.select().from(authSessions)).toHaveLength(0);
  });

  it("records when each session began", async () => {
    const before = Date.now();
    await startSession(t.db, bob);
    const [row] = await t.db.select().from(authSessions);
    expect(row!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(
      SESSION_IDLE_HOURS * 60 * 60 * 1000 + 1000,
    );
  });
});

describe("each request's sign-in check", () => {
  async function signedInWithRoles() {
    const org = await make.organisation(t.db);
    const person = await make.person(t.db, { organisationId: org.id });
    const account = await make.account(t.db, {
      personId: person.id,
      roles: ["manager", "coordinator"],
      managesOrganisationId: org.id,
    });
    const cookie = cookiePair(await startSession(t.db, account.id));
    return { account, person, org, cookie };
  }

  it("reads the session, the account and its role grants in one statement", async () => {
    const { account, person, org, cookie } = await signedInWithRoles();
    const selects = vi.spyOn(t.db, "select");
    const executes = vi.spyOn(t.db, "execute");
    const { user } = await getOptionalUser(page(cookie));
    expect(selects).toHaveBeenCalledTimes(1);
    expect(executes).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(user).toEqual({
      accountId: account.id,
      personId: person.id,
      displayName: `Account ${account.id}`,
      email: `${account.id}@example.test`,
      grants: [
        { role: "manager", organisationId: org.id, personId: null },
        { role: "coordinator", organisationId: null, personId: null },
      ],
    });
  });

  it("sees a role removed or added, a deactivated account and an ended session on the next request", async () => {
    const { account, cookie } = await signedInWithRoles();
    await t.db.execute(sql`delete from role_grants where account_id = ${account.id} and role = 'manager'`);
    expect((await getOptionalUser(page(cookie))).user?.grants.map((g) => g.role)).toEqual(["coordinator"]);
    await t.db.execute(sql`delete from role_grants where account_id = ${account.id}`);
    expect((await getOptionalUser(page(cookie))).user?.grants).toEqual([]);
    await t.db.execute(sql`insert into role_grants (account_id, role) values (${account.id}, 'trainer')`);
    expect((await getOptionalUser(page(cookie))).user?.grants.map((g) => g.role)).toEqual(["trainer"]);
    await t.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, account.id));
    expect((await getOptionalUser(page(cookie))).user).toBeNull();
    await t.db.update(accounts).set({ disabledAt: null }).where(eq(accounts.id, account.id));
    expect((await getOptionalUser(page(cookie))).user?.accountId).toBe(account.id);
    await t.db.delete(authSessions).where(eq(authSessions.userId, account.id));
    expect((await getOptionalUser(page(cookie))).user).toBeNull();
  });

  it("signs nobody in from an expired session", async () => {
    const { account, cookie } = await signedInWithRoles();
    await t.db
      .update(authSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authSessions.userId, account.id));
    const { user, headers } = await getOptionalUser(page(cookie));
    expect(user).toBeNull();
    expect(headers.get("Set-Cookie")).toMatch(/^ptt_session=;/);
  });
});
