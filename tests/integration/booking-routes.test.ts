import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { bookings, courseSessions, notifications } from "../../app/db/schema";
import * as bookingsCalendar from "../../app/routes/bookings.$bookingId.calendar[.]ics";
import * as cancelPage from "../../app/routes/sessions.$sessionId.bookings.$bookingId.cancel";
import * as bookOthers from "../../app/routes/sessions.$sessionId.book-others";
import * as coursePage from "../../app/routes/courses.$courseId";
import * as sessionPage from "../../app/routes/sessions.$sessionId._index";
import * as findPage from "../../app/routes/sessions._index";
import * as messagesPage from "../../app/routes/messages";
import * as myBookings from "../../app/routes/my-bookings";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";
import { DAY, council, session } from "./booking-fixtures";

vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

/** A learner and their manager in one service, someone elsewhere, a coordinator, and a session of 1 place. */
async function world() {
  const { service, root } = await council(t.db);
  const elsewhere = await make.organisation(t.db, { kind: "service", parentId: root.id });
  const managerPerson = await make.person(t.db, { organisationId: service.id });
  const learnerPerson = await make.person(t.db, { organisationId: service.id, lineManagerId: managerPerson.id });
  const otherPerson = await make.person(t.db, { organisationId: elsewhere.id, externalRef: "HR-0042" });
  const learner = await make.account(t.db, { personId: learnerPerson.id });
  const manager = await make.account(t.db, { personId: managerPerson.id, roles: ["manager"] });
  const other = await make.account(t.db, { personId: otherPerson.id });
  const coordinatorPerson = await make.person(t.db, { organisationId: root.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const course = await make.course(t.db, { title: "Prevent awareness workshop" });
  const s = await session(t.db, { courseId: course.id, capacity: 1 });
  return { learnerPerson, managerPerson, otherPerson, learner, manager, other, coordinator, s };
}

function params(sessionId: number, extra: Record<string, string> = {}) {
  return { sessionId: String(sessionId), ...extra };
}

async function book(
  accountId: string,
  sessionId: number,
  form: Record<string, string>,
  path = `/sessions/${sessionId}`,
) {
  const request = await signedInRequest(t.db, accountId, path, { form });
  return call(() => sessionPage.action({ request, params: params(sessionId), context: {} }));
}

function location(response: unknown): string | null {
  return response instanceof Response ? response.headers.get("Location") : null;
}

/** What a route returned with `data(...)`: single-fetch's data object, or the plain value. */
function payload<T>(result: unknown): T {
  const value = result as { data?: T; init?: { status?: number } };
  return (value && typeof value === "object" && "data" in value ? value.data : value) as T;
}
function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}

describe("booking from the session page", () => {
  it("a learner must tick the manager's agreement; then books and lands on My bookings", async () => {
    const w = await world();
    const refused = await book(w.learner.id, w.s.id, { intent: "book" });
    expect(status(refused)).toBe(400);
    expect(payload<{ errors: Record<string, string> }>(refused).errors).toEqual({
      managerAgreed: "Confirm that your manager has agreed to you attending",
    });
    const done = await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    const [row] = await t.db.select().from(bookings);
    expect(location(done)).toBe(`/my-bookings?booked=${row!.id}`);
    expect(row).toMatchObject({
      personId: w.learnerPerson.id,
      status: "booked",
      managerAgreed: true,
      bookedByAccountId: w.learner.id,
    });

    const request = await signedInRequest(t.db, w.learner.id, `/sessions/${w.s.id}`);
    const page = await sessionPage.loader({ request, params: params(w.s.id), context: {} });
    expect(page.booking).toMatchObject({ id: row!.id, status: "booked" });
    expect(page.staff).toBe(false);
    expect(page.people).toEqual([]);
  });

  it("a full session offers the waiting list: booking a place is refused with a message, joining gives the position", async () => {
    const w = await world();
    await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    const full = await book(w.other.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    expect(payload<{ errors: Record<string, string> }>(full).errors).toEqual({
      booking: "This session is full. Join the waiting list instead.",
    });
    const waited = await book(w.other.id, w.s.id, { intent: "wait", managerAgreed: "yes" });
    expect(location(waited)).toMatch(/^\/my-bookings\?waitlisted=\d+$/);
    const request = await signedInRequest(t.db, w.other.id, `/sessions/${w.s.id}`);
    const page = await sessionPage.loader({ request, params: params(w.s.id), context: {} });
    expect(page.booking).toMatchObject({ status: "waitlisted", waitlistPosition: 1 });
  });

  it("says before the form that the person already has a booking at that time, and offers no form", async () => {
    const w = await world();
    const other = await make.course(t.db, { title: "Safeguarding basics" });
    const overlapping = await session(t.db, {
      courseId: other.id,
      startsAt: new Date(w.s.startsAt.getTime() + 3_600_000),
    });
    const separate = await session(t.db, { courseId: other.id, startsAt: new Date(w.s.startsAt.getTime() + DAY) });
    await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    const view = async (accountId: string, sessionId: number, query = "") =>
      sessionPage.loader({
        request: await signedInRequest(t.db, accountId, `/sessions/${sessionId}${query}`),
        params: params(sessionId),
        context: {},
      });
    expect((await view(w.learner.id, overlapping.id)).clash).toEqual({
      sessionId: w.s.id,
      courseTitle: "Prevent awareness workshop",
      startsAt: expect.any(String),
    });
    expect((await view(w.learner.id, separate.id)).clash).toBeNull();
    expect((await view(w.manager.id, overlapping.id, `?for=${w.learnerPerson.id}`)).clash).toMatchObject({
      sessionId: w.s.id,
    });
    // The booking itself is still refused, should the form be sent anyway.
    const refused = await book(w.learner.id, overlapping.id, { intent: "book", managerAgreed: "yes" });
    expect(payload<{ errors: Record<string, string> }>(refused).errors.booking).toMatch(
      /^You already have a booking at that time: Prevent awareness workshop on /,
    );
  });

  it("a manager books a member of their team (agreement given) but gets a 404 for anyone else", async () => {
    const w = await world();
    const done = await book(w.manager.id, w.s.id, { intent: "book", personId: String(w.learnerPerson.id) });
    expect(location(done)).toBe(`/sessions/${w.s.id}?for=${w.learnerPerson.id}&booked=booked`);
    expect((await t.db.select().from(bookings))[0]).toMatchObject({
      personId: w.learnerPerson.id,
      bookedByAccountId: w.manager.id,
      managerAgreed: true,
    });
    const outside = await book(w.manager.id, w.s.id, { intent: "wait", personId: String(w.otherPerson.id) });
    expect(status(outside)).toBe(404);
    const page = await call(async () =>
      sessionPage.loader({
        request: await signedInRequest(t.db, w.learner.id, `/sessions/${w.s.id}?for=${w.otherPerson.id}`),
        params: params(w.s.id),
        context: {},
      }),
    );
    expect(status(page)).toBe(404);
  });

  it("finds sessions by course, date range, place and places left, and says when a date is not real", async () => {
    const w = await world();
    const online = await session(t.db, { inDays: 20, joiningLink: "https://meet.example/abc", venue: null });
    const find = async (query: string) =>
      findPage.loader({
        request: await signedInRequest(t.db, w.learner.id, `/sessions?${query}`),
        params: {},
        context: {},
      });
    expect((await find("")).rows.map((r) => r.id)).toEqual([w.s.id, online.id]);
    expect((await find("where=online")).rows.map((r) => r.id)).toEqual([online.id]);
    expect((await find(`course=${w.s.courseId}`)).rows.map((r) => r.id)).toEqual([w.s.id]);
    const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
    expect((await find(`from=${day(16)}&to=${day(25)}`)).rows.map((r) => r.id)).toEqual([online.id]);
    await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    expect((await find("places=yes")).rows.map((r) => r.id)).toEqual([online.id]);
    const bad = await find("from=2026-02-30&to=2020-01-01");
    expect(bad.errors).toEqual({ from: "Enter the start of the date range as a real date" });
    expect((await find(`from=${day(5)}&to=${day(1)}`)).errors).toEqual({
      to: "The end of the date range must be the same as or after the start",
    });
  });
});

describe("lists asked for a page past their end", () => {
  it("finding a session shows the last page (for a page too large to be a number too), not 'No sessions match'", async () => {
    const w = await world();
    // 27 more sessions of the course: 28, two pages of 25.
    for (let n = 1; n <= 27; n++) await session(t.db, { courseId: w.s.courseId, inDays: 14 + n });
    const find = async (query: string) =>
      findPage.loader({
        request: await signedInRequest(t.db, w.learner.id, `/sessions?${query}`),
        params: {},
        context: {},
      });
    const last = await find("page=2");
    expect([last.page, last.total, last.rows.length]).toEqual([2, 28, 3]);
    for (const page of ["40", "2147483648", "1e99"]) {
      const past = await find(`page=${page}`);
      expect([past.page, past.rows]).toEqual([2, last.rows]);
      const text = pageText(renderPage(findPage.default, past));
      expect(text).toContain("28 sessions");
      expect(text).not.toContain("No sessions match");
    }
  });

  it("messages show the last page, not 'You have no messages'", async () => {
    const w = await world();
    await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    const read = async (query: string) =>
      messagesPage.loader({
        request: await signedInRequest(t.db, w.learner.id, `/messages?${query}`),
        params: {},
        context: {},
      });
    const first = await read("");
    expect(first.rows).toHaveLength(1);
    for (const page of ["40", "2147483648"]) {
      const past = await read(`page=${page}`);
      expect([past.page, past.total, past.rows]).toEqual([1, 1, first.rows]);
      expect(pageText(renderPage(messagesPage.default, past))).not.toContain("You have no messages");
    }
  });
});

describe("cancelling", () => {
  it("a learner cancels their own booking and the first person waiting is promoted and told", async () => {
    const w = await world();
    await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    await book(w.other.id, w.s.id, { intent: "wait", managerAgreed: "yes" });
    const [mine, theirs] = await t.db.select().from(bookings).orderBy(bookings.id);
    const cancelParams = params(w.s.id, { bookingId: String(mine!.id) });
    // Someone else cannot even see the confirmation page.
    const stranger = await call(async () =>
      cancelPage.loader({
        request: await signedInRequest(t.db, w.other.id, `/sessions/${w.s.id}/bookings/${mine!.id}/cancel`),
        params: cancelParams,
        context: {},
      }),
    );
    expect(status(stranger)).toBe(404);
    const confirm = await cancelPage.loader({
      request: await signedInRequest(t.db, w.learner.id, `/sessions/${w.s.id}/bookings/${mine!.id}/cancel`),
      params: cancelParams,
      context: {},
    });
    expect(confirm).toMatchObject({ self: true, pastCutOff: false });
    const done = await call(async () =>
      cancelPage.action({
        request: await signedInRequest(t.db, w.learner.id, `/sessions/${w.s.id}/bookings/${mine!.id}/cancel`, {
          form: { reason: "Clash with a case conference" },
        }),
        params: cancelParams,
        context: {},
      }),
    );
    expect(location(done)).toBe(`/my-bookings?cancelled=${mine!.id}`);
    const rows = await t.db.select().from(bookings).orderBy(bookings.id);
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "booked"]);
    expect(rows[0]!.cancelReason).toBe("Clash with a case conference");
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, "booking.promoted"));
    expect(told.map((n) => n.recipientPersonId)).toEqual([w.otherPerson.id]);
    expect(rows[1]!.id).toBe(theirs!.id);
  });

  it("the coordinator cancels someone's booking from the session page after the cut-off: recorded as late", async () => {
    const w = await world();
    // The course's cut-off in working days is 0 here, so the session's own cut-off (an hour away, then past) rules.
    const course = await make.course(t.db, { bookingClosesWorkingDays: 0 });
    const soon = await session(t.db, {
      courseId: course.id,
      inDays: 1,
      capacity: 5,
      bookingClosesAt: new Date(Date.now() + 3_600_000),
    });
    await book(w.learner.id, soon.id, { intent: "book", managerAgreed: "yes" });
    await t.db
      .update(courseSessions)
      .set({ bookingClosesAt: new Date(Date.now() - 3_600_000) })
      .where(eq(courseSessions.id, soon.id));
    const [booking] = await t.db.select().from(bookings);
    const cancelParams = params(soon.id, { bookingId: String(booking!.id) });
    const path = `/sessions/${soon.id}/bookings/${booking!.id}/cancel`;
    const learnerTry = await call(async () =>
      cancelPage.action({
        request: await signedInRequest(t.db, w.learner.id, path, { form: {} }),
        params: cancelParams,
        context: {},
      }),
    );
    expect(status(learnerTry)).toBe(400);
    expect(payload<{ errors: { reason: string } }>(learnerTry).errors.reason).toMatch(
      /^This booking can no longer be cancelled here: the cut-off was/,
    );
    const page = await sessionPage.loader({
      request: await signedInRequest(t.db, w.coordinator.id, `/sessions/${soon.id}`),
      params: params(soon.id),
      context: {},
    });
    expect(page.people).toMatchObject([{ bookingId: booking!.id, mayCancel: true }]);
    const done = await call(async () =>
      cancelPage.action({
        request: await signedInRequest(t.db, w.coordinator.id, path, { form: {} }),
        params: cancelParams,
        context: {},
      }),
    );
    expect(location(done)).toBe(`/sessions/${soon.id}?cancelled=1&promoted=0`);
    expect((await t.db.select().from(bookings))[0]).toMatchObject({ status: "cancelled", lateCancellation: true });
  });
});

