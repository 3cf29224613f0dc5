import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { bookings, courseSessions } from "../../app/db/schema";
import { recordAuditEvent } from "../../app/domain/audit/record-event";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { addMonthsToDate, todayInLondon } from "../../app/lib/dates";
import { loader as myTrainingLoader } from "../../app/routes/my-training";
import { loader as personLoader } from "../../app/routes/people.$personId";
import Team, { loader as teamLoader } from "../../app/routes/team._index/route";
import { loader as csvLoader } from "../../app/routes/team[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";

vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
});

let t: TestDatabase;
const today = todayInLondon();
const ids = {} as {
  coordinator: string;
  manager: string;
  learner: string;
  managerPerson: number;
  learnerPerson: number;
  colleague: number;
  stranger: number;
  prevent: number;
  safeguarding: number;
  session: number;
};

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  const { db } = t;
  const council = await make.organisation(db, { kind: "council", name: "Council" });
  const housing = await make.organisation(db, { kind: "service", name: "Housing", parentId: council.id });
  const parks = await make.organisation(db, { kind: "service", name: "Parks", parentId: council.id });
  const awareness = await make.course(db, {
    title: "Prevent awareness e-learning",
    deliveryMode: "external_elearning",
    externalUrl: "https://example.test/prevent",
    validityMonths: 36,
  });
  const workshop = await make.course(db, {
    title: "Prevent workshop",
    deliveryMode: "face_to_face",
    validityMonths: 36,
  });
  const safeguarding = await make.course(db, {
    title: "Safeguarding adults",
    deliveryMode: "face_to_face",
    category: "safeguarding_adults",
    validityMonths: 24,
  });
  ids.prevent = await createRequirement(
    db,
    {
      name: "Prevent awareness",
      description: "Frontline staff hold Prevent awareness.",
      source: null,
      courseIds: [awareness.id, workshop.id],
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
  ids.safeguarding = await createRequirement(
    db,
    {
      name: "Safeguarding adults",
      description: "",
      source: null,
      courseIds: [safeguarding.id],
      audienceSectors: [],
      audienceOrganisationIds: [housing.id],
      audienceTags: [],
      audienceEmploymentTypes: [],
      dueWithinDays: 90,
      renewalMonths: null,
      reminderDays: 60,
    },
    null,
  );

  const boss = await make.person(db, { organisationId: housing.id, givenName: "Marcus", familyName: "Whitfield" });
  const learner = await make.person(db, {
    organisationId: housing.id,
    givenName: "Chloe",
    familyName: "Adebayo",
    lineManagerId: boss.id,
  });
  const colleague = await make.person(db, {
    organisationId: housing.id,
    givenName: "=cmd",
    familyName: "Smith",
    lineManagerId: boss.id,
  });
  const stranger = await make.person(db, { organisationId: parks.id, givenName: "Sam", familyName: "Park" });
  const coordinatorPerson = await make.person(db, {
    organisationId: parks.id,
    givenName: "Hannah",
    familyName: "Mercer",
  });
  ids.managerPerson = boss.id;
  ids.learnerPerson = learner.id;
  ids.colleague = colleague.id;
  ids.stranger = stranger.id;
  ids.coordinator = (await make.account(db, { personId: coordinatorPerson.id, roles: ["coordinator"] })).id;
  ids.manager = (await make.account(db, { personId: boss.id, roles: ["manager"] })).id;
  ids.learner = (await make.account(db, { personId: learner.id })).id;

  // Chloe: Prevent current (e-learning last year), safeguarding missing with a place booked on a session.
  const lastYear = addMonthsToDate(today, -12);
  await make.completion(db, {
    personId: learner.id,
    courseId: awareness.id,
    completedOn: lastYear,
    expiresOn: addMonthsToDate(lastYear, 36),
  });
  const startsAt = new Date(Date.now() + 20 * 86_400_000);
  const [booked] = await db
    .insert(courseSessions)
    .values({
      courseId: safeguarding.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      venue: "Town Hall",
      capacity: 10,
    })
    .returning();
  await db.insert(bookings).values({ personId: learner.id, sessionId: booked!.id, status: "booked" });
  // A workshop for those who still need Prevent awareness.
  const workshopStarts = new Date(Date.now() + 10 * 86_400_000);
  const [open] = await db
    .insert(courseSessions)
    .values({
      courseId: workshop.id,
      startsAt: workshopStarts,
      endsAt: new Date(workshopStarts.getTime() + 3_600_000),
      venue: "Library",
      capacity: 10,
    })
    .returning();
  ids.session = open!.id;
  // The colleague's Prevent awareness ran out long ago.
  await make.completion(db, {
    personId: colleague.id,
    courseId: workshop.id,
    completedOn: "2019-01-01",
    expiresOn: "2022-01-01",
  });
  await recordAuditEvent(db, {
    actorAccountId: ids.coordinator,
    action: "completion.record",
    entityType: "completion",
    entityId: 1,
    subjectPersonId: learner.id,
  });
});
afterAll(() => t.close());

