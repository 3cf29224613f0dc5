/**
 * People by hand: adding a person, changing their details, moving them, marking a leaver and
 * bringing them back, through the routes' loaders and actions with real requests. Each check the
 * roster import makes is refused with its message on its field, each change is audited with
 * before and after, a manager changes only their own team and only where MANAGERS_MAY_EDIT_TEAM
 * allows, and a leaver leaves the kept coverage from their leaving day.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryOne } from "../../app/db/database";
import { auditEvents, people } from "../../app/db/schema";
import { DomainError } from "../../app/domain/errors";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import { coverageFigures } from "../../app/domain/kept-coverage/readers";
import { withUniqueFields } from "../../app/domain/people/person-changes";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { parseEnv } from "../../app/env.server";
import { addDaysToDate, todayInLondon } from "../../app/lib/dates";
import * as editPage from "../../app/routes/people.$personId_.edit";
import * as leavePage from "../../app/routes/people.$personId_.leave";
import * as returnPage from "../../app/routes/people.$personId_.return";
import * as personPage from "../../app/routes/people.$personId";
import * as listPage from "../../app/routes/people._index";
import * as newPage from "../../app/routes/people.new";
import { loader as searchLoader } from "../../app/routes/organisations.search";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";

// The council's setting, as the routes read it: each test says whether managers may edit their team.
vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
});

const setting = vi.hoisted(() => ({ managersMayEditTeam: false }));
vi.mock("../../app/env.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../app/env.server")>();
  return {
    ...original,
    env: () => ({ ...original.env(), MANAGERS_MAY_EDIT_TEAM: setting.managersMayEditTeam }),
  };
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  setting.managersMayEditTeam = false;
});

/** A service with a manager, their report and the report's report; someone elsewhere; a coordinator. */
async function world() {
  const { council, service, other, school } = await make.councilAndSchool(t.db);
  const boss = await make.person(t.db, {
    organisationId: service.id,
    givenName: "Mina",
    familyName: "Manager",
    externalRef: "E100",
    email: "mina.manager@example.test",
  });
  const member = await make.person(t.db, {
    organisationId: service.id,
    lineManagerId: boss.id,
    givenName: "Lee",
    familyName: "Member",
    externalRef: "E200",
    email: "lee.member@example.test",
    jobTitle: "Social worker",
    profileTags: ["frontline"],
    startDate: "2021-04-01",
  });
  const junior = await make.person(t.db, {
    organisationId: service.id,
    lineManagerId: member.id,
    givenName: "Jo",
    familyName: "Junior",
    externalRef: "E300",
  });
  const outsider = await make.person(t.db, {
    organisationId: other.id,
    givenName: "Otto",
    familyName: "Outsider",
    externalRef: "E400",
    email: "otto@example.test",
  });
  const coordinatorPerson = await make.person(t.db, { organisationId: council.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const manager = await make.account(t.db, { personId: boss.id, roles: ["manager"] });
  return { council, service, other, school, boss, member, junior, outsider, coordinator, manager };
}

type Handler = (args: LoaderFunctionArgs) => Promise<unknown>;

async function run(
  handler: Handler,
  accountId: string,
  path: string,
  params: Record<string, string>,
  form?: Record<string, string | string[]>,
) {
  const request = await signedInRequest(t.db, accountId, path, form ? { form } : {});
  return call(() => handler({ request, params, context: {} }));
}

/** The person form's organisation search as the picker calls it. */
async function search(accountId: string, q: string) {
  const request = await signedInRequest(
    t.db,
    accountId,
    `/organisations/search?for=person-form&q=${encodeURIComponent(q)}`,
  );
  const response = (await call(() => searchLoader({ request, params: {}, context: {} }))) as Response;
  expect(response.status).toBe(200);
  return (await response.json()) as { organisations: Array<{ id: number; label: string }> };
}

const labels = (body: { organisations: Array<{ label: string }> }) => body.organisations.map((o) => o.label);

/** A form's 400: the errors by field and the values kept. */
function formError(result: unknown) {
  const r = result as {
    init?: { status?: number };
    data?: { errors: Record<string, string>; values?: Record<string, unknown> };
  };
  expect(r.init?.status, JSON.stringify(result)).toBe(400);
  return r.data!;
}

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
}

function location(result: unknown): string | null {
  return result instanceof Response ? result.headers.get("Location") : null;
}

const NEW_PERSON = {
  givenName: "Asha",
  familyName: "Begum",
  email: "Asha.Begum@Example.test",
  externalRef: "00123",
  jobTitle: "Family support worker",
  employmentType: "fixed_term",
  lineManager: "E100",
  "startDate-day": "3",
  "startDate-month": "9",
  "startDate-year": "2024",
  profileTags: ["frontline"],
  otherTags: "Early help",
};

async function eventsFor(personId: number, action: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, String(personId))));
}

