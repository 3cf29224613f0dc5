import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, bookings, courseSessions, requirementCourses, requirements } from "../../app/db/schema";
import { addDaysToDate, todayInLondon } from "../../app/lib/dates";
import * as bookingsCalendar from "../../app/routes/bookings.$bookingId.calendar[.]ics";
import * as myBookings from "../../app/routes/my-bookings";
import * as myTraining from "../../app/routes/my-training";
import * as sessionPage from "../../app/routes/sessions.$sessionId._index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { DAY, council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  // Read once by env(): the organiser of every calendar file.
  process.env.TRAINING_TEAM_EMAIL = "prevent.team@northbridge.gov.uk";
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(async () => {
  delete process.env.TRAINING_TEAM_EMAIL;
  await t.close();
});
beforeEach(() => t.reset());

/** A learner with a manager, the Prevent requirement met by one course, and sessions of it. */
async function world() {
  const { service } = await council(t.db);
  const managerPerson = await make.person(t.db, { organisationId: service.id });
  const learnerPerson = await make.person(t.db, { organisationId: service.id, lineManagerId: managerPerson.id });
  const learner = await make.account(t.db, { personId: learnerPerson.id });
  const manager = await make.account(t.db, { personId: managerPerson.id, roles: ["manager"] });
  const course = await make.course(t.db, { title: "Prevent awareness workshop" });
  const [requirement] = await t.db.insert(requirements).values({ name: "Prevent awareness" }).returning();
  await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
  return { service, learnerPerson, managerPerson, learner, manager, course };
}

const params = (sessionId: number) => ({ sessionId: String(sessionId) });

async function view(accountId: string, sessionId: number, query = "") {
  return sessionPage.loader({
    request: await signedInRequest(t.db, accountId, `/sessions/${sessionId}${query}`),
    params: params(sessionId),
    context: {},
  });
}

async function post(accountId: string, sessionId: number, form: Record<string, string>) {
  const request = await signedInRequest(t.db, accountId, `/sessions/${sessionId}`, { form });
  return call(() => sessionPage.action({ request, params: params(sessionId), context: {} }));
}

function location(response: unknown): string | null {
  return response instanceof Response ? response.headers.get("Location") : null;
}
function payload<T>(result: unknown): T {
  const value = result as { data?: T };
  return (value && typeof value === "object" && "data" in value ? value.data : value) as T;
}
function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}

const bookingRows = () => t.db.select().from(bookings).orderBy(asc(bookings.id));

