import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashSessionToken } from "../../app/auth/hashed-session-adapter.server";
import { startSession } from "../../app/auth/session.server";
import { codeFor, confirmSetUp, setUpDetails, twoStepEnabled } from "../../app/auth/two-step.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts, auditEvents, authSessions, roleGrants } from "../../app/db/schema";
import { recordAuditEvent } from "../../app/domain/audit/record-event";
import * as mySessions from "../../app/routes/account.sessions";
import * as accountPage from "../../app/routes/admin.accounts.$accountId._index";
import * as deactivatePage from "../../app/routes/admin.accounts.$accountId.deactivate";
import * as removePage from "../../app/routes/admin.accounts.$accountId.roles.$grantId.remove";
import * as accountsPage from "../../app/routes/admin.accounts._index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";

vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

async function world() {
  const { council, service, school } = await make.councilAndSchool(t.db);
  const company = await make.organisation(t.db, { kind: "contractor", name: "Brightclean Ltd" });
  const depot = await make.organisation(t.db, { kind: "contractor", name: "Brightclean North", parentId: company.id });
  const coordinatorPerson = await make.person(t.db, {
    organisationId: council.id,
    givenName: "Cora",
    familyName: "Ord",
  });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const targetPerson = await make.person(t.db, { organisationId: service.id, givenName: "Tara", familyName: "Target" });
  const target = await make.account(t.db, { personId: targetPerson.id, email: "tara.target@example.test" });
  const otherPerson = await make.person(t.db, { organisationId: service.id, givenName: "Olly", familyName: "Other" });
  const other = await make.account(t.db, { personId: otherPerson.id });
  return { council, service, school, company, depot, coordinator, target, targetPerson, other };
}

type Params = Record<string, string>;
type Handler = (args: { request: Request; params: Params; context: object }) => Promise<unknown>;
/** A route module: its loader and action take Remix's arguments, of which these use request and params. */
type Route = { loader?: unknown; action?: unknown };

async function post(route: Route, accountId: string, path: string, params: Params, form: Record<string, string>) {
  const request = await signedInRequest(t.db, accountId, path, { form });
  return call(() => (route.action as Handler)({ request, params, context: {} }));
}

async function get(route: Route, accountId: string | null, path: string, params: Params = {}, cookie?: string) {
  const request = await signedInRequest(t.db, accountId, path, cookie ? { headers: { Cookie: cookie } } : {});
  return call(() => (route.loader as Handler)({ request, params, context: {} }));
}

/** What a `data(...)` result carries, whether or not it was wrapped with a status. */
function body(result: unknown): { status: number; data: Record<string, unknown> } {
  if (result && typeof result === "object" && "type" in result && result.type === "DataWithResponseInit") {
    const r = result as unknown as { data: Record<string, unknown>; init: { status?: number } | null };
    return { status: r.init?.status ?? 200, data: r.data };
  }
  return { status: 200, data: result as Record<string, unknown> };
}

function location(result: unknown): string | null {
  return result instanceof Response ? result.headers.get("Location") : null;
}

async function grantsOf(accountId: string) {
  return t.db.select().from(roleGrants).where(eq(roleGrants.accountId, accountId)).orderBy(roleGrants.id);
}

async function auditOf(accountId: string, action: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, accountId), eq(auditEvents.action, action)))
    .orderBy(auditEvents.id);
}

const grant = (w: Awaited<ReturnType<typeof world>>, form: Record<string, string>) =>
  post(
    accountPage,
    w.coordinator.id,
    `/admin/accounts/${w.target.id}`,
    { accountId: w.target.id },
    {
      intent: "grant",
      ...form,
    },
  );

