import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  LINK_ANSWER_FLOOR_MS,
  LINK_BINDING_COOKIE,
  LINK_REQUESTS_PER_ADDRESS,
  LINK_REQUESTS_PER_EMAIL,
  requestSignInLink,
} from "../../app/auth/sign-in-links.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { accounts, auditEvents, notifications, oneTimeLinks } from "../../app/db/schema";
import { hashSecret } from "../../app/domain/accounts/one-time-links";
import { sendSignInLink, signInWithLink } from "../../app/domain/accounts/sign-in-links";
import { action as askAction, loader as askLoader } from "../../app/routes/sign-in_.link";
import { action as useAction, loader as linkLoader } from "../../app/routes/sign-in_.link_.$token";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call } from "../support/requests";

let t: TestDatabase;
let schoolAccountId: string;
const SCHOOL_EMAIL = "teacher@oak.example";
const COUNCIL_EMAIL = "officer@council.example";
const DISABLED_EMAIL = "gone@oak.example";

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  const { service, school } = await make.councilAndSchool(t.db);
  const teacher = await make.person(t.db, { organisationId: school.id, email: SCHOOL_EMAIL });
  schoolAccountId = (await make.account(t.db, { personId: teacher.id, email: SCHOOL_EMAIL })).id;
  const officer = await make.person(t.db, { organisationId: service.id, email: COUNCIL_EMAIL });
  await make.account(t.db, { personId: officer.id, email: COUNCIL_EMAIL });
  const gone = await make.person(t.db, { organisationId: school.id, email: DISABLED_EMAIL });
  const disabled = await make.account(t.db, { personId: gone.id, email: DISABLED_EMAIL });
  await t.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, disabled.id));
});

type Answer = { data: Record<string, unknown>; init: { status?: number; headers?: Record<string, string> } | null };

function askForm(email: string, address = "203.0.113.9", redirectTo = "/") {
  return askAction({
    request: new Request("http://localhost:3000/sign-in/link", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password: "", redirectTo }),
    }),
    params: {},
    context: { clientAddress: address },
  }) as unknown as Promise<Answer>;
}

/** Asks for a link through the page, as a browser would; returns the link's token and the browser's cookie. */
async function askAsBrowser(email = SCHOOL_EMAIL, redirectTo = "/") {
  const answer = await askForm(email, "203.0.113.9", redirectTo);
  const setCookie = answer.init?.headers?.["Set-Cookie"] ?? "";
  const cookie = setCookie.split(";")[0]!;
  const [message] = await t.db
    .select()
    .from(notifications)
    .where(eq(notifications.kind, "account.sign-in-link"))
    .orderBy(sql`${notifications.id} desc`)
    .limit(1);
  const link = (message?.details as { link?: string } | undefined)?.link ?? "";
  const url = link ? new URL(link) : null;
  const token = url?.pathname.split("/sign-in/link/")[1] ?? "";
  return { answer, setCookie, cookie, token, message, query: url?.search ?? "" };
}

