/**
 * School leads and contract managers (issue 18, item 6): each keeps their own organisation's staff
 * list (add, change, mark as left, bring back) and sees, books and downloads for their own staff
 * only, through the real routes. The database refuses their grants without the school or company
 * they are for, and the education officer sees in the audit log what changed in schools.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, organisations, people, roleGrants } from "../../app/db/schema";
import { loader as auditLoader } from "../../app/routes/admin.audit";
import { loader as certificateLoader } from "../../app/routes/certificates.$file";
import * as editPage from "../../app/routes/people.$personId_.edit";
import * as leavePage from "../../app/routes/people.$personId_.leave";
import * as returnPage from "../../app/routes/people.$personId_.return";
import * as personPage from "../../app/routes/people.$personId";
import * as listPage from "../../app/routes/people._index";
import { loader as peopleCsvLoader } from "../../app/routes/people[.]csv";
import * as newPage from "../../app/routes/people.new";
import { loader as searchLoader } from "../../app/routes/organisations.search";
import { action as bookAction } from "../../app/routes/sessions.$sessionId._index";
import { navigationFor } from "../../app/auth/navigation";
import { getOptionalUser } from "../../app/auth/session.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { session as makeSession } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

/** Two schools and two contractor companies, each with staff; a lead for one school, a manager for one company. */
async function world() {
  const { council, service, schools, school } = await make.councilAndSchool(t.db, { urn: 400001 });
  const otherSchool = await make.organisation(t.db, {
    kind: "school",
    name: "Elm Primary",
    parentId: schools.id,
    urn: 400002,
  });
  const company = await make.organisation(t.db, { kind: "contractor", name: "Brightclean Ltd" });
  const companyTeam = await make.organisation(t.db, { kind: "team", name: "Night shift", parentId: company.id });
  const otherCompany = await make.organisation(t.db, { kind: "contractor", name: "Other Facilities Ltd" });
  const lead = await make.person(t.db, {
    organisationId: school.id,
    givenName: "Sally",
    familyName: "Lead",
    externalRef: "S1",
  });
  const teacher = await make.person(t.db, {
    organisationId: school.id,
    givenName: "Tess",
    familyName: "Teacher",
    externalRef: "S2",
  });
  const elsewhereTeacher = await make.person(t.db, {
    organisationId: otherSchool.id,
    givenName: "Ed",
    familyName: "Elsewhere",
    externalRef: "S3",
  });
  const councilPerson = await make.person(t.db, {
    organisationId: service.id,
    givenName: "Cath",
    familyName: "Council",
  });
  const contractsPerson = await make.person(t.db, {
    organisationId: company.id,
    givenName: "Connie",
    familyName: "Contracts",
  });
  const cleaner = await make.person(t.db, {
    organisationId: companyTeam.id,
    givenName: "Cal",
    familyName: "Cleaner",
    externalRef: "C1",
  });
  const otherCleaner = await make.person(t.db, {
    organisationId: otherCompany.id,
    givenName: "Oli",
    familyName: "Other",
  });
  const schoolLead = await make.account(t.db, { personId: lead.id, roles: ["school_lead"], looksAfter: school.id });
  const contractManager = await make.account(t.db, {
    personId: contractsPerson.id,
    roles: ["contract_manager"],
    looksAfter: company.id,
  });
  const officerPerson = await make.person(t.db, { organisationId: council.id });
  const officer = await make.account(t.db, { personId: officerPerson.id, roles: ["education_officer"] });
  const coordinatorPerson = await make.person(t.db, { organisationId: council.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  return {
    council,
    service,
    school,
    otherSchool,
    company,
    companyTeam,
    otherCompany,
    lead,
    teacher,
    elsewhereTeacher,
    councilPerson,
    contractsPerson,
    cleaner,
    otherCleaner,
    schoolLead,
    contractManager,
    officer,
    coordinator,
  };
}

type Handler = (args: LoaderFunctionArgs) => Promise<unknown>;

async function run(
  handler: Handler,
  accountId: string,
  path: string,
  params: Record<string, string> = {},
  form?: Record<string, string | string[]>,
) {
  const request = await signedInRequest(t.db, accountId, path, form ? { form } : {});
  return call(() => handler({ request, params, context: {} }));
}

/** The ids the person form's organisation search (/organisations/search?for=person-form) answers with. */
async function personFormSearch(accountId: string, q: string): Promise<number[]> {
  const response = (await run(searchLoader, accountId, `/organisations/search?for=person-form&q=${q}`)) as Response;
  const body = (await response.json()) as { organisations: Array<{ id: number }> };
  return body.organisations.map((o) => o.id);
}

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
}

function location(result: unknown): string | null {
  return result instanceof Response ? result.headers.get("Location") : null;
}

function formErrors(result: unknown): Record<string, string> {
  expect(statusOf(result), JSON.stringify(result)).toBe(400);
  return (result as { data: { errors: Record<string, string> } }).data.errors;
}

const NEW_STAFF = {
  givenName: "Nia",
  familyName: "Newstarter",
  email: "nia.newstarter@example.test",
  externalRef: "",
  jobTitle: "Teaching assistant",
  employmentType: "permanent",
  lineManager: "",
  "startDate-day": "1",
  "startDate-month": "9",
  "startDate-year": "2025",
  profileTags: ["school_staff"],
  otherTags: "",
};

function detailsOf(person: { givenName: string; familyName: string }, organisationId: number) {
  return {
    ...NEW_STAFF,
    email: "",
    givenName: person.givenName,
    familyName: person.familyName,
    organisationId: String(organisationId),
  };
}

describe("the database refuses a grant without the organisation it is for", () => {
  async function grant(role: "school_lead" | "contract_manager", organisationId: number | null, personId?: number) {
    const account = await make.account(t.db, { personId: null });
    return t.db.insert(roleGrants).values({ accountId: account.id, role, organisationId, personId: personId ?? null });
  }

  it("a school lead needs a school; a contract manager a contractor company (its root)", async () => {
    const w = await world();
    await expect(grant("school_lead", null)).rejects.toThrow();
    await expect(grant("school_lead", w.service.id)).rejects.toThrow();
    await expect(grant("school_lead", w.company.id)).rejects.toThrow();
    await expect(grant("school_lead", w.school.id, w.teacher.id)).rejects.toThrow();
    await expect(grant("contract_manager", null)).rejects.toThrow();
    await expect(grant("contract_manager", w.school.id)).rejects.toThrow();
    await expect(grant("contract_manager", w.companyTeam.id)).rejects.toThrow();
    await expect(grant("school_lead", w.otherSchool.id)).resolves.toBeDefined();
    await expect(grant("contract_manager", w.otherCompany.id)).resolves.toBeDefined();
  });

  it("a granted school or company cannot stop being one underneath its grant", async () => {
    const w = await world();
    await expect(
      t.db.update(organisations).set({ kind: "partner" }).where(eq(organisations.id, w.school.id)),
    ).rejects.toThrow();
    await expect(
      t.db.update(organisations).set({ parentId: w.otherCompany.id }).where(eq(organisations.id, w.company.id)),
    ).rejects.toThrow();
    // A school nobody leads may change.
    await t.db.update(organisations).set({ name: "Elm Primary School" }).where(eq(organisations.id, w.otherSchool.id));
  });
});

describe("a school lead keeps their school's staff list", () => {
  it("offers only their school, adds a member of staff to it (audited), and refuses another school", async () => {
    const w = await world();
    const page = (await run(newPage.loader, w.schoolLead.id, "/people/new")) as { ownStaffOnly: boolean };
    expect(page).toEqual({ ownStaffOnly: true });
    // The form's organisation search finds their school only, and words naming another find nothing.
    expect(await personFormSearch(w.schoolLead.id, "a")).toEqual([w.school.id]);
    expect(await personFormSearch(w.schoolLead.id, "elm")).toEqual([]);
    const typedElsewhere = await run(
      newPage.action,
      w.schoolLead.id,
      "/people/new",
      {},
      {
        ...NEW_STAFF,
        organisation: "Elm Primary",
        organisationId: "",
      },
    );
    expect(formErrors(typedElsewhere).organisationId).toBe("No organisation you can choose matches “Elm Primary”");

    const elsewhere = await run(
      newPage.action,
      w.schoolLead.id,
      "/people/new",
      {},
      {
        ...NEW_STAFF,
        organisationId: String(w.otherSchool.id),
      },
    );
    expect(formErrors(elsewhere).organisationId).toMatch(/only add people to your own staff/);
    expect(await t.db.select().from(people).where(eq(people.familyName, "Newstarter"))).toEqual([]);

    const added = await run(
      newPage.action,
      w.schoolLead.id,
      "/people/new",
      {},
      {
        ...NEW_STAFF,
        organisationId: String(w.school.id),
      },
    );
    const [nia] = await t.db.select().from(people).where(eq(people.familyName, "Newstarter"));
    expect(location(added)).toBe(`/people/${nia!.id}`);
    expect(nia!.organisationId).toBe(w.school.id);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "person.create"), eq(auditEvents.subjectPersonId, nia!.id)));
    expect(event!.actorAccountId).toBe(w.schoolLead.id);
  });

  it("changes a member of staff's details, but never moves them out of the school", async () => {
    const w = await world();
    const path = `/people/${w.teacher.id}/edit`;
    const params = { personId: String(w.teacher.id) };
    const loaded = (await run(editPage.loader, w.schoolLead.id, path, params)) as {
      organisation: { chosen: { id: number } | null };
      ownStaffOnly: boolean;
    };
    expect(loaded.organisation.chosen?.id).toBe(w.school.id);
    expect(JSON.stringify(loaded)).not.toContain("Elm Primary");
    expect(loaded.ownStaffOnly).toBe(true);

    const moved = await run(editPage.action, w.schoolLead.id, path, params, detailsOf(w.teacher, w.otherSchool.id));
    expect(formErrors(moved).organisationId).toMatch(/only move people within/);
    const [still] = await t.db.select().from(people).where(eq(people.id, w.teacher.id));
    expect(still!.organisationId).toBe(w.school.id);

    const renamed = await run(editPage.action, w.schoolLead.id, path, params, {
      ...detailsOf(w.teacher, w.school.id),
      jobTitle: "Head of year 7",
    });
    expect(location(renamed)).toBe(`/people/${w.teacher.id}`);
    const [after] = await t.db.select().from(people).where(eq(people.id, w.teacher.id));
    expect(after!.jobTitle).toBe("Head of year 7");
  });

  it("chooses line managers among their own staff only, and learns nothing of anyone else", async () => {
    const w = await world();
    const elsewhere = await run(
      newPage.action,
      w.schoolLead.id,
      "/people/new",
      {},
      {
        ...NEW_STAFF,
        organisationId: String(w.school.id),
        lineManager: "S3",
      },
    );
    // The same answer as for an employee number no one has.
    expect(formErrors(elsewhere).lineManager).toBe("No one has the employee number S3");
    const params = { personId: String(w.teacher.id) };
    const moved = await run(editPage.action, w.schoolLead.id, "/x", params, {
      ...detailsOf(w.teacher, w.school.id),
      lineManager: "C1",
    });
    expect(formErrors(moved).lineManager).toBe("No one has the employee number C1");

    const added = await run(
      newPage.action,
      w.schoolLead.id,
      "/people/new",
      {},
      {
        ...NEW_STAFF,
        organisationId: String(w.school.id),
        lineManager: "S1",
      },
    );
    expect(location(added)).toMatch(/^\/people\/\d+$/);
    const [nia] = await t.db.select().from(people).where(eq(people.familyName, "Newstarter"));
    expect(nia!.lineManagerId).toBe(w.lead.id);
  });

  it("marks a member of staff as left and brings them back; the page offers both", async () => {
    const w = await world();
    const params = { personId: String(w.teacher.id) };
    const record = (await run(personPage.loader, w.schoolLead.id, `/people/${w.teacher.id}`, params)) as {
      changes: { edit: boolean; manage: boolean };
    };
    expect(record.changes).toEqual({ edit: true, manage: true });
    expect(statusOf(await run(leavePage.loader, w.schoolLead.id, `/people/${w.teacher.id}/leave`, params))).toBe(200);
    const left = await run(leavePage.action, w.schoolLead.id, `/people/${w.teacher.id}/leave`, params, {
      "leavingDate-day": "31",
      "leavingDate-month": "8",
      "leavingDate-year": "2026",
    });
    expect(location(left)).toBe(`/people/${w.teacher.id}`);
    const [leaver] = await t.db.select().from(people).where(eq(people.id, w.teacher.id));
    expect(leaver!.leavingDate).toBe("2026-08-31");

    const back = await run(returnPage.action, w.schoolLead.id, `/people/${w.teacher.id}/return`, params, {});
    expect(location(back)).toBe(`/people/${w.teacher.id}`);
    const [returned] = await t.db.select().from(people).where(eq(people.id, w.teacher.id));
    expect(returned!.leavingDate).toBeNull();
    const actions = await t.db
      .select({ action: auditEvents.action, actor: auditEvents.actorAccountId })
      .from(auditEvents)
      .where(eq(auditEvents.subjectPersonId, w.teacher.id));
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: "person.leave", actor: w.schoolLead.id },
        { action: "person.return", actor: w.schoolLead.id },
      ]),
    );
  });

  it("gets a 404 for anyone outside the school, on every page that keeps the list, and changes nothing", async () => {
    const w = await world();
    for (const someone of [w.elsewhereTeacher, w.councilPerson, w.cleaner]) {
      const params = { personId: String(someone.id) };
      const form = detailsOf(someone, w.school.id);
      const leaving = { "leavingDate-day": "1", "leavingDate-month": "1", "leavingDate-year": "2026" };
      expect(statusOf(await run(editPage.loader, w.schoolLead.id, "/x", params))).toBe(404);
      expect(statusOf(await run(editPage.action, w.schoolLead.id, "/x", params, form))).toBe(404);
      expect(statusOf(await run(leavePage.loader, w.schoolLead.id, "/x", params))).toBe(404);
      expect(statusOf(await run(leavePage.action, w.schoolLead.id, "/x", params, leaving))).toBe(404);
      expect(statusOf(await run(returnPage.action, w.schoolLead.id, "/x", params, {}))).toBe(404);
      const [unchanged] = await t.db.select().from(people).where(eq(people.id, someone.id));
      expect(unchanged!.organisationId).toBe(someone.organisationId);
      expect(unchanged!.leavingDate).toBeNull();
    }
  });
});

