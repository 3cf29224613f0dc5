import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import {
  auditEvents,
  bookings,
  completions,
  courseSessions,
  notifications,
  requirementCourses,
  requirements,
} from "../../app/db/schema";
import { revokeCompletion } from "../../app/domain/completions/revoke-completion";
import { listBookingsForPerson } from "../../app/domain/sessions/list-bookings-for-person";
import {
  REGISTER_CLOSES_AFTER_DAYS,
  REGISTER_REOPEN_DAYS,
  getRegisterWindow,
} from "../../app/domain/sessions/register-window";
import { reopenRegister } from "../../app/domain/sessions/reopen-register";
import { findWalkInCandidates } from "../../app/domain/sessions/walk-in-candidates";
import { formatDate } from "../../app/lib/dates";
import { revokedCompletionText } from "../../app/lib/revoked-completion";
import { addWalkIn } from "../../app/domain/sessions/add-walk-in";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { listRegister } from "../../app/domain/sessions/list-register";
import { markAttendance } from "../../app/domain/sessions/mark-attendance";
import { DomainError } from "../../app/domain/errors";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { DAY, council, session } from "./booking-fixtures";

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
  const course = await make.course(t.db, {
    validityMonths: options.validityMonths === undefined ? 36 : options.validityMonths,
    certificateAfterEvaluation: false,
  });
  const startsAt = new Date("2026-11-23T09:30:00Z");
  const s = await session(t.db, { courseId: course.id, startsAt, hours: 3, capacity: 3, bookingClosesAt: null });
  const before = new Date("2026-11-01T10:00:00Z");
  const booked = [];
  for (const p of [trainee, people[0]!, people[1]!]) {
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
  const waiting = await bookPlace(t.db, {
    sessionId: s.id,
    personId: people[2]!.id,
    actorAccountId: null,
    managerAgreed: true,
    joinWaitingList: true,
    now: before,
  });
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
    const result = await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    });
    expect(result).toEqual({ changed: [booked[0]], delivered: false, leftAbsent: 0 });
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
    expect(
      (
        await markAttendance(t.db, {
          sessionId: s.id,
          bookingIds: [booked[0]!],
          outcome: "attended",
          actorAccountId: actor,
          now: during,
        })
      ).changed,
    ).toEqual([]);
    expect(await liveCompletions()).toHaveLength(1);
    expect((await t.db.select().from(completions)).length).toBe(1);
    // The person is told once that their certificate is ready, with where to download it (this
    // course releases it at once; tests/integration/evaluations.test.ts holds one for its evaluation).
    const issued = await t.db.select().from(notifications).where(eq(notifications.kind, "certificate.issued"));
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({
      recipientPersonId: trainee.id,
      details: expect.objectContaining({
        courseTitle: course.title,
        completionId: completion!.id,
        certificateCode: completion!.certificateCode,
        certificatePath: `/certificates/${completion!.id}.pdf`,
      }),
    });
  });

  it("uses the London date: a session at 00:30 in summer is completed that day, not the UTC day before", async () => {
    const { people } = await council(t.db, 1);
    const course = await make.course(t.db, { validityMonths: null });
    const s = await session(t.db, {
      courseId: course.id,
      startsAt: new Date("2026-06-30T23:30:00Z"),
      hours: 1,
      bookingClosesAt: null,
    });
    const b = await bookPlace(t.db, {
      sessionId: s.id,
      personId: people[0]!.id,
      actorAccountId: null,
      managerAgreed: true,
      joinWaitingList: false,
      now: new Date("2026-06-01T00:00:00Z"),
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [b.bookingId],
      outcome: "attended",
      actorAccountId: "acct",
      now: new Date("2026-07-01T01:00:00Z"),
    });
    expect(await liveCompletions()).toMatchObject([{ completedOn: "2026-07-01", expiresOn: null }]);
  });

  it("marking absent revokes the completion, tells the line manager once, and marking attended again records a new one", async () => {
    const { s, booked, trainee, manager, actor } = await deliveredSetup();
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "absent",
      actorAccountId: actor,
      now: during,
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "absent",
      actorAccountId: actor,
      now: during,
    });
    const all = await t.db.select().from(completions);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ revokeReason: "Marked absent", revokedByAccountId: actor });
    expect(all[0]!.revokedAt).not.toBeNull();
    const noShows = await t.db.select().from(notifications).where(eq(notifications.kind, "attendance.no-show"));
    expect(noShows).toHaveLength(1);
    expect(noShows[0]).toMatchObject({ recipientPersonId: manager.id, recipientEmail: manager.email });
    expect(noShows[0]!.details).toMatchObject({ personId: trainee.id, sessionDate: "2026-11-23" });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    });
    expect(await liveCompletions()).toHaveLength(1);
    expect(await t.db.select().from(completions)).toHaveLength(2);
    const actions = (await t.db.select().from(auditEvents).orderBy(auditEvents.id))
      .map((e) => e.action)
      .filter((a) => !a.startsWith("booking.book") && a !== "booking.waitlist");
    expect(actions).toEqual([
      "booking.mark-attended",
      "completion.record",
      "booking.mark-absent",
      "completion.revoke",
      "booking.mark-attended",
      "completion.record",
    ]);
  });

  it("'mark all' marks only those not yet marked, leaves an absence alone, and the ended session becomes delivered", async () => {
    const { s, booked, waiting, actor } = await deliveredSetup();
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[1]!],
      outcome: "absent",
      actorAccountId: actor,
      now: during,
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[2]!],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    });
    const result = await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: "everyone",
      outcome: "attended",
      actorAccountId: actor,
      now: afterwards,
    });
    expect(result).toEqual({ changed: [booked[0]], delivered: true, leftAbsent: 1 });
    const register = await listRegister(t.db, s.id);
    expect(register.map((r) => [r.bookingId, r.status, r.completionId !== null])).toEqual(
      expect.arrayContaining([
        [booked[0], "attended", true],
        [booked[1], "absent", false],
        [booked[2], "attended", true],
        [waiting.bookingId, "waitlisted", false],
      ]),
    );
    expect(register.at(-1)).toMatchObject({ bookingId: waiting.bookingId, waitlistPosition: 1 });
    expect(await liveCompletions()).toHaveLength(2);
    // Changing the absence stays a deliberate act for that one person.
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[1]!],
      outcome: "attended",
      actorAccountId: actor,
      now: afterwards,
    });
    expect(await liveCompletions()).toHaveLength(3);
    const [row] = await t.db.select().from(courseSessions).where(eq(courseSessions.id, s.id));
    expect(row!.status).toBe("delivered");
    expect((await t.db.select().from(auditEvents).where(eq(auditEvents.action, "session.deliver"))).length).toBe(1);
  });

  it("a session still going on is not delivered, and a register cannot be taken before the session starts or on a cancelled session", async () => {
    const { s, booked, waiting, trainee, actor } = await deliveredSetup();
    expect(
      (
        await markAttendance(t.db, {
          sessionId: s.id,
          bookingIds: "everyone",
          outcome: "attended",
          actorAccountId: actor,
          now: during,
        })
      ).delivered,
    ).toBe(false);
    for (const now of [new Date("2026-11-22T12:00:00Z"), new Date("2026-11-23T09:00:00Z")]) {
      const early = await markAttendance(t.db, {
        sessionId: s.id,
        bookingIds: [booked[0]!],
        outcome: "absent",
        actorAccountId: actor,
        now,
      }).catch((e: unknown) => e);
      expect(early).toBeInstanceOf(DomainError);
      expect((early as DomainError).message).toBe(
        "The register opens when the session starts, at 9:30am on 23 November 2026.",
      );
      const walkIn = await addWalkIn(t.db, {
        sessionId: s.id,
        personId: trainee.id,
        reach: "session-audience",
        actorAccountId: actor,
        now,
      }).catch((e: unknown) => e);
      expect((walkIn as DomainError).code).toBe("not-yet");
    }
    const notBooked = await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [waiting.bookingId],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    }).catch((e: unknown) => e);
    expect((notBooked as DomainError).message).toMatch(/is not on the register: their booking is on the waiting list/);
    await t.db.update(courseSessions).set({ status: "cancelled" }).where(eq(courseSessions.id, s.id));
    const cancelled = await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    }).catch((e: unknown) => e);
    expect((cancelled as DomainError).code).toBe("cancelled");
  });
});

