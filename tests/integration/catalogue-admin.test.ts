import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, completions, courseSessions, courses } from "../../app/db/schema";
import { CourseForm, type CourseInput } from "../../app/domain/catalogue/course-form";
import { createCourse } from "../../app/domain/catalogue/create-course";
import { listCourses } from "../../app/domain/catalogue/list-courses";
import { reinstateCourse } from "../../app/domain/catalogue/reinstate-course";
import { retireCourse } from "../../app/domain/catalogue/retire-course";
import { updateCourse } from "../../app/domain/catalogue/update-course";
import { DomainError } from "../../app/domain/errors";
import { action as newCourseAction, loader as newCourseLoader } from "../../app/routes/admin.courses.new/route";
import { action as editCourseAction } from "../../app/routes/admin.courses.$courseId.edit";
import { action as retireAction, loader as retireLoader } from "../../app/routes/admin.courses.$courseId.retire";
import { action as reinstateAction } from "../../app/routes/admin.courses.$courseId.reinstate";
import { loader as adminCoursesLoader } from "../../app/routes/admin.courses._index";
import { loader as adminHubLoader } from "../../app/routes/admin._index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

let t: TestDatabase;
let coordinatorId: string;
let learnerId: string;
let personId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  const org = await make.organisation(t.db);
  const coordinator = await make.person(t.db, { organisationId: org.id });
  const learner = await make.person(t.db, { organisationId: org.id });
  personId = learner.id;
  coordinatorId = (await make.account(t.db, { personId: coordinator.id, roles: ["coordinator"] })).id;
  learnerId = (await make.account(t.db, { personId: learner.id })).id;
});

const VALID = {
  code: "PREV-NEW",
  title: "Prevent awareness workshop",
  summary: "Two hours on recognising and referring.",
  category: "prevent",
  deliveryMode: "face_to_face",
  durationMinutes: "120",
  validityMonths: "36",
  externalUrl: "",
  audienceNote: "",
  bookable: "yes",
  issuesCertificate: "yes",
};

function input(overrides: Partial<Record<keyof typeof VALID, string>> = {}): CourseInput {
  return CourseForm.parse({ ...VALID, ...overrides });
}

function errorsFor(overrides: Record<string, string | undefined>) {
  const values: Record<string, string> = { ...VALID };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete values[key];
    else values[key] = value;
  }
  const result = CourseForm.safeParse(values);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}

const actor = () => ({ accountId: coordinatorId });

async function auditCount() {
  return (await t.db.select().from(auditEvents)).length;
}

