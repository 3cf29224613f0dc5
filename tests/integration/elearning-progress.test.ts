import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { elearningAttempts, elearningPackages } from "../../app/db/schema";
import { courseProgressPages } from "../../app/domain/elearning/progress/course-progress";
import * as coursePage from "../../app/routes/courses.$courseId";
import * as progressPage from "../../app/routes/courses.$courseId_.progress";
import * as progressCsv from "../../app/routes/courses.$courseId_.progress[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

/**
 * The progress of a hosted course: not started, in progress (an attempt), completed (a live
 * completion), with score, time spent and last activity, for the people in the viewer's scope only.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

let coordinator: string;
let manager: string;
let learner: string;
let courseId: number;
let faceToFaceId: number;
const people: Record<string, number> = {};

beforeEach(async () => {
  await t.reset();
  const council = await make.organisation(t.db, { kind: "council", name: "Northbridge Council" });
  const service = await make.organisation(t.db, { kind: "service", name: "Adult Social Care", parentId: council.id });
  const coordinatorPerson = await make.person(t.db, { organisationId: council.id });
  coordinator = (await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] })).id;
  const managerPerson = await make.person(t.db, {
    organisationId: service.id,
    givenName: "Mina",
    familyName: "Manager",
  });
  manager = (await make.account(t.db, { personId: managerPerson.id, roles: ["manager"] })).id;
  const team = { organisationId: service.id, lineManagerId: managerPerson.id };
  people.ada = (await make.person(t.db, { ...team, givenName: "Ada", familyName: "Able" })).id;
  people.ben = (await make.person(t.db, { ...team, givenName: "Ben", familyName: "Baker" })).id;
  people.cat = (await make.person(t.db, { ...team, givenName: "Cat", familyName: "Cole" })).id;
  people.dan = (
    await make.person(t.db, { ...team, givenName: "Dan", familyName: "Dale", leavingDate: "2021-01-01" })
  ).id;
  people.out = (await make.person(t.db, { organisationId: council.id, givenName: "Otto", familyName: "Outsider" })).id;
  learner = (await make.account(t.db, { personId: people.ada })).id;

  const course = await make.course(t.db, {
    deliveryMode: "hosted_elearning",
    title: "Prevent online",
    code: "PREV-ONL",
  });
  courseId = course.id;
  faceToFaceId = (await make.course(t.db, { deliveryMode: "face_to_face" })).id;
  const [pkg] = await t.db
    .insert(elearningPackages)
    .values({
      courseId,
      version: 1,
      scormVersion: "scorm_1_2",
      schemaVersion: "1.2",
      title: "Prevent online",
      launchPath: "index.html",
      fileName: "p.zip",
      checksum: "0".repeat(64),
      fileCount: 1,
      totalBytes: 10,
      uploadedByAccountId: coordinator,
    })
    .returning();
  // Ben is part-way: a failed first attempt and a second one under way.
  await t.db.insert(elearningAttempts).values([
    {
      personId: people.ben!,
      courseId,
      packageId: pkg!.id,
      attemptNumber: 1,
      lessonStatus: "failed",
      scoreRaw: "40",
      totalSeconds: 900,
      lastSavedAt: new Date("2026-12-01T10:00:00Z"),
      closedAt: new Date("2026-12-01T10:00:00Z"),
    },
    {
      personId: people.ben!,
      courseId,
      packageId: pkg!.id,
      attemptNumber: 2,
      lessonStatus: "incomplete",
      totalSeconds: 600,
      lastSavedAt: new Date("2026-12-03T10:00:00Z"),
    },
  ]);
  // Cat has completed it (an attempt and its completion); Otto too, outside the manager's team.
  const catCompletion = await make.completion(t.db, {
    personId: people.cat!,
    courseId,
    completedOn: "2026-12-02",
    source: "hosted_elearning",
  });
  await t.db.insert(elearningAttempts).values({
    personId: people.cat!,
    courseId,
    packageId: pkg!.id,
    attemptNumber: 1,
    lessonStatus: "passed",
    scoreRaw: "90",
    totalSeconds: 3900,
    lastSavedAt: new Date("2026-12-02T09:00:00Z"),
    completionId: catCompletion.id,
    completedAt: new Date("2026-12-02T09:00:00Z"),
    closedAt: new Date("2026-12-02T09:00:00Z"),
  });
  await make.completion(t.db, {
    personId: people.out!,
    courseId,
    completedOn: "2026-11-02",
    source: "hosted_elearning",
  });
});

type Page = Awaited<ReturnType<typeof progressPage.loader>>;

async function load(accountId: string, query = "", id = courseId) {
  const request = await signedInRequest(t.db, accountId, `/courses/${id}/progress${query}`);
  return call(() => progressPage.loader({ request, params: { courseId: String(id) }, context: {} }));
}

describe("the progress page", () => {
  it("shows the manager their team: not started, in progress with time over every attempt, completed with score", async () => {
    const page = (await load(manager)) as Page;
    expect(page.counts).toEqual({ not_started: 1, in_progress: 1, completed: 1 });
    expect(page.rows.map((r) => [r.name, r.status, r.score, r.timeSpent, r.attempts])).toEqual([
      ["Ben Baker", "in_progress", "40", "25 minutes", 2],
      ["Ada Able", "not_started", "", "", 0],
      ["Cat Cole", "completed", "90", "1 hour 5 minutes", 1],
    ]);
    expect(page.rows[0]!.lastActivityAt).toBe("2026-12-03T10:00:00.000Z");
    expect(page.rows[2]!.completedOn).toBe("2026-12-02");
  });

  it("filters by status and leaves out people who have left with nothing to show", async () => {
    const page = (await load(manager, "?status=not_started")) as Page;
    expect(page.rows.map((r) => r.name)).toEqual(["Ada Able"]);
  });

  it("shows the last page for a page past the end, or too large to be a number", async () => {
    const first = (await load(manager)) as Page;
    for (const page of ["40", "2147483648"]) {
      const past = (await load(manager, `?page=${page}`)) as Page;
      expect([past.page, past.pages, past.rows]).toEqual([1, 1, first.rows]);
    }
  });

  it("shows the coordinator everyone", async () => {
    const page = (await load(coordinator, "?status=completed")) as Page;
    expect(page.rows.map((r) => r.name)).toEqual(["Cat Cole", "Otto Outsider"]);
  });

  it("refuses a learner (403), and sends a course that is not hosted e-learning to its page", async () => {
    expect(((await load(learner)) as Response).status).toBe(403);
    const other = (await load(coordinator, "", faceToFaceId)) as Response;
    expect(other.status).toBe(302);
    expect(other.headers.get("Location")).toBe(`/courses/${faceToFaceId}`);
    expect(((await load(coordinator, "", 999_999)) as Response).status).toBe(404);
  });

  it("ignores an unreadable filter", async () => {
    const page = (await load(manager, "?status=everything&page=-3")) as Page;
    expect(page.status).toBeNull();
    expect(page.page).toBe(1);
  });

  it("gives the same rows as CSV", async () => {
    const request = await signedInRequest(t.db, manager, `/courses/${courseId}/progress.csv`);
    const response = (await call(() =>
      progressCsv.loader({ request, params: { courseId: String(courseId) }, context: {} }),
    )) as Response;
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="prev-onl-progress.csv"');
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      "Name,Email,Organisation,Status,Completed on,Attempts,Score,Time spent (minutes),Last activity",
    );
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 1).concat(l.split(",").slice(3)))).toEqual([
      ["Ben Baker", "In progress", "", "2", "40", "25", "2026-12-03T10:00:00.000Z"],
      ["Ada Able", "Not started", "", "0", "", "0", ""],
      ["Cat Cole", "Completed", "2026-12-02", "1", "90", "65", "2026-12-02T09:00:00.000Z"],
    ]);
  });

  it("reads the CSV's rows in growing batches, the same rows in the same order as in one", async () => {
    const query = { courseId, scope: { kind: "all" } as const, today: "2026-12-07" };
    const batches = [];
    for await (const batch of courseProgressPages(t.db, query, 1)) batches.push(batch);
    const inOne = [];
    for await (const batch of courseProgressPages(t.db, query, 1000)) inOne.push(batch);
    expect(inOne).toHaveLength(1);
    expect(inOne[0]!.length).toBeGreaterThan(3);
    // 1, 2, 4, ... until the rows run out.
    expect(batches.slice(0, 2).map((b) => b.length)).toEqual([1, 2]);
    expect(batches.flat()).toEqual(inOne[0]);
  });

  it("is linked from the course page for those who may see it", async () => {
    const asManager = await signedInRequest(t.db, manager, `/courses/${courseId}`);
    const managerView = await coursePage.loader({
      request: asManager,
      params: { courseId: String(courseId) },
      context: {},
    });
    expect(managerView.canViewProgress).toBe(true);
    const asLearner = await signedInRequest(t.db, learner, `/courses/${courseId}`);
    const learnerView = await coursePage.loader({
      request: asLearner,
      params: { courseId: String(courseId) },
      context: {},
    });
    expect(learnerView.canViewProgress).toBe(false);
  });
});