describe("a second session of a course the person is already booked on", () => {
  it("says so before the form, and moving the booking cancels the old one and books this one, both audited", async () => {
    const w = await world();
    const first = await session(t.db, { courseId: w.course.id, inDays: 14 });
    const second = await session(t.db, { courseId: w.course.id, inDays: 28 });
    await post(w.learner.id, first.id, { intent: "book", managerAgreed: "yes" });
    const [old] = await bookingRows();

    const page = await view(w.learner.id, second.id);
    expect(page.warnings?.sameCourse).toEqual({
      bookingId: old!.id,
      sessionId: first.id,
      startsAt: expect.any(String),
      status: "booked",
    });
    // The manager booking for the learner is told the same.
    expect((await view(w.manager.id, second.id, `?for=${w.learnerPerson.id}`)).warnings?.sameCourse).toMatchObject({
      bookingId: old!.id,
    });

    const auditBefore = (await t.db.select().from(auditEvents)).length;
    const moved = await post(w.learner.id, second.id, { intent: "move", fromBookingId: String(old!.id) });
    const rows = await bookingRows();
    expect(rows.map((r) => [r.sessionId, r.status])).toEqual([
      [first.id, "cancelled"],
      [second.id, "booked"],
    ]);
    expect(location(moved)).toBe(`/my-bookings?booked=${rows[1]!.id}`);
    expect(rows[0]!.cancelReason).toMatch(/^Moved to the session on \d+ \w+ \d{4} at /);
    expect(rows[0]!.lateCancellation).toBe(false);
    const events = (await t.db.select().from(auditEvents).orderBy(asc(auditEvents.id))).slice(auditBefore);
    expect(events.map((e) => [e.action, e.entityId, e.actorAccountId])).toEqual([
      ["booking.cancel", String(old!.id), w.learner.id],
      ["booking.book", String(rows[1]!.id), w.learner.id],
    ]);
    // The first session now warns of the booking on the second.
    expect((await view(w.learner.id, first.id)).warnings?.sameCourse).toMatchObject({
      bookingId: rows[1]!.id,
      sessionId: second.id,
    });
  });

  it("moves nothing when the new booking is refused: the old booking stays, no audit event", async () => {
    const w = await world();
    const first = await session(t.db, { courseId: w.course.id, inDays: 14 });
    const full = await session(t.db, { courseId: w.course.id, inDays: 28, capacity: 1 });
    const other = await make.person(t.db, { organisationId: w.service.id });
    await t.db
      .insert(bookings)
      .values({ sessionId: full.id, personId: other.id, status: "booked", managerAgreed: true });
    await post(w.learner.id, first.id, { intent: "book", managerAgreed: "yes" });
    const old = (await bookingRows()).find((b) => b.personId === w.learnerPerson.id);
    const auditBefore = (await t.db.select().from(auditEvents)).length;

    const page = await view(w.learner.id, full.id);
    expect(page.warnings?.sameCourse).toMatchObject({ bookingId: old!.id, status: "booked" });
    const refused = await post(w.learner.id, full.id, { intent: "move", fromBookingId: String(old!.id) });
    expect(status(refused)).toBe(400);
    expect(payload<{ errors: Record<string, string> }>(refused).errors).toEqual({
      booking: "This session is full. Join the waiting list instead.",
    });
    expect((await bookingRows()).find((b) => b.id === old!.id)).toMatchObject({ status: "booked", cancelReason: null });
    expect((await t.db.select().from(auditEvents)).length).toBe(auditBefore);
  });

  it("refuses to move someone else's booking, or a booking of another course, with a 400", async () => {
    const w = await world();
    const first = await session(t.db, { courseId: w.course.id, inDays: 14 });
    const otherCourse = await session(t.db, { inDays: 20 });
    const target = await session(t.db, { courseId: w.course.id, inDays: 28 });
    const colleague = await make.person(t.db, { organisationId: w.service.id });
    const [theirs] = await t.db
      .insert(bookings)
      .values({ sessionId: first.id, personId: colleague.id, status: "booked", managerAgreed: true })
      .returning();
    const [mine] = await t.db
      .insert(bookings)
      .values({ sessionId: otherCourse.id, personId: w.learnerPerson.id, status: "booked", managerAgreed: true })
      .returning();
    const notMine = await post(w.learner.id, target.id, { intent: "move", fromBookingId: String(theirs!.id) });
    expect(payload<{ errors: Record<string, string> }>(notMine).errors).toEqual({
      booking: "We could not find that booking.",
    });
    const otherKind = await post(w.learner.id, target.id, { intent: "move", fromBookingId: String(mine!.id) });
    expect(payload<{ errors: Record<string, string> }>(otherKind).errors).toEqual({
      booking: "A booking can only move to another session of the same course.",
    });
    expect((await bookingRows()).map((b) => b.status)).toEqual(["booked", "booked"]);
  });
});