describe("the course form's rules", () => {
  it("accepts a complete course, an empty validity as 'never expires', and unticked boxes as no", () => {
    expect(input()).toMatchObject({ code: "PREV-NEW", durationMinutes: 120, validityMonths: 36, bookable: true });
    const never = CourseForm.parse({ ...VALID, validityMonths: "", bookable: undefined });
    expect(never.validityMonths).toBeNull();
    expect(never.bookable).toBe(false);
  });

  it("needs a code of letters, numbers and hyphens, and a title", () => {
    expect(errorsFor({ code: "" }).code).toBe("Enter a course code");
    expect(errorsFor({ code: undefined }).code).toBe("Enter a course code");
    expect(errorsFor({ code: "PREV 1" }).code).toMatch(/letters, numbers and hyphens/);
    expect(errorsFor({ title: "  " }).title).toBe("Enter a title");
  });

  it("keeps the length between 1 minute and one week", () => {
    expect(errorsFor({ durationMinutes: "" }).durationMinutes).toMatch(/Enter how long/);
    expect(errorsFor({ durationMinutes: "0" }).durationMinutes).toMatch(/at least 1 minute/);
    expect(errorsFor({ durationMinutes: "10081" }).durationMinutes).toMatch(/10080 minutes/);
    expect(errorsFor({ durationMinutes: "1.5" }).durationMinutes).toMatch(/whole number/);
    expect(errorsFor({ durationMinutes: "10080" })).toEqual({});
  });

  it("keeps the validity empty or between 1 and 240 months", () => {
    expect(errorsFor({ validityMonths: "0" }).validityMonths).toMatch(/at least 1 month/);
    expect(errorsFor({ validityMonths: "241" }).validityMonths).toMatch(/240 months/);
    expect(errorsFor({ validityMonths: "three" }).validityMonths).toMatch(/whole number of months/);
    expect(errorsFor({ validityMonths: "240" })).toEqual({});
  });

  it("takes the category and delivery mode from the fixed lists", () => {
    expect(errorsFor({ category: "cooking" }).category).toBe("Select a category");
    expect(errorsFor({ deliveryMode: undefined }).deliveryMode).toBe("Select how the course is delivered");
  });

  it("needs an https address for external e-learning", () => {
    expect(errorsFor({ deliveryMode: "external_elearning" }).externalUrl).toMatch(/Enter the web address/);
    expect(
      errorsFor({ deliveryMode: "external_elearning", externalUrl: "http://example.com/course" }).externalUrl,
    ).toMatch(/starts with https/);
    expect(errorsFor({ externalUrl: "not a url" }).externalUrl).toMatch(/starts with https/);
    expect(errorsFor({ deliveryMode: "external_elearning", externalUrl: "https://www.gov.uk/prevent" })).toEqual({});
  });

  it("reports every broken rule at once", () => {
    expect(Object.keys(errorsFor({ code: "", title: "", durationMinutes: "0" })).sort()).toEqual([
      "code",
      "durationMinutes",
      "title",
    ]);
  });
});

describe("creating and editing courses", () => {
  it("creates a course and audits it", async () => {
    const course = await createCourse(t.db, input(), actor());
    expect(course).toMatchObject({ code: "PREV-NEW", validityMonths: 36, retiredAt: null });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "course.create"));
    expect(event).toMatchObject({ actorAccountId: coordinatorId, entityType: "course", entityId: String(course.id) });
    expect(event!.after).toMatchObject({ code: "PREV-NEW", title: "Prevent awareness workshop" });
  });

  it("refuses a code already used, whatever its case, on the code field, and writes nothing", async () => {
    await createCourse(t.db, input(), actor());
    const before = await auditCount();
    const error = await createCourse(t.db, input({ code: "prev-new", title: "Another" }), actor()).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ field: "code", message: expect.stringMatching(/already exists/) });
    expect(await t.db.select().from(courses)).toHaveLength(1);
    expect(await auditCount()).toBe(before);
  });

  it("turns the database's unique index into the same field error when two requests race", async () => {
    const results = await Promise.allSettled([
      createCourse(t.db, input({ code: "RACE-1" }), actor()),
      createCourse(t.db, input({ code: "race-1" }), actor()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(DomainError);
    expect(failed.reason.field).toBe("code");
  });

  it("edits a course, keeping its own code in another case, with before and after in the audit log", async () => {
    const course = await createCourse(t.db, input(), actor());
    const updated = await updateCourse(
      t.db,
      course.id,
      input({ code: "prev-new", title: "Renamed", validityMonths: "" }),
      actor(),
    );
    expect(updated).toMatchObject({ code: "prev-new", title: "Renamed", validityMonths: null });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "course.update"));
    expect(event!.before).toMatchObject({ title: "Prevent awareness workshop", validityMonths: 36 });
    expect(event!.after).toMatchObject({ title: "Renamed", validityMonths: null });
  });

  it("refuses an edit that takes another course's code", async () => {
    await make.course(t.db, { code: "SGC-L1" });
    const course = await createCourse(t.db, input(), actor());
    await expect(updateCourse(t.db, course.id, input({ code: "sgc-l1" }), actor())).rejects.toMatchObject({
      field: "code",
    });
    const [unchanged] = await t.db.select().from(courses).where(eq(courses.id, course.id));
    expect(unchanged!.code).toBe("PREV-NEW");
  });
});

