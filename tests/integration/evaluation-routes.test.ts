import { eq, sql } from "drizzle-orm";
import { navigationFor } from "../../app/auth/navigation";
import { getOptionalUser } from "../../app/auth/session.server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { bookings, courses } from "../../app/db/schema";
import { ensureDefaultEvaluationQuestions } from "../../app/domain/evaluations/questions";
import * as courseEvaluationPage from "../../app/routes/admin.courses.$courseId.evaluation";
import * as editPage from "../../app/routes/admin.courses.$courseId.edit";
import * as certificatePage from "../../app/routes/certificates.$file";
import * as evaluationPage from "../../app/routes/my-training_.evaluations.$bookingId";
import * as personPage from "../../app/routes/people.$personId";
import { markAttendance } from "../../app/domain/sessions/mark-attendance";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await ensureDefaultEvaluationQuestions(t.db);
});

function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}
function payload<T>(result: unknown): T {
  const value = result as { data?: T };
  return (value && typeof value === "object" && "data" in value ? value.data : value) as T;
}

async function attended() {
  const council = await make.organisation(t.db, { kind: "council" });
  const learnerPerson = await make.person(t.db, { organisationId: council.id });
  const learner = (await make.account(t.db, { personId: learnerPerson.id, roles: [] })).id;
  const coordinator = (await make.account(t.db, { personId: null, roles: ["coordinator"] })).id;
  const course = await make.course(t.db, { issuesCertificate: true });
  const s = await session(t.db, {
    courseId: course.id,
    startsAt: new Date("2026-11-23T09:30:00Z"),
    bookingClosesAt: null,
  });
  const [b] = await t.db
    .insert(bookings)
    .values({ sessionId: s.id, personId: learnerPerson.id, status: "booked", managerAgreed: true })
    .returning();
  await markAttendance(t.db, {
    sessionId: s.id,
    bookingIds: [b!.id],
    outcome: "attended",
    actorAccountId: coordinator,
    now: new Date("2026-11-23T14:00:00Z"),
  });
  const [completion] = await queryRows<{ id: number }>(
    t.db,
    sql`select id::int as id from completions where booking_id = ${b!.id}`,
  );
  return { learner, coordinator, course, bookingId: b!.id, completionId: completion!.id };
}

describe("the learner's evaluation page", () => {
  it("sends the learner from a waiting certificate to the form; lists every unanswered question; then releases it", async () => {
    const w = await attended();
    const pdf = await call(async () =>
      certificatePage.loader({
        request: await signedInRequest(t.db, w.learner, `/certificates/${w.completionId}.pdf`),
        params: { file: `${w.completionId}.pdf` },
        context: {},
      }),
    );
    expect(pdf instanceof Response && pdf.headers.get("Location")).toBe(`/my-training/evaluations/${w.bookingId}`);
    // Anyone else finds nothing to download yet.
    const other = await call(async () =>
      certificatePage.loader({
        request: await signedInRequest(t.db, w.coordinator, `/certificates/${w.completionId}.pdf`),
        params: { file: `${w.completionId}.pdf` },
        context: {},
      }),
    );
    expect(status(other)).toBe(404);

    const params = { bookingId: String(w.bookingId) };
    const page = payload<{
      open: boolean;
      certificateWaits: boolean;
      questions: Array<{ field: string; kind: string }>;
    }>(
      await call(async () =>
        evaluationPage.loader({
          request: await signedInRequest(t.db, w.learner, `/my-training/evaluations/${w.bookingId}`),
          params,
          context: {},
        }),
      ),
    );
    expect(page).toMatchObject({ open: true, certificateWaits: true });
    const empty = await call(async () =>
      evaluationPage.action({
        request: await signedInRequest(t.db, w.learner, `/my-training/evaluations/${w.bookingId}`, { form: {} }),
        params,
        context: {},
      }),
    );
    expect(status(empty)).toBe(400);
    expect(Object.keys(payload<{ errors: Record<string, string> }>(empty).errors)).toHaveLength(4);

    const form = Object.fromEntries(page.questions.filter((q) => q.kind === "scale").map((q) => [q.field, "4"]));
    const sent = await call(async () =>
      evaluationPage.action({
        request: await signedInRequest(t.db, w.learner, `/my-training/evaluations/${w.bookingId}`, { form }),
        params,
        context: {},
      }),
    );
    expect(status(sent)).toBe(302);
    const released = await call(async () =>
      certificatePage.loader({
        request: await signedInRequest(t.db, w.learner, `/certificates/${w.completionId}.pdf`),
        params: { file: `${w.completionId}.pdf` },
        context: {},
      }),
    );
    expect(released instanceof Response && released.headers.get("Content-Type")).toBe("application/pdf");
  }, 60_000);
});

