import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, courses, elearningPackages } from "../../app/db/schema";
import * as editPage from "../../app/routes/admin.courses.$courseId.edit";
import * as packagePage from "../../app/routes/admin.courses.$courseId.package";
import * as newPage from "../../app/routes/admin.courses.new/route";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { badScormPackages, goodScormPackage } from "../support/scorm-packages";
import { memoryStorage } from "../support/storage";

/** The package page (upload, current version, history) and the course form's e-learning and evidence settings. */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

let coordinator: string;
let manager: string;
let courseId: number;
let storage: ReturnType<typeof memoryStorage>;
beforeEach(async () => {
  await t.reset();
  storage = memoryStorage();
  provideFileStorageForTests(storage);
  const council = await make.organisation(t.db, { kind: "council", name: "Northbridge Council" });
  const person = await make.person(t.db, { organisationId: council.id, givenName: "Cora", familyName: "Ordinator" });
  coordinator = (await make.account(t.db, { personId: person.id, roles: ["coordinator"] })).id;
  const managerPerson = await make.person(t.db, { organisationId: council.id });
  manager = (await make.account(t.db, { personId: managerPerson.id, roles: ["manager"] })).id;
  courseId = (await make.course(t.db, { deliveryMode: "hosted_elearning", title: "Prevent online" })).id;
});

function payload<T>(result: unknown): T {
  const value = result as { data?: T };
  return (value && typeof value === "object" && "data" in value ? value.data : value) as T;
}
function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}

async function upload(bytes: Uint8Array, accountId = coordinator, name = "course.zip") {
  const form = new FormData();
  form.append("package", new File([new Uint8Array(bytes)], name, { type: "application/zip" }));
  const request = await signedInRequest(t.db, accountId, `/admin/courses/${courseId}/package`, {
    method: "POST",
    body: form,
  });
  return call(() => packagePage.action({ request, params: { courseId: String(courseId) }, context: {} }));
}

async function load(query = "", accountId = coordinator) {
  const request = await signedInRequest(t.db, accountId, `/admin/courses/${courseId}/package${query}`);
  return call(() => packagePage.loader({ request, params: { courseId: String(courseId) }, context: {} }));
}

describe("the package page", () => {
  it("uploads a package, says so, and shows it as the current version", async () => {
    const response = await upload(await goodScormPackage({ scorm: "2004-4th", title: "Prevent online v1" }));
    expect(status(response)).toBe(302);
    expect((response as Response).headers.get("Location")).toBe(`/admin/courses/${courseId}/package?uploaded=1`);
    const page = payload<Awaited<ReturnType<typeof packagePage.loader>>>(await load("?uploaded=1"));
    expect(page.uploaded).toBe(1);
    expect(page.versions).toEqual([
      expect.objectContaining({
        version: 1,
        scorm: "SCORM 2004 4th Edition",
        title: "Prevent online v1",
        launchPath: "index.html",
        fileName: "course.zip",
        uploadedBy: "Cora Ordinator",
        replacedAt: null,
        attempts: 0,
      }),
    ]);
  });

  it("tells the coordinator what the package would load from other websites (blocked), but not its plain links", async () => {
    const page = `<!doctype html><html lang="en"><head><title>x</title>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">
      <script src="//cdn.example.com/lib.js"></script><link rel="stylesheet" href="local.css"></head>
      <body><a href="https://www.gov.uk/prevent">Prevent on GOV.UK</a><img src="images/logo.png" alt=""></body></html>`;
    const css = "body { background: url('https://images.example.org/bg.png') } @import 'theme.css';";
    await upload(await goodScormPackage({ files: { "index.html": page, "local.css": css } }));
    const loaded = payload<Awaited<ReturnType<typeof packagePage.loader>>>(await load());
    expect(loaded.externalHosts).toEqual(["cdn.example.com", "fonts.googleapis.com", "images.example.org"]);
    const clean = await upload(await goodScormPackage({ title: "Clean" }));
    expect(status(clean)).toBe(302);
    expect(payload<Awaited<ReturnType<typeof packagePage.loader>>>(await load()).externalHosts).toEqual([]);
  });

  it("lists earlier versions after a replacement", async () => {
    await upload(await goodScormPackage({ title: "One" }));
    await upload(await goodScormPackage({ title: "Two" }), coordinator, "two.zip");
    const page = payload<Awaited<ReturnType<typeof packagePage.loader>>>(await load());
    expect(page.versions.map((v) => [v.version, v.title, v.replacedAt === null])).toEqual([
      [2, "Two", true],
      [1, "One", false],
    ]);
  });

  it.each([
    ["not a zip", badScormPackages.notAZip, /not a zip file/],
    ["a symbolic link", badScormPackages.symlinkEntry, /symbolic link/],
    ["a ../ entry", badScormPackages.parentDirectoryEntry, /outside the package’s folder/],
    ["a malformed manifest", badScormPackages.malformedManifest, /not well-formed XML/],
  ])("refuses %s on the form with a 400 and keeps nothing", async (_name, bad, message) => {
    const response = await upload(await bad());
    expect(status(response)).toBe(400);
    expect(payload<{ errors: Record<string, string> }>(response).errors.package).toMatch(message);
    expect(storage.keys()).toEqual([]);
    expect(await t.db.select().from(elearningPackages)).toEqual([]);
  });

  it("asks for a file when none is chosen", async () => {
    const form = new FormData();
    form.append("package", new File([], "", { type: "application/octet-stream" }));
    const request = await signedInRequest(t.db, coordinator, `/admin/courses/${courseId}/package`, {
      method: "POST",
      body: form,
    });
    const response = await call(() =>
      packagePage.action({ request, params: { courseId: String(courseId) }, context: {} }),
    );
    expect(status(response)).toBe(400);
    expect(payload<{ errors: Record<string, string> }>(response).errors.package).toBe(
      "Select a SCORM package (a .zip file)",
    );
  });

  it("is the coordinator's: a manager gets 403", async () => {
    expect(status(await load("", manager))).toBe(403);
    expect(status(await upload(await goodScormPackage(), manager))).toBe(403);
  });
});