describe("the setting", () => {
  it("MANAGERS_MAY_EDIT_TEAM is false unless set to true", () => {
    expect(parseEnv({}).MANAGERS_MAY_EDIT_TEAM).toBe(false);
    expect(parseEnv({ MANAGERS_MAY_EDIT_TEAM: "" }).MANAGERS_MAY_EDIT_TEAM).toBe(false);
    expect(parseEnv({ MANAGERS_MAY_EDIT_TEAM: "true" }).MANAGERS_MAY_EDIT_TEAM).toBe(true);
    expect(() => parseEnv({ MANAGERS_MAY_EDIT_TEAM: "yes" })).toThrow(/MANAGERS_MAY_EDIT_TEAM/);
  });
});

describe("the people list", () => {
  it("shows its last page for a page past the end (or too large to be a number), and says which people it shows", async () => {
    const w = await world();
    // 30 more: 35 people, two pages of 25.
    for (let n = 1; n <= 30; n++) {
      await make.person(t.db, { organisationId: w.service.id, familyName: `Zed ${String(n).padStart(2, "0")}` });
    }
    const load = async (path: string) =>
      (await run(listPage.loader, w.coordinator.id, path, {})) as Awaited<ReturnType<typeof listPage.loader>>;
    const last = await load("/people?page=2");
    expect([last.page, last.total, last.rows.length]).toEqual([2, 35, 10]);
    for (const page of ["40", "2147483648", "1e99"]) {
      const past = await load(`/people?page=${page}`);
      expect([past.page, past.rows]).toEqual([2, last.rows]);
      const text = pageText(renderPage(listPage.default, past));
      expect(text).toContain("Showing 26 to 35 of 35 people");
      expect(text).toContain("Zed 30");
      expect(text).toMatch(/Previous page 1 2/);
      expect(text).not.toContain("Next");
    }
  });
});