describe("a school lead never sees another school's staff; a contract manager never another company's", () => {
  it("the people list and its export hold their own staff only", async () => {
    const w = await world();
    const list = (await run(listPage.loader, w.schoolLead.id, "/people")) as {
      rows: Array<{ id: number }>;
      canAdd: boolean;
    };
    expect(list.rows.map((r) => r.id).sort()).toEqual([w.lead.id, w.teacher.id].sort());
    expect(list.canAdd).toBe(true);
    const csv = (await run(peopleCsvLoader, w.schoolLead.id, "/people.csv")) as Response;
    const text = await csv.text();
    expect(text).toContain("Teacher");
    expect(text).not.toContain("Elsewhere");
    expect(text).not.toContain("Cleaner");

    const theirs = (await run(listPage.loader, w.contractManager.id, "/people")) as { rows: Array<{ id: number }> };
    expect(theirs.rows.map((r) => r.id).sort()).toEqual([w.contractsPerson.id, w.cleaner.id].sort());
    const theirCsv = await ((await run(peopleCsvLoader, w.contractManager.id, "/people.csv")) as Response).text();
    expect(theirCsv).toContain("Cleaner");
    expect(theirCsv).not.toContain("Other");
    expect(theirCsv).not.toContain("Teacher");
  });

  it("records, certificates and bookings: their own staff, a 404 for anyone else", async () => {
    const w = await world();
    const course = await make.course(t.db, { title: "Prevent awareness" });
    const session = await makeSession(t.db, { courseId: course.id, inDays: 20 });
    const cases: Array<[string, Array<{ id: number }>, Array<{ id: number }>]> = [
      [w.schoolLead.id, [w.teacher], [w.elsewhereTeacher, w.councilPerson, w.cleaner]],
      [w.contractManager.id, [w.cleaner], [w.otherCleaner, w.councilPerson, w.teacher]],
    ];
    for (const [accountId, own, others] of cases) {
      for (const someone of [...own, ...others]) {
        const mine = own.includes(someone);
        const want = mine ? 200 : 404;
        const params = { personId: String(someone.id) };
        expect(statusOf(await run(personPage.loader, accountId, `/people/${someone.id}`, params))).toBe(want);
        const completion = await make.completion(t.db, {
          personId: someone.id,
          courseId: course.id,
          completedOn: "2025-03-01",
        });
        const file = `${completion.id}.pdf`;
        const pdf = await run(certificateLoader, accountId, `/certificates/${file}`, { file });
        expect(statusOf(pdf)).toBe(want);
        if (pdf instanceof Response) await pdf.arrayBuffer();
        const booked = await run(
          bookAction,
          accountId,
          `/sessions/${session.id}`,
          { sessionId: String(session.id) },
          {
            intent: "book",
            personId: String(someone.id),
          },
        );
        expect(statusOf(booked) < 400).toBe(mine);
        if (!mine) expect(statusOf(booked)).toBe(404);
      }
    }
  });

  it("their navigation shows what they can use", async () => {
    const w = await world();
    const request = await signedInRequest(t.db, w.schoolLead.id, "/");
    const { user } = await getOptionalUser(request);
    expect(navigationFor(user).map((item) => item.text)).toEqual([
      "My training",
      "My bookings",
      "Courses",
      "My team",
      "Dashboard",
      "People",
      "Certificates",
    ]);
  });
});