describe("booking several people", () => {
  it("reports per line: booked, waitlisted, already booked, not found; only the training team may use it", async () => {
    const w = await world();
    await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    const path = `/sessions/${w.s.id}/book-others`;
    const managerTry = await call(async () =>
      bookOthers.loader({
        request: await signedInRequest(t.db, w.manager.id, path),
        params: params(w.s.id),
        context: {},
      }),
    );
    expect(status(managerTry)).toBe(403);
    const empty = await bookOthers.action({
      request: await signedInRequest(t.db, w.coordinator.id, path, { form: { people: "  \n " } }),
      params: params(w.s.id),
      context: {},
    });
    expect(status(empty)).toBe(400);
    const result = await bookOthers.action({
      request: await signedInRequest(t.db, w.coordinator.id, path, {
        form: {
          people: `${w.learnerPerson.email!.toUpperCase()}\nhr-0042\nnobody@example.test\n${w.managerPerson.email}`,
        },
      }),
      params: params(w.s.id),
      context: {},
    });
    const { results } = payload<{ results: Array<{ line: string; outcome: string; personId: number | null }> }>(result);
    expect(results.map((r) => [r.outcome, r.personId])).toEqual([
      ["already-booked", w.learnerPerson.id],
      ["waitlisted", w.otherPerson.id],
      ["not-found", null],
      ["waitlisted", w.managerPerson.id],
    ]);
  });
});