describe("granting and removing roles", () => {
  it("grants roles with their scope and audits each grant", async () => {
    const w = await world();
    expect(location(await grant(w, { role: "trainer" }))).toBe(`/admin/accounts/${w.target.id}?done=granted`);
    expect(location(await grant(w, { role: "school_lead", organisationId: String(w.school.id) }))).toContain(
      "done=granted",
    );
    expect(location(await grant(w, { role: "contract_manager", organisationId: String(w.company.id) }))).toContain(
      "done=granted",
    );
    expect(location(await grant(w, { role: "manager", managerScope: "reports" }))).toContain("done=granted");
    expect(
      location(await grant(w, { role: "manager", managerScope: "organisation", organisationId: String(w.service.id) })),
    ).toContain("done=granted");

    const grants = await grantsOf(w.target.id);
    expect(grants.map((g) => [g.role, g.personId, g.organisationId, g.grantedByAccountId])).toEqual([
      ["trainer", null, null, w.coordinator.id],
      ["school_lead", null, w.school.id, w.coordinator.id],
      ["contract_manager", null, w.company.id, w.coordinator.id],
      ["manager", w.targetPerson.id, null, w.coordinator.id],
      ["manager", null, w.service.id, w.coordinator.id],
    ]);
    const audited = await auditOf(w.target.id, "account.role-grant");
    expect(audited).toHaveLength(5);
    expect(audited[1]).toMatchObject({
      actorAccountId: w.coordinator.id,
      subjectPersonId: w.targetPerson.id,
      before: null,
      after: { role: "school_lead", organisationId: w.school.id, personId: null, grantId: grants[1]!.id },
    });

    // The page lists them with their scope.
    const page = body(
      await get(accountPage, w.coordinator.id, `/admin/accounts/${w.target.id}`, { accountId: w.target.id }),
    );
    expect((page.data.grants as Array<{ role: string; scope: string }>).map((g) => [g.role, g.scope])).toEqual([
      ["Trainer", ""],
      ["School lead", "Oak Academy"],
      ["Contract manager", "Brightclean Ltd"],
      ["Manager", "The reports of Tara Target"],
      ["Manager", "Everyone in Adult Social Care"],
    ]);
  });

  it("refuses the scopes the database refuses, and the ones a role needs, as form errors with the input kept", async () => {
    const w = await world();
    const cases: Array<[Record<string, string>, string]> = [
      [{ role: "school_lead", organisationId: String(w.service.id) }, "organisationId"],
      [{ role: "school_lead" }, "organisationId"],
      [{ role: "contract_manager", organisationId: String(w.depot.id) }, "organisationId"],
      [{ role: "contract_manager", organisationId: String(w.school.id) }, "organisationId"],
      [{ role: "manager" }, "managerScope"],
      [{ role: "manager", managerScope: "organisation" }, "organisationId"],
      [{ role: "learner" }, "role"],
      [{ role: "" }, "role"],
    ];
    for (const [form, field] of cases) {
      const result = body(await grant(w, form));
      expect(result.status, JSON.stringify(form)).toBe(400);
      expect(Object.keys(result.data.errors as object), JSON.stringify(form)).toContain(field);
      expect((result.data.values as Record<string, string>).role).toBe(form.role ?? "");
    }
    // The database's own refusal, past the form (drizzle/0017), reaches the form the same way.
    const refused = body(await grant(w, { role: "school_lead", organisationId: String(w.company.id) }));
    expect(refused.status).toBe(400);
    expect((refused.data.errors as Record<string, string>).organisationId).toMatch(/school/);
    expect(await grantsOf(w.target.id)).toEqual([]);
    expect(await auditOf(w.target.id, "account.role-grant")).toEqual([]);

    await grant(w, { role: "trainer" });
    const twice = body(await grant(w, { role: "trainer" }));
    expect(twice.status).toBe(400);
    expect((twice.data.errors as Record<string, string>).role).toMatch(/already/);
  });

  it("removes a role after confirming, audited with the grant before; a coordinator cannot remove their own", async () => {
    const w = await world();
    await grant(w, { role: "school_lead", organisationId: String(w.school.id) });
    const [g] = await grantsOf(w.target.id);
    const path = `/admin/accounts/${w.target.id}/roles/${g!.id}/remove`;
    const params = { accountId: w.target.id, grantId: String(g!.id) };
    const confirm = body(await get(removePage, w.coordinator.id, path, params));
    expect(confirm.data.grant).toMatchObject({ role: "School lead", scope: "Oak Academy" });

    expect(location(await post(removePage, w.coordinator.id, path, params, {}))).toBe(
      `/admin/accounts/${w.target.id}?done=removed`,
    );
    expect(await grantsOf(w.target.id)).toEqual([]);
    const [audited] = await auditOf(w.target.id, "account.role-remove");
    expect(audited).toMatchObject({
      actorAccountId: w.coordinator.id,
      before: { role: "school_lead", organisationId: w.school.id, grantId: g!.id },
      after: null,
    });
    // Gone now, and a grant of another account is no grant of this one: 404.
    expect((await post(removePage, w.coordinator.id, path, params, {})) as Response).toHaveProperty("status", 404);
    const [own] = await grantsOf(w.coordinator.id);
    const elsewhere = { accountId: w.target.id, grantId: String(own!.id) };
    expect(await get(removePage, w.coordinator.id, path, elsewhere)).toHaveProperty("status", 404);

    const ownPath = `/admin/accounts/${w.coordinator.id}/roles/${own!.id}/remove`;
    const ownParams = { accountId: w.coordinator.id, grantId: String(own!.id) };
    expect(body(await get(removePage, w.coordinator.id, ownPath, ownParams)).data.ownCoordinatorRole).toBe(true);
    expect(confirm.data.ownCoordinatorRole).toBe(false);
    const refused = body(
      await post(removePage, w.coordinator.id, ownPath, { accountId: w.coordinator.id, grantId: String(own!.id) }, {}),
    );
    expect(refused.status).toBe(400);
    expect(refused.data.error).toMatch(/cannot remove your own coordinator role/);
    expect(await grantsOf(w.coordinator.id)).toHaveLength(1);
  });
});