describe("adding a person", () => {
  it("without JavaScript the organisation's words choose it; several matches come back as choices, and what was typed is kept", async () => {
    const w = await world();
    const add = (form: Record<string, string>) =>
      run(newPage.action, w.coordinator.id, "/people/new", {}, { ...NEW_PERSON, organisationId: "", ...form });

    // Several: the form again, with the words kept and the matches to choose from.
    const several = formError(await add({ organisation: "a" })) as ReturnType<typeof formError> & {
      organisation: { chosen: unknown; typed: string; matches: Array<{ id: number; label: string }> };
    };
    expect(several.errors.organisationId).toBe("More than one organisation matches “a”: choose one");
    expect(several.organisation.typed).toBe("a");
    expect(several.organisation.matches.map((m) => m.label)).toContain("Highways (Northbridge Council)");
    expect(formError(await add({ organisation: "nowhere at all" })).errors.organisationId).toBe(
      "No organisation you can choose matches “nowhere at all”",
    );

    // One of the matches chosen, or words matching one (over a stale id): that organisation.
    const chosen = await add({ organisation: "a", organisationChoice: String(w.other.id) });
    expect(statusOf(chosen)).toBe(302);
    const typed = await add({
      organisation: "highw",
      organisationId: String(w.service.id),
      externalRef: "00124",
      email: "",
    });
    expect(statusOf(typed)).toBe(302);
    const placed = await t.db
      .select({ organisationId: people.organisationId })
      .from(people)
      .where(eq(people.id, Number(location(typed)!.replace("/people/", ""))));
    expect(placed).toEqual([{ organisationId: w.other.id }]);
  });

  it("the coordinator adds one: leading zeros, tags and manager kept, audited with what was added", async () => {
    const w = await world();
    const page = (await run(newPage.loader, w.coordinator.id, "/people/new", {})) as Awaited<
      ReturnType<typeof newPage.loader>
    >;
    // No organisation list: the picker searches (/organisations/search?for=person-form).
    expect(JSON.stringify(page)).not.toContain("Oak Academy");
    expect(labels(await search(w.coordinator.id, "oak"))).toEqual(["Oak Academy (Schools)"]);
    const result = await run(
      newPage.action,
      w.coordinator.id,
      "/people/new",
      {},
      {
        ...NEW_PERSON,
        organisationId: String(w.service.id),
      },
    );
    expect(statusOf(result)).toBe(302);
    const personId = Number(location(result)!.replace("/people/", ""));
    const [row] = await t.db.select().from(people).where(eq(people.id, personId));
    expect(row).toMatchObject({
      givenName: "Asha",
      email: "Asha.Begum@Example.test",
      externalRef: "00123",
      employmentType: "fixed_term",
      lineManagerId: w.boss.id,
      organisationId: w.service.id,
      startDate: "2024-09-03",
      leavingDate: null,
    });
    expect(row!.profileTags.sort()).toEqual(["early_help", "frontline"]);
    const [event] = await eventsFor(personId, "person.create");
    expect(event).toMatchObject({ actorAccountId: w.coordinator.id, subjectPersonId: personId, before: null });
    expect(event!.after).toMatchObject({ externalRef: "00123", lineManagerId: w.boss.id, startDate: "2024-09-03" });
  });

  it("refuses each broken rule with its message on its field, keeping what was typed", async () => {
    const w = await world();
    const base = { ...NEW_PERSON, organisationId: String(w.service.id) };
    const cases: Array<[Record<string, string | string[]>, string, RegExp]> = [
      [{ givenName: "" }, "givenName", /Enter their given name/],
      [{ familyName: '=HYPERLINK("http://x")' }, "familyName", /spreadsheet would run it as a formula/],
      [{ jobTitle: "@SUM(A1)" }, "jobTitle", /formula/],
      [{ email: "not-an-email" }, "email", /correct format/],
      [{ email: "LEE.MEMBER@example.test" }, "email", /already used by Lee Member \(employee number E200\)/],
      [{ externalRef: "E400" }, "externalRef", /employee number E400 is already used by Otto Outsider/],
      [{ "startDate-day": "31", "startDate-month": "2" }, "startDate", /real date/],
      [{ "startDate-day": "" }, "startDate", /must include a day/],
      [
        { "startDate-day": "", "startDate-month": "", "startDate-year": "" },
        "startDate",
        /Enter the date they started/,
      ],
      [{ lineManager: "E999" }, "lineManager", /No one has the employee number E999/],
      [{ lineManager: "nobody@example.test" }, "lineManager", /No one has the e-mail address/],
      [{ organisationId: "" }, "organisationId", /Select their organisation/],
      [{ organisationId: "999999" }, "organisationId", /Select their organisation/],
      [{ employmentType: "pirate" }, "employmentType", /Select their type of employment/],
      [{ profileTags: ["wizard"] }, "profileTags", /Select tags from the list/],
      [{ otherTags: "ok, not/ok" }, "otherTags", /is not a tag/],
    ];
    for (const [change, field, message] of cases) {
      const result = await run(newPage.action, w.coordinator.id, "/people/new", {}, { ...base, ...change });
      const body = formError(result);
      expect(body.errors[field], `${JSON.stringify(change)}: ${JSON.stringify(body.errors)}`).toMatch(message);
      expect(body.values?.givenName).toBe(change.givenName ?? "Asha");
    }
    // A leaver cannot be anyone's new line manager.
    await t.db.update(people).set({ leavingDate: "2025-01-31" }).where(eq(people.id, w.boss.id));
    const body = formError(await run(newPage.action, w.coordinator.id, "/people/new", {}, base));
    expect(body.errors.lineManager).toMatch(/Mina Manager left on 31 January 2025/);
    expect(await t.db.select().from(people).where(eq(people.givenName, "Asha"))).toEqual([]);
    expect(await eventsFor(0, "person.create")).toEqual([]);
  });

  it("a unique index that refuses a write (a race past the check) is a DomainError on the field, not a 500", async () => {
    const w = await world();
    const insert = (values: Partial<typeof people.$inferInsert>) =>
      withUniqueFields(() =>
        t.db.insert(people).values({
          organisationId: w.service.id,
          givenName: "A",
          familyName: "B",
          startDate: "2024-01-01",
          ...values,
        }),
      );
    await expect(insert({ email: "OTTO@example.test" })).rejects.toMatchObject({ field: "email", code: "email-taken" });
    await expect(insert({ externalRef: "E200" })).rejects.toMatchObject({ field: "externalRef" });
    await expect(insert({ externalRef: "E200" })).rejects.toBeInstanceOf(DomainError);
  });

  it("is the coordinator's: a manager is refused (403) even with the setting on, and the list offers the button only to them", async () => {
    const w = await world();
    setting.managersMayEditTeam = true;
    expect(statusOf(await run(newPage.loader, w.manager.id, "/people/new", {}))).toBe(403);
    const posted = await run(
      newPage.action,
      w.manager.id,
      "/people/new",
      {},
      { ...NEW_PERSON, organisationId: String(w.service.id) },
    );
    expect(statusOf(posted)).toBe(403);
    const asCoordinator = (await run(listPage.loader, w.coordinator.id, "/people", {})) as { canAdd: boolean };
    const asManager = (await run(listPage.loader, w.manager.id, "/people", {})) as { canAdd: boolean };
    expect([asCoordinator.canAdd, asManager.canAdd]).toEqual([true, false]);
  });
});

