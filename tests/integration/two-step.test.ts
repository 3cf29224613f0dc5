import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { completeSignIn, PENDING_COOKIE, PENDING_SIGN_IN_MINUTES } from "../../app/auth/complete-sign-in.server";
import { decryptSecret } from "../../app/auth/two-step-secret.server";
import {
  CODE_ATTEMPTS_PER_WINDOW,
  checkSecondStep,
  codeFor,
  confirmSetUp,
  setUpDetails,
  turnOffTwoStep,
} from "../../app/auth/two-step.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, authSessions, twoStepCredentials, twoStepRecoveryCodes } from "../../app/db/schema";
import { action as setUpAction, loader as setUpLoader } from "../../app/routes/account.two-step.set-up";
import { action as twoStepAction, loader as twoStepLoader } from "../../app/routes/sign-in_.two-step";
import { loader as myTrainingLoader } from "../../app/routes/my-training";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call } from "../support/requests";

let t: TestDatabase;
let personId: number;
// 5 seconds into the current 30-second step: the routes read the real clock.
const T0 = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 5_000);
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  const org = await make.organisation(t.db);
  personId = (await make.person(t.db, { organisationId: org.id })).id;
});

/** An account with two-step on (set up at T0 - 1 minute); returns its secret and recovery codes. */
async function accountWithTwoStep(roles: Parameters<typeof make.account>[1]["roles"] = []) {
  const account = await make.account(t.db, { personId, roles });
  const details = (await setUpDetails(t.db, account.id))!;
  const setUpAt = later(-60);
  const done = await confirmSetUp(t.db, account.id, codeFor(details.secret, setUpAt), setUpAt);
  if (!done.ok) throw new Error("set-up failed");
  return { accountId: account.id, secret: details.secret, recoveryCodes: done.recoveryCodes };
}