describe("a session after the person's training runs out", () => {
  it("says when it runs out and lists the course's earlier sessions with places that can still be booked", async () => {
    const w = await world();
    const today = todayInLondon();
    const runsOutOn = addDaysToDate(today, 60);
    await make.completion(t.db, {
      personId: w.learnerPerson.id,
      courseId: w.course.id,
      completedOn: addDaysToDate(today, -300),
      expiresOn: runsOutOn,
    });
    const late = await session(t.db, { courseId: w.course.id, inDays: 90 });
    const soon = await session(t.db, { courseId: w.course.id, inDays: 14 });
    const later = await session(t.db, { courseId: w.course.id, inDays: 40, venue: "Library, Room 3" });
    const fullOne = await session(t.db, { courseId: w.course.id, inDays: 20, capacity: 1 });
    await session(t.db, { courseId: w.course.id, inDays: 30, bookingClosesAt: new Date(Date.now() - DAY) });
    await session(t.db, { courseId: w.course.id, inDays: 70 });
    const someone = await make.person(t.db, { organisationId: w.service.id });
    await t.db
      .insert(bookings)
      .values({ sessionId: fullOne.id, personId: someone.id, status: "booked", managerAgreed: true });

    const page = await view(w.learner.id, late.id);
    expect(page.warnings?.afterExpiry).toEqual({
      requirementName: "Prevent awareness",
      runsOutOn,
      earlier: [
        {
          sessionId: soon.id,
          startsAt: expect.any(String),
          venue: "Town Hall, Committee Room 2",
          online: false,
          placesLeft: 10,
        },
        { sessionId: later.id, startsAt: expect.any(String), venue: "Library, Room 3", online: false, placesLeft: 10 },
      ],
    });
    // An earlier session itself warns of nothing; booking anyway is still allowed.
    expect((await view(w.learner.id, soon.id)).warnings).toEqual({ sameCourse: null, afterExpiry: null });
    const anyway = await post(w.learner.id, late.id, { intent: "book", managerAgreed: "yes" });
    expect(location(anyway)).toMatch(/^\/my-bookings\?booked=\d+$/);
  });

  it("warns of nothing for someone whose training outlasts the session, or who has none", async () => {
    const w = await world();
    const s = await session(t.db, { courseId: w.course.id, inDays: 30 });
    expect((await view(w.learner.id, s.id)).warnings).toEqual({ sameCourse: null, afterExpiry: null });
    await make.completion(t.db, {
      personId: w.learnerPerson.id,
      courseId: w.course.id,
      completedOn: addDaysToDate(todayInLondon(), -30),
      expiresOn: addDaysToDate(todayInLondon(), 700),
    });
    expect((await view(w.learner.id, s.id)).warnings?.afterExpiry).toBeNull();
  });
});

describe("cancelled bookings", () => {
  it("leave Upcoming on My bookings and My training: a cancelled booking, and a booking on a cancelled session", async () => {
    const w = await world();
    const kept = await session(t.db, { courseId: w.course.id, inDays: 10 });
    const dropped = await session(t.db, { courseId: w.course.id, inDays: 20 });
    const called = await session(t.db, { courseId: w.course.id, inDays: 30 });
    const past = await session(t.db, { courseId: w.course.id, inDays: -30 });
    const values = { personId: w.learnerPerson.id, managerAgreed: true } as const;
    const [k, d, c, p] = await t.db
      .insert(bookings)
      .values([
        { ...values, sessionId: kept.id, status: "booked" },
        { ...values, sessionId: dropped.id, status: "cancelled", cancelledAt: new Date() },
        { ...values, sessionId: called.id, status: "booked" },
        { ...values, sessionId: past.id, status: "cancelled", cancelledAt: new Date(Date.now() - 40 * DAY) },
      ])
      .returning();
    await t.db.update(courseSessions).set({ status: "cancelled" }).where(eq(courseSessions.id, called.id));

    const mine = await myBookings.loader({
      request: await signedInRequest(t.db, w.learner.id, "/my-bookings"),
      params: {},
      context: {},
    });
    expect(mine.upcoming.map((b) => b.id)).toEqual([k!.id]);
    expect(mine.cancelled.map((b) => [b.id, b.calendar])).toEqual([
      [d!.id, true],
      [c!.id, true],
    ]);
    expect(mine.past.map((b) => b.id)).toEqual([p!.id]);

    const training = await myTraining.loader({
      request: await signedInRequest(t.db, w.learner.id, "/my-training"),
      params: {},
      context: {},
    });
    expect(training.upcoming.map((b) => b.id)).toEqual([k!.id]);
  });
});

describe("the calendar file", () => {
  it("names the training team's address from configuration as its organiser, for a booking made by a manager", async () => {
    const w = await world();
    const s = await session(t.db, { courseId: w.course.id, inDays: 14 });
    await post(w.manager.id, s.id, { intent: "book", personId: String(w.learnerPerson.id) });
    const [booking] = await bookingRows();
    const ics = (await bookingsCalendar.loader({
      request: await signedInRequest(t.db, w.manager.id, `/bookings/${booking!.id}/calendar.ics`),
      params: { bookingId: String(booking!.id) },
      context: {},
    })) as Response;
    // Lines longer than 75 octets are folded (RFC 5545 3.1): unfolded before reading.
    const text = (await ics.text()).replace(/\r\n /g, "");
    expect(text).toMatch(/^ORGANIZER;CN=".+ Prevent training":mailto:prevent\.team@northbridge\.gov\.uk\r$/m);
    expect(text).not.toContain("@localhost");
  });
});