describe("walk-ins", () => {
  it("adds someone who turned up to a full session, attended with a completion, and turns a waiting booking into attendance", async () => {
    const { s, waiting, trainee, actor } = await deliveredSetup();
    const stranger = await make.person(t.db, { organisationId: trainee.organisationId });
    const { bookingId } = await addWalkIn(t.db, {
      sessionId: s.id,
      personId: stranger.id,
      reach: "session-audience",
      actorAccountId: actor,
      now: during,
    });
    const [row] = await t.db.select().from(bookings).where(eq(bookings.id, bookingId));
    expect(row).toMatchObject({ status: "attended", walkIn: true, personId: stranger.id });
    const waitingPerson = (await t.db.select().from(bookings).where(eq(bookings.id, waiting.bookingId)))[0]!.personId;
    expect(
      (
        await addWalkIn(t.db, {
          sessionId: s.id,
          personId: waitingPerson,
          reach: "session-audience",
          actorAccountId: actor,
          now: during,
        })
      ).bookingId,
    ).toBe(waiting.bookingId);
    expect(await liveCompletions()).toHaveLength(2);
    const places = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from bookings where session_id = ${s.id} and status in ('booked', 'attended')`,
    );
    expect(places[0]!.n).toBe(5); // over the capacity of 3: they were there.
    const again = await addWalkIn(t.db, {
      sessionId: s.id,
      personId: stranger.id,
      reach: "session-audience",
      actorAccountId: actor,
      now: during,
    }).catch((e: unknown) => e);
    expect((again as DomainError).message).toMatch(/is already on the register/);
  });
});

describe("the register closes", () => {
  // The session ends at 12:30 on 23 November 2026 (UTC in winter), so the register closes at 12:30 on 7 December.
  const lastMoment = new Date("2026-12-07T12:29:00Z");
  const closed = new Date("2026-12-07T12:31:00Z");

  it(`${REGISTER_CLOSES_AFTER_DAYS} days after the session ends: no marks and no walk-ins after that, for anyone`, async () => {
    const { s, booked, people, actor } = await deliveredSetup();
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "attended",
      actorAccountId: actor,
      now: lastMoment,
    });
    for (const attempt of [
      () =>
        markAttendance(t.db, {
          sessionId: s.id,
          bookingIds: [booked[1]!],
          outcome: "attended",
          actorAccountId: actor,
          now: closed,
        }),
      () =>
        markAttendance(t.db, {
          sessionId: s.id,
          bookingIds: "everyone",
          outcome: "attended",
          actorAccountId: actor,
          now: closed,
        }),
      () =>
        markAttendance(t.db, {
          sessionId: s.id,
          bookingIds: [booked[0]!],
          outcome: "absent",
          actorAccountId: actor,
          now: closed,
        }),
      () =>
        addWalkIn(t.db, {
          sessionId: s.id,
          personId: people[3]!.id,
          reach: "session-audience",
          actorAccountId: actor,
          now: closed,
        }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toBe(
        "This register closed on 7 December 2026. Only the training coordinator can reopen it.",
      );
    }
    expect(await liveCompletions()).toHaveLength(1);
  });

  it("a session years ago takes no walk-in", async () => {
    const { people } = await council(t.db, 1);
    const s = await session(t.db, { startsAt: new Date("2023-03-14T10:00:00Z"), hours: 2, bookingClosesAt: null });
    const error = await addWalkIn(t.db, {
      sessionId: s.id,
      personId: people[0]!.id,
      reach: "session-audience",
      actorAccountId: "acct",
    }).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe("closed");
    expect(await liveCompletions()).toHaveLength(0);
    expect(await t.db.select().from(bookings)).toHaveLength(0);
  });

  it("the coordinator reopens it with a reason, audited, for a set time; then it closes again", async () => {
    const { s, booked, actor } = await deliveredSetup();
    const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
    const early = await reopenRegister(t.db, {
      sessionId: s.id,
      reason: "Paper register found",
      actorAccountId: coordinator.id,
      now: lastMoment,
    }).catch((e: unknown) => e);
    expect((early as DomainError).message).toBe(
      "This register is open until 7 December 2026, so it does not need reopening.",
    );
    const noReason = await reopenRegister(t.db, {
      sessionId: s.id,
      reason: "  ",
      actorAccountId: coordinator.id,
      now: closed,
    }).catch((e: unknown) => e);
    expect(noReason).toMatchObject({ field: "reason", message: "Enter why the register is being reopened" });

    const reopenedAt = new Date("2027-01-10T09:00:00Z");
    const { until } = await reopenRegister(t.db, {
      sessionId: s.id,
      reason: "Paper register found",
      actorAccountId: coordinator.id,
      now: reopenedAt,
    });
    expect(until).toBe(new Date(reopenedAt.getTime() + REGISTER_REOPEN_DAYS * DAY).toISOString());
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "session.register-reopen"));
    expect(event).toMatchObject({ actorAccountId: coordinator.id, entityType: "session", entityId: String(s.id) });
    expect(event!.after).toMatchObject({ reason: "Paper register found", registerReopenedUntil: until });
    const window = await getRegisterWindow(t.db, s.id, reopenedAt);
    expect(window).toMatchObject({
      state: "open",
      closesAt: until,
      reopened: { until, reason: "Paper register found" },
    });

    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[1]!],
      outcome: "attended",
      actorAccountId: actor,
      now: reopenedAt,
    });
    expect(await liveCompletions()).toHaveLength(1);
    const after = new Date(new Date(until).getTime() + 60_000);
    const again = await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[2]!],
      outcome: "attended",
      actorAccountId: actor,
      now: after,
    }).catch((e: unknown) => e);
    expect((again as DomainError).message).toBe(
      `This register closed on ${formatDate(until)}. Only the training coordinator can reopen it.`,
    );
  });
});

describe("whom a walk-in may be", () => {
  /** A session open to everyone, of a course that a requirement asks of the council's frontline staff. */
  async function walkInWorld() {
    const { root, service, people } = await council(t.db, 0);
    const course = await make.course(t.db);
    const [requirement] = await t.db
      .insert(requirements)
      .values({ name: "Prevent for frontline staff", audienceOrganisationIds: [root.id], audienceTags: ["frontline"] })
      .returning();
    await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
    const s = await session(t.db, {
      courseId: course.id,
      startsAt: new Date("2026-11-23T09:30:00Z"),
      hours: 3,
      bookingClosesAt: null,
    });
    const frontline = await make.person(t.db, {
      organisationId: service.id,
      profileTags: ["frontline"],
      familyName: "Frontline",
    });
    const office = await make.person(t.db, { organisationId: service.id, familyName: "Office" });
    const leaver = await make.person(t.db, {
      organisationId: service.id,
      profileTags: ["frontline"],
      leavingDate: "2026-10-31",
      familyName: "Leaver",
    });
    const starter = await make.person(t.db, {
      organisationId: service.id,
      profileTags: ["frontline"],
      startDate: "2026-12-01",
      familyName: "Starter",
    });
    const elsewhere = await make.organisation(t.db, { kind: "council" });
    const outsider = await make.person(t.db, {
      organisationId: elsewhere.id,
      profileTags: ["frontline"],
      familyName: "Outsider",
    });
    return { s, service, frontline, office, leaver, starter, outsider, people };
  }

  async function tryWalkIn(sessionId: number, personId: number, reach: "course-audience" | "session-audience") {
    return addWalkIn(t.db, { sessionId, personId, reach, actorAccountId: "acct", now: during }).then(
      () => "added",
      (e: unknown) => (e as DomainError).message,
    );
  }

  it("a trainer finds and adds only the people the course is for, on the staff on the day", async () => {
    const w = await walkInWorld();
    const found = await findWalkInCandidates(t.db, {
      sessionId: w.s.id,
      sessionDate: "2026-11-23",
      reach: "course-audience",
      search: "Given",
    });
    expect(found.map((p) => p.id)).toEqual([w.frontline.id]);
    const refused = "We could not find that person among the people this session is for.";
    for (const person of [w.office, w.leaver, w.starter])
      expect(await tryWalkIn(w.s.id, person.id, "course-audience")).toBe(refused);
    expect(await tryWalkIn(w.s.id, 2_000_000, "course-audience")).toBe(refused);
    expect(await tryWalkIn(w.s.id, w.frontline.id, "course-audience")).toBe("added");
    // Someone who booked and cancelled is one of the session's own people.
    const b = await bookPlace(t.db, {
      sessionId: w.s.id,
      personId: w.office.id,
      actorAccountId: null,
      managerAgreed: true,
      joinWaitingList: false,
      now: new Date("2026-11-01T10:00:00Z"),
    });
    await t.db
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: new Date("2026-11-02T10:00:00Z") })
      .where(eq(bookings.id, b.bookingId));
    expect(await tryWalkIn(w.s.id, w.office.id, "course-audience")).toBe("added");
  });

  it("the coordinator adds anyone the session is open to, and a session for one organisation is only for its staff", async () => {
    const w = await walkInWorld();
    expect(await tryWalkIn(w.s.id, w.leaver.id, "session-audience")).toBe(
      "We could not find that person among the people this session is for.",
    );
    expect(await tryWalkIn(w.s.id, w.office.id, "session-audience")).toBe("added");
    await t.db
      .update(courseSessions)
      .set({ audienceOrganisationId: w.service.id })
      .where(eq(courseSessions.id, w.s.id));
    expect(await tryWalkIn(w.s.id, w.outsider.id, "session-audience")).toBe(
      "We could not find that person among the people this session is for.",
    );
    expect(await tryWalkIn(w.s.id, w.outsider.id, "course-audience")).toBe(
      "We could not find that person among the people this session is for.",
    );
    const colleague = await make.person(t.db, { organisationId: w.service.id });
    expect(await tryWalkIn(w.s.id, colleague.id, "course-audience")).toBe("added");
  });
});

describe("a revoked completion", () => {
  it("leaves its booking attended, saying when the certificate was revoked, on the register and the person's bookings", async () => {
    const { s, booked, trainee, actor } = await deliveredSetup();
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!, booked[1]!],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    });
    const [completion] = await liveCompletions();
    await revokeCompletion(t.db, {
      completionId: completion!.id,
      actorAccountId: actor,
      reason: "Left before the end",
      now: new Date("2026-12-03T10:00:00Z"),
    });
    const register = await listRegister(t.db, s.id);
    const revoked = register.find((r) => r.bookingId === booked[0])!;
    expect(revoked).toMatchObject({ status: "attended", completionId: null });
    expect(revokedCompletionText(revoked)).toBe("Certificate revoked on 3 December 2026");
    expect(revokedCompletionText(register.find((r) => r.bookingId === booked[1])!)).toBeNull();
    const [mine] = await listBookingsForPerson(t.db, trainee.id);
    expect(mine).toMatchObject({ id: booked[0], status: "attended" });
    expect(revokedCompletionText(mine!)).toBe("Certificate revoked on 3 December 2026");
    // Marked attended again, a new completion: nothing revoked to say.
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "absent",
      actorAccountId: actor,
      now: during,
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [booked[0]!],
      outcome: "attended",
      actorAccountId: actor,
      now: during,
    });
    expect(revokedCompletionText((await listBookingsForPerson(t.db, trainee.id))[0]!)).toBeNull();
  });
});

describe("certificate codes", () => {
  it("are 16 Crockford base32 characters and do not repeat", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newCertificateCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});