function request(path: string, cookie?: string, form?: Record<string, string>) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  if (form) headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost:3000${path}`, {
    method: form ? "POST" : "GET",
    headers,
    body: form ? new URLSearchParams(form) : undefined,
  });
}

/** The name=value pairs of a response's Set-Cookie headers, as the next request's Cookie header. */
function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

describe("codes from the app", () => {
  it("accepts a code within one step either side, and stores the secret encrypted", async () => {
    const { accountId, secret } = await accountWithTwoStep();
    const [row] = await t.db.select().from(twoStepCredentials).where(eq(twoStepCredentials.accountId, accountId));
    expect(row!.secretEncrypted).not.toContain(secret);
    expect(decryptSecret(row!.secretEncrypted, accountId)).toBe(secret);
    expect(() => decryptSecret(row!.secretEncrypted, "someone-else")).toThrow();

    expect(await checkSecondStep(t.db, accountId, codeFor(secret, later(-30)), T0)).toEqual({ ok: true });
    expect(await checkSecondStep(t.db, accountId, codeFor(secret, later(30)), T0)).toEqual({ ok: true });
    expect((await checkSecondStep(t.db, accountId, codeFor(secret, later(90)), T0)).ok).toBe(false);
  });

  it("refuses a code already used, and any code from an earlier step", async () => {
    const { accountId, secret } = await accountWithTwoStep();
    const code = codeFor(secret, T0);
    expect((await checkSecondStep(t.db, accountId, code, T0)).ok).toBe(true);
    expect(await checkSecondStep(t.db, accountId, code, later(5))).toEqual({ ok: false, reason: "wrong" });
    expect((await checkSecondStep(t.db, accountId, codeFor(secret, later(-30)), later(5))).ok).toBe(false);
    expect((await checkSecondStep(t.db, accountId, codeFor(secret, later(30)), later(30))).ok).toBe(true);
  });

  it("refuses wrong codes and, after too many, even the right one until the window ends", async () => {
    const { accountId, secret } = await accountWithTwoStep();
    const wrong = codeFor(secret, T0) === "000000" ? "111111" : "000000";
    for (let i = 0; i < CODE_ATTEMPTS_PER_WINDOW; i++) {
      expect(await checkSecondStep(t.db, accountId, wrong, T0)).toEqual({ ok: false, reason: "wrong" });
    }
    const limited = await checkSecondStep(t.db, accountId, codeFor(secret, T0), T0);
    expect(limited).toMatchObject({ ok: false, reason: "limited" });
    expect((await checkSecondStep(t.db, accountId, codeFor(secret, later(16 * 60)), later(16 * 60))).ok).toBe(true);
    const failures = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.two-step-failed"));
    expect(failures).toHaveLength(CODE_ATTEMPTS_PER_WINDOW);
  });
});

describe("recovery codes", () => {
  it("are stored hashed and work once each", async () => {
    const { accountId, recoveryCodes } = await accountWithTwoStep();
    expect(recoveryCodes).toHaveLength(10);
    const stored = await t.db.select().from(twoStepRecoveryCodes).where(eq(twoStepRecoveryCodes.accountId, accountId));
    expect(stored.map((r) => r.codeHash)).not.toContain(recoveryCodes[0]);
    expect(await checkSecondStep(t.db, accountId, recoveryCodes[0]!.toUpperCase(), T0)).toEqual({
      ok: true,
      usedRecoveryCode: true,
    });
    expect(await checkSecondStep(t.db, accountId, recoveryCodes[0]!, T0)).toEqual({ ok: false, reason: "wrong" });
    expect((await checkSecondStep(t.db, accountId, recoveryCodes[1]!, T0)).ok).toBe(true);
  });
});

describe("signing in", () => {
  it("holds back the session of an account with two-step until a code, then starts it once", async () => {
    const { accountId, secret } = await accountWithTwoStep();
    const first = await completeSignIn(t.db, request("/sign-in", "", {}), accountId, "password", {
      redirectTo: "/my-training",
    });
    expect(first.headers.get("Location")).toBe("/sign-in/two-step");
    expect(await t.db.select().from(authSessions)).toHaveLength(0);
    const pendingCookie = cookiesFrom(first);
    expect(pendingCookie).toMatch(new RegExp(`^${PENDING_COOKIE}=`));

    // Without a session, pages still send them to sign in.
    const page = (await call(() =>
      myTrainingLoader({ request: request("/my-training", pendingCookie), params: {}, context: {} }),
    )) as Response;
    expect(page.headers.get("Location")).toMatch(/^\/sign-in/);

    expect(
      await call(() =>
        twoStepLoader({ request: request("/sign-in/two-step", pendingCookie), params: {}, context: {} }),
      ),
    ).toEqual({});
    const wrong = (await call(() =>
      twoStepAction({ request: request("/sign-in/two-step", pendingCookie, { code: "12" }), params: {}, context: {} }),
    )) as { init: { status: number } };
    expect(wrong.init.status).toBe(400);

    const done = (await call(() =>
      twoStepAction({
        request: request("/sign-in/two-step", pendingCookie, { code: codeFor(secret) }),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/my-training");
    expect(done.headers.getSetCookie().join("\n")).toMatch(/ptt_session=/);
    expect(await t.db.select().from(authSessions)).toHaveLength(1);

    // The pending sign-in is spent: the same cookie starts nothing again.
    const again = (await call(() =>
      twoStepLoader({ request: request("/sign-in/two-step", pendingCookie), params: {}, context: {} }),
    )) as Response;
    expect(again.headers.get("Location")).toBe("/sign-in");
  });

  it("lets a pending sign-in expire", async () => {
    const { accountId, secret } = await accountWithTwoStep();
    // Made a minute longer ago than a pending sign-in lasts, by the real clock the page reads
    // (T0 may be a few seconds ahead of it).
    const first = await completeSignIn(t.db, request("/sign-in"), accountId, "password", {
      now: new Date(Date.now() - (PENDING_SIGN_IN_MINUTES * 60 + 60) * 1000),
    });
    const answer = (await call(() =>
      twoStepAction({
        request: request("/sign-in/two-step", cookiesFrom(first), { code: codeFor(secret) }),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(answer.headers.get("Location")).toBe("/sign-in");
    expect(await t.db.select().from(authSessions)).toHaveLength(0);
  });

  it("signs straight in an account with no two-step whose roles do not require it", async () => {
    const account = await make.account(t.db, { personId, roles: ["trainer"] });
    const answer = await completeSignIn(t.db, request("/sign-in"), account.id, "password");
    expect(answer.headers.get("Location")).toBe("/");
    expect(await t.db.select().from(authSessions)).toHaveLength(1);
  });

  it.each(["coordinator", "education_officer"] as const)(
    "makes a %s set up two-step before any session starts",
    async (role) => {
      const account = await make.account(t.db, { personId, roles: [role] });
      const first = await completeSignIn(t.db, request("/sign-in"), account.id, "password", { redirectTo: "/people" });
      expect(first.headers.get("Location")).toBe("/account/two-step/set-up");
      expect(await t.db.select().from(authSessions)).toHaveLength(0);
      const cookie = cookiesFrom(first);

      // The set-up pending sign-in does not let them skip to the code page…
      const skip = (await call(() =>
        twoStepLoader({ request: request("/sign-in/two-step", cookie), params: {}, context: {} }),
      )) as Response;
      expect(skip.headers.get("Location")).toBe("/sign-in");
      // …nor turn it off (a required role).
      expect(await turnOffTwoStep(t.db, account.id, "123456")).toEqual({ ok: false, reason: "required" });

      const page = (await setUpLoader({
        request: request("/account/two-step/set-up", cookie),
        params: {},
        context: {},
      })) as {
        secret: string;
        qrSvg: string;
        required: boolean;
      };
      expect(page.required).toBe(true);
      expect(page.qrSvg).toMatch(/^<svg/);
      const secret = page.secret.replace(/ /g, "");
      const done = (await setUpAction({
        request: request("/account/two-step/set-up", cookie, { code: codeFor(secret) }),
        params: {},
        context: {},
      })) as unknown as { data: { recoveryCodes: string[]; continueTo: string }; init: { headers: Headers } };
      expect(done.data.recoveryCodes).toHaveLength(10);
      expect(done.data.continueTo).toBe("/people");
      expect(new Headers(done.init.headers).getSetCookie().join("\n")).toMatch(/ptt_session=/);
      const sessions = await t.db.select().from(authSessions);
      expect(sessions.map((s) => s.userId)).toEqual([account.id]);
      const actions = (await t.db.select().from(auditEvents)).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          "account.sign-in-pending-set-up",
          "account.two-step-on",
          "account.sign-in-second-step",
        ]),
      );
    },
  );
});
