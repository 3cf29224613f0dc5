import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { auditEvents, bookings, completions, courseSessions, notifications } from "../../app/db/schema";
import { addWalkIn } from "../../app/domain/sessions/add-walk-in";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { listRegister } from "../../app/domain/sessions/list-register";
import { markAttendance } from "../../app/domain/sessions/mark-attendance";
import { DomainError } from "../../app/domain/errors";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

/**
 * A session booked while it was still ahead, then run: 23 November 2026, 9:30 to 12:30 in
 * London (UTC in winter), capacity 3, three people booked and one waiting. "now" is set after it.
 */
async function deliveredSetup(options: { validityMonths?: number | null } = {}) {
  const { people, service } = await council(t.db, 4);
  const manager = await make.person(t.db, { organisationId: service.id });
  const trainee = await make.person(t.db, { organisationId: service.id, lineManagerId: manager.id });
  const course = await make.course(t.db, { validityMonths: options.validityMonths === undefined ? 36 : options.validityMonths });
  const startsAt = new Date("2026-11-23T09:30:00Z");
  const s = await session(t.db, { courseId: course.id, startsAt, hours: 3, capacity: 3, bookingClosesAt: null });
  const before = new Date("2026-11-01T10:00:00Z");
  const booked = [];
  for (const p of [trainee, people[0]!, people[1]!]) {
    booked.push((await bookPlace(t.db, { sessionId: s.id, personId: p.id, actorAccountId: null, managerAgreed: true, joinWaitingList: false, now: before })).bookingId);
  }
  const waiting = await bookPlace(t.db, { sessionId: s.id, personId: people[2]!.id, actorAccountId: null, managerAgreed: true, joinWaitingList: true, now: before });
  const trainerAccount = await make.account(t.db, { personId: people[3]!.id, roles: ["trainer"] });
  return { s, course, booked, waiting, trainee, manager, people, actor: trainerAccount.id };
}

const during = new Date("2026-11-23T10:00:00Z");
const afterwards = new Date("2026-11-23T14:00:00Z");

async function liveCompletions() {
  return t.db.select().from(completions).where(sql`${completions.revokedAt} is null`).orderBy(completions.id);
}

