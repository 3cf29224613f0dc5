import { sql } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { eq } from "drizzle-orm";
import { auditEvents, completions, requirementCourses, requirements } from "../../app/db/schema";
import { revokeCompletion } from "../../app/domain/completions/revoke-completion";
import { REGISTER_CLOSES_AFTER_DAYS } from "../../app/domain/sessions/register-window";
import { revokedCompletionText } from "../../app/lib/revoked-completion";
import * as myBookings from "../../app/routes/my-bookings";
import * as personPage from "../../app/routes/people.$personId";
import { bookPlace } from "../../app/domain/sessions/book-place";
import * as registerPdf from "../../app/routes/sessions.$sessionId.register[.]pdf";
import * as registerPage from "../../app/routes/sessions.$sessionId.register";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { DAY, HOUR, council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
// react-pdf loads its layout engine's WebAssembly from a data: URL: not the network.
beforeEach(async () => {
  await t.reset();
});
afterAll(() => t.close());

/** A session that started an hour ago, run by a trainer, with two people booked beforehand. */
async function world(options: { startsInHours?: number } = {}) {
  const { root, service, people } = await council(t.db, 2);
  const trainerPerson = await make.person(t.db, {
    organisationId: service.id,
    givenName: "Tamsin",
    familyName: "Trainer",
  });
  const trainer = await make.account(t.db, { personId: trainerPerson.id, roles: ["trainer"] });
  const otherTrainer = await make.account(t.db, {
    personId: (await make.person(t.db, { organisationId: service.id })).id,
    roles: ["trainer"],
  });
  const learner = await make.account(t.db, { personId: people[0]!.id });
  const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
  const course = await make.course(t.db, { title: "Prevent awareness workshop", code: "PREV-W" });
  // The course is for the council's frontline staff: whom its trainer may add as walk-ins.
  const [requirement] = await t.db
    .insert(requirements)
    .values({ name: "Prevent for frontline staff", audienceOrganisationIds: [root.id], audienceTags: ["frontline"] })
    .returning();
  await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
  const startsAt = new Date(Date.now() + (options.startsInHours ?? -1) * HOUR);
  const s = await session(t.db, {
    courseId: course.id,
    startsAt,
    hours: 3,
    bookingClosesAt: null,
    trainerPersonId: trainerPerson.id,
  });
  // Booked well before the course's cut-off (3 working days before the session).
  const before = new Date(startsAt.getTime() - 10 * DAY);
  const booked = [];
  for (const p of people) {
    booked.push(
      (
        await bookPlace(t.db, {
          sessionId: s.id,
          personId: p.id,
          actorAccountId: null,
          managerAgreed: true,
          joinWaitingList: false,
          now: before,
        })
      ).bookingId,
    );
  }
  return { s, people, trainer, otherTrainer, learner, coordinator, booked, service, course };
}

const params = (sessionId: number) => ({ sessionId: String(sessionId) });
const path = (sessionId: number) => `/sessions/${sessionId}/register`;

function errorsOf(result: unknown): Record<string, string> {
  return (result as { data: { errors: Record<string, string> } }).data.errors;
}

function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}

async function post(accountId: string, sessionId: number, form: Record<string, string>) {
  return call(async () =>
    registerPage.action({
      request: await signedInRequest(t.db, accountId, path(sessionId), { form }),
      params: params(sessionId),
      context: {},
    }),
  );
}

async function liveCompletionCount() {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(completions)
    .where(sql`${completions.revokedAt} is null`);
  return row!.n;
}

