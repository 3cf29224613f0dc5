import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts, auditEvents, authSessions, notifications, oneTimeLinks } from "../../app/db/schema";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";
import { MAX_PASSWORD_LENGTH, PASSWORD_MESSAGES, passwordProblem } from "../../app/auth/password-policy.server";
import { RESET_ANSWER_FLOOR_MS, RESET_REQUESTS_PER_EMAIL, requestPasswordReset } from "../../app/auth/passwords.server";
import { startSession } from "../../app/auth/session.server";
import * as changePage from "../../app/routes/account.password";
import * as forgottenPage from "../../app/routes/forgotten-password";
import * as resetPage from "../../app/routes/reset-password.$token";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const OLD_PASSWORD = "the old passphrase here";
const NEW_PASSWORD = "marmalade orbit cobbles";

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
}
function dataOf<T>(result: unknown): T {
  const value = result as { data?: T };
  return (value && typeof value === "object" && "data" in value ? value.data : result) as T;
}

async function someone(options: { disabled?: boolean } = {}) {
  const { service } = await make.councilAndSchool(t.db);
  const person = await make.person(t.db, { organisationId: service.id });
  const account = await make.account(t.db, { personId: person.id, email: person.email! });
  await t.db
    .update(accounts)
    .set({ passwordHash: await hashPassword(OLD_PASSWORD), disabledAt: options.disabled ? new Date() : null })
    .where(eq(accounts.id, account.id));
  return { person, account };
}

async function askForReset(email: string) {
  const request = await signedInRequest(t.db, null, "/forgotten-password", { form: { email } });
  const started = performance.now();
  const answer = await call(() =>
    forgottenPage.action({ request, params: {}, context: { clientAddress: "192.0.2.1" } }),
  );
  return { answer, ms: performance.now() - started };
}

async function resetMessages(accountEmail: string) {
  return t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientEmail, accountEmail), eq(notifications.kind, "account.password-reset")))
    .orderBy(sql`${notifications.id}`);
}

async function tokenOfLatestReset(accountEmail: string): Promise<string> {
  const messages = await resetMessages(accountEmail);
  const link = (messages.at(-1)?.details as { link?: string } | undefined)?.link;
  if (!link) throw new Error("no reset message");
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
  return new URL(link).pathname.split("/").pop()!;
}

async function openReset(token: string) {
  const request = await signedInRequest(t.db, null, `/reset-password/${token}`);
  return call(() => resetPage.loader({ request, params: { token }, context: {} }));
}

async function reset(token: string, password: string, cookie?: string) {
  const request = await signedInRequest(t.db, null, `/reset-password/${token}`, {
    form: { password },
    headers: cookie ? { Cookie: cookie } : {},
  });
  return call(() => resetPage.action({ request, params: { token }, context: {} }));
}

describe("the password rules (NCSC)", () => {
  it("each broken rule has its message", async () => {
    expect(await passwordProblem("")).toBe(PASSWORD_MESSAGES.missing);
    expect(await passwordProblem("nine char")).toBe(PASSWORD_MESSAGES.tooShort);
    expect(await passwordProblem("x".repeat(MAX_PASSWORD_LENGTH + 1))).toBe(PASSWORD_MESSAGES.tooLong);
    expect(await passwordProblem("password1234")).toBe(PASSWORD_MESSAGES.common);
    expect(await passwordProblem("QwertyUIOP")).toBe(PASSWORD_MESSAGES.common);
    expect(await passwordProblem("Ann.Smith@Example.org", { email: "ann.smith@example.org" })).toBe(
      PASSWORD_MESSAGES.email,
    );
    expect(await passwordProblem("ann.smith.longer", { email: "ann.smith.longer@example.org" })).toBe(
      PASSWORD_MESSAGES.email,
    );
  });

  it("asks for length, not composition: long lower-case phrases pass, characters counted as people count them", async () => {
    expect(await passwordProblem("correct horse battery")).toBeNull();
    expect(await passwordProblem("plainlowercase")).toBeNull();
    expect(await passwordProblem("x".repeat(MAX_PASSWORD_LENGTH))).toBeNull();
    // Five emoji are five characters (ten UTF-16 units): too short.
    expect(await passwordProblem("🙂🙂🙂🙂🙂")).toBe(PASSWORD_MESSAGES.tooShort);
  });
});