describe("taking the register", () => {
  it("marking attended records one completion on the session's date, expiring after the course's validity", async () => {
    const { s, course, booked, trainee, actor } = await deliveredSetup();
    const result = await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "attended", actorAccountId: actor, now: during });
    expect(result).toEqual({ changed: [booked[0]], delivered: false });
    const [completion] = await liveCompletions();
    expect(completion).toMatchObject({
      personId: trainee.id,
      courseId: course.id,
      completedOn: "2026-11-23",
      expiresOn: "2029-11-23",
      source: "attendance",
      sessionId: s.id,
      bookingId: booked[0],
      recordedByAccountId: actor,
    });
    expect(completion!.certificateCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    // Twice records nothing twice.
    expect((await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "attended", actorAccountId: actor, now: during })).changed).toEqual([]);
    expect(await liveCompletions()).toHaveLength(1);
    expect((await t.db.select().from(completions)).length).toBe(1);
  });

  it("uses the London date: a session at 00:30 in summer is completed that day, not the UTC day before", async () => {
    const { people } = await council(t.db, 1);
    const course = await make.course(t.db, { validityMonths: null });
    const s = await session(t.db, { courseId: course.id, startsAt: new Date("2026-06-30T23:30:00Z"), hours: 1, bookingClosesAt: null });
    const b = await bookPlace(t.db, { sessionId: s.id, personId: people[0]!.id, actorAccountId: null, managerAgreed: true, joinWaitingList: false, now: new Date("2026-06-01T00:00:00Z") });
    await markAttendance(t.db, { sessionId: s.id, bookingIds: [b.bookingId], outcome: "attended", actorAccountId: "acct", now: new Date("2026-07-01T01:00:00Z") });
    expect(await liveCompletions()).toMatchObject([{ completedOn: "2026-07-01", expiresOn: null }]);
  });

  it("marking absent revokes the completion, tells the line manager once, and marking attended again records a new one", async () => {
    const { s, booked, trainee, manager, actor } = await deliveredSetup();
    await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "attended", actorAccountId: actor, now: during });
    await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "absent", actorAccountId: actor, now: during });
    await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "absent", actorAccountId: actor, now: during });
    const all = await t.db.select().from(completions);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ revokeReason: "Marked absent", revokedByAccountId: actor });
    expect(all[0]!.revokedAt).not.toBeNull();
    const noShows = await t.db.select().from(notifications).where(eq(notifications.kind, "attendance.no-show"));
    expect(noShows).toHaveLength(1);
    expect(noShows[0]).toMatchObject({ recipientPersonId: manager.id, recipientEmail: manager.email });
    expect(noShows[0]!.details).toMatchObject({ personId: trainee.id, sessionDate: "2026-11-23" });
    await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "attended", actorAccountId: actor, now: during });
    expect(await liveCompletions()).toHaveLength(1);
    expect(await t.db.select().from(completions)).toHaveLength(2);
    const actions = (await t.db.select().from(auditEvents).orderBy(auditEvents.id)).map((e) => e.action).filter((a) => !a.startsWith("booking.book") && a !== "booking.waitlist");
    expect(actions).toEqual([
      "booking.mark-attended",
      "completion.record",
      "booking.mark-absent",
      "completion.revoke",
      "booking.mark-attended",
      "completion.record",
    ]);
  });

  it("'mark all' marks everyone on the register attended, and the ended session becomes delivered", async () => {
    const { s, booked, waiting, actor } = await deliveredSetup();
    await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[1]!], outcome: "absent", actorAccountId: actor, now: during });
    await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[2]!], outcome: "attended", actorAccountId: actor, now: during });
    const result = await markAttendance(t.db, { sessionId: s.id, bookingIds: "everyone", outcome: "attended", actorAccountId: actor, now: afterwards });
    expect(result).toEqual({ changed: [booked[0], booked[1]], delivered: true });
    const register = await listRegister(t.db, s.id);
    expect(register.map((r) => [r.bookingId, r.status, r.completionId !== null])).toEqual(
      expect.arrayContaining([
        [booked[0], "attended", true],
        [booked[1], "attended", true],
        [booked[2], "attended", true],
        [waiting.bookingId, "waitlisted", false],
      ]),
    );
    expect(register.at(-1)).toMatchObject({ bookingId: waiting.bookingId, waitlistPosition: 1 });
    expect(await liveCompletions()).toHaveLength(3);
    const [row] = await t.db.select().from(courseSessions).where(eq(courseSessions.id, s.id));
    expect(row!.status).toBe("delivered");
    expect((await t.db.select().from(auditEvents).where(eq(auditEvents.action, "session.deliver"))).length).toBe(1);
  });

  it("a session still going on is not delivered, and a register cannot be taken before the day or on a cancelled session", async () => {
    const { s, booked, waiting, actor } = await deliveredSetup();
    expect((await markAttendance(t.db, { sessionId: s.id, bookingIds: "everyone", outcome: "attended", actorAccountId: actor, now: during })).delivered).toBe(false);
    const early = await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "absent", actorAccountId: actor, now: new Date("2026-11-22T12:00:00Z") }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(DomainError);
    expect((early as DomainError).message).toBe("The register can be taken from the day of the session.");
    const notBooked = await markAttendance(t.db, { sessionId: s.id, bookingIds: [waiting.bookingId], outcome: "attended", actorAccountId: actor, now: during }).catch((e: unknown) => e);
    expect((notBooked as DomainError).message).toMatch(/is not on the register: their booking is on the waiting list/);
    await t.db.update(courseSessions).set({ status: "cancelled" }).where(eq(courseSessions.id, s.id));
    const cancelled = await markAttendance(t.db, { sessionId: s.id, bookingIds: [booked[0]!], outcome: "attended", actorAccountId: actor, now: during }).catch((e: unknown) => e);
    expect((cancelled as DomainError).code).toBe("cancelled");
  });
});

describe("walk-ins", () => {
  it("adds someone who turned up to a full session, attended with a completion, and turns a waiting booking into attendance", async () => {
    const { s, waiting, trainee, actor } = await deliveredSetup();
    const stranger = await make.person(t.db, { organisationId: trainee.organisationId });
    const { bookingId } = await addWalkIn(t.db, { sessionId: s.id, personId: stranger.id, actorAccountId: actor, now: during });
    const [row] = await t.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(row).toMatchObject({ status: "attended", walkIn: true, personId: stranger.id });
    const waitingPerson = (await t.db.select().from(bookings).where(eq(bookings.id, waiting.bookingId)))[0]!.personId;
    expect((await addWalkIn(t.db, { sessionId: s.id, personId: waitingPerson, actorAccountId: actor, now: during })).bookingId).toBe(waiting.bookingId);
    expect(await liveCompletions()).toHaveLength(2);
    const places = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from bookings where session_id = ${s.id} and status in ('booked', 'attended')`);
    expect(places[0]!.n).toBe(5); // over the capacity of 3: they were there.
    const again = await addWalkIn(t.db, { sessionId: s.id, personId: stranger.id, actorAccountId: actor, now: during }).catch((e: unknown) => e);
    expect((again as DomainError).message).toMatch(/is already on the register/);
  });
});

describe("certificate codes", () => {
  it("are 16 Crockford base32 characters and do not repeat", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newCertificateCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});