describe("the register page", () => {
  it("is for the session's trainer and the coordinator only", async () => {
    const w = await world();
    for (const [accountId, expected] of [
      [w.trainer.id, 200],
      [w.coordinator.id, 200],
      [w.otherTrainer.id, 403],
      [w.learner.id, 403],
    ] as const) {
      const result = await call(async () =>
        registerPage.loader({
          request: await signedInRequest(t.db, accountId, path(w.s.id)),
          params: params(w.s.id),
          context: {},
        }),
      );
      expect(status(result), accountId).toBe(expected);
    }
  });

  it("the trainer marks one person attended, then everyone, and adds a walk-in found by search", async () => {
    const w = await world();
    const one = await post(w.trainer.id, w.s.id, {
      intent: "mark",
      bookingId: String(w.booked[0]),
      outcome: "attended",
    });
    expect((one as Response).headers.get("Location")).toBe(
      `/sessions/${w.s.id}/register?done=attended&n=1&booking=${w.booked[0]}#booking-${w.booked[0]}`,
    );
    expect(await liveCompletionCount()).toBe(1);
    const all = await post(w.trainer.id, w.s.id, { intent: "mark-all" });
    expect((all as Response).headers.get("Location")).toBe(`/sessions/${w.s.id}/register?done=all&n=1&absent=0`);
    expect(await liveCompletionCount()).toBe(2);

    const walkIn = await make.person(t.db, {
      organisationId: w.service.id,
      givenName: "Wendy",
      familyName: "Walkin",
      profileTags: ["frontline"],
    });
    const found = await registerPage.loader({
      request: await signedInRequest(t.db, w.trainer.id, `${path(w.s.id)}?q=walkin`),
      params: params(w.s.id),
      context: {},
    });
    expect(found.open).toBe(true);
    expect(found.found).toEqual([expect.objectContaining({ id: walkIn.id, name: "Wendy Walkin", onRegister: false })]);
    await post(w.trainer.id, w.s.id, { intent: "walk-in", personId: String(walkIn.id) });
    const after = await registerPage.loader({
      request: await signedInRequest(t.db, w.trainer.id, path(w.s.id)),
      params: params(w.s.id),
      context: {},
    });
    expect(after.register.map((r) => [r.name, r.status, r.walkIn])).toContainEqual(["Wendy Walkin", "attended", true]);
    expect(await liveCompletionCount()).toBe(3);
  });

  it("refuses marks and walk-ins before the session starts, with the reason on the page, and nothing changes", async () => {
    for (const startsInHours of [48, 0.5]) {
      await t.reset();
      const w = await world({ startsInHours });
      const walkIn = await make.person(t.db, { organisationId: w.service.id, profileTags: ["frontline"] });
      const forms: Array<Record<string, string>> = [
        { intent: "mark", bookingId: String(w.booked[0]), outcome: "attended" },
        { intent: "mark-all" },
        { intent: "walk-in", personId: String(walkIn.id) },
      ];
      for (const form of forms) {
        const result = await post(w.trainer.id, w.s.id, form);
        expect(status(result)).toBe(400);
        expect(errorsOf(result).register).toMatch(
          /^The register opens when the session starts, at .+ on \d+ \w+ \d{4}\.$/,
        );
      }
      expect(await liveCompletionCount()).toBe(0);
      const page = await registerPage.loader({
        request: await signedInRequest(t.db, w.trainer.id, path(w.s.id)),
        params: params(w.s.id),
        context: {},
      });
      expect(page.open).toBe(false);
      expect(page.shut?.code).toBe("not-yet");
    }
  });

  it("'Mark all as attended' leaves people marked absent alone and says so", async () => {
    const w = await world();
    await post(w.trainer.id, w.s.id, { intent: "mark", bookingId: String(w.booked[0]), outcome: "absent" });
    const all = await post(w.trainer.id, w.s.id, { intent: "mark-all" });
    expect((all as Response).headers.get("Location")).toBe(`/sessions/${w.s.id}/register?done=all&n=1&absent=1`);
    const page = await registerPage.loader({
      request: await signedInRequest(t.db, w.trainer.id, path(w.s.id)),
      params: params(w.s.id),
      context: {},
    });
    expect(page.register.map((r) => [r.bookingId, r.status])).toEqual(
      expect.arrayContaining([
        [w.booked[0], "absent"],
        [w.booked[1], "attended"],
      ]),
    );
    expect(await liveCompletionCount()).toBe(1);
  });
});

