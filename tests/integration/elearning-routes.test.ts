import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryOne, queryRows } from "../../app/db/database";
import { uploadPackage } from "../../app/domain/elearning/packages/upload-package";
import { action as playerAction, loader as playerLoader } from "../../app/routes/elearning.$courseId";
import { loader as courseLoader } from "../../app/routes/courses.$courseId";
import { action as saveAction } from "../../app/routes/elearning.attempts.$attemptId";
import { loader as contentLoader } from "../../app/routes/elearning.content.$packageId.$";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { buildScormPackage } from "../support/scorm-packages";
import { memoryStorage } from "../support/storage";

/**
 * The player's routes: the page that starts or resumes an attempt, the save endpoint (fetch's
 * JSON and sendBeacon's text/plain), and the package's files, served only to those with an
 * attempt on that version and to the coordinator.
 */
let t: TestDatabase;
const storage = memoryStorage();

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  provideFileStorageForTests(storage);
});
afterAll(() => t?.close());

let f: Awaited<ReturnType<typeof fixture>>;
beforeEach(async () => {
  await t.reset();
  f = await fixture();
});

const PAGE = '<!doctype html><html lang="en"><head><title>Lesson</title></head><body>Lesson</body></html>';

async function fixture() {
  const { council } = await make.councilAndSchool(t.db);
  const learner = await make.person(t.db, { organisationId: council.id });
  const learnerAccount = await make.account(t.db, { personId: learner.id, roles: ["learner"] });
  const other = await make.person(t.db, { organisationId: council.id });
  const otherAccount = await make.account(t.db, { personId: other.id, roles: ["learner"] });
  const coordinatorPerson = await make.person(t.db, { organisationId: council.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const course = await make.course(t.db, { deliveryMode: "hosted_elearning", elearningCompletesWhen: "completed" });
  const zip = await buildScormPackage({
    scorm: "1.2",
    launch: "lesson/index.html?page=1",
    files: { "lesson/index.html": PAGE, "lesson/style.css": "body{}", "lesson/my page.html": PAGE },
  });
  const { packageId } = await uploadPackage(t.db, storage, {
    courseId: course.id,
    fileName: "lesson.zip",
    bytes: zip,
    actorAccountId: coordinator.id,
    now: new Date(),
  });
  return { learner, learnerAccount, other, otherAccount, coordinator, course, packageId };
}

async function start(accountId: string, intent = "start") {
  const request = await signedInRequest(t.db, accountId, `/elearning/${f.course.id}`, { form: { intent } });
  return call(() => playerAction({ request, params: { courseId: String(f.course.id) }, context: {} }));
}

async function startedAttempt(): Promise<number> {
  const response = (await start(f.learnerAccount.id)) as Response;
  expect(response.status).toBe(302);
  const location = response.headers.get("Location")!;
  expect(location).toMatch(new RegExp(`^/elearning/${f.course.id}\\?attempt=\\d+$`));
  return Number(location.split("=")[1]);
}

async function post(accountId: string, attemptId: number | string, body: string, type: string) {
  const request = await signedInRequest(t.db, accountId, `/elearning/attempts/${attemptId}`, {
    method: "POST",
    headers: { "Content-Type": type },
    body,
  });
  return call(() => saveAction({ request, params: { attemptId: String(attemptId) }, context: {} }));
}

async function content(accountId: string, packageId: number, path: string) {
  const request = await signedInRequest(t.db, accountId, `/elearning/content/${packageId}/${path}`);
  return call(() => contentLoader({ request, params: { packageId: String(packageId), "*": path }, context: {} }));
}

const model = (status: string, location = "") =>
  JSON.stringify({ cmi: { core: { lesson_status: status, lesson_location: location, exit: "suspend" } } });

describe("the player page", () => {
  it("offers Start, opens an attempt, and hands the runtime its launch", async () => {
    const page = async (query = "") => {
      const request = await signedInRequest(t.db, f.learnerAccount.id, `/elearning/${f.course.id}${query}`);
      return playerLoader({ request, params: { courseId: String(f.course.id) }, context: {} });
    };
    expect(await page()).toMatchObject({ available: true, attempt: null, launch: null });
    const attemptId = await startedAttempt();
    const playing = await page(`?attempt=${attemptId}`);
    expect(playing.launch).toMatchObject({
      attemptId,
      scormVersion: "scorm_1_2",
      src: `/elearning/content/${f.packageId}/lesson/index.html?page=1`,
      saveUrl: `/elearning/attempts/${attemptId}`,
    });
    // Another attempt id in the address plays nothing.
    expect((await page("?attempt=999")).launch).toBeNull();
    // Start again pressed twice (two tabs) resumes the one attempt.
    expect(await startedAttempt()).toBe(attemptId);
  });

  it("sends a course that is not hosted e-learning to its own page", async () => {
    const faceToFace = await make.course(t.db, {});
    const request = await signedInRequest(t.db, f.learnerAccount.id, `/elearning/${faceToFace.id}`);
    const response = await call(() =>
      playerLoader({ request, params: { courseId: String(faceToFace.id) }, context: {} }),
    );
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toBe(`/courses/${faceToFace.id}`);
    // There is nothing to start there: a post is not found, whatever its body.
    const post = await signedInRequest(t.db, f.learnerAccount.id, `/elearning/${faceToFace.id}`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "intent=start",
    });
    const posted = await call(() =>
      playerAction({ request: post, params: { courseId: String(faceToFace.id) }, context: {} }),
    );
    expect((posted as Response).status).toBe(404);
  });
});

describe("the course page", () => {
  it("leads the learner to the player: Start, then Resume", async () => {
    const coursePage = async () => {
      const request = await signedInRequest(t.db, f.learnerAccount.id, `/courses/${f.course.id}`);
      return courseLoader({ request, params: { courseId: String(f.course.id) }, context: {} });
    };
    expect((await coursePage()).play).toEqual({ label: "Start the e-learning" });
    await startedAttempt();
    expect((await coursePage()).play).toEqual({ label: "Resume the e-learning" });
    const faceToFace = await make.course(t.db, {});
    const request = await signedInRequest(t.db, f.learnerAccount.id, `/courses/${faceToFace.id}`);
    expect((await courseLoader({ request, params: { courseId: String(faceToFace.id) }, context: {} })).play).toBeNull();
  });
});

describe("the save endpoint", () => {
  it("takes fetch's JSON and sendBeacon's text/plain, and records one completion however often it is sent", async () => {
    const attemptId = await startedAttempt();
    const saved = await post(f.learnerAccount.id, attemptId, model("incomplete", "p2"), "application/json");
    expect(saved).toBeInstanceOf(Response);
    expect((saved as Response).status).toBe(200);
    expect(await (saved as Response).json()).toEqual({ saved: true, outcome: "in_progress", completionId: null });

    const beacon = (await post(
      f.learnerAccount.id,
      attemptId,
      model("completed", "p9"),
      "text/plain;charset=UTF-8",
    )) as Response;
    expect(beacon.status).toBe(200);
    const first = await beacon.json();
    expect(first).toMatchObject({ saved: true, outcome: "met" });
    const again = (await post(
      f.learnerAccount.id,
      attemptId,
      model("completed", "p9"),
      "application/json",
    )) as Response;
    expect(await again.json()).toEqual({ saved: false, outcome: "met", completionId: first.completionId });
    const completions = await queryRows<{ source: string }>(
      t.db,
      sql`select source::text as source from completions where person_id = ${f.learner.id}`,
    );
    expect(completions).toEqual([{ source: "hosted_elearning" }]);
  });

  it("refuses bodies that are not the runtime's model, and another person's attempt", async () => {
    const attemptId = await startedAttempt();
    const status = async (
      body: string,
      type: string,
      accountId = f.learnerAccount.id,
      id: number | string = attemptId,
    ) => ((await post(accountId, id, body, type)) as Response).status;
    expect(await status("title=x", "application/x-www-form-urlencoded")).toBe(400);
    expect(await status("{not json", "application/json")).toBe(400);
    expect(await status(JSON.stringify({ title: "x" }), "application/json")).toBe(400);
    expect(await status(model("finished"), "application/json")).toBe(400);
    expect(await status(JSON.stringify({ cmi: { core: { lesson_status: "a\u0000b" } } }), "text/plain")).toBe(400);
    expect(await status("x".repeat(1_000_001), "text/plain")).toBe(400);
    expect(await status(model("completed"), "application/json", f.otherAccount.id)).toBe(404);
    expect(await status(model("completed"), "application/json", f.learnerAccount.id, "2147483648")).toBe(404);
    const stored = await queryOne<{ n: number }>(t.db, sql`select count(*)::int as n from completions`);
    expect(stored?.n).toBe(0);
  });
});

describe("the package's files", () => {
  it("serves them to the learner with an attempt on that version and to the coordinator, with their type", async () => {
    // No attempt yet: not found, like a file that does not exist.
    expect(((await content(f.learnerAccount.id, f.packageId, "lesson/index.html")) as Response).status).toBe(404);
    await startedAttempt();
    const page = (await content(f.learnerAccount.id, f.packageId, "lesson/index.html")) as Response;
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toBe(PAGE);
    const css = (await content(f.learnerAccount.id, f.packageId, "lesson/style.css")) as Response;
    expect(css.headers.get("Content-Type")).toMatch(/^text\/css/);
    expect(((await content(f.learnerAccount.id, f.packageId, "lesson/my page.html")) as Response).status).toBe(200);

    expect(((await content(f.coordinator.id, f.packageId, "lesson/index.html")) as Response).status).toBe(200);
    expect(((await content(f.otherAccount.id, f.packageId, "lesson/index.html")) as Response).status).toBe(404);
    for (const path of [
      "lesson/missing.html",
      "../imsmanifest.xml",
      "lesson/../lesson/index.html",
      "/etc/passwd",
      "a\\b",
    ]) {
      expect(((await content(f.learnerAccount.id, f.packageId, path)) as Response).status, path).toBe(404);
    }
  });
});
