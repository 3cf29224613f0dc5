import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/password.server";
import {
  FAILURE_FLOOR_MS,
  MAX_FAILURE_DELAY_MS,
  SLOW_AFTER_FAILURES,
  attemptSignIn,
  failureDelayMs,
} from "../../app/auth/sign-in.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts, auditEvents } from "../../app/db/schema";
import { action as signInAction, loader as signInLoader } from "../../app/routes/sign-in";
import { loader as myTrainingLoader } from "../../app/routes/my-training";
import { loader as peopleLoader } from "../../app/routes/people._index";
import { loader as personLoader } from "../../app/routes/people.$personId";
import { action as signOutAction } from "../../app/routes/sign-out";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

let t: TestDatabase;
let learnerAccountId: string;
let learnerPersonId: number;
let otherPersonId: number;
const noDelay = { delayMs: () => 0 };

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  const org = await make.organisation(t.db);
  const learner = await make.person(t.db, { organisationId: org.id });
  const other = await make.person(t.db, { organisationId: org.id });
  const account = await make.account(t.db, { personId: learner.id, email: "Learner@Example.com" });
  await t.db.update(accounts).set({ passwordHash: await hashPassword("correct horse") });
  learnerAccountId = account.id;
  learnerPersonId = learner.id;
  otherPersonId = other.id;
});

function signInForm(email: string, password: string, redirectTo = "/") {
  return new Request("http://localhost:3000/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo }),
  });
}