describe("retiring courses", () => {
  it("retires a course: it leaves the catalogue, keeps its history and comes back when reinstated", async () => {
    const course = await make.course(t.db, { title: "Old course" });
    await make.completion(t.db, { personId, courseId: course.id, completedOn: "2024-01-10", expiresOn: "2027-01-10" });
    await t.db.insert(courseSessions).values({
      courseId: course.id,
      startsAt: new Date("2024-01-10T09:00:00Z"),
      endsAt: new Date("2024-01-10T12:00:00Z"),
      venue: "Town Hall",
      capacity: 10,
      status: "delivered",
    });
    await retireCourse(t.db, course.id, actor());
    expect((await listCourses(t.db)).map((c) => c.id)).not.toContain(course.id);
    const all = await listCourses(t.db, { includeRetired: true });
    expect(all.find((c) => c.id === course.id)?.retired).toBe(true);
    expect(await t.db.select().from(completions).where(eq(completions.courseId, course.id))).toHaveLength(1);
    expect(await t.db.select().from(courseSessions).where(eq(courseSessions.courseId, course.id))).toHaveLength(1);
    await expect(retireCourse(t.db, course.id, actor())).rejects.toThrow(/already been retired/);

    await reinstateCourse(t.db, course.id, actor());
    expect((await listCourses(t.db)).map((c) => c.id)).toContain(course.id);
    await expect(reinstateCourse(t.db, course.id, actor())).rejects.toThrow(/not retired/);
    const actions = (await t.db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toEqual(["course.retire", "course.reinstate"]);
  });

  it("will not retire a course with sessions still to come", async () => {
    const course = await make.course(t.db);
    await t.db.insert(courseSessions).values({
      courseId: course.id,
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000),
      venue: "Town Hall",
      capacity: 10,
    });
    await expect(retireCourse(t.db, course.id, actor())).rejects.toThrow(/1 session still to come/);
    const [unchanged] = await t.db.select().from(courses).where(eq(courses.id, course.id));
    expect(unchanged!.retiredAt).toBeNull();
    expect(await auditCount()).toBe(0);
  });
});