describe("the course's evaluation settings and questions", () => {
  it("the course form keeps 'certificate after evaluation' and 'follow-up'; the coordinator adds a question", async () => {
    const w = await attended();
    const edit = await call(async () =>
      editPage.action({
        request: await signedInRequest(t.db, w.coordinator, `/admin/courses/${w.course.id}/edit`, {
          form: {
            code: w.course.code,
            title: w.course.title,
            summary: "",
            category: "prevent",
            deliveryMode: "face_to_face",
            durationMinutes: "120",
            validityMonths: "36",
            externalUrl: "",
            audienceNote: "",
            bookable: "yes",
            issuesCertificate: "yes",
            followUpEvaluation: "yes",
          },
        }),
        params: { courseId: String(w.course.id) },
        context: {},
      }),
    );
    expect(status(edit)).toBe(302);
    const [after] = await t.db.select().from(courses).where(eq(courses.id, w.course.id));
    expect(after).toMatchObject({ certificateAfterEvaluation: false, followUpEvaluation: true });

    const params = { courseId: String(w.course.id) };
    const bad = await call(async () =>
      courseEvaluationPage.action({
        request: await signedInRequest(t.db, w.coordinator, `/admin/courses/${w.course.id}/evaluation`, {
          form: { intent: "add", text: "" },
        }),
        params,
        context: {},
      }),
    );
    expect(status(bad)).toBe(400);
    const added = await call(async () =>
      courseEvaluationPage.action({
        request: await signedInRequest(t.db, w.coordinator, `/admin/courses/${w.course.id}/evaluation`, {
          form: {
            intent: "add",
            text: "How useful were the case studies?",
            stage: "after",
            kind: "scale",
            required: "yes",
          },
        }),
        params,
        context: {},
      }),
    );
    expect(status(added)).toBe(302);
    const page = payload<{ own: Array<{ text: string }>; defaults: unknown[] }>(
      await call(async () =>
        courseEvaluationPage.loader({
          request: await signedInRequest(t.db, w.coordinator, `/admin/courses/${w.course.id}/evaluation`),
          params,
          context: {},
        }),
      ),
    );
    expect(page.own.map((q) => q.text)).toEqual(["How useful were the case studies?"]);
    expect(page.defaults).toHaveLength(8);
  }, 60_000);
});

describe("the navigation", () => {
  it("offers the results to the coordinator and trainers, not to learners", async () => {
    const w = await attended();
    const trainerPerson = await make.person(t.db, { organisationId: (await make.organisation(t.db)).id });
    const trainer = (await make.account(t.db, { personId: trainerPerson.id, roles: ["trainer"] })).id;
    const hrefs = async (accountId: string) => {
      const { user } = await getOptionalUser(await signedInRequest(t.db, accountId, "/"));
      return navigationFor(user).map((item) => item.href);
    };
    // The coordinator reaches them under Administration (tests/integration/landing.test.ts).
    expect(await hrefs(w.coordinator)).not.toContain("/evaluations");
    expect(await hrefs(w.coordinator)).toContain("/admin");
    expect(await hrefs(trainer)).toContain("/evaluations");
    expect(await hrefs(w.learner)).not.toContain("/evaluations");
  });
});

describe("the person's record", () => {
  it("says a certificate waits for the learner's evaluation instead of offering it", async () => {
    const w = await attended();
    const [row] = await queryRows<{ person_id: number }>(
      t.db,
      sql`select person_id from bookings where id = ${w.bookingId}`,
    );
    const page = payload<{ awaitingEvaluation: number[] }>(
      await call(async () =>
        personPage.loader({
          request: await signedInRequest(t.db, w.coordinator, `/people/${row!.person_id}`),
          params: { personId: String(row!.person_id) },
          context: {},
        }),
      ),
    );
    expect(page.awaitingEvaluation).toEqual([w.completionId]);
  });
});