describe("signing in", () => {
  it("accepts the right password whatever the e-mail's case, sets an HttpOnly SameSite=Lax cookie and audits it", async () => {
    const response = await call(() =>
      signInAction({
        request: signInForm("learner@example.COM", "correct horse", "/my-training"),
        params: {},
        context: {},
      }),
    );
    expect(response).toBeInstanceOf(Response);
    const res = response as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/my-training");
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^ptt_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const events = await t.db.select().from(auditEvents);
    expect(events.map((e) => e.action)).toContain("account.sign-in");
  });

  it("never redirects off the site after signing in", async () => {
    const res = (await call(() =>
      signInAction({
        request: signInForm("learner@example.com", "correct horse", "//evil.example/"),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(res.headers.get("Location")).toBe("/");
  });

  // Browsers drop tabs and newlines from a Location, so "/\t/evil.example" would land on evil.example.
  const disguised = [
    "/\t/evil.example",
    "/%09/evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "/.//evil.example",
    "/\r\nSet-Cookie: x=y",
    "/\u0000/x",
    "/\u2028/x",
  ];

  /** Home, or (for a NUL, which any form or parameter may refuse as bad input) a 400; never elsewhere, never a 500. */
  function expectHomeOrBadInput(res: Response, redirectTo: string) {
    if (res.status === 400 && redirectTo.includes("\u0000")) return;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
  }

  it.each(disguised)("after signing in, sends a redirectTo of %j to the home page", async (redirectTo) => {
    const res = (await call(() =>
      signInAction({
        request: signInForm("learner@example.com", "correct horse", redirectTo),
        params: {},
        context: {},
      }),
    )) as Response;
    expectHomeOrBadInput(res, redirectTo);
  });

  it.each(disguised)("answers a redirectTo of %j with the sign-in page, or home when signed in", async (redirectTo) => {
    const path = `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`;
    const signedOut = await call(() =>
      signInLoader({ request: new Request(`http://localhost:3000${path}`), params: {}, context: {} }),
    );
    if (signedOut instanceof Response) expectHomeOrBadInput(signedOut, redirectTo);
    else expect(signedOut).toEqual({ redirectTo: "/" });
    const request = await signedInRequest(t.db, learnerAccountId, path);
    const res = (await call(() => signInLoader({ request, params: {}, context: {} }))) as Response;
    expectHomeOrBadInput(res, redirectTo);
  });

  it("answers a wrong password or unknown e-mail with the same message and a 400", async () => {
    for (const [email, password] of [
      ["learner@example.com", "wrong"],
      ["nobody@example.com", "correct horse"],
    ] as const) {
      const result = await call(() => signInAction({ request: signInForm(email, password), params: {}, context: {} }));
      const body = result as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
      expect(body.init.status).toBe(400);
      expect(body.data.errors.email).toBe("Enter a correct email address and password");
    }
  });

  it("asks for both fields when they are empty", async () => {
    const result = (await call(() =>
      signInAction({ request: signInForm("", ""), params: {}, context: {} }),
    )) as unknown as {
      data: { errors: Record<string, string> };
    };
    expect(result.data.errors).toEqual({ email: "Enter your email address", password: "Enter your password" });
  });

  const owner = "198.51.100.4";
  const attacker = "203.0.113.9";
  const recordDelays = (into: number[]) => ({
    delayMs: (failures: number) => {
      into.push(failures);
      return 0;
    },
  });

  it("lets the owner sign in from their own address while an attacker hammers the account from another", async () => {
    for (let i = 0; i < 20; i++) {
      expect(
        await attemptSignIn(t.db, { email: "learner@example.com", password: `guess ${i}`, address: attacker }, noDelay),
      ).toEqual({ ok: false, reason: "invalid" });
    }
    const delays: number[] = [];
    expect(
      await attemptSignIn(
        t.db,
        { email: "learner@example.com", password: "typo", address: owner },
        recordDelays(delays),
      ),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(delays).toEqual([1]);
    expect(
      await attemptSignIn(t.db, { email: "Learner@Example.com ", password: "correct horse", address: owner }, noDelay),
    ).toEqual({ ok: true, accountId: learnerAccountId });
  });

  it("slows down failures for one e-mail from one address, and a sign-in there starts the count again", async () => {
    const delays: number[] = [];
    for (let i = 0; i < 6; i++)
      await attemptSignIn(
        t.db,
        { email: "learner@example.com", password: "nope", address: owner },
        recordDelays(delays),
      );
    expect(delays).toEqual([1, 2, 3, 4, 5, 6]);
    await attemptSignIn(
      t.db,
      { email: "learner@example.com", password: "nope", address: attacker },
      recordDelays(delays),
    );
    expect(delays.at(-1)).toBe(1);
    expect(
      await attemptSignIn(t.db, { email: "learner@example.com", password: "correct horse", address: owner }, noDelay),
    ).toMatchObject({ ok: true });
    await attemptSignIn(t.db, { email: "learner@example.com", password: "nope", address: owner }, recordDelays(delays));
    expect(delays.at(-1)).toBe(1);
  });

  it("grows the delay after a few failures and caps it", () => {
    const delays = Array.from({ length: 12 }, (_, i) => failureDelayMs(i + 1));
    expect(delays.slice(0, SLOW_AFTER_FAILURES - 1).every((d) => d === FAILURE_FLOOR_MS)).toBe(true);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[SLOW_AFTER_FAILURES - 1]).toBeGreaterThan(FAILURE_FLOOR_MS);
    expect(Math.max(...delays)).toBe(MAX_FAILURE_DELAY_MS);
    expect(delays.at(-1)).toBe(MAX_FAILURE_DELAY_MS);
  });

  it("puts an unknown e-mail through the same failures count and delays as a known one", async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await attemptSignIn(
        t.db,
        { email: "learner@example.com", password: "nope", address: attacker },
        recordDelays(known),
      );
      const b = await attemptSignIn(
        t.db,
        { email: "Nobody@Example.com", password: "nope", address: attacker },
        recordDelays(unknown),
      );
      expect(a).toEqual({ ok: false, reason: "invalid" });
      expect(b).toEqual(a);
    }
    expect(unknown).toEqual(known);
  });

  it("takes at least the failure floor to answer a wrong password, known e-mail or not", async () => {
    for (const email of ["learner@example.com", "nobody@example.com"]) {
      const started = performance.now();
      await attemptSignIn(t.db, { email, password: "nope", address: owner });
      expect(performance.now() - started).toBeGreaterThanOrEqual(FAILURE_FLOOR_MS - 5);
    }
  });

  it("answers a known and an unknown e-mail alike on the page after repeated failures", async () => {
    for (const email of ["learner@example.com", "nobody@example.com"]) {
      for (let i = 0; i < 4; i++) await attemptSignIn(t.db, { email, password: "nope", address: "unknown" }, noDelay);
    }
    const answers = [];
    for (const email of ["learner@example.com", "nobody@example.com"]) {
      const result = await call(() => signInAction({ request: signInForm(email, "nope"), params: {}, context: {} }));
      answers.push(result as unknown as { data: { errors: Record<string, string> }; init: { status: number } });
    }
    expect(answers[0]!.init.status).toBe(400);
    expect(answers[1]!.init.status).toBe(400);
    expect(answers[0]!.data.errors).toEqual({ email: "Enter a correct email address and password" });
    expect(answers[1]!.data.errors).toEqual(answers[0]!.data.errors);
  });

  it("keeps an audit trail of failed attempts on known accounts, with the address", async () => {
    await attemptSignIn(t.db, { email: "learner@example.com", password: "nope", address: attacker }, noDelay);
    await attemptSignIn(t.db, { email: "learner@example.com", password: "nope", address: attacker }, noDelay);
    await attemptSignIn(t.db, { email: "nobody@example.com", password: "nope", address: attacker }, noDelay);
    const events = await t.db.select().from(auditEvents);
    expect(events.map((e) => [e.action, e.entityId, e.after])).toEqual([
      ["account.sign-in-failed", learnerAccountId, { address: attacker, failuresFromAddress: 1 }],
      ["account.sign-in-failed", learnerAccountId, { address: attacker, failuresFromAddress: 2 }],
    ]);
  });

  it("refuses many attempts from one address across accounts", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    let last: Awaited<ReturnType<typeof attemptSignIn>> | undefined;
    for (let i = 0; i < 51; i++) {
      last = await attemptSignIn(
        t.db,
        { email: `nobody${i}@example.com`, password: "x", address: "10.0.0.9" },
        { now, ...noDelay },
      );
    }
    expect(last).toMatchObject({ ok: false, reason: "address-limited" });
  });

  it("sends a signed-in user away from the sign-in page", async () => {
    const request = await signedInRequest(t.db, learnerAccountId, "/sign-in?redirectTo=/courses");
    const res = (await call(() => signInLoader({ request, params: {}, context: {} }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/courses");
  });

  it("signs out: the session no longer works", async () => {
    const request = await signedInRequest(t.db, learnerAccountId, "/sign-out", { method: "POST" });
    const cookie = request.headers.get("Cookie")!;
    const res = (await call(() => signOutAction({ request, params: {}, context: {} }))) as Response;
    expect(res.headers.get("Set-Cookie")).toMatch(/Max-Age=0/i);
    const events = await t.db.select().from(auditEvents);
    expect(events.map((e) => e.action)).toContain("account.sign-out");
    const after = new Request("http://localhost:3000/my-training", { headers: { Cookie: cookie } });
    const denied = (await call(() => myTrainingLoader({ request: after, params: {}, context: {} }))) as Response;
    expect(denied.status).toBe(302);
    expect(denied.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fmy-training");
  });
});

describe("guards on the first pages", () => {
  it("a learner sees their own training", async () => {
    const request = await signedInRequest(t.db, learnerAccountId, "/my-training");
    const data = (await myTrainingLoader({ request, params: {}, context: {} })) as { person: { id: number } };
    expect(data.person.id).toBe(learnerPersonId);
  });

  it("a learner asking for the people list gets a 403", async () => {
    const request = await signedInRequest(t.db, learnerAccountId, "/people");
    const res = (await call(() => peopleLoader({ request, params: {}, context: {} }))) as Response;
    expect(res.status).toBe(403);
  });

  it("a learner asking for another person's record gets a 404, as if it did not exist", async () => {
    const request = await signedInRequest(t.db, learnerAccountId, `/people/${otherPersonId}`);
    const res = (await call(() =>
      personLoader({ request, params: { personId: String(otherPersonId) }, context: {} }),
    )) as Response;
    expect(res.status).toBe(404);
  });
});
