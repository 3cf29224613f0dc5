import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts, auditEvents, authSessions, notifications, oneTimeLinks, organisations } from "../../app/db/schema";
import { invitePeople } from "../../app/domain/accounts/invite-people";
import { listInvitations } from "../../app/domain/accounts/list-invitations";
import { verifyPassword } from "../../app/auth/password.server";
import { PASSWORD_MESSAGES } from "../../app/auth/password-policy.server";
import * as acceptPage from "../../app/routes/invitation.$token";
import * as invitationsPage from "../../app/routes/people.invitations";
import * as personPage from "../../app/routes/people.$personId";
import { loader as searchLoader } from "../../app/routes/organisations.search";
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

const GOOD_PASSWORD = "tangerine lighthouse gravel";

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
}
function dataOf<T>(result: unknown): T {
  const value = result as { data?: T };
  return (value && typeof value === "object" && "data" in value ? value.data : result) as T;
}

/** A council with a service (Ann's manager and her team: Ann, Bob with no e-mail, Cat who left) and another service (Dan); a coordinator. */
async function world() {
  const { council, service, other, schools } = await make.councilAndSchool(t.db);
  const bossPerson = await make.person(t.db, { organisationId: service.id });
  const ann = await make.person(t.db, { organisationId: service.id, lineManagerId: bossPerson.id, givenName: "Ann" });
  const bob = await make.person(t.db, { organisationId: service.id, lineManagerId: bossPerson.id, email: null });
  const cat = await make.person(t.db, {
    organisationId: service.id,
    lineManagerId: bossPerson.id,
    leavingDate: "2021-01-01",
  });
  const dan = await make.person(t.db, { organisationId: other.id });
  const manager = await make.account(t.db, { personId: bossPerson.id, roles: ["manager"] });
  const coordinatorPerson = await make.person(t.db, { organisationId: council.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const learner = await make.account(t.db, { personId: dan.id });
  return { service, other, schools, bossPerson, ann, bob, cat, dan, manager, coordinator, learner };
}

async function invite(accountId: string, form: Record<string, string | string[]>) {
  const request = await signedInRequest(t.db, accountId, "/people/invitations", { form });
  return call(() => invitationsPage.action({ request, params: {}, context: {} }));
}

/** The link of the latest invitation message to a person, and its token. */
async function latestLink(personId: number) {
  const rows = await t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientPersonId, personId), eq(notifications.kind, "account.invitation")))
    .orderBy(sql`${notifications.id} desc`);
  const link = (rows[0]?.details as { link?: string } | undefined)?.link;
  if (!link) throw new Error("no invitation message");
  const token = new URL(link).pathname.split("/").pop()!;
  return { link, token, count: rows.length };
}

async function openPage(token: string) {
  const request = await signedInRequest(t.db, null, `/invitation/${token}`);
  return call(() => acceptPage.loader({ request, params: { token }, context: {} }));
}

async function accept(token: string, password: string) {
  const request = await signedInRequest(t.db, null, `/invitation/${token}`, { form: { password } });
  return call(() => acceptPage.action({ request, params: { token }, context: {} }));
}