describe("changing and moving a person", () => {
  const params = (id: number) => ({ personId: String(id) });

  async function editForm(w: Awaited<ReturnType<typeof world>>, personId: number) {
    const page = (await run(
      editPage.loader,
      w.coordinator.id,
      `/people/${personId}/edit`,
      params(personId),
    )) as Awaited<ReturnType<typeof editPage.loader>>;
    return page.values as Record<string, string | string[]>;
  }

  it("shows the person as recorded, and saves a change of details audited as person.update (before and after)", async () => {
    const w = await world();
    const values = await editForm(w, w.member.id);
    expect(values).toMatchObject({
      givenName: "Lee",
      externalRef: "E200",
      lineManager: "E100",
      organisationId: String(w.service.id),
      "startDate-day": "1",
      "startDate-month": "4",
      "startDate-year": "2021",
      profileTags: ["frontline"],
    });
    const result = await run(editPage.action, w.coordinator.id, `/people/${w.member.id}/edit`, params(w.member.id), {
      ...values,
      jobTitle: "Senior social worker",
      email: "lee.m@example.test",
    });
    expect(location(result)).toBe(`/people/${w.member.id}`);
    const [update] = await eventsFor(w.member.id, "person.update");
    expect(update!.before).toMatchObject({ jobTitle: "Social worker", email: "lee.member@example.test" });
    expect(update!.after).toMatchObject({ jobTitle: "Senior social worker", email: "lee.m@example.test" });
    expect(await eventsFor(w.member.id, "person.move")).toEqual([]);
    // Saving again unchanged writes nothing.
    await run(
      editPage.action,
      w.coordinator.id,
      `/people/${w.member.id}/edit`,
      params(w.member.id),
      await editForm(w, w.member.id),
    );
    expect(await eventsFor(w.member.id, "person.update")).toHaveLength(1);
  });

  it("moves them to another organisation and manager, audited as person.move", async () => {
    const w = await world();
    const values = await editForm(w, w.member.id);
    const result = await run(editPage.action, w.coordinator.id, `/people/${w.member.id}/edit`, params(w.member.id), {
      ...values,
      organisationId: String(w.other.id),
      lineManager: "OTTO@example.test",
    });
    expect(statusOf(result)).toBe(302);
    const [move] = await eventsFor(w.member.id, "person.move");
    expect(move!.before).toMatchObject({ organisationId: w.service.id, lineManagerId: w.boss.id });
    expect(move!.after).toMatchObject({ organisationId: w.other.id, lineManagerId: w.outsider.id });
    expect(await eventsFor(w.member.id, "person.update")).toEqual([]);
  });

  it("refuses a line manager who would make a loop, an e-mail or number someone else has, and a start after leaving", async () => {
    const w = await world();
    const values = await editForm(w, w.boss.id);
    const edit = (change: Record<string, string>) =>
      run(editPage.action, w.coordinator.id, `/people/${w.boss.id}/edit`, params(w.boss.id), { ...values, ...change });
    expect(formError(await edit({ lineManager: "E300" })).errors.lineManager).toMatch(
      /Jo Junior reports to them \(through Lee Member\), so cannot be their line manager/,
    );
    expect(formError(await edit({ lineManager: "E200" })).errors.lineManager).toMatch(/Lee Member reports to them/);
    expect(formError(await edit({ lineManager: "E100" })).errors.lineManager).toMatch(
      /cannot be their own line manager/,
    );
    expect(formError(await edit({ email: "Otto@Example.test" })).errors.email).toMatch(/already used by Otto Outsider/);
    expect(formError(await edit({ externalRef: "E200" })).errors.externalRef).toMatch(/already used by Lee Member/);
    await t.db.update(people).set({ leavingDate: "2022-01-01" }).where(eq(people.id, w.boss.id));
    expect(formError(await edit({ "startDate-year": "2023" })).errors.startDate).toMatch(
      /They left on 1 January 2022: the start date must be the same as or before it/,
    );
    const [boss] = await t.db.select().from(people).where(eq(people.id, w.boss.id));
    expect(boss).toMatchObject({ lineManagerId: null, externalRef: "E100", email: "mina.manager@example.test" });
    expect(await eventsFor(w.boss.id, "person.update")).toEqual([]);
  });

  it("keeps a line manager who cannot be typed (no number or e-mail), and one who has left, when other details change", async () => {
    const w = await world();
    const unnamed = await make.person(t.db, { organisationId: w.service.id, givenName: "Una", email: null });
    const report = await make.person(t.db, { organisationId: w.service.id, lineManagerId: unnamed.id });
    const values = await editForm(w, report.id);
    expect(values).toMatchObject({ lineManager: "", keepLineManager: "yes" });
    const saved = await run(editPage.action, w.coordinator.id, `/people/${report.id}/edit`, params(report.id), {
      ...values,
      jobTitle: "Caretaker",
    });
    expect(statusOf(saved)).toBe(302);
    const [kept] = await t.db.select().from(people).where(eq(people.id, report.id));
    expect(kept).toMatchObject({ lineManagerId: unnamed.id, jobTitle: "Caretaker" });
    // Unticked, with no one typed: no line manager.
    const { keepLineManager: _, ...unticked } = values;
    await run(editPage.action, w.coordinator.id, `/people/${report.id}/edit`, params(report.id), {
      ...unticked,
      jobTitle: "Caretaker",
    });
    const [removed] = await t.db.select().from(people).where(eq(people.id, report.id));
    expect(removed!.lineManagerId).toBeNull();

    // Lee's manager Mina has left: saving Lee's other details keeps her, but no one new may get her.
    await t.db.update(people).set({ leavingDate: "2025-01-31" }).where(eq(people.id, w.boss.id));
    const lee = await editForm(w, w.member.id);
    const again = await run(editPage.action, w.coordinator.id, `/people/${w.member.id}/edit`, params(w.member.id), {
      ...lee,
      jobTitle: "Team lead",
    });
    expect(statusOf(again)).toBe(302);
    const refused = formError(
      await run(editPage.action, w.coordinator.id, `/people/${w.outsider.id}/edit`, params(w.outsider.id), {
        ...(await editForm(w, w.outsider.id)),
        lineManager: "E100",
      }),
    );
    expect(refused.errors.lineManager).toMatch(/Mina Manager left on 31 January 2025/);
  });

  it("a path id that is no one, or not an id, is a 404", async () => {
    const w = await world();
    expect(statusOf(await run(editPage.loader, w.coordinator.id, "/people/999999/edit", params(999999)))).toBe(404);
    expect(statusOf(await run(editPage.loader, w.coordinator.id, "/people/abc/edit", { personId: "abc" }))).toBe(404);
  });
});