describe("a closed register", () => {
  it("takes no marks or walk-ins from the trainer, even years on, and says when it closed", async () => {
    const w = await world({ startsInHours: -(REGISTER_CLOSES_AFTER_DAYS * 24 + 4) });
    const old = await session(t.db, {
      courseId: w.course.id,
      startsAt: new Date("2023-05-10T09:00:00Z"),
      hours: 2,
      bookingClosesAt: null,
      trainerPersonId: w.s.trainerPersonId,
    });
    const walkIn = await make.person(t.db, { organisationId: w.service.id, profileTags: ["frontline"] });
    for (const [sessionId, form] of [
      [w.s.id, { intent: "mark", bookingId: String(w.booked[0]), outcome: "attended" }],
      [w.s.id, { intent: "mark-all" }],
      [w.s.id, { intent: "walk-in", personId: String(walkIn.id) }],
      [old.id, { intent: "walk-in", personId: String(walkIn.id) }],
    ] as const) {
      const result = await post(w.trainer.id, sessionId, form);
      expect(status(result)).toBe(400);
      expect(errorsOf(result).register).toMatch(
        /^This register closed on \d+ \w+ \d{4}\. Only the training coordinator can reopen it\.$/,
      );
    }
    expect(await liveCompletionCount()).toBe(0);
    const page = await registerPage.loader({
      request: await signedInRequest(t.db, w.trainer.id, `${path(old.id)}?q=Given`),
      params: params(old.id),
      context: {},
    });
    expect(page).toMatchObject({ open: false, canReopen: false, found: [] });
    expect(page.shut?.message).toBe(
      "This register closed on 24 May 2023. Only the training coordinator can reopen it.",
    );
  });

  it("the coordinator reopens it with a reason (audited), and then the trainer can mark it", async () => {
    const w = await world({ startsInHours: -(REGISTER_CLOSES_AFTER_DAYS * 24 + 4) });
    expect(status(await post(w.trainer.id, w.s.id, { intent: "reopen", reason: "Paper register found" }))).toBe(403);
    const coordinatorPage = await registerPage.loader({
      request: await signedInRequest(t.db, w.coordinator.id, path(w.s.id)),
      params: params(w.s.id),
      context: {},
    });
    expect(coordinatorPage.canReopen).toBe(true);
    const blank = await post(w.coordinator.id, w.s.id, { intent: "reopen", reason: " " });
    expect(status(blank)).toBe(400);
    expect(errorsOf(blank)).toEqual({ reason: "Enter why the register is being reopened" });
    const reopened = await post(w.coordinator.id, w.s.id, { intent: "reopen", reason: "Paper register found" });
    expect((reopened as Response).headers.get("Location")).toBe(`/sessions/${w.s.id}/register?done=reopened`);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "session.register-reopen"));
    expect(events).toEqual([expect.objectContaining({ actorAccountId: w.coordinator.id, entityId: String(w.s.id) })]);
    const page = await registerPage.loader({
      request: await signedInRequest(t.db, w.trainer.id, path(w.s.id)),
      params: params(w.s.id),
      context: {},
    });
    expect(page.open).toBe(true);
    expect(page.window.reopened).toMatchObject({ reason: "Paper register found" });
    const mark = await post(w.trainer.id, w.s.id, {
      intent: "mark",
      bookingId: String(w.booked[0]),
      outcome: "attended",
    });
    expect(status(mark)).toBe(302);
    expect(await liveCompletionCount()).toBe(1);
  });
});