function linkRequest(token: string, cookie: string | null, method: "GET" | "POST" = "GET", extra = "") {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  if (method === "POST") headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost:3000/sign-in/link/${token}${method === "GET" ? extra : ""}`, {
    method,
    headers,
    body: method === "POST" ? new URLSearchParams(extra) : undefined,
  });
}

const open = (token: string, cookie: string | null, query = "") =>
  call(() => linkLoader({ request: linkRequest(token, cookie, "GET", query), params: { token }, context: {} }));
const press = (token: string, cookie: string | null, form = "") =>
  call(() => useAction({ request: linkRequest(token, cookie, "POST", form), params: { token }, context: {} }));

async function linkRow(token: string) {
  const [row] = await t.db
    .select()
    .from(oneTimeLinks)
    .where(eq(oneTimeLinks.tokenHash, hashSecret(token)));
  return row;
}

describe("asking for a sign-in link", () => {
  it("e-mails a school's person a link bound to this browser's cookie; only the token's hash is stored; audited", async () => {
    const { answer, setCookie, token, message } = await askAsBrowser();
    expect(answer.data).toEqual({ sentTo: SCHOOL_EMAIL });
    expect(setCookie).toMatch(new RegExp(`^${LINK_BINDING_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=900/);
    expect(message?.recipientEmail).toBe(SCHOOL_EMAIL);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const row = await linkRow(token);
    expect(row?.purpose).toBe("sign-in");
    expect(row?.accountId).toBe(schoolAccountId);
    const binding = setCookie.split(";")[0]!.split("=")[1]!;
    expect(row?.browserBindingHash).toBe(hashSecret(binding));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(15 * 60 * 1000);
    // Neither the token nor the cookie's value is anywhere in the links table.
    const dump = await queryRows<{ row: string }>(t.db, sql`select t::text as row from one_time_links t`);
    expect(dump.map((r) => r.row).join("\n")).not.toContain(token);
    expect(dump.map((r) => r.row).join("\n")).not.toContain(binding);

    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.sign-in-link-sent"));
    expect(events).toHaveLength(1);
    expect(events[0]!.entityId).toBe(schoolAccountId);
  });

  it("sends nothing to council staff, deactivated accounts, single sign-on addresses or unknown addresses", async () => {
    for (const email of [COUNCIL_EMAIL, DISABLED_EMAIL, "nobody@oak.example"]) await askForm(email);
    const sso = await sendSignInLink(t.db, {
      email: SCHOOL_EMAIL,
      origin: "http://localhost:3000",
      address: "x",
      browserBindingHash: hashSecret("b"),
      singleSignOn: true,
    });
    expect(sso).toBe(false);
    expect(await t.db.select().from(oneTimeLinks)).toHaveLength(0);
    expect(await t.db.select().from(notifications)).toHaveLength(0);
  });

  it("answers the same words, status and cookie for every address, in about the same time", async () => {
    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await askForm(email);
      return { answer, ms: performance.now() - started };
    };
    const known = await timed(SCHOOL_EMAIL);
    const unknown = await timed("nobody@oak.example");
    const council = await timed(COUNCIL_EMAIL);
    const disabled = await timed(DISABLED_EMAIL);
    for (const [email, r] of [
      [SCHOOL_EMAIL, known],
      ["nobody@oak.example", unknown],
      [COUNCIL_EMAIL, council],
      [DISABLED_EMAIL, disabled],
    ] as const) {
      expect(r.answer.data).toEqual({ sentTo: email });
      expect(r.answer.init?.status ?? 200).toBe(200);
      expect(r.answer.init?.headers?.["Set-Cookie"]).toMatch(new RegExp(`^${LINK_BINDING_COOKIE}=`));
      expect(r.ms).toBeGreaterThanOrEqual(LINK_ANSWER_FLOOR_MS - 5);
    }
    const times = [known.ms, unknown.ms, council.ms, disabled.ms];
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(150);
  });

  it("keeps the e-mail typed on a bad address (400) and has a page to ask from", async () => {
    const bad = await askForm("not an email");
    expect(bad.init?.status).toBe(400);
    expect(bad.data.email).toBe("not an email");
    expect(
      await askLoader({ request: new Request("http://localhost:3000/sign-in/link"), params: {}, context: {} }),
    ).toBe(null);
  });

  it("limits links per e-mail quietly, and requests per network address with a 429", async () => {
    for (let i = 0; i < LINK_REQUESTS_PER_EMAIL + 2; i++) {
      await requestSignInLink(t.db, { email: SCHOOL_EMAIL, address: `198.51.100.${i}` }, { floorMs: 0 });
    }
    expect(await t.db.select().from(notifications)).toHaveLength(LINK_REQUESTS_PER_EMAIL);
    let last: Awaited<ReturnType<typeof requestSignInLink>> | undefined;
    for (let i = 0; i <= LINK_REQUESTS_PER_ADDRESS; i++) {
      last = await requestSignInLink(t.db, { email: `n${i}@oak.example`, address: "192.0.2.1" }, { floorMs: 0 });
    }
    expect(last?.ok).toBe(false);
  });
});