describe("/team", () => {
  it("is refused to a learner", async () => {
    const request = await signedInRequest(t.db, ids.learner, "/team");
    expect(((await call(() => teamLoader({ request, params: {}, context: {} }))) as Response).status).toBe(403);
    const csv = await signedInRequest(t.db, ids.learner, "/team.csv");
    expect(((await call(() => csvLoader({ request: csv, params: {}, context: {} }))) as Response).status).toBe(403);
  });

  it("shows a manager their team only, with the summary and filters", async () => {
    const request = await signedInRequest(t.db, ids.manager, "/team");
    const page = (await teamLoader({ request, params: {}, context: {} })) as Awaited<ReturnType<typeof teamLoader>>;
    expect(page.matrix.rows.map((r) => r.name)).toEqual(["Chloe Adebayo", "=cmd Smith"]);
    expect(page.matrix.summary).toMatchObject({ people: 2, peopleCurrent: 0 });
    const chloe = page.matrix.rows[0]!;
    expect(chloe.cells[ids.prevent]!.status).toBe("current");
    expect(chloe.cells[ids.safeguarding]).toMatchObject({
      status: "missing",
      booked: { sessionId: expect.any(Number) },
    });
    expect(page.organisation).toBeNull();

    const filtered = await signedInRequest(
      t.db,
      ids.manager,
      `/team?status=expired&requirementId=${ids.prevent}&sort=status&page=abc`,
    );
    const only = (await teamLoader({ request: filtered, params: {}, context: {} })) as Awaited<
      ReturnType<typeof teamLoader>
    >;
    expect(only.query).toMatchObject({
      status: "expired",
      requirementId: ids.prevent,
      sort: "status",
      dir: "desc",
      page: 1,
    });
    expect(only.matrix.rows.map((r) => r.name)).toEqual(["=cmd Smith"]);
  });

  it("shows the last page for a page past the end (or too large to be a number), and says which people it shows", async () => {
    const load = async (path: string) =>
      (await teamLoader({
        request: await signedInRequest(t.db, ids.manager, path),
        params: {},
        context: {},
      })) as Awaited<ReturnType<typeof teamLoader>>;
    const first = await load("/team");
    for (const page of ["40", "2147483648", "1e99"]) {
      const past = await load(`/team?page=${page}`);
      expect([past.matrix.page, past.query.page, past.matrix.total, past.matrix.rows]).toEqual([
        1,
        1,
        2,
        first.matrix.rows,
      ]);
      const text = pageText(renderPage(Team, past));
      expect(text).toContain("Showing 1 to 2 of 2 people");
      expect(text).toContain("Chloe Adebayo");
    }
  });

  it("shows the coordinator everyone", async () => {
    const request = await signedInRequest(t.db, ids.coordinator, "/team?sort=organisation&dir=desc");
    const page = (await teamLoader({ request, params: {}, context: {} })) as Awaited<ReturnType<typeof teamLoader>>;
    expect(page.matrix.total).toBe(5);
    expect(page.matrix.rows[0]!.organisationName).toBe("Parks");
  });

  it("exports the team as CSV, one line per person and requirement, safe to open", async () => {
    const request = await signedInRequest(t.db, ids.manager, "/team.csv");
    const response = (await csvLoader({ request, params: {}, context: {} })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="team-training-${today}.csv"`);
    const lines = parse(await response.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(lines.map((l) => [l.Name, l.Requirement, l.Status])).toEqual([
      ["Chloe Adebayo", "Prevent awareness", "Current"],
      ["Chloe Adebayo", "Safeguarding adults", "Missing"],
      ["'=cmd Smith", "Prevent awareness", "Expired"],
      ["'=cmd Smith", "Safeguarding adults", "Missing"],
    ]);
    expect(lines[0]!["Course completed"]).toBe("Prevent awareness e-learning");
    expect(lines[1]!["Booked on a session on"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(lines[2]!["Due, expires or expired on"]).toBe("2022-01-01");

    const expired = await signedInRequest(t.db, ids.manager, "/team.csv?status=expired");
    const text = await ((await csvLoader({ request: expired, params: {}, context: {} })) as Response).text();
    expect(text.trim().split("\n")).toHaveLength(2);
  });
});

describe("/my-training", () => {
  it("lists my requirements with their status, date and next step", async () => {
    const request = await signedInRequest(t.db, ids.learner, "/my-training");
    const page = (await myTrainingLoader({ request, params: {}, context: {} })) as Awaited<
      ReturnType<typeof myTrainingLoader>
    >;
    expect(page.myRequirements.map((r) => [r.name, r.status])).toEqual([
      ["Prevent awareness", "current"],
      ["Safeguarding adults", "missing"],
    ]);
    expect(page.myRequirements[0]!.dueOn).toBe(addMonthsToDate(addMonthsToDate(today, -12), 36));
    expect(page.myRequirements[0]!.next).toBeNull();
    expect(page.myRequirements[1]!.booked).toMatchObject({ courseTitle: "Safeguarding adults" });
  });

  it("offers the soonest sessions and the e-learning to someone who needs it", async () => {
    const colleagueAccount = await make.account(t.db, { personId: ids.colleague });
    const request = await signedInRequest(t.db, colleagueAccount.id, "/my-training");
    const page = (await myTrainingLoader({ request, params: {}, context: {} })) as Awaited<
      ReturnType<typeof myTrainingLoader>
    >;
    const prevent = page.myRequirements.find((r) => r.name === "Prevent awareness")!;
    expect(prevent.status).toBe("expired");
    expect(prevent.next!.elearning).toEqual([
      {
        courseId: expect.any(Number),
        title: "Prevent awareness e-learning",
        externalUrl: "https://example.test/prevent",
        // Done on GOV.UK, not played here: the learner sends their certificate as evidence.
        hosted: false,
      },
    ]);
    expect(prevent.next!.sessions.map((s) => s.sessionId)).toEqual([ids.session]);
  });
});

describe("/people/:id", () => {
  it("shows the coordinator and the manager the requirements and the audit trail", async () => {
    for (const account of [ids.coordinator, ids.manager]) {
      const request = await signedInRequest(t.db, account, `/people/${ids.learnerPerson}`);
      const page = (await personLoader({
        request,
        params: { personId: String(ids.learnerPerson) },
        context: {},
      })) as Awaited<ReturnType<typeof personLoader>>;
      expect(page.compliance.map((r) => [r.name, r.status])).toEqual([
        ["Prevent awareness", "current"],
        ["Safeguarding adults", "missing"],
      ]);
      expect(page.audit!.changes.map((e) => e.action)).toEqual(["completion.record"]);
    }
  });

  it("shows a learner their own record without the audit trail, and nobody else's", async () => {
    const own = await signedInRequest(t.db, ids.learner, `/people/${ids.learnerPerson}`);
    const page = (await personLoader({
      request: own,
      params: { personId: String(ids.learnerPerson) },
      context: {},
    })) as Awaited<ReturnType<typeof personLoader>>;
    expect(page.compliance).toHaveLength(2);
    expect(page.audit).toBeNull();
    for (const other of [ids.colleague, ids.stranger, ids.managerPerson]) {
      const request = await signedInRequest(t.db, ids.learner, `/people/${other}`);
      expect(
        ((await call(() => personLoader({ request, params: { personId: String(other) }, context: {} }))) as Response)
          .status,
      ).toBe(404);
    }
  });

  it("keeps a manager out of records beyond their team", async () => {
    const request = await signedInRequest(t.db, ids.manager, `/people/${ids.stranger}`);
    expect(
      (
        (await call(() =>
          personLoader({ request, params: { personId: String(ids.stranger) }, context: {} }),
        )) as Response
      ).status,
    ).toBe(404);
  });
});