describe("walk-ins a trainer may add", () => {
  it("are only the people the course is for, and on the staff: no search of the whole directory", async () => {
    const w = await world();
    const office = await make.person(t.db, {
      organisationId: w.service.id,
      givenName: "Olive",
      familyName: "Officeworker",
    });
    const leaver = await make.person(t.db, {
      organisationId: w.service.id,
      givenName: "Len",
      familyName: "Leftworker",
      profileTags: ["frontline"],
      leavingDate: "2021-01-01",
    });
    for (const q of ["Officeworker", "Leftworker"]) {
      const found = await registerPage.loader({
        request: await signedInRequest(t.db, w.trainer.id, `${path(w.s.id)}?q=${q}`),
        params: params(w.s.id),
        context: {},
      });
      expect(found.found).toEqual([]);
    }
    for (const person of [office, leaver]) {
      const result = await post(w.trainer.id, w.s.id, { intent: "walk-in", personId: String(person.id) });
      expect(status(result)).toBe(400);
      expect(errorsOf(result).register).toBe("We could not find that person among the people this session is for.");
    }
    expect(await liveCompletionCount()).toBe(0);
    // The coordinator may add anyone on the staff that the session is open to.
    const found = await registerPage.loader({
      request: await signedInRequest(t.db, w.coordinator.id, `${path(w.s.id)}?q=Officeworker`),
      params: params(w.s.id),
      context: {},
    });
    expect(found.found.map((p) => p.id)).toEqual([office.id]);
    expect(status(await post(w.coordinator.id, w.s.id, { intent: "walk-in", personId: String(office.id) }))).toBe(302);
  });
});

describe("a revoked completion", () => {
  it("shows beside 'Attended' on the register, My bookings and the person's record", async () => {
    const w = await world();
    await post(w.trainer.id, w.s.id, { intent: "mark", bookingId: String(w.booked[0]), outcome: "attended" });
    const [completion] = await t.db.select().from(completions);
    await revokeCompletion(t.db, {
      completionId: completion!.id,
      actorAccountId: w.coordinator.id,
      reason: "Recorded in error",
      now: new Date("2026-12-03T12:00:00Z"),
    });
    const register = await registerPage.loader({
      request: await signedInRequest(t.db, w.trainer.id, path(w.s.id)),
      params: params(w.s.id),
      context: {},
    });
    expect(register.register.find((r) => r.bookingId === w.booked[0])).toMatchObject({
      status: "attended",
      completionRevokedAt: expect.stringMatching(/^2026-12-03/),
    });
    const mine = await myBookings.loader({
      request: await signedInRequest(t.db, w.learner.id, "/my-bookings"),
      params: {},
      context: {},
    });
    expect(revokedCompletionText(mine.past.find((b) => b.id === w.booked[0])!)).toBe(
      "Certificate revoked on 3 December 2026",
    );
    const record = await personPage.loader({
      request: await signedInRequest(t.db, w.coordinator.id, `/people/${w.people[0]!.id}`),
      params: { personId: String(w.people[0]!.id) },
      context: {},
    });
    expect(revokedCompletionText(record.bookings.find((b) => b.id === w.booked[0])!)).toBe(
      "Certificate revoked on 3 December 2026",
    );
  });
});

describe("the printable sign-in sheet", () => {
  it("is an A4 PDF with the session's details, everyone with a place and a signature column", async () => {
    const w = await world();
    const response = (await registerPdf.loader({
      request: await signedInRequest(t.db, w.trainer.id, `/sessions/${w.s.id}/register.pdf`),
      params: params(w.s.id),
      context: {},
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="sign-in-sheet-prevent-awareness-workshop-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    const document = await getDocument({ data: bytes, verbosity: 0, isEvalSupported: false }).promise;
    const page = await document.getPage(1);
    const text = (await page.getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join(" ");
    const { info } = (await document.getMetadata()) as unknown as { info: Record<string, unknown> };
    const { width, height } = page.getViewport({ scale: 1 });
    await document.destroy();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(info.Title).toMatch(/^Sign-in sheet: Prevent awareness workshop, \d+ \w+ \d{4}$/);
    expect(info.Language).toBe("en-GB");
    for (const expected of [
      "Prevent awareness workshop (PREV-W)",
      "Town Hall, Committee Room 2",
      "Tamsin Trainer",
      "Name",
      "Organisation",
      "Signature",
    ]) {
      expect(text).toContain(expected);
    }
    for (const p of w.people) expect(text).toContain(`${p.givenName} ${p.familyName}`);
    const denied = await call(async () =>
      registerPdf.loader({
        request: await signedInRequest(t.db, w.learner.id, `/sessions/${w.s.id}/register.pdf`),
        params: params(w.s.id),
        context: {},
      }),
    );
    expect(status(denied)).toBe(403);
  });
});