describe("deactivating and reactivating", () => {
  it("ends the account's sessions at once: a request with the old cookie is signed out; reactivating lets it back", async () => {
    const w = await world();
    const cookie = (await startSession(t.db, w.target.id)).split(";")[0]!;
    await startSession(t.db, w.target.id);
    // Signed in, before.
    expect(body(await get(mySessions, null, "/account/sessions", {}, cookie)).status).toBe(200);

    const path = `/admin/accounts/${w.target.id}/deactivate`;
    const params = { accountId: w.target.id };
    expect(body(await get(deactivatePage, w.coordinator.id, path, params)).data.own).toBe(false);
    expect(location(await post(deactivatePage, w.coordinator.id, path, params, {}))).toBe(
      `/admin/accounts/${w.target.id}?done=deactivated`,
    );
    expect(await t.db.select().from(authSessions).where(eq(authSessions.userId, w.target.id))).toEqual([]);
    const signedOut = await get(mySessions, null, "/account/sessions", {}, cookie);
    expect(location(signedOut)).toMatch(/^\/sign-in\?redirectTo=/);
    const [row] = await t.db.select().from(accounts).where(eq(accounts.id, w.target.id));
    expect(row!.disabledAt).toBeInstanceOf(Date);
    const [deactivated] = await auditOf(w.target.id, "account.deactivate");
    expect(deactivated).toMatchObject({
      actorAccountId: w.coordinator.id,
      before: { disabledAt: null, sessions: 2 },
      after: { sessions: 0 },
    });
    // The list shows it as deactivated.
    const list = body(await get(accountsPage, w.coordinator.id, "/admin/accounts?q=tara"));
    expect(list.data.accounts).toEqual([expect.objectContaining({ id: w.target.id, disabledAt: expect.any(String) })]);

    const reactivate = () =>
      post(accountPage, w.coordinator.id, `/admin/accounts/${w.target.id}`, params, { intent: "reactivate" });
    expect(location(await reactivate())).toBe(`/admin/accounts/${w.target.id}?done=reactivated`);
    const [back] = await t.db.select().from(accounts).where(eq(accounts.id, w.target.id));
    expect(back!.disabledAt).toBeNull();
    const [reactivated] = await auditOf(w.target.id, "account.reactivate");
    expect(reactivated).toMatchObject({
      actorAccountId: w.coordinator.id,
      before: { disabledAt: row!.disabledAt!.toISOString() },
      after: { disabledAt: null },
    });
    const twice = body(await reactivate());
    expect(twice.status).toBe(400);
    expect((twice.data.errors as Record<string, string>).form).toMatch(/already active/);
    // The old cookie stays ended; a new sign-in works.
    expect(location(await get(mySessions, null, "/account/sessions", {}, cookie))).toMatch(/^\/sign-in/);
    expect(body(await get(mySessions, w.target.id, "/account/sessions")).status).toBe(200);
  });

  it("does not let a coordinator deactivate themselves, and says so on the page", async () => {
    const w = await world();
    const path = `/admin/accounts/${w.coordinator.id}/deactivate`;
    const params = { accountId: w.coordinator.id };
    expect(body(await get(deactivatePage, w.coordinator.id, path, params)).data.own).toBe(true);
    const refused = body(await post(deactivatePage, w.coordinator.id, path, params, {}));
    expect(refused.status).toBe(400);
    expect(refused.data.error).toMatch(/cannot deactivate your own account/);
    const [row] = await t.db.select().from(accounts).where(eq(accounts.id, w.coordinator.id));
    expect(row!.disabledAt).toBeNull();
    expect(await auditOf(w.coordinator.id, "account.deactivate")).toEqual([]);
  });
});