describe("sending invitations", () => {
  it("invites one person from their page: a message with the link, the token kept only as its hash, audited", async () => {
    const w = await world();
    const answer = await invite(w.coordinator.id, {
      intent: "people",
      personId: String(w.ann.id),
      returnTo: `/people/${w.ann.id}`,
    });
    expect(statusOf(answer)).toBe(302);
    expect((answer as Response).headers.get("Location")).toBe(`/people/${w.ann.id}`);
    const { link, token } = await latestLink(w.ann.id);
    expect(link).toMatch(/^https?:\/\/[^/]+\/invitation\/[A-Za-z0-9_-]{43}$/);

    const [row] = await t.db.select().from(oneTimeLinks).where(eq(oneTimeLinks.personId, w.ann.id));
    expect(row).toMatchObject({ purpose: "invitation", createdByAccountId: w.coordinator.id, usedAt: null });
    expect(row!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(7 * 24 * 60 * 60 * 1000);
    // The token is nowhere in the database but the message that carries it.
    const holders = await queryRows<{ table_name: string }>(
      t.db,
      sql`select 'one_time_links' as table_name from one_time_links l where row_to_json(l)::text like ${`%${token}%`}
          union all select 'audit_events' from audit_events a where row_to_json(a)::text like ${`%${token}%`}`,
    );
    expect(holders).toEqual([]);

    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.invitation-sent"));
    expect(event).toMatchObject({ actorAccountId: w.coordinator.id, subjectPersonId: w.ann.id });

    // Their page says so, and offers to send it again.
    const page = dataOf<{ account: { hasAccount: boolean; invitation: { status: string } } }>(
      await personPage.loader({
        request: await signedInRequest(t.db, w.coordinator.id, `/people/${w.ann.id}`),
        params: { personId: String(w.ann.id) },
        context: {},
      }),
    );
    expect(page.account).toMatchObject({ hasAccount: false, invitation: { status: "pending" } });
  });

  it("re-sending ends the earlier link; the list shows it sent twice and pending", async () => {
    const w = await world();
    await invite(w.coordinator.id, { intent: "people", personId: String(w.ann.id) });
    const first = await latestLink(w.ann.id);
    await invite(w.coordinator.id, { intent: "people", personId: String(w.ann.id) });
    const second = await latestLink(w.ann.id);
    expect(second.token).not.toBe(first.token);
    expect(statusOf(await openPage(first.token))).toBe(404);
    expect(statusOf(await accept(first.token, GOOD_PASSWORD))).toBe(400);
    expect(statusOf(await openPage(second.token))).toBe(200);
    const resent = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.invitation-resent"));
    expect(resent).toHaveLength(1);
    const list = dataOf<{ invitations: Array<{ personId: number; status: string; timesSent: number }> }>(
      await invitationsPage.loader({
        request: await signedInRequest(t.db, w.coordinator.id, "/people/invitations"),
        params: {},
        context: {},
      }),
    );
    expect(list.invitations).toEqual([
      expect.objectContaining({ personId: w.ann.id, status: "pending", timesSent: 2 }),
    ]);
  });

  it("invites an organisation: everyone in it with an e-mail, no account and not gone; the others counted as left out", async () => {
    const w = await world();
    const answer = await invite(w.coordinator.id, { intent: "organisation", organisationId: String(w.service.id) });
    // Ann invited; the manager has an account; Bob has no e-mail; Cat left.
    expect((answer as Response).headers.get("Location")).toBe("/people/invitations?invited=1&resent=0&skipped=3");
    const invited = await t.db.select({ personId: oneTimeLinks.personId }).from(oneTimeLinks);
    expect(invited).toEqual([{ personId: w.ann.id }]);
    const none = await invite(w.coordinator.id, { intent: "organisation", organisationId: "" });
    expect(statusOf(none)).toBe(400);
    expect(dataOf<{ errors: Record<string, string> }>(none).errors.organisationId).toBe("Select an organisation");
  });

  it("a manager invites their team only: someone else's person is a 404, a list outside the team invites nobody", async () => {
    const w = await world();
    expect(statusOf(await invite(w.manager.id, { intent: "people", personId: String(w.dan.id) }))).toBe(404);
    const both = await invite(w.manager.id, { intent: "people", personId: [String(w.ann.id), String(w.dan.id)] });
    expect((both as Response).headers.get("Location")).toBe("/people/invitations?invited=1&resent=0&skipped=0");
    // A manager of reports only has no organisation to invite as a whole: another one is refused, nobody invited.
    const outside = await invite(w.manager.id, { intent: "organisation", organisationId: String(w.other.id) });
    expect(statusOf(outside)).toBe(400);
    expect(dataOf<{ errors: Record<string, string> }>(outside).errors.organisationId).toBe(
      "Select an organisation you can invite",
    );
    // The coordinator's invitation of Dan is not in the manager's list.
    await invite(w.coordinator.id, { intent: "people", personId: String(w.dan.id) });
    const list = await listInvitations(t.db, {
      kind: "some",
      selfPersonId: null,
      reportsTo: [w.bossPerson.id],
      organisationIds: [],
      sectors: [],
    });
    expect(list.map((i) => i.personId)).toEqual([w.ann.id]);
  });

  it("a learner may not invite (403)", async () => {
    const w = await world();
    expect(statusOf(await invite(w.learner.id, { intent: "people", personId: String(w.ann.id) }))).toBe(403);
    expect(await t.db.select().from(oneTimeLinks)).toEqual([]);
  });
});

type InvitationsPage = {
  canInviteOrganisations: boolean;
  organisation: { id: number; label: string } | null;
};
type Refused = {
  errors: Record<string, string>;
  organisation: { chosen: { id: number } | null; typed: string; matches: Array<{ id: number; label: string }> };
};

async function invitationsLoader(accountId: string, query = "") {
  const request = await signedInRequest(t.db, accountId, `/people/invitations${query}`);
  return call(() => invitationsPage.loader({ request, params: {}, context: {} }));
}

/** The names the page's organisation picker is offered (/organisations/search?for=invitations). */
async function search(accountId: string, q: string) {
  const request = await signedInRequest(
    t.db,
    accountId,
    `/organisations/search?for=invitations&q=${encodeURIComponent(q)}`,
  );
  const response = await call(() => searchLoader({ request, params: {}, context: {} }));
  if (!(response instanceof Response) || response.status !== 200) return statusOf(response);
  return ((await response.json()) as { organisations: Array<{ name: string }> }).organisations.map((o) => o.name);
}

const invitedIds = async () =>
  (await t.db.select({ personId: oneTimeLinks.personId }).from(oneTimeLinks)).map((r) => r.personId).sort();

describe("choosing the organisation to invite (the organisation picker)", () => {
  it("the page holds no list of organisations: the picker searches the coordinator's, a manager's grants' subtrees, nothing for a manager of reports only", async () => {
    const w = await world();
    const page = dataOf<InvitationsPage>(await invitationsLoader(w.coordinator.id));
    expect(page).toMatchObject({ canInviteOrganisations: true, organisation: null });
    expect(JSON.stringify(page)).not.toContain("Highways");
    expect(await search(w.coordinator.id, "high")).toEqual(["Highways"]);
    expect(await search(w.coordinator.id, "oak")).toEqual(["Oak Academy"]);

    const granted = await make.account(t.db, {
      personId: null,
      roles: ["manager"],
      managesOrganisationId: w.service.id,
    });
    expect(dataOf<InvitationsPage>(await invitationsLoader(granted.id)).canInviteOrganisations).toBe(true);
    expect(await search(granted.id, "adult")).toEqual(["Adult Social Care"]);
    expect(await search(granted.id, "high")).toEqual([]);
    expect(await search(granted.id, "northbridge")).toEqual([]);

    // Ann's line manager: no organisation to invite as a whole (as before), and the search offers none.
    expect(dataOf<InvitationsPage>(await invitationsLoader(w.manager.id)).canInviteOrganisations).toBe(false);
    expect(await search(w.manager.id, "adult")).toEqual([]);
    expect(await search(w.learner.id, "adult")).toBe(403);
  });

  it("a match's link chooses it on the page, within reach only", async () => {
    const w = await world();
    const page = dataOf<InvitationsPage>(await invitationsLoader(w.coordinator.id, `?organisationId=${w.other.id}`));
    expect(page.organisation).toEqual({ id: w.other.id, label: expect.stringContaining("Highways") });
    const granted = await make.account(t.db, {
      personId: null,
      roles: ["manager"],
      managesOrganisationId: w.service.id,
    });
    const outside = dataOf<InvitationsPage>(await invitationsLoader(granted.id, `?organisationId=${w.other.id}`));
    expect(outside.organisation).toBeNull();
    expect(statusOf(await invitationsLoader(w.coordinator.id, "?organisationId=nope"))).toBe(200);
  });

  it("with JavaScript: the suggestion chosen (its label and id) invites as the id alone did", async () => {
    const w = await world();
    const answer = await invite(w.coordinator.id, {
      intent: "organisation",
      organisation: "Adult Social Care (Northbridge Council)",
      organisationId: String(w.service.id),
    });
    expect((answer as Response).headers.get("Location")).toBe("/people/invitations?invited=1&resent=0&skipped=3");
    expect(await invitedIds()).toEqual([w.ann.id]);
    const sent = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.invitation-sent"));
    expect(sent).toEqual([expect.objectContaining({ actorAccountId: w.coordinator.id, subjectPersonId: w.ann.id })]);
  });

  it("without JavaScript: words matching one organisation invite it; several come back as choices, none or nothing as errors, nobody invited", async () => {
    const w = await world();
    const several = await invite(w.coordinator.id, { intent: "organisation", organisation: "a", organisationId: "" });
    expect(statusOf(several)).toBe(400);
    const refused = dataOf<Refused>(several);
    expect(refused.errors.organisationId).toMatch(/^More than one organisation matches “a”/);
    expect(refused.organisation.typed).toBe("a");
    expect(refused.organisation.matches.map((m) => m.id)).toEqual(expect.arrayContaining([w.service.id, w.other.id]));

    const none = await invite(w.coordinator.id, { intent: "organisation", organisation: "zebra", organisationId: "" });
    expect(statusOf(none)).toBe(400);
    expect(dataOf<Refused>(none).errors.organisationId).toBe("No organisation you can choose matches “zebra”");
    const empty = await invite(w.coordinator.id, { intent: "organisation", organisation: " ", organisationId: "" });
    expect(dataOf<Refused>(empty).errors.organisationId).toBe("Select an organisation");
    expect(await invitedIds()).toEqual([]);

    // Words typed over an earlier choice win over its id.
    const one = await invite(w.coordinator.id, {
      intent: "organisation",
      organisation: "adult social",
      organisationId: String(w.other.id),
    });
    expect((one as Response).headers.get("Location")).toBe("/people/invitations?invited=1&resent=0&skipped=3");
    expect(await invitedIds()).toEqual([w.ann.id]);
  });

  it("a manager's words or id outside their grants are refused, not searched beyond them", async () => {
    const w = await world();
    const granted = await make.account(t.db, {
      personId: null,
      roles: ["manager"],
      managesOrganisationId: w.service.id,
    });
    const typed = await invite(granted.id, { intent: "organisation", organisation: "highways", organisationId: "" });
    expect(dataOf<Refused>(typed).errors.organisationId).toBe("No organisation you can choose matches “highways”");
    const id = await invite(granted.id, { intent: "organisation", organisationId: String(w.other.id) });
    expect(dataOf<Refused>(id).errors.organisationId).toBe("Select an organisation you can invite");
    expect(await invitedIds()).toEqual([]);
    const own = await invite(granted.id, { intent: "organisation", organisation: "adult", organisationId: "" });
    expect((own as Response).headers.get("Location")).toBe("/people/invitations?invited=1&resent=0&skipped=3");
  });
});

describe("a closed school or organisation", () => {
  /** Oak Primary School, closed on 31 August 2026 (its successor Oak Academy open), with a teacher who has an e-mail and no account. */
  async function closedSchool() {
    const w = await world();
    const closed = await make.organisation(t.db, {
      kind: "school",
      name: "Oak Primary School",
      parentId: w.schools.id,
      urn: 100001,
    });
    await t.db.update(organisations).set({ closedOn: "2026-08-31" }).where(eq(organisations.id, closed.id));
    const teacher = await make.person(t.db, { organisationId: closed.id });
    return { ...w, closed, teacher };
  }

  it("is not suggested by the invitations page's picker; My team's filter, the person form and the certificates still offer it", async () => {
    const w = await closedSchool();
    expect(await search(w.coordinator.id, "oak")).toEqual(["Oak Academy"]);
    for (const purpose of ["team", "person-form", "certificates"]) {
      const request = await signedInRequest(t.db, w.coordinator.id, `/organisations/search?for=${purpose}&q=oak`);
      const response = (await call(() => searchLoader({ request, params: {}, context: {} }))) as Response;
      const names = ((await response.json()) as { organisations: Array<{ name: string }> }).organisations;
      expect(names.map((o) => o.name).sort(), purpose).toEqual(["Oak Academy", "Oak Primary School"]);
    }
  });

  it("is refused when chosen by its id or its label (400, the reason on the picker), and not matched by words; nobody is invited", async () => {
    const w = await closedSchool();
    const byId = await invite(w.coordinator.id, { intent: "organisation", organisationId: String(w.closed.id) });
    expect(statusOf(byId)).toBe(400);
    expect(dataOf<Refused>(byId).errors).toEqual({
      organisationId: "Oak Primary School closed on 31 August 2026: choose an organisation or school that is open",
    });

    // A link to it (?organisationId=) shows it chosen; sending it is refused with the same message, the choice kept.
    const linked = dataOf<InvitationsPage>(await invitationsLoader(w.coordinator.id, `?organisationId=${w.closed.id}`));
    const chosen = await invite(w.coordinator.id, {
      intent: "organisation",
      organisation: (linked.organisation as { label: string }).label,
      organisationId: String(w.closed.id),
    });
    expect(statusOf(chosen)).toBe(400);
    expect(dataOf<Refused>(chosen).errors.organisationId).toMatch(/^Oak Primary School closed on 31 August 2026/);
    expect(dataOf<Refused>(chosen).organisation.chosen).toEqual(expect.objectContaining({ id: w.closed.id }));

    const words = await invite(w.coordinator.id, { intent: "organisation", organisation: "oak primary" });
    expect(statusOf(words)).toBe(400);
    expect(dataOf<Refused>(words).errors.organisationId).toBe("No organisation you can choose matches “oak primary”");
    expect(await invitedIds()).toEqual([]);

    // Its successor, open, is invited as before.
    const open = await invite(w.coordinator.id, { intent: "organisation", organisation: "oak" });
    expect((open as Response).headers.get("Location")).toBe("/people/invitations?invited=0&resent=0&skipped=0");
  });
});

describe("accepting an invitation", () => {
  it("shows the person's name and e-mail, refuses a weak password with its message, then creates the account and signs in", async () => {
    const w = await world();
    await invite(w.coordinator.id, { intent: "people", personId: String(w.ann.id) });
    const { token } = await latestLink(w.ann.id);
    const page = dataOf<{ person: { name: string; email: string } }>(await openPage(token));
    expect(page.person).toEqual({ name: `Ann ${w.ann.familyName}`, email: w.ann.email });

    const short = await accept(token, "too short");
    expect(statusOf(short)).toBe(400);
    expect(dataOf<{ errors: Record<string, string> }>(short).errors).toEqual({ password: PASSWORD_MESSAGES.tooShort });
    const common = await accept(token, "password1234");
    expect(dataOf<{ errors: Record<string, string> }>(common).errors).toEqual({ password: PASSWORD_MESSAGES.common });
    const email = await accept(token, w.ann.email!.toUpperCase());
    expect(dataOf<{ errors: Record<string, string> }>(email).errors).toEqual({ password: PASSWORD_MESSAGES.email });
    // A refused password leaves the link working.
    expect(statusOf(await openPage(token))).toBe(200);

    const done = (await accept(token, GOOD_PASSWORD)) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/");
    expect(done.headers.get("Set-Cookie")).toMatch(/^ptt_session=/);
    const [account] = await t.db.select().from(accounts).where(eq(accounts.personId, w.ann.id));
    expect(account).toMatchObject({ email: w.ann.email, displayName: `Ann ${w.ann.familyName}` });
    expect(await verifyPassword(account!.passwordHash, GOOD_PASSWORD)).toBe(true);
    expect(await t.db.select().from(authSessions).where(eq(authSessions.userId, account!.id))).toHaveLength(1);
    const [created] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.created"));
    expect(created).toMatchObject({ actorAccountId: account!.id, subjectPersonId: w.ann.id });

    // Single use: the page and the form no longer work, and the list shows it accepted.
    expect(statusOf(await openPage(token))).toBe(404);
    expect(statusOf(await accept(token, "another long passphrase"))).toBe(400);
    expect(await t.db.select().from(accounts).where(eq(accounts.personId, w.ann.id))).toHaveLength(1);
    const [row] = await listInvitations(t.db, { kind: "all" });
    expect(row).toMatchObject({ personId: w.ann.id, status: "accepted" });
  });

  it("expires after 7 days", async () => {
    const w = await world();
    const sent = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000 - 1000);
    await invitePeople(t.db, {
      selection: { kind: "people", personIds: [w.ann.id] },
      scope: { kind: "all" },
      invitedBy: { accountId: w.coordinator.id, name: "Coordinator" },
      origin: "http://localhost:3000",
      today: "2026-12-01",
      now: sent,
    });
    const { token } = await latestLink(w.ann.id);
    expect(statusOf(await openPage(token))).toBe(404);
    expect(statusOf(await accept(token, GOOD_PASSWORD))).toBe(400);
    expect(await t.db.select().from(accounts).where(eq(accounts.personId, w.ann.id))).toEqual([]);
    const [row] = await listInvitations(t.db, { kind: "all" });
    expect(row).toMatchObject({ personId: w.ann.id, status: "expired" });
  });

  it("a token that was never sent, or not shaped like one, is a 404 page", async () => {
    expect(statusOf(await openPage("A".repeat(43)))).toBe(404);
    expect(statusOf(await openPage("nope"))).toBe(404);
    expect(statusOf(await accept("nope", GOOD_PASSWORD))).toBe(404);
  });
});