describe("a manager changing their own team", () => {
  const params = (id: number) => ({ personId: String(id) });

  it("is refused (403) while the setting is off, even for their own team", async () => {
    const w = await world();
    expect(statusOf(await run(editPage.loader, w.manager.id, `/people/${w.member.id}/edit`, params(w.member.id)))).toBe(
      403,
    );
    const posted = await run(editPage.action, w.manager.id, `/people/${w.member.id}/edit`, params(w.member.id), {
      givenName: "Changed",
    });
    expect(statusOf(posted)).toBe(403);
    const person = (await run(personPage.loader, w.manager.id, `/people/${w.member.id}`, params(w.member.id))) as {
      changes: { edit: boolean; manage: boolean };
    };
    expect(person.changes).toEqual({ edit: false, manage: false });
  });

  it("with the setting on: changes details within the team; outside it a 404; cannot move people out of it", async () => {
    const w = await world();
    setting.managersMayEditTeam = true;
    const page = (await run(
      editPage.loader,
      w.manager.id,
      `/people/${w.junior.id}/edit`,
      params(w.junior.id),
    )) as Awaited<ReturnType<typeof editPage.loader>>;
    expect(page.teamOnly).toBe(true);
    // Only where the person is now is sent; their search finds nothing else (the manager's grant is over people, not organisations).
    expect(page.organisation).toEqual({
      chosen: { id: w.service.id, label: "Adult Social Care (Northbridge Council)" },
      typed: "",
      matches: [],
    });
    expect(JSON.stringify(page)).not.toContain("Highways");
    expect(labels(await search(w.manager.id, "a"))).toEqual([]);
    const values = page.values as Record<string, string | string[]>;
    const saved = await run(editPage.action, w.manager.id, `/people/${w.junior.id}/edit`, params(w.junior.id), {
      ...values,
      jobTitle: "Apprentice",
    });
    expect(statusOf(saved)).toBe(302);
    const [update] = await eventsFor(w.junior.id, "person.update");
    expect(update).toMatchObject({ actorAccountId: w.manager.id });
    expect(update!.after).toMatchObject({ jobTitle: "Apprentice" });

    // Within the team: from Lee to Mina herself.
    const within = await run(editPage.action, w.manager.id, `/people/${w.junior.id}/edit`, params(w.junior.id), {
      ...values,
      jobTitle: "Apprentice",
      lineManager: "E100",
    });
    expect(statusOf(within)).toBe(302);
    // Out of it: under Otto, in another organisation.
    const out = formError(
      await run(editPage.action, w.manager.id, `/people/${w.junior.id}/edit`, params(w.junior.id), {
        ...values,
        organisationId: String(w.other.id),
        lineManager: "E400",
      }),
    );
    expect(out.errors.lineManager).toMatch(/You can only move people within your team/);
    const [junior] = await t.db.select().from(people).where(eq(people.id, w.junior.id));
    expect(junior).toMatchObject({ lineManagerId: w.boss.id, organisationId: w.service.id });
    expect(await eventsFor(w.junior.id, "person.move")).toHaveLength(1);

    for (const someone of [w.outsider, w.boss]) {
      expect(statusOf(await run(editPage.loader, w.manager.id, `/people/${someone.id}/edit`, params(someone.id)))).toBe(
        404,
      );
      const posted = await run(editPage.action, w.manager.id, `/people/${someone.id}/edit`, params(someone.id), values);
      expect(statusOf(posted)).toBe(404);
    }
    // Leavers and returns stay the coordinator's.
    expect(
      statusOf(await run(leavePage.loader, w.manager.id, `/people/${w.junior.id}/leave`, params(w.junior.id))),
    ).toBe(403);
    expect(
      statusOf(await run(returnPage.action, w.manager.id, `/people/${w.junior.id}/return`, params(w.junior.id), {})),
    ).toBe(403);
    const person = (await run(personPage.loader, w.manager.id, `/people/${w.member.id}`, params(w.member.id))) as {
      changes: { edit: boolean; manage: boolean };
    };
    expect(person.changes).toEqual({ edit: true, manage: false });
  });
});