describe("forgotten password", () => {
  it("answers a known and an unknown address in the same words and the same time; only the known one gets a link", async () => {
    const { account } = await someone();
    const known = await askForReset(account.email);
    const unknown = await askForReset("nobody-here@example.org");
    expect(statusOf(known.answer)).toBe(200);
    expect(statusOf(unknown.answer)).toBe(200);
    expect(dataOf<{ sentTo: string }>(known.answer)).toEqual({ sentTo: account.email });
    expect(dataOf<{ sentTo: string }>(unknown.answer)).toEqual({ sentTo: "nobody-here@example.org" });
    expect(known.ms).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS - 5);
    expect(unknown.ms).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS - 5);
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(150);
    expect(await resetMessages(account.email)).toHaveLength(1);
    expect(await t.db.select().from(notifications)).toHaveLength(1);
  });

  it("times many requests: the known address is never told apart by its time", async () => {
    const { account } = await someone();
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await requestPasswordReset(t.db, { email: account.email, address: `198.51.100.${i}` });
      knownTimes.push(performance.now() - started);
      const again = performance.now();
      await requestPasswordReset(t.db, { email: `unknown${i}@example.org`, address: `198.51.100.${i}` });
      unknownTimes.push(performance.now() - again);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(knownTimes) - mean(unknownTimes))).toBeLessThan(100);
  });

  it("sends at most a few links an hour to one address, still answering the same", async () => {
    const { account } = await someone();
    for (let i = 0; i <= RESET_REQUESTS_PER_EMAIL; i++) {
      const result = await requestPasswordReset(t.db, { email: account.email, address: "192.0.2.9" }, { floorMs: 0 });
      expect(result).toEqual({ ok: true });
    }
    expect(await resetMessages(account.email)).toHaveLength(RESET_REQUESTS_PER_EMAIL);
  });

  it("a deactivated account gets no link (and the answer is the same)", async () => {
    const { account } = await someone({ disabled: true });
    expect(statusOf((await askForReset(account.email)).answer)).toBe(200);
    expect(await resetMessages(account.email)).toHaveLength(0);
  });

  it("an empty or malformed address is a 400 with its message, the input kept", async () => {
    const empty = await askForReset("");
    expect(statusOf(empty.answer)).toBe(400);
    expect(dataOf<{ errors: Record<string, string> }>(empty.answer).errors.email).toBe("Enter your email address");
    const bad = await askForReset("not an address");
    expect(dataOf<{ email: string }>(bad.answer).email).toBe("not an address");
  });
});