describe("the course pages", () => {
  it("answers a bad course form with 400, every error and the values typed", async () => {
    const request = await signedInRequest(t.db, coordinatorId, "/admin/courses/new", {
      form: { ...VALID, code: "", durationMinutes: "0", title: "Kept title" },
    });
    const response = await call(() => newCourseAction({ request, params: {}, context: {} }));
    expect(response).toHaveProperty("init.status", 400);
    const body = (response as unknown as { data: { errors: Record<string, string>; values: Record<string, string> } })
      .data;
    expect(body.errors).toMatchObject({
      code: "Enter a course code",
      durationMinutes: expect.stringMatching(/at least 1/),
    });
    expect(body.values.title).toBe("Kept title");
    expect(await t.db.select().from(courses)).toHaveLength(0);
  });

  it("shows a taken code on the code field", async () => {
    await make.course(t.db, { code: "PREV-NEW" });
    const request = await signedInRequest(t.db, coordinatorId, "/admin/courses/new", {
      form: { ...VALID, code: "Prev-New" },
    });
    const response = await call(() => newCourseAction({ request, params: {}, context: {} }));
    expect(response).toHaveProperty("init.status", 400);
    expect((response as unknown as { data: { errors: Record<string, string> } }).data.errors.code).toMatch(
      /already exists/,
    );
  });

  it("creates a course from the form and goes back to the list", async () => {
    const request = await signedInRequest(t.db, coordinatorId, "/admin/courses/new", { form: VALID });
    const response = (await call(() => newCourseAction({ request, params: {}, context: {} }))) as Response;
    expect(response.status).toBe(302);
    const [created] = await t.db.select().from(courses);
    expect(response.headers.get("Location")).toBe(`/admin/courses?saved=${created!.id}`);
  });

  it("edits a course through its page", async () => {
    const course = await make.course(t.db, { code: "OLD" });
    const request = await signedInRequest(t.db, coordinatorId, `/admin/courses/${course.id}/edit`, { form: VALID });
    const response = (await call(() =>
      editCourseAction({ request, params: { courseId: String(course.id) }, context: {} }),
    )) as Response;
    expect(response.status).toBe(302);
    const [updated] = await t.db.select().from(courses).where(eq(courses.id, course.id));
    expect(updated!.code).toBe("PREV-NEW");
  });

  it("retires after the confirmation page, and shows why it cannot when sessions are to come", async () => {
    const course = await make.course(t.db);
    const params = { courseId: String(course.id) };
    const signedOut = await call(() =>
      retireLoader({
        request: new Request(`http://localhost:3000/admin/courses/${course.id}/retire`),
        params,
        context: {},
      }),
    );
    expect((signedOut as Response).status).toBe(302);
    const confirm = (await retireLoader({
      request: await signedInRequest(t.db, coordinatorId, `/admin/courses/${course.id}/retire`),
      params,
      context: {},
    })) as { course: { id: number }; upcomingSessions: number };
    expect(confirm).toMatchObject({ course: { id: course.id }, upcomingSessions: 0 });
    const request = await signedInRequest(t.db, coordinatorId, `/admin/courses/${course.id}/retire`, { form: {} });
    const response = (await call(() => retireAction({ request, params, context: {} }))) as Response;
    expect(response.status).toBe(302);
    const [retired] = await t.db.select().from(courses).where(eq(courses.id, course.id));
    expect(retired!.retiredAt).not.toBeNull();
    const back = await signedInRequest(t.db, coordinatorId, `/admin/courses/${course.id}/reinstate`, { form: {} });
    expect(((await call(() => reinstateAction({ request: back, params, context: {} }))) as Response).status).toBe(302);
    const [reinstated] = await t.db.select().from(courses).where(eq(courses.id, course.id));
    expect(reinstated!.retiredAt).toBeNull();
  });

  it("lists retired courses too", async () => {
    const retired = await make.course(t.db, { retiredAt: new Date("2025-01-01T00:00:00Z") });
    const request = await signedInRequest(t.db, coordinatorId, "/admin/courses");
    const data = (await adminCoursesLoader({ request, params: {}, context: {} })) as {
      courses: Array<{ id: number; retired: boolean }>;
    };
    expect(data.courses.find((c) => c.id === retired.id)?.retired).toBe(true);
  });

  it("refuses a learner every administration page and action with 403", async () => {
    const course = await make.course(t.db);
    const params = { courseId: String(course.id) };
    const checks: Array<() => Promise<unknown>> = [
      async () =>
        adminHubLoader({ request: await signedInRequest(t.db, learnerId, "/admin"), params: {}, context: {} }),
      async () =>
        newCourseLoader({
          request: await signedInRequest(t.db, learnerId, "/admin/courses/new"),
          params: {},
          context: {},
        }),
      async () =>
        newCourseAction({
          request: await signedInRequest(t.db, learnerId, "/admin/courses/new", { form: VALID }),
          params: {},
          context: {},
        }),
      async () =>
        editCourseAction({
          request: await signedInRequest(t.db, learnerId, `/admin/courses/${course.id}/edit`, { form: VALID }),
          params,
          context: {},
        }),
      async () =>
        retireAction({
          request: await signedInRequest(t.db, learnerId, `/admin/courses/${course.id}/retire`, { form: {} }),
          params,
          context: {},
        }),
    ];
    for (const check of checks) {
      const response = await call(check);
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(403);
    }
    expect(await t.db.select().from(courses)).toHaveLength(1);
    const [unchanged] = await t.db.select().from(courses);
    expect(unchanged!.retiredAt).toBeNull();
  });
});