describe("leavers", () => {
  const params = (id: number) => ({ personId: String(id) });

  it("marks a leaver (audited), drops them from coverage from their leaving day, and brings them back after confirming", async () => {
    const w = await world();
    const course = await make.course(t.db, { title: "Prevent awareness", validityMonths: 36 });
    const requirementId = await createRequirement(
      t.db,
      {
        name: "Prevent awareness",
        description: "Everyone holds Prevent awareness.",
        source: "Prevent duty guidance",
        courseIds: [course.id],
        audienceSectors: ["council"],
        audienceOrganisationIds: [],
        audienceTags: [],
        audienceEmploymentTypes: [],
        dueWithinDays: 90,
        renewalMonths: 36,
        reminderDays: 60,
      },
      null,
    );
    await make.completion(t.db, { personId: w.member.id, courseId: course.id, completedOn: "2025-06-01" });
    const today = todayInLondon();
    const tomorrow = addDaysToDate(today, 1);
    const applicable = async (onDate: string) => {
      const figures = await coverageFigures(t.db, [onDate]);
      return figures
        .filter((f) => f.requirementId === requirementId)
        .reduce((n, f) => ({ applicable: n.applicable + f.applicable, current: n.current + f.current }), {
          applicable: 0,
          current: 0,
        });
    };
    const before = await applicable(today);

    const page = (await run(
      leavePage.loader,
      w.coordinator.id,
      `/people/${w.member.id}/leave`,
      params(w.member.id),
    )) as Awaited<ReturnType<typeof leavePage.loader>>;
    expect(page.person.leavingDate).toBeNull();
    // A leaving date before they started is refused, with the date kept.
    const early = formError(
      await run(leavePage.action, w.coordinator.id, `/people/${w.member.id}/leave`, params(w.member.id), {
        "leavingDate-day": "1",
        "leavingDate-month": "1",
        "leavingDate-year": "2020",
      }),
    );
    expect(early.errors.leavingDate).toMatch(/same as or after the date they started, 1 April 2021/);
    expect(early.values).toMatchObject({ "leavingDate-year": "2020" });
    const impossible = formError(
      await run(leavePage.action, w.coordinator.id, `/people/${w.member.id}/leave`, params(w.member.id), {
        "leavingDate-day": "30",
        "leavingDate-month": "2",
        "leavingDate-year": "2026",
      }),
    );
    expect(impossible.errors.leavingDate).toMatch(/real date/);

    // They leave tomorrow: counted today, not from tomorrow.
    const [y, m, d] = tomorrow.split("-");
    const left = await run(leavePage.action, w.coordinator.id, `/people/${w.member.id}/leave`, params(w.member.id), {
      "leavingDate-day": String(Number(d)),
      "leavingDate-month": String(Number(m)),
      "leavingDate-year": y!,
    });
    expect(location(left)).toBe(`/people/${w.member.id}`);
    const [leave] = await eventsFor(w.member.id, "person.leave");
    expect(leave!.before).toMatchObject({ leavingDate: null });
    expect(leave!.after).toMatchObject({ leavingDate: tomorrow });
    expect(await applicable(today)).toEqual(before);
    const fromTomorrow = await applicable(tomorrow);
    expect(fromTomorrow.applicable).toBe(before.applicable - 1);
    expect(fromTomorrow.current).toBe(before.current - 1);
    // The kept state agrees with the records.
    expect((await checkKeptCoverage(t.db, { today: tomorrow })).differences).toBe(0);
    // Their records are kept.
    const kept = await queryOne<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from completions where person_id = ${w.member.id}`,
    );
    expect(kept?.n).toBe(1);
    // Marking them again is refused on the form.
    const again = formError(
      await run(leavePage.action, w.coordinator.id, `/people/${w.member.id}/leave`, params(w.member.id), {
        "leavingDate-day": "1",
        "leavingDate-month": "1",
        "leavingDate-year": "2030",
      }),
    );
    expect(again.errors.form).toMatch(/already marked as leaving/);
    const person = (await run(personPage.loader, w.coordinator.id, `/people/${w.member.id}`, params(w.member.id))) as {
      changes: { edit: boolean; manage: boolean };
    };
    expect(person.changes).toEqual({ edit: true, manage: true });

    // Bringing back: the confirmation page, then the post.
    const confirm = (await run(
      returnPage.loader,
      w.coordinator.id,
      `/people/${w.member.id}/return`,
      params(w.member.id),
    )) as Awaited<ReturnType<typeof returnPage.loader>>;
    expect(confirm.person.leavingDate).toBe(tomorrow);
    const back = await run(
      returnPage.action,
      w.coordinator.id,
      `/people/${w.member.id}/return`,
      params(w.member.id),
      {},
    );
    expect(location(back)).toBe(`/people/${w.member.id}`);
    const [ret] = await eventsFor(w.member.id, "person.return");
    expect(ret!.before).toMatchObject({ leavingDate: tomorrow });
    expect(ret!.after).toMatchObject({ leavingDate: null });
    expect(await applicable(tomorrow)).toEqual(before);
    expect((await checkKeptCoverage(t.db, { today: tomorrow })).differences).toBe(0);
    const twice = formError(
      await run(returnPage.action, w.coordinator.id, `/people/${w.member.id}/return`, params(w.member.id), {}),
    );
    expect(twice.errors.form).toMatch(/Lee Member is not marked as a leaver/);
  });
});