describe("resetting a password", () => {
  it("sets the new password, ends every session of the account, tells the person, audits and signs in", async () => {
    const { account } = await someone();
    const elsewhere = [await startSession(t.db, account.id), await startSession(t.db, account.id)];
    await askForReset(account.email);
    const token = await tokenOfLatestReset(account.email);
    // Only the hash is kept.
    const [link] = await t.db.select().from(oneTimeLinks).where(eq(oneTimeLinks.accountId, account.id));
    expect(link!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(link!.expiresAt.getTime() - link!.createdAt.getTime()).toBe(60 * 60 * 1000);
    const found = await queryRows(
      t.db,
      sql`select 1 from one_time_links l where row_to_json(l)::text like ${`%${token}%`}
          union all select 1 from audit_events a where row_to_json(a)::text like ${`%${token}%`}`,
    );
    expect(found).toEqual([]);

    expect(dataOf<{ email: string }>(await openReset(token))).toEqual({ email: account.email });
    const weak = await reset(token, "qwertyuiop");
    expect(statusOf(weak)).toBe(400);
    expect(dataOf<{ errors: Record<string, string> }>(weak).errors).toEqual({ password: PASSWORD_MESSAGES.common });
    expect(await t.db.select().from(authSessions).where(eq(authSessions.userId, account.id))).toHaveLength(2);

    const done = (await reset(token, NEW_PASSWORD, elsewhere[0]!.split(";")[0])) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Set-Cookie")).toMatch(/^ptt_session=/);
    const sessions = await t.db.select().from(authSessions).where(eq(authSessions.userId, account.id));
    expect(sessions).toHaveLength(1);
    const newSessionToken = done.headers.get("Set-Cookie")!.split(";")[0]!.split("=")[1]!;
    expect(sessions[0]!.id).toBe(createHash("sha256").update(newSessionToken).digest("hex"));

    const [after] = await t.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(await verifyPassword(after!.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after!.passwordHash, OLD_PASSWORD)).toBe(false);
    const changed = await t.db.select().from(notifications).where(eq(notifications.kind, "account.password-changed"));
    expect(changed).toHaveLength(1);
    const actions = (await t.db.select({ action: auditEvents.action }).from(auditEvents)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["account.password-reset-sent", "account.password-reset"]));

    // Single use.
    expect(statusOf(await openReset(token))).toBe(404);
    expect(statusOf(await reset(token, "yet another passphrase"))).toBe(400);
  });

  it("a link works for 1 hour", async () => {
    const { account } = await someone();
    await requestPasswordReset(
      t.db,
      { email: account.email, address: "192.0.2.3" },
      { now: new Date(Date.now() - 60 * 60 * 1000 - 1000), floorMs: 0 },
    );
    const token = await tokenOfLatestReset(account.email);
    expect(statusOf(await openReset(token))).toBe(404);
    expect(statusOf(await reset(token, NEW_PASSWORD))).toBe(400);
    const [after] = await t.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(await verifyPassword(after!.passwordHash, OLD_PASSWORD)).toBe(true);
  });

  it("asking again ends the earlier link", async () => {
    const { account } = await someone();
    await requestPasswordReset(t.db, { email: account.email, address: "192.0.2.4" }, { floorMs: 0 });
    const first = await tokenOfLatestReset(account.email);
    await requestPasswordReset(t.db, { email: account.email, address: "192.0.2.4" }, { floorMs: 0 });
    const second = await tokenOfLatestReset(account.email);
    expect(statusOf(await openReset(first))).toBe(404);
    expect(statusOf(await openReset(second))).toBe(200);
  });
});

describe("changing one's own password", () => {
  async function change(accountId: string, form: Record<string, string>) {
    const request = await signedInRequest(t.db, accountId, "/account/password", { form });
    return call(() => changePage.action({ request, params: {}, context: {} }));
  }

  it("asks for the current password, checks the new one's rules, then ends every other session and tells the person", async () => {
    const { account } = await someone();
    await startSession(t.db, account.id);
    const wrong = await change(account.id, { currentPassword: "not it at all", password: NEW_PASSWORD });
    expect(statusOf(wrong)).toBe(400);
    expect(dataOf<{ errors: Record<string, string> }>(wrong).errors).toEqual({
      currentPassword: "Enter your current password correctly",
    });
    const weak = await change(account.id, { currentPassword: OLD_PASSWORD, password: "iloveyou12" });
    expect(dataOf<{ errors: Record<string, string> }>(weak).errors).toEqual({ password: PASSWORD_MESSAGES.common });
    const same = await change(account.id, { currentPassword: OLD_PASSWORD, password: account.email });
    expect(dataOf<{ errors: Record<string, string> }>(same).errors).toEqual({ password: PASSWORD_MESSAGES.email });
    // The refused attempts made sessions of their own (signedInRequest); all are there still.
    expect((await t.db.select().from(authSessions).where(eq(authSessions.userId, account.id))).length).toBe(4);

    const done = (await change(account.id, { currentPassword: OLD_PASSWORD, password: NEW_PASSWORD })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account/password?changed=1");
    const cookie = done.headers.get("Set-Cookie")!.split(";")[0]!.split("=")[1]!;
    const sessions = await t.db.select().from(authSessions).where(eq(authSessions.userId, account.id));
    expect(sessions.map((s) => s.id)).toEqual([createHash("sha256").update(cookie).digest("hex")]);
    const [after] = await t.db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(await verifyPassword(after!.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(
      await t.db.select().from(notifications).where(eq(notifications.kind, "account.password-changed")),
    ).toHaveLength(1);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.password-changed"));
    expect(event).toMatchObject({ actorAccountId: account.id, entityId: account.id });
  });
});