async function sessionIds(accountId: string) {
  return (await t.db.select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, accountId))).map(
    (s) => s.id,
  );
}

describe("sessions and sign-ins", () => {
  it("lets a person end another of their sessions and all the others, never someone else's (404)", async () => {
    const w = await world();
    const phone = (await startSession(t.db, w.target.id)).split(";")[0]!;
    const laptop = (await startSession(t.db, w.target.id)).split(";")[0]!;
    const tablet = (await startSession(t.db, w.target.id)).split(";")[0]!;
    const idOf = (cookie: string) => hashSessionToken(cookie.split("=")[1]!);
    const otherCookie = (await startSession(t.db, w.other.id)).split(";")[0]!;

    const page = body(await get(mySessions, null, "/account/sessions", {}, laptop));
    const listed = page.data.sessions as Array<{ id: string; current: boolean }>;
    expect(listed).toHaveLength(3);
    expect(listed.filter((s) => s.current).map((s) => s.id)).toEqual([idOf(laptop)]);

    const postAs = async (cookie: string, form: Record<string, string>) =>
      call(async () =>
        mySessions.action({
          request: await signedInRequest(t.db, null, "/account/sessions", { headers: { Cookie: cookie }, form }),
          params: {},
          context: {},
        }),
      );
    // Someone else's session: not found, and it goes on.
    const refused = await postAs(laptop, { intent: "end-session", sessionId: idOf(otherCookie) });
    expect(refused).toHaveProperty("status", 404);
    expect(await sessionIds(w.other.id)).toEqual([idOf(otherCookie)]);
    // A session id that is not one: a 400.
    expect(body(await postAs(laptop, { intent: "end-session", sessionId: "not-a-session" })).status).toBe(400);

    expect(location(await postAs(laptop, { intent: "end-session", sessionId: idOf(phone) }))).toBe(
      "/account/sessions?done=ended",
    );
    expect((await sessionIds(w.target.id)).sort()).toEqual([idOf(laptop), idOf(tablet)].sort());
    expect(location(await get(mySessions, null, "/account/sessions", {}, phone))).toMatch(/^\/sign-in/);

    expect(location(await postAs(laptop, { intent: "end-others" }))).toBe("/account/sessions?done=others-ended");
    expect(await sessionIds(w.target.id)).toEqual([idOf(laptop)]);
    expect(await sessionIds(w.other.id)).toEqual([idOf(otherCookie)]);
    const audited = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, w.target.id))
      .orderBy(auditEvents.id);
    expect(audited.map((e) => [e.action, e.actorAccountId])).toEqual([
      ["account.session-end", w.target.id],
      ["account.sessions-end-others", w.target.id],
    ]);
    expect(audited[1]).toMatchObject({ before: { sessionsEnded: 1 }, after: { sessionsKept: 1 } });
  });

  it("shows the coordinator an account's recent sign-ins and sessions, and ends one or all of them", async () => {
    const w = await world();
    await recordAuditEvent(t.db, {
      actorAccountId: w.target.id,
      action: "account.sign-in",
      entityType: "account",
      entityId: w.target.id,
      after: { method: "sso", address: "192.0.2.7" },
    });
    await recordAuditEvent(t.db, {
      actorAccountId: w.target.id,
      action: "account.sign-in",
      entityType: "account",
      entityId: w.target.id,
    });
    const first = (await startSession(t.db, w.target.id)).split(";")[0]!;
    await startSession(t.db, w.target.id);
    const path = `/admin/accounts/${w.target.id}`;
    const params = { accountId: w.target.id };
    const page = body(await get(accountPage, w.coordinator.id, path, params));
    expect(
      (page.data.signIns as Array<{ method: string; address: string }>).map((s) => [s.method, s.address]).sort(),
    ).toEqual([
      ["Council single sign-on", "192.0.2.7"],
      ["Not recorded", "Not recorded"],
    ]);
    expect(page.data.sessions).toHaveLength(2);

    const firstId = hashSessionToken(first.split("=")[1]!);
    expect(
      location(await post(accountPage, w.coordinator.id, path, params, { intent: "end-session", sessionId: firstId })),
    ).toBe(`${path}?done=session-ended`);
    expect(await sessionIds(w.target.id)).toHaveLength(1);
    expect(location(await get(mySessions, null, "/account/sessions", {}, first))).toMatch(/^\/sign-in/);
    // The coordinator's own session is no session of this account.
    const [mine] = await sessionIds(w.coordinator.id);
    expect(
      await post(accountPage, w.coordinator.id, path, params, { intent: "end-session", sessionId: mine! }),
    ).toHaveProperty("status", 404);
    expect(location(await post(accountPage, w.coordinator.id, path, params, { intent: "end-all-sessions" }))).toBe(
      `${path}?done=sessions-ended`,
    );
    expect(await sessionIds(w.target.id)).toEqual([]);
    const ended = await auditOf(w.target.id, "account.sessions-end-all");
    expect(ended).toMatchObject([{ actorAccountId: w.coordinator.id, before: { sessionsEnded: 1 } }]);
  });

  it("finds accounts by name or e-mail, a page at a time, with their roles and status", async () => {
    const w = await world();
    await grant(w, { role: "trainer" });
    const found = body(await get(accountsPage, w.coordinator.id, "/admin/accounts?q=TARA.TARGET@"));
    expect(found.data).toMatchObject({ total: 1, accounts: [{ id: w.target.id, roles: "Trainer", disabledAt: null }] });
    const byPerson = body(await get(accountsPage, w.coordinator.id, "/admin/accounts?q=olly%20other"));
    expect(byPerson.data).toMatchObject({ total: 1, accounts: [{ id: w.other.id }] });
    for (let i = 0; i < 26; i++) await make.account(t.db, { personId: null, email: `bulk-${i}@example.test` });
    const all = body(await get(accountsPage, w.coordinator.id, "/admin/accounts?page=2"));
    expect(all.data.total).toBe(29);
    expect(all.data.accounts).toHaveLength(4);
    // A page past the end (or too large to be a number) shows the last page, not "There are no accounts."
    for (const page of ["40", "2147483648", "1e99"]) {
      const past = body(await get(accountsPage, w.coordinator.id, `/admin/accounts?page=${page}`));
      expect([past.data.page, past.data.total, past.data.accounts]).toEqual([2, 29, all.data.accounts]);
      const text = pageText(renderPage(accountsPage.default, past.data));
      expect(text).toContain("29 accounts");
      expect(text).not.toContain("There are no accounts.");
    }
    // A % is a character to find, not a pattern.
    expect(body(await get(accountsPage, w.coordinator.id, "/admin/accounts?q=%25")).data.total).toBe(0);
  });

  it("resets someone's two-step sign-in when they have lost their app: the app's codes stop working and their sessions end", async () => {
    const w = await world();
    const details = (await setUpDetails(t.db, w.target.id))!;
    const confirmed = await confirmSetUp(t.db, w.target.id, codeFor(details.secret));
    expect(confirmed.ok).toBe(true);
    const cookie = (await startSession(t.db, w.target.id)).split(";")[0]!;
    const path = `/admin/accounts/${w.target.id}`;
    expect(body(await get(accountPage, w.coordinator.id, path, { accountId: w.target.id })).data).toMatchObject({
      account: { twoStep: true },
    });
    const reset = await post(
      accountPage,
      w.coordinator.id,
      path,
      { accountId: w.target.id },
      { intent: "reset-two-step" },
    );
    expect(location(reset)).toBe(`${path}?done=two-step-reset`);
    expect(await twoStepEnabled(t.db, w.target.id)).toBe(false);
    expect(await t.db.select().from(authSessions).where(eq(authSessions.userId, w.target.id))).toEqual([]);
    const signedOut = await get(mySessions, null, "/account/sessions", {}, cookie);
    expect(location(signedOut)).toMatch(/^\/sign-in/);
    expect(await auditOf(w.target.id, "account.two-step-reset")).toEqual([
      expect.objectContaining({ actorAccountId: w.coordinator.id, before: { twoStep: true } }),
    ]);
  });
});