describe("using a sign-in link", () => {
  it("opening the link (GET) changes nothing; the Sign in button (POST) signs in, once, and clears the cookie", async () => {
    const { cookie, token } = await askAsBrowser();
    for (let i = 0; i < 3; i++) {
      const page = (await open(token, cookie)) as { open?: boolean };
      expect(page.open).toBe(true);
    }
    expect((await linkRow(token))?.usedAt).toBeNull();
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.sign-in"))).toHaveLength(0);

    const res = (await press(token, cookie)) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const cookies = res.headers.get("Set-Cookie") ?? "";
    expect(cookies).toMatch(/ptt_session=/);
    expect(cookies).toMatch(new RegExp(`${LINK_BINDING_COOKIE}=; .*Max-Age=0`));
    expect((await linkRow(token))?.usedAt).not.toBeNull();
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.sign-in"));
    expect(event?.entityId).toBe(schoolAccountId);
    expect(event?.after).toMatchObject({ method: "link" });

    // Used: a second press, and the page, say so.
    const again = (await press(token, cookie)) as Answer;
    expect(again.data).toEqual({ dead: "used" });
    expect(again.init?.status).toBe(404);
    expect(((await open(token, cookie)) as Answer).data).toEqual({ dead: "used" });
  });

  it("works for 15 minutes and no longer", async () => {
    const at = new Date("2026-03-02T10:00:00Z");
    const make15 = async (binding: string) => {
      const sent = await sendSignInLink(t.db, {
        email: SCHOOL_EMAIL,
        origin: "http://localhost:3000",
        address: "x",
        browserBindingHash: hashSecret(binding),
        singleSignOn: false,
        now: at,
      });
      expect(sent).toBe(true);
      const [message] = await t.db.select().from(notifications).orderBy(sql`${notifications.id} desc`).limit(1);
      return ((message!.details as { link: string }).link.split("/sign-in/link/")[1] ?? "") as string;
    };
    const never = () => false;
    const late = await make15("a".repeat(43));
    const afterExpiry = new Date(at.getTime() + 15 * 60 * 1000);
    expect(
      await signInWithLink(t.db, {
        token: late,
        browserBinding: "a".repeat(43),
        singleSignOn: never,
        now: afterExpiry,
      }),
    ).toEqual({
      ok: false,
      reason: "expired",
    });
    const inTime = await make15("b".repeat(43));
    const justBefore = new Date(at.getTime() + 15 * 60 * 1000 - 1000);
    expect(
      await signInWithLink(t.db, {
        token: inTime,
        browserBinding: "b".repeat(43),
        singleSignOn: never,
        now: justBefore,
      }),
    ).toEqual({ ok: true, accountId: schoolAccountId });
  });

  it("carries where the person was going through the link, only to a path on this service", async () => {
    const going = await askAsBrowser(SCHOOL_EMAIL, "/my-training");
    expect(going.query).toBe("?redirectTo=%2Fmy-training");
    expect(((await open(going.token, going.cookie, going.query)) as { redirectTo?: string }).redirectTo).toBe(
      "/my-training",
    );
    const res = (await press(going.token, going.cookie, "redirectTo=%2Fmy-training")) as Response;
    expect(res.headers.get("Location")).toBe("/my-training");

    const away = await askAsBrowser(SCHOOL_EMAIL, "//evil.example/");
    expect(away.query).toBe("");
    // Another site's address in the link or the form was put there on the way: refused, the link left unused.
    expect(((await open(away.token, away.cookie, "?redirectTo=https://evil.example/")) as Response).status).toBe(400);
    const off = (await press(away.token, away.cookie, "redirectTo=https%3A%2F%2Fevil.example%2F")) as Response;
    expect(off.status).toBe(400);
    expect((await linkRow(away.token))?.usedAt).toBeNull();
    expect(((await press(away.token, away.cookie)) as Response).headers.get("Location")).toBe("/");
  });

  it("only the newest link works", async () => {
    const first = await askAsBrowser();
    const second = await askAsBrowser();
    expect(((await press(first.token, first.cookie)) as Answer).data).toEqual({ dead: "used" });
    expect(((await press(second.token, second.cookie)) as Response).status).toBe(302);
  });

  it("refuses another browser (another cookie, or none) and leaves the link for the right one", async () => {
    const { cookie, token } = await askAsBrowser();
    const other = `${LINK_BINDING_COOKIE}=${"Z".repeat(43)}`;
    const noCookie = (await open(token, null)) as Answer;
    expect(noCookie.data).toEqual({ dead: "other-browser" });
    expect(noCookie.init?.status).toBe(403);
    for (const c of [other, null]) {
      const refused = (await press(token, c)) as Answer;
      expect(refused.data).toEqual({ dead: "other-browser" });
      expect(refused.init?.status).toBe(403);
    }
    expect((await linkRow(token))?.usedAt).toBeNull();
    expect(((await press(token, cookie)) as Response).status).toBe(302);
  });

  it("refuses a deactivated account's link, which stays unused", async () => {
    const { cookie, token } = await askAsBrowser();
    await t.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, schoolAccountId));
    const refused = (await press(token, cookie)) as Answer;
    expect(refused.data).toEqual({ dead: "not-allowed" });
    expect((await linkRow(token))?.usedAt).toBeNull();
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.sign-in"))).toHaveLength(0);
  });

  it("says a link never issued, or of the wrong shape, does not work (404)", async () => {
    for (const token of ["A".repeat(43), "short", "../../etc"]) {
      const page = (await open(token, null)) as Answer;
      expect(page.data).toEqual({ dead: "unknown" });
      expect(page.init?.status).toBe(404);
      expect(((await press(token, null)) as Answer).init?.status).toBe(404);
    }
  });
});