const COURSE_FORM = {
  code: "PREV-ONLINE",
  title: "Prevent online",
  summary: "",
  category: "prevent",
  deliveryMode: "hosted_elearning",
  durationMinutes: "45",
  validityMonths: "36",
  externalUrl: "",
  audienceNote: "",
  bookable: "yes",
  issuesCertificate: "yes",
};

describe("the course form's e-learning and evidence settings", () => {
  it("a new course keeps its completion rule and evidence settings", async () => {
    const request = await signedInRequest(t.db, coordinator, "/admin/courses/new", {
      form: {
        ...COURSE_FORM,
        elearningCompletesWhen: "completed_and_passed",
        managersMayVerifyEvidence: "yes",
        acceptsManagerConfirmation: "yes",
      },
    });
    expect(status(await call(() => newPage.action({ request, params: {}, context: {} })))).toBe(302);
    const [created] = await t.db.select().from(courses).where(eq(courses.code, "PREV-ONLINE"));
    expect(created).toMatchObject({
      elearningCompletesWhen: "completed_and_passed",
      managersMayVerifyEvidence: true,
      acceptsManagerConfirmation: true,
    });
  });

  it("defaults to 'completed' and no manager verification; an edit changes them, shown in the form and audited", async () => {
    const request = await signedInRequest(t.db, coordinator, `/admin/courses/${courseId}/edit`, {
      form: { ...COURSE_FORM, elearningCompletesWhen: "passed", managersMayVerifyEvidence: "yes" },
    });
    const [before] = await t.db.select().from(courses).where(eq(courses.id, courseId));
    expect(before).toMatchObject({
      elearningCompletesWhen: "completed",
      managersMayVerifyEvidence: false,
      acceptsManagerConfirmation: false,
    });
    expect(
      status(await call(() => editPage.action({ request, params: { courseId: String(courseId) }, context: {} }))),
    ).toBe(302);
    const [after] = await t.db.select().from(courses).where(eq(courses.id, courseId));
    expect(after).toMatchObject({
      elearningCompletesWhen: "passed",
      managersMayVerifyEvidence: true,
      acceptsManagerConfirmation: false,
    });
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "course.update"));
    expect(audit!.after).toMatchObject({ elearningCompletesWhen: "passed", managersMayVerifyEvidence: true });
    const edit = await call(async () =>
      editPage.loader({
        request: await signedInRequest(t.db, coordinator, `/admin/courses/${courseId}/edit`),
        params: { courseId: String(courseId) },
        context: {},
      }),
    );
    expect(payload<Awaited<ReturnType<typeof editPage.loader>>>(edit)).toMatchObject({
      course: { hosted: true },
      values: { elearningCompletesWhen: "passed", managersMayVerifyEvidence: "yes", acceptsManagerConfirmation: "" },
    });
  });

  it("refuses a completion rule that is not one of the three", async () => {
    const request = await signedInRequest(t.db, coordinator, "/admin/courses/new", {
      form: { ...COURSE_FORM, elearningCompletesWhen: "viewed" },
    });
    const response = await call(() => newPage.action({ request, params: {}, context: {} }));
    expect(status(response)).toBe(400);
    expect(payload<{ errors: Record<string, string> }>(response).errors.elearningCompletesWhen).toMatch(
      /Select what the e-learning must report/,
    );
  });
});