describe("the audit log", () => {
  it("shows the education officer the changes to school staff's records, who made them, and nothing else", async () => {
    const w = await world();
    await run(
      editPage.action,
      w.schoolLead.id,
      "/x",
      { personId: String(w.teacher.id) },
      {
        ...detailsOf(w.teacher, w.school.id),
        jobTitle: "Deputy head",
      },
    );
    await run(
      editPage.action,
      w.coordinator.id,
      "/x",
      { personId: String(w.councilPerson.id) },
      {
        ...detailsOf(w.councilPerson, w.service.id),
        jobTitle: "Team leader",
      },
    );
    await run(personPage.loader, w.schoolLead.id, `/people/${w.teacher.id}`, { personId: String(w.teacher.id) });

    const seen = (await run(auditLoader, w.officer.id, "/admin/audit?kind=reads")) as {
      rows: Array<{ action: string; subjectPersonId: number | null; actorAccountId: string | null }>;
      schoolsOnly: boolean;
    };
    expect(seen.schoolsOnly).toBe(true);
    expect(seen.rows.map((r) => [r.action, r.subjectPersonId, r.actorAccountId])).toEqual([
      ["person.update", w.teacher.id, w.schoolLead.id],
    ]);

    const everything = (await run(auditLoader, w.coordinator.id, "/admin/audit")) as {
      rows: Array<{ action: string; subjectPersonId: number | null }>;
    };
    expect(everything.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["person.update", "person.viewed"]));
    expect(everything.rows.some((r) => r.subjectPersonId === w.councilPerson.id)).toBe(true);

    expect(statusOf(await run(auditLoader, w.schoolLead.id, "/admin/audit"))).toBe(403);
    expect(statusOf(await run(auditLoader, w.contractManager.id, "/admin/audit"))).toBe(403);
  });
});
