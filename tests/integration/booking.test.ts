import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { auditEvents, bookings, courseSessions, courses, notifications } from "../../app/db/schema";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { cancelBooking } from "../../app/domain/sessions/cancel-booking";
import { promoteFromWaitingList } from "../../app/domain/sessions/promote-from-waiting-list";
import { DomainError } from "../../app/domain/errors";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { DAY, HOUR, council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const book = (
  sessionId: number,
  personId: number,
  extra: { joinWaitingList?: boolean; managerAgreed?: boolean; actorAccountId?: string | null; now?: Date } = {},
) =>
  bookPlace(t.db, {
    sessionId,
    personId,
    actorAccountId: extra.actorAccountId ?? null,
    managerAgreed: extra.managerAgreed ?? true,
    joinWaitingList: extra.joinWaitingList ?? false,
    now: extra.now,
  });

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function counts() {
  const [row] = await queryRows<{ bookings: number; audit: number; notifications: number }>(
    t.db,
    sql`select (select count(*)::int from bookings) as bookings, (select count(*)::int from audit_events) as audit,
          (select count(*)::int from notifications) as notifications`,
  );
  return row!;
}

describe("booking a place", () => {
  it("books, records the manager's agreement, audits and tells the person", async () => {
    const { people } = await council(t.db, 1);
    const learner = people[0]!;
    const account = await make.account(t.db, { personId: learner.id });
    const s = await session(t.db, { capacity: 2 });
    const result = await book(s.id, learner.id, { actorAccountId: account.id });
    expect(result).toEqual({ bookingId: expect.any(Number), status: "booked", waitlistPosition: null });
    const [row] = await t.db.select().from(bookings).where(eq(bookings.id, result.bookingId));
    expect(row).toMatchObject({
      status: "booked",
      managerAgreed: true,
      bookedByAccountId: account.id,
      waitlistedAt: null,
    });
    const [audit] = await t.db.select().from(auditEvents);
    expect(audit).toMatchObject({
      action: "booking.book",
      entityType: "booking",
      entityId: String(result.bookingId),
      actorAccountId: account.id,
      subjectPersonId: learner.id,
      before: null,
    });
    expect(audit!.after).toMatchObject({ status: "booked", sessionId: s.id });
    const [message] = await t.db.select().from(notifications);
    expect(message).toMatchObject({ kind: "booking.confirmed", recipientPersonId: learner.id, status: "pending" });
    expect(message!.details).toMatchObject({
      sessionId: s.id,
      bookingId: result.bookingId,
      venue: "Town Hall, Committee Room 2",
    });
  });

  it("refuses a full session unless the person joins the waiting list, then gives their position", async () => {
    const { people } = await council(t.db, 4);
    const s = await session(t.db, { capacity: 2 });
    await book(s.id, people[0]!.id);
    await book(s.id, people[1]!.id);
    const before = await counts();
    const full = await rejection(book(s.id, people[2]!.id));
    expect(full.message).toBe("This session is full. Join the waiting list instead.");
    expect(await counts()).toEqual(before);
    expect(await book(s.id, people[2]!.id, { joinWaitingList: true })).toMatchObject({
      status: "waitlisted",
      waitlistPosition: 1,
    });
    expect(await book(s.id, people[3]!.id, { joinWaitingList: true })).toMatchObject({
      status: "waitlisted",
      waitlistPosition: 2,
    });
    const kinds = (await t.db.select().from(notifications)).map((n) => n.kind);
    expect(kinds).toEqual(["booking.confirmed", "booking.confirmed", "booking.waitlisted", "booking.waitlisted"]);
    const again = await rejection(book(s.id, people[3]!.id, { joinWaitingList: true }));
    expect(again.message).toMatch(/already on the waiting list for this session \(number 2\)/);
  });

  it("allows one live booking per person per session, and a new one after a cancellation", async () => {
    const { people } = await council(t.db, 1);
    const s = await session(t.db);
    const first = await book(s.id, people[0]!.id);
    expect((await rejection(book(s.id, people[0]!.id))).code).toBe("already-booked");
    await cancelBooking(t.db, { bookingId: first.bookingId, actorAccountId: null, allowAfterCutOff: false });
    expect((await book(s.id, people[0]!.id)).status).toBe("booked");
  });

  it("speaks to the learner as 'you' and names the person for anyone else", async () => {
    const { people } = await council(t.db, 1);
    const me = await make.account(t.db, { personId: people[0]!.id });
    const s = await session(t.db);
    await book(s.id, people[0]!.id);
    expect((await rejection(book(s.id, people[0]!.id, { actorAccountId: me.id }))).message).toBe(
      "You already have a place on this session.",
    );
    expect((await rejection(book(s.id, people[0]!.id))).message).toBe(
      `${people[0]!.givenName} ${people[0]!.familyName} already has a place on this session.`,
    );
  });

  it("refuses a booking that overlaps another of the same person's, but not back-to-back ones", async () => {
    const { people } = await council(t.db, 1);
    const start = new Date(Date.now() + 10 * DAY);
    const morning = await session(t.db, { startsAt: start, hours: 3 });
    const overlapping = await session(t.db, { startsAt: new Date(start.getTime() + HOUR), hours: 1 });
    const afternoon = await session(t.db, { startsAt: new Date(start.getTime() + 3 * HOUR), hours: 2 });
    await book(morning.id, people[0]!.id);
    const clash = await rejection(book(overlapping.id, people[0]!.id));
    expect(clash.code).toBe("overlap");
    expect(clash.message).toMatch(/already has a booking at that time: Course \d+ on/);
    expect((await book(afternoon.id, people[0]!.id)).status).toBe("booked");
    // A cancelled session no longer blocks the time.
    await t.db.update(courseSessions).set({ status: "cancelled" }).where(eq(courseSessions.id, morning.id));
    expect((await book(overlapping.id, people[0]!.id)).status).toBe("booked");
  });

  it("needs the manager's agreement, on its own field", async () => {
    const { people } = await council(t.db, 1);
    const s = await session(t.db);
    const error = await rejection(book(s.id, people[0]!.id, { managerAgreed: false }));
    expect(error.field).toBe("managerAgreed");
    expect((await counts()).bookings).toBe(0);
  });

  it("refuses cancelled, started, not yet open, closed and retired sessions, and people outside the audience or gone", async () => {
    const { people, root } = await council(t.db, 2);
    const school = await make.organisation(t.db, { kind: "schools", name: "Northbridge Schools" });
    const leaver = await make.person(t.db, {
      organisationId: root.id,
      startDate: "2020-01-01",
      leavingDate: "2021-01-01",
    });
    const now = new Date();
    const cases: Array<[Promise<{ id: number }>, RegExp, number?]> = [
      [session(t.db, { status: "cancelled" }), /has been cancelled/],
      [session(t.db, { startsAt: new Date(now.getTime() - HOUR), bookingClosesAt: null }), /already started/],
      [session(t.db, { bookingOpensAt: new Date(now.getTime() + DAY) }), /Booking for this session opens on/],
      [
        session(t.db, { inDays: 3, bookingClosesAt: new Date(now.getTime() - HOUR) }),
        /Booking for this session closed on/,
      ],
      [
        (async () => session(t.db, { courseId: (await make.course(t.db, { retiredAt: new Date() })).id }))(),
        /can no longer be booked/,
      ],
      [session(t.db, { audienceOrganisationId: school.id }), /only for staff of Northbridge Schools/],
      [session(t.db), /has left/, leaver.id],
    ];
    for (const [made, message, personId] of cases) {
      const s = await made;
      expect((await rejection(book(s.id, personId ?? people[0]!.id, { joinWaitingList: true }))).message).toMatch(
        message,
      );
    }
    expect(await counts()).toEqual({ bookings: 0, audit: 0, notifications: 0 });
    // A person inside the audience organisation's subtree may book.
    const restricted = await session(t.db, { audienceOrganisationId: root.id });
    expect((await book(restricted.id, people[1]!.id)).status).toBe("booked");
  });
});

describe("cancelling and the waiting list", () => {
  it("promotes the first person waiting when a place is given up, and tells them", async () => {
    const { people } = await council(t.db, 4);
    const s = await session(t.db, { capacity: 2 });
    const a = await book(s.id, people[0]!.id);
    await book(s.id, people[1]!.id);
    const c = await book(s.id, people[2]!.id, { joinWaitingList: true });
    const d = await book(s.id, people[3]!.id, { joinWaitingList: true });
    const result = await cancelBooking(t.db, {
      bookingId: a.bookingId,
      actorAccountId: null,
      reason: "Clash",
      allowAfterCutOff: false,
    });
    expect(result).toEqual({ late: false, promotedBookingIds: [c.bookingId] });
    const rows = await t.db.select().from(bookings).orderBy(bookings.id);
    expect(rows.map((r) => [r.status, r.calendarSequence])).toEqual([
      ["cancelled", 1],
      ["booked", 0],
      ["booked", 1],
      ["waitlisted", 0],
    ]);
    expect(rows[0]).toMatchObject({ cancelReason: "Clash", lateCancellation: false });
    const messages = await t.db.select().from(notifications).orderBy(notifications.id);
    expect(messages.slice(-2).map((m) => [m.kind, m.recipientPersonId])).toEqual([
      ["booking.cancelled", people[0]!.id],
      ["booking.promoted", people[2]!.id],
    ]);
    const audit = await t.db.select().from(auditEvents).orderBy(auditEvents.id);
    expect(audit.slice(-2).map((e) => [e.action, e.entityId])).toEqual([
      ["booking.cancel", String(a.bookingId)],
      ["booking.promote", String(c.bookingId)],
    ]);
    // Leaving the waiting list frees no place and promotes nobody.
    expect(
      await cancelBooking(t.db, { bookingId: d.bookingId, actorAccountId: null, allowAfterCutOff: false }),
    ).toEqual({ late: false, promotedBookingIds: [] });
  });

  it("stops a learner at the cut-off; a coordinator's later cancellation is recorded as late", async () => {
    const { people } = await council(t.db, 2);
    const s = await session(t.db, { inDays: 5, capacity: 1, bookingClosesAt: new Date(Date.now() + 2 * DAY) });
    const a = await book(s.id, people[0]!.id);
    const waiting = await book(s.id, people[1]!.id, { joinWaitingList: true });
    const afterCutOff = new Date(Date.now() + 3 * DAY);
    const refused = await rejection(
      cancelBooking(t.db, { bookingId: a.bookingId, actorAccountId: null, allowAfterCutOff: false, now: afterCutOff }),
    );
    expect(refused.message).toMatch(
      /can no longer be cancelled here: the cut-off was .* Contact the Prevent Coordinator/,
    );
    expect((await t.db.select().from(bookings).where(eq(bookings.id, a.bookingId)))[0]!.status).toBe("booked");
    const result = await cancelBooking(t.db, {
      bookingId: a.bookingId,
      actorAccountId: null,
      allowAfterCutOff: true,
      now: afterCutOff,
    });
    expect(result).toEqual({ late: true, promotedBookingIds: [waiting.bookingId] });
    expect((await t.db.select().from(bookings).where(eq(bookings.id, a.bookingId)))[0]!.lateCancellation).toBe(true);
    expect(
      (await rejection(cancelBooking(t.db, { bookingId: a.bookingId, actorAccountId: null, allowAfterCutOff: true })))
        .code,
    ).toBe("already-cancelled");
  });

  it("promotes in first-come order when the capacity grows, and never past it", async () => {
    const { people } = await council(t.db, 6);
    const s = await session(t.db, { capacity: 1 });
    await book(s.id, people[0]!.id);
    const waiting = [];
    for (const p of people.slice(1)) waiting.push(await book(s.id, p.id, { joinWaitingList: true }));
    expect(await promoteFromWaitingList(t.db, { sessionId: s.id, actorAccountId: null })).toEqual([]);
    await t.db.update(courseSessions).set({ capacity: 4 }).where(eq(courseSessions.id, s.id));
    expect(await promoteFromWaitingList(t.db, { sessionId: s.id, actorAccountId: "acct-x" })).toEqual(
      waiting.slice(0, 3).map((w) => w.bookingId),
    );
    const statuses = await t.db.select({ status: bookings.status }).from(bookings).orderBy(bookings.id);
    expect(statuses.map((r) => r.status)).toEqual(["booked", "booked", "booked", "booked", "waitlisted", "waitlisted"]);
    // A session that has started promotes nobody.
    await t.db
      .update(courseSessions)
      .set({ capacity: 10, startsAt: new Date(Date.now() - HOUR) })
      .where(eq(courseSessions.id, s.id));
    expect(await promoteFromWaitingList(t.db, { sessionId: s.id, actorAccountId: null })).toEqual([]);
  });

  it("leaves nothing half-written when a rule fails inside the transaction", async () => {
    const { people } = await council(t.db, 1);
    const s = await session(t.db);
    await t.db.update(courses).set({ bookable: false }).where(eq(courses.id, s.courseId));
    await rejection(book(s.id, people[0]!.id));
    expect(await counts()).toEqual({ bookings: 0, audit: 0, notifications: 0 });
  });
});