describe("my bookings, calendar files and messages", () => {
  it("lists upcoming bookings with calendar and cancel links, serves the .ics, and shows the stored messages newest first", async () => {
    const w = await world();
    await book(w.learner.id, w.s.id, { intent: "book", managerAgreed: "yes" });
    const [booking] = await t.db.select().from(bookings);
    const mine = await myBookings.loader({
      request: await signedInRequest(t.db, w.learner.id, `/my-bookings?booked=${booking!.id}`),
      params: {},
      context: {},
    });
    expect(mine.notice).toMatchObject({ kind: "booked", booking: { id: booking!.id } });
    expect(mine.upcoming).toMatchObject([{ id: booking!.id, canCancel: true, calendar: true }]);
    expect(mine.past).toEqual([]);

    const ics = (await bookingsCalendar.loader({
      request: await signedInRequest(t.db, w.learner.id, `/bookings/${booking!.id}/calendar.ics`),
      params: { bookingId: String(booking!.id) },
      context: {},
    })) as Response;
    expect(ics.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=REQUEST");
    expect(ics.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="prevent-awareness-workshop-\d{4}-\d{2}-\d{2}\.ics"$/,
    );
    expect(await ics.text()).toContain(`UID:booking-${booking!.id}@prevent-training-tracker`);
    const stranger = await call(async () =>
      bookingsCalendar.loader({
        request: await signedInRequest(t.db, w.other.id, `/bookings/${booking!.id}/calendar.ics`),
        params: { bookingId: String(booking!.id) },
        context: {},
      }),
    );
    expect(status(stranger)).toBe(404);

    await call(async () =>
      cancelPage.action({
        request: await signedInRequest(t.db, w.learner.id, "/x", { form: {} }),
        params: params(w.s.id, { bookingId: String(booking!.id) }),
        context: {},
      }),
    );
    const messages = await messagesPage.loader({
      request: await signedInRequest(t.db, w.learner.id, "/messages"),
      params: {},
      context: {},
    });
    expect(messages.rows.map((m) => m.kind)).toEqual(["booking.cancelled", "booking.confirmed"]);
    // Without GOV.UK Notify the page says messages are kept here, not e-mailed.
    expect(messages.byEmail).toBe(false);
    expect(messages.rows[1]!.subject).toBe("Booking confirmed: Prevent awareness workshop");
    expect(messages.rows[1]!.body).toMatch(
      /^You have a place on Prevent awareness workshop on \d+ \w+ \d{4} at .+, Town Hall, Committee Room 2\. Add it to your calendar: \/bookings\/\d+\/calendar\.ics$/,
    );
  });
});

describe("the course page", () => {
  it("says booking has closed, or not opened, instead of offering Book, as the sessions list does", async () => {
    const { learner, s: open } = await world();
    const closed = await session(t.db, {
      courseId: open.courseId,
      inDays: 2,
      bookingClosesAt: new Date(Date.now() - DAY),
    });
    const notYet = await session(t.db, {
      courseId: open.courseId,
      inDays: 30,
      bookingOpensAt: new Date(Date.now() + 5 * DAY),
    });
    const request = await signedInRequest(t.db, learner.id, `/courses/${open.courseId}`);
    const page = (await coursePage.loader({ request, params: { courseId: String(open.courseId) }, context: {} })) as {
      sessions: Array<{ id: number; bookingWindow: string | null }>;
    };
    const windows = Object.fromEntries(page.sessions.map((row) => [row.id, row.bookingWindow]));
    expect(windows).toEqual({ [open.id]: null, [closed.id]: "closed", [notYet.id]: "not-open" });
    const list = payload<{ rows: Array<{ id: number; bookingWindow: string | null }> }>(
      await findPage.loader({ request: await signedInRequest(t.db, learner.id, "/sessions"), params: {}, context: {} }),
    );
    expect(Object.fromEntries(list.rows.map((row) => [row.id, row.bookingWindow]))).toEqual(windows);
  });
});
