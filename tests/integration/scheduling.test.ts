import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, bookings, courseSessions, notifications } from "../../app/db/schema";
import { listAuditEntityTypes, listAuditEvents } from "../../app/domain/audit/list-audit-events";
import { DomainError } from "../../app/domain/errors";
import { cancelSession } from "../../app/domain/sessions/cancel-session";
import { listSessions } from "../../app/domain/sessions/list-sessions";
import {
  type SessionPlan,
  listSchedulingChoices,
  scheduleSessions,
  sessionDetailsForm,
  sessionFormValues,
  sessionPlanForm,
} from "../../app/domain/sessions/schedule-sessions";
import { updateSession } from "../../app/domain/sessions/update-session";
import { loader as auditLoader } from "../../app/routes/admin.audit";
import { action as cancelAction, loader as cancelLoader } from "../../app/routes/admin.sessions.$sessionId.cancel";
import { action as editAction, loader as editLoader } from "../../app/routes/admin.sessions.$sessionId.edit";
import { loader as sessionsLoader } from "../../app/routes/admin.sessions._index/route";
import { action as scheduleAction } from "../../app/routes/admin.sessions.new/route";
import { loader as csvLoader } from "../../app/routes/admin.sessions[.]csv";
import { loader as trainerLoader } from "../../app/routes/trainer.sessions._index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { londonDateTimeToInstant } from "../../app/lib/dates";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

/** A Monday, midday UTC: every domain call below runs "now" at this instant. */
const NOW = new Date("2027-03-01T12:00:00Z");

let t: TestDatabase;
let coordinatorId: string;
let learnerAccountId: string;
let trainerAccountId: string;
let trainerPersonId: number;
let people: Array<{ id: number }>;
let courseId: number;
let orgId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  const org = await make.organisation(t.db);
  orgId = org.id;
  const coordinator = await make.person(t.db, { organisationId: org.id });
  coordinatorId = (await make.account(t.db, { personId: coordinator.id, roles: ["coordinator"] })).id;
  const trainer = await make.person(t.db, { organisationId: org.id, givenName: "Tess", familyName: "Trainer" });
  trainerPersonId = trainer.id;
  trainerAccountId = (await make.account(t.db, { personId: trainer.id, roles: ["trainer"] })).id;
  people = [];
  for (let i = 0; i < 4; i++) people.push(await make.person(t.db, { organisationId: org.id }));
  learnerAccountId = (await make.account(t.db, { personId: people[0]!.id })).id;
  courseId = (await make.course(t.db, { title: "Prevent awareness workshop" })).id;
});

const actor = () => ({ accountId: coordinatorId });

function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    courseId: String(courseId),
    "date-day": "15",
    "date-month": "3",
    "date-year": "2027",
    startTime: "09:30",
    endTime: "12:30",
    venue: "Town Hall, Committee Room 2",
    joiningLink: "",
    capacity: "12",
    trainerPersonId: "",
    audienceOrganisationId: "",
    notes: "",
    repeat: "once",
    ...overrides,
  };
}

function parsePlan(overrides: Record<string, string> = {}, now = NOW) {
  const result = sessionPlanForm(now).safeParse(form(overrides));
  if (result.success) return { plan: result.data, errors: {} as Record<string, string> };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { plan: undefined, errors };
}

function plan(overrides: Record<string, string> = {}): SessionPlan {
  const { plan: parsed, errors } = parsePlan(overrides);
  if (!parsed) throw new Error(`Invalid plan: ${JSON.stringify(errors)}`);
  return parsed;
}

async function scheduleOne(overrides: Record<string, string> = {}) {
  const { sessionIds } = await scheduleSessions(t.db, plan(overrides), actor(), NOW);
  return sessionIds[0]!;
}

async function book(
  sessionId: number,
  personId: number,
  status: "booked" | "waitlisted" | "cancelled" | "attended" | "absent",
  at = NOW,
) {
  const [row] = await t.db
    .insert(bookings)
    .values({ sessionId, personId, status, waitlistedAt: status === "waitlisted" ? at : null, managerAgreed: true })
    .returning();
  return row!;
}

async function sessionRow(id: number) {
  const [row] = await t.db.select().from(courseSessions).where(eq(courseSessions.id, id));
  return row!;
}

async function countRows() {
  return {
    sessions: (await t.db.select().from(courseSessions)).length,
    audit: (await t.db.select().from(auditEvents)).length,
    notifications: (await t.db.select().from(notifications)).length,
  };
}

describe("the scheduling form's rules", () => {
  it("reads a valid session, with the times in London", () => {
    const { plan: parsed } = parsePlan({ startTime: "9.30" });
    expect(parsed).toMatchObject({ courseId, date: "2027-03-15", startTime: "09:30", endTime: "12:30", capacity: 12 });
    expect(parsed?.repeat).toEqual({ kind: "once" });
  });

  it("refuses a date in the past, a date that does not exist and a missing date", () => {
    expect(parsePlan({ "date-day": "1", "date-month": "2" }).errors.date).toBe("The session must start in the future");
    expect(parsePlan({ "date-day": "1", "date-month": "3", startTime: "11:00" }).errors.date).toBe(
      "The session must start in the future",
    );
    expect(parsePlan({ "date-day": "31", "date-month": "2" }).errors.date).toMatch(/real date/);
    expect(parsePlan({ "date-month": "" }).errors.date).toMatch(/day, month and year/);
    expect(parsePlan({ "date-day": "", "date-month": "", "date-year": "" }).errors.date).toBe("Enter the session date");
  });

  it("refuses an end before its start, and times that are not times", () => {
    expect(parsePlan({ endTime: "09:00" }).errors.endTime).toBe("The end time must be after the start time");
    expect(parsePlan({ endTime: "09:30" }).errors.endTime).toBe("The end time must be after the start time");
    expect(parsePlan({ startTime: "25:00" }).errors.startTime).toBe("Enter the start time like 09:30, 14:00 or 2:30pm");
    expect(parsePlan({ startTime: "" }).errors.startTime).toBe("Enter the start time");
  });

  it("reads times as people write them, on the 12-hour clock too (the way pages show them)", () => {
    expect(plan({ startTime: "9:30am", endTime: "2:30 pm" })).toMatchObject({ startTime: "09:30", endTime: "14:30" });
    expect(plan({ startTime: "9.30", endTime: "5pm" })).toMatchObject({ startTime: "09:30", endTime: "17:00" });
    expect(parsePlan({ startTime: "13:30pm" }).errors.startTime).toMatch(/like 09:30/);
  });

  it("needs at least one place, and a venue or an https joining link", () => {
    expect(parsePlan({ capacity: "0" }).errors.capacity).toBe("The number of places must be 1 or more");
    expect(parsePlan({ capacity: "" }).errors.capacity).toBe("Enter the number of places");
    expect(parsePlan({ capacity: "ten" }).errors.capacity).toMatch(/whole number/);
    expect(parsePlan({ venue: "" }).errors.venue).toBe("Enter a venue or a joining link");
    expect(parsePlan({ venue: "", joiningLink: "http://meet.example.com/x" }).errors.joiningLink).toMatch(/https/);
    expect(parsePlan({ venue: "", joiningLink: "https://meet.example.com/x" }).errors).toEqual({});
  });

  it("closes booking before the session starts, and opens it before it closes", () => {
    expect(
      parsePlan({ "bookingClosesOn-day": "16", "bookingClosesOn-month": "3", "bookingClosesOn-year": "2027" }).errors
        .bookingClosesOn,
    ).toBe("Booking must close before the session starts");
    expect(
      parsePlan({ "bookingClosesOn-day": "20", "bookingClosesOn-month": "2", "bookingClosesOn-year": "2027" }).errors
        .bookingClosesOn,
    ).toBe("Booking must close in the future");
    expect(
      parsePlan({
        "bookingOpensOn-day": "12",
        "bookingOpensOn-month": "3",
        "bookingOpensOn-year": "2027",
      }).errors.bookingOpensOn,
    ).toBe("Booking must open before it closes");
    // Tuesday 2 March: 3 working days before is Thursday 25 February, already gone.
    expect(parsePlan({ "date-day": "2" }).errors.bookingClosesOn).toMatch(/3 working days before the session/);
  });

  it("checks the repeat: a number of weeks, real dates, all in the future", () => {
    expect(parsePlan({ repeat: "weekly", repeatWeeks: "0" }).errors.repeatWeeks).toMatch(/from 1 to 51/);
    expect(parsePlan({ repeat: "weekly", repeatWeeks: "" }).errors.repeatWeeks).toMatch(/from 1 to 51/);
    expect(parsePlan({ repeat: "dates", repeatDates: "" }).errors.repeatDates).toBe(
      "Enter the other dates, one a line",
    );
    expect(parsePlan({ repeat: "dates", repeatDates: "22/03/2027\n30/02/2027" }).errors.repeatDates).toMatch(
      /“30\/02\/2027” is not a real date/,
    );
    expect(parsePlan({ repeat: "dates", repeatDates: "22/03/2027\n1/1/2027" }).errors.repeatDates).toBe(
      "Every date must be in the future: 1 January 2027 has passed",
    );
    expect(parsePlan({ repeat: "dates", repeatDates: "22/03/2027, 2027-03-29" }).plan?.repeat).toEqual({
      kind: "dates",
      dates: ["2027-03-22", "2027-03-29"],
    });
    // Day, month and year with spaces (as the date fields ask for them), and months in words.
    expect(parsePlan({ repeat: "dates", repeatDates: "22 3 2027\n5 April 2027\n12 Apr 2027" }).plan?.repeat).toEqual({
      kind: "dates",
      dates: ["2027-03-22", "2027-04-05", "2027-04-12"],
    });
    expect(parsePlan({ repeat: "dates", repeatDates: "31 April 2027" }).errors.repeatDates).toMatch(
      /is not a real date/,
    );
  });

  it("needs a course, and reports every problem at once", () => {
    const { errors } = parsePlan({ courseId: "", capacity: "0", endTime: "08:00", venue: "" });
    expect(errors).toMatchObject({
      courseId: "Select a course",
      capacity: "The number of places must be 1 or more",
      endTime: "The end time must be after the start time",
      venue: "Enter a venue or a joining link",
    });
  });
});

describe("scheduling sessions", () => {
  it("schedules one session in London time, closing booking 3 working days before, and audits it", async () => {
    const id = await scheduleOne({ trainerPersonId: String(trainerPersonId), audienceOrganisationId: String(orgId) });
    const row = await sessionRow(id);
    expect(row.startsAt.toISOString()).toBe("2027-03-15T09:30:00.000Z");
    expect(row.endsAt.toISOString()).toBe("2027-03-15T12:30:00.000Z");
    // Monday 15 March: Wednesday 10 March at the session's start time.
    expect(row.bookingClosesAt?.toISOString()).toBe("2027-03-10T09:30:00.000Z");
    expect(row).toMatchObject({
      capacity: 12,
      trainerPersonId,
      audienceOrganisationId: orgId,
      seriesId: null,
      status: "scheduled",
    });
    const [event] = await t.db.select().from(auditEvents);
    expect(event).toMatchObject({
      action: "session.schedule",
      entityType: "session",
      entityId: String(id),
      actorAccountId: coordinatorId,
    });
    expect(event!.after).toMatchObject({ startsAt: "2027-03-15T09:30:00.000Z", capacity: 12 });
  });

  it("repeats weekly in one series, keeping London wall-clock times across the clock change", async () => {
    const { sessionIds, seriesId } = await scheduleSessions(
      t.db,
      plan({
        "date-day": "22",
        repeat: "weekly",
        repeatWeeks: "2",
        "bookingClosesOn-day": "19",
        "bookingClosesOn-month": "3",
        "bookingClosesOn-year": "2027",
        "bookingOpensOn-day": "1",
        "bookingOpensOn-month": "3",
        "bookingOpensOn-year": "2027",
      }),
      actor(),
      NOW,
    );
    expect(sessionIds).toHaveLength(3);
    expect(seriesId).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await Promise.all(sessionIds.map(sessionRow));
    expect(rows.map((r) => r.startsAt.toISOString())).toEqual([
      "2027-03-22T09:30:00.000Z",
      "2027-03-29T08:30:00.000Z",
      "2027-04-05T08:30:00.000Z",
    ]);
    // Booking closes 3 days before each, at its start time; opens 21 days before each, at midnight in London
    // (GMT until 28 March, so 15 March's midnight is 00:00 UTC).
    expect(rows.map((r) => r.bookingClosesAt?.toISOString())).toEqual([
      "2027-03-19T09:30:00.000Z",
      "2027-03-26T09:30:00.000Z",
      "2027-04-02T08:30:00.000Z",
    ]);
    expect(rows.map((r) => r.bookingOpensAt?.toISOString())).toEqual([
      "2027-03-01T00:00:00.000Z",
      "2027-03-08T00:00:00.000Z",
      "2027-03-15T00:00:00.000Z",
    ]);
    expect(new Set(rows.map((r) => r.seriesId))).toEqual(new Set([seriesId]));
    expect((await countRows()).audit).toBe(3);
  });

  it("repeats on chosen dates, once each", async () => {
    const { sessionIds } = await scheduleSessions(
      t.db,
      plan({ repeat: "dates", repeatDates: "17/03/2027\n15/03/2027\n2027-04-01\n17/3/2027" }),
      actor(),
      NOW,
    );
    const rows = await Promise.all(sessionIds.map(sessionRow));
    expect(rows.map((r) => r.startsAt.toISOString().slice(0, 10))).toEqual(["2027-03-15", "2027-03-17", "2027-04-01"]);
  });

  it("gives a retired course, one that cannot be booked, or e-learning no sessions, and writes nothing", async () => {
    const retired = await make.course(t.db, { retiredAt: new Date("2026-01-01T00:00:00Z") });
    const closed = await make.course(t.db, { bookable: false });
    const elearning = await make.course(t.db, {
      deliveryMode: "external_elearning",
      externalUrl: "https://www.gov.uk",
    });
    for (const [id, code, message] of [
      [retired.id, "course-retired", /retired/],
      [closed.id, "course-not-bookable", /cannot be booked/],
      [elearning.id, "course-elearning", /E-learning/],
    ] as const) {
      const error = await scheduleSessions(
        t.db,
        plan({ courseId: String(id), repeat: "weekly", repeatWeeks: "3" }),
        actor(),
        NOW,
      ).catch((e) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ field: "courseId", code, message: expect.stringMatching(message) });
    }
    expect(await countRows()).toEqual({ sessions: 0, audit: 0, notifications: 0 });
    const choices = await listSchedulingChoices(t.db);
    expect(choices.courses.map((c) => c.id)).toEqual([courseId]);
    expect(choices.trainers.map((p) => p.id)).toEqual([trainerPersonId]);
  });

  it("refuses, in the domain too, a plan that breaks a rule, and writes nothing of a series", async () => {
    const good = plan({ repeat: "weekly", repeatWeeks: "3" });
    await expect(scheduleSessions(t.db, { ...good, endTime: "08:00" }, actor(), NOW)).rejects.toMatchObject({
      field: "endTime",
    });
    await expect(scheduleSessions(t.db, { ...good, capacity: 0 }, actor(), NOW)).rejects.toMatchObject({
      field: "capacity",
    });
    await expect(scheduleSessions(t.db, { ...good, venue: null }, actor(), NOW)).rejects.toMatchObject({
      field: "venue",
    });
    await expect(scheduleSessions(t.db, { ...good, date: "2027-02-01" }, actor(), NOW)).rejects.toMatchObject({
      field: "date",
    });
    await expect(
      scheduleSessions(t.db, { ...good, bookingClosesOn: "2027-03-16" }, actor(), NOW),
    ).rejects.toMatchObject({ field: "bookingClosesOn" });
    await expect(
      scheduleSessions(t.db, { ...good, repeat: { kind: "dates", dates: ["2027-03-22", "2027-01-04"] } }, actor(), NOW),
    ).rejects.toMatchObject({ field: "repeat" });
    await expect(scheduleSessions(t.db, { ...good, trainerPersonId: 999_999 }, actor(), NOW)).rejects.toMatchObject({
      field: "trainerPersonId",
    });
    await expect(
      scheduleSessions(t.db, { ...good, audienceOrganisationId: 999_999 }, actor(), NOW),
    ).rejects.toMatchObject({
      field: "audienceOrganisationId",
    });
    expect(await countRows()).toEqual({ sessions: 0, audit: 0, notifications: 0 });
  });
});

describe("changing a session", () => {
  async function bookedSession() {
    const id = await scheduleOne({ capacity: "2" });
    const booked = await book(id, people[0]!.id, "booked");
    const second = await book(id, people[1]!.id, "booked");
    const waiting = await book(id, people[2]!.id, "waitlisted");
    const gone = await book(id, people[3]!.id, "cancelled");
    return { id, booked, second, waiting, gone };
  }

  async function sessionValues(id: number) {
    const row = await sessionRow(id);
    return {
      ...row,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      bookingOpensAt: row.bookingOpensAt?.toISOString() ?? null,
      bookingClosesAt: row.bookingClosesAt?.toISOString() ?? null,
    };
  }

  /** The session's details as its edit form would send them back, with some answers changed. */
  async function details(id: number, overrides: Record<string, string> = {}) {
    const values = sessionFormValues(await sessionValues(id));
    const parsed = sessionDetailsForm(NOW).safeParse({ ...values, ...overrides });
    if (!parsed.success) throw new Error(`Invalid details: ${JSON.stringify(parsed.error.issues)}`);
    return parsed.data;
  }

  it("when the time changes, raises the calendar sequences of the session and its live bookings and tells everyone booked or waiting", async () => {
    const { id, booked, second, waiting, gone } = await bookedSession();
    const result = await updateSession(
      t.db,
      id,
      await details(id, { startTime: "10:00", endTime: "13:00" }),
      actor(),
      NOW,
    );
    expect(result.timeOrPlaceChanged).toBe(true);
    expect(result.notifiedPersonIds.sort()).toEqual([people[0]!.id, people[1]!.id, people[2]!.id].sort());
    const row = await sessionRow(id);
    expect(row.startsAt.toISOString()).toBe("2027-03-15T10:00:00.000Z");
    expect(row.calendarSequence).toBe(1);
    const sequences = Object.fromEntries((await t.db.select().from(bookings)).map((b) => [b.id, b.calendarSequence]));
    expect(sequences).toEqual({ [booked.id]: 1, [second.id]: 1, [waiting.id]: 1, [gone.id]: 0 });
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, "session.changed"));
    expect(told.map((n) => n.recipientPersonId).sort()).toEqual([people[0]!.id, people[1]!.id, people[2]!.id].sort());
    expect(told[0]!.details).toMatchObject({
      sessionId: id,
      courseTitle: "Prevent awareness workshop",
      before: { startsAt: "2027-03-15T09:30:00.000Z" },
      after: { startsAt: "2027-03-15T10:00:00.000Z" },
    });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "session.update"));
    expect(event!.before).toMatchObject({ startsAt: "2027-03-15T09:30:00.000Z" });
    expect(event!.after).toMatchObject({ startsAt: "2027-03-15T10:00:00.000Z" });
  });

  it("when the place changes, tells people too; a new trainer alone tells nobody", async () => {
    const { id } = await bookedSession();
    await updateSession(
      t.db,
      id,
      await details(id, { trainerPersonId: String(trainerPersonId), notes: "Bring a pen" }),
      actor(),
      NOW,
    );
    expect((await sessionRow(id)).calendarSequence).toBe(0);
    expect(await t.db.select().from(notifications)).toHaveLength(0);
    await updateSession(t.db, id, await details(id, { venue: "Library, Room 1" }), actor(), NOW);
    expect((await sessionRow(id)).calendarSequence).toBe(1);
    expect(await t.db.select().from(notifications)).toHaveLength(3);
  });

  it("changes a session whose booking has already closed, such as a room moved the day before", async () => {
    const { id } = await bookedSession();
    const dayBefore = new Date("2027-03-14T12:00:00Z");
    const result = await updateSession(t.db, id, await details(id, { venue: "Library, Room 1" }), actor(), dayBefore);
    expect(result.timeOrPlaceChanged).toBe(true);
    expect(sessionDetailsForm(dayBefore).safeParse(sessionFormValues({ ...(await sessionValues(id)) })).success).toBe(
      true,
    );
    expect(sessionPlanForm(dayBefore).safeParse(form({ "date-day": "15" })).error?.issues[0]?.path).toEqual([
      "bookingClosesOn",
    ]);
  });

  it("will not take the capacity below the places already taken, and changes nothing", async () => {
    const { id } = await bookedSession();
    const before = await countRows();
    const error = await updateSession(
      t.db,
      id,
      await details(id, { capacity: "1", startTime: "10:00" }),
      actor(),
      NOW,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      field: "capacity",
      message: "The number of places cannot be fewer than the 2 people already booked",
    });
    expect(await countRows()).toEqual(before);
    expect((await sessionRow(id)).startsAt.toISOString()).toBe("2027-03-15T09:30:00.000Z");
  });

  it("promotes the first person waiting when the capacity grows", async () => {
    const { id, waiting } = await bookedSession();
    const result = await updateSession(t.db, id, await details(id, { capacity: "3" }), actor(), NOW);
    expect(result.promotedBookingIds).toEqual([waiting.id]);
    const [promoted] = await t.db.select().from(bookings).where(eq(bookings.id, waiting.id));
    expect(promoted!.status).toBe("booked");
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, "booking.promoted"));
    expect(told.map((n) => n.recipientPersonId)).toEqual([people[2]!.id]);
  });

  it("will not change a cancelled session or one that has started, nor move one into the past", async () => {
    const { id } = await bookedSession();
    await expect(
      updateSession(t.db, id, await details(id), actor(), new Date("2027-03-15T10:00:00Z")),
    ).rejects.toMatchObject({
      code: "session-started",
    });
    await expect(
      updateSession(t.db, id, { ...(await details(id)), date: "2027-02-01" }, actor(), NOW),
    ).rejects.toMatchObject({
      field: "date",
    });
    await cancelSession(t.db, id, { reason: "Trainer unwell" }, actor(), NOW);
    await expect(updateSession(t.db, id, await details(id), actor(), NOW)).rejects.toMatchObject({
      code: "session-cancelled",
    });
  });
});

describe("cancelling a session", () => {
  it("ends every live booking, raises the calendar sequences, tells each person, and audits it all", async () => {
    const id = await scheduleOne({ capacity: "1" });
    const booked = await book(id, people[0]!.id, "booked");
    const waiting = await book(id, people[1]!.id, "waitlisted");
    const gone = await book(id, people[2]!.id, "cancelled");
    const { endedBookingIds } = await cancelSession(t.db, id, { reason: "  Trainer unwell " }, actor(), NOW);
    expect(endedBookingIds).toEqual([booked.id, waiting.id]);

    const row = await sessionRow(id);
    expect(row).toMatchObject({ status: "cancelled", cancelReason: "Trainer unwell", calendarSequence: 1 });
    expect(row.cancelledAt?.toISOString()).toBe(NOW.toISOString());
    const all = Object.fromEntries((await t.db.select().from(bookings)).map((b) => [b.id, b]));
    for (const ended of [booked.id, waiting.id]) {
      expect(all[ended]).toMatchObject({ status: "cancelled", cancelReason: "Session cancelled", calendarSequence: 1 });
    }
    expect(all[gone.id]).toMatchObject({ status: "cancelled", cancelReason: null, calendarSequence: 0 });

    const told = await t.db.select().from(notifications);
    expect(told.map((n) => [n.kind, n.recipientPersonId])).toEqual([
      ["session.cancelled", people[0]!.id],
      ["session.cancelled", people[1]!.id],
    ]);
    expect(told[0]!.details).toMatchObject({
      sessionId: id,
      reason: "Trainer unwell",
      courseTitle: "Prevent awareness workshop",
    });
    const actions = (await t.db.select().from(auditEvents)).map((e) => `${e.action} ${e.entityType} ${e.entityId}`);
    expect(actions).toEqual([
      `session.schedule session ${id}`,
      `session.cancel session ${id}`,
      `booking.cancel booking ${booked.id}`,
      `booking.cancel booking ${waiting.id}`,
    ]);
  });

  it("refuses to cancel twice, without a reason, or after the register was taken, and writes nothing", async () => {
    const id = await scheduleOne();
    await expect(cancelSession(t.db, id, { reason: " " }, actor(), NOW)).rejects.toMatchObject({ field: "reason" });
    await cancelSession(t.db, id, { reason: "Room unavailable" }, actor(), NOW);
    const before = await countRows();
    await expect(cancelSession(t.db, id, { reason: "Again" }, actor(), NOW)).rejects.toMatchObject({
      code: "session-cancelled",
    });
    expect(await countRows()).toEqual(before);

    const taken = await scheduleOne({ "date-day": "16" });
    await book(taken, people[0]!.id, "attended");
    await expect(cancelSession(t.db, taken, { reason: "Too late" }, actor(), NOW)).rejects.toMatchObject({
      code: "session-delivered",
    });
    expect((await sessionRow(taken)).status).toBe("scheduled");
  });
});

describe("session lists with fill rates", () => {
  it("counts booked against capacity, waiting, attended and no-shows, upcoming and past", async () => {
    const past = await scheduleOne({ "date-day": "8", capacity: "10", trainerPersonId: String(trainerPersonId) });
    const upcoming = await scheduleOne({ "date-day": "22", capacity: "4" });
    await book(past, people[0]!.id, "attended");
    await book(past, people[1]!.id, "absent");
    await book(past, people[2]!.id, "booked");
    await book(past, people[3]!.id, "cancelled");
    await book(upcoming, people[0]!.id, "booked");
    await book(upcoming, people[1]!.id, "waitlisted");
    const later = new Date("2027-03-10T12:00:00Z");

    const all = await listSessions(t.db, { when: "all" }, later);
    expect(all.rows.map((s) => s.id)).toEqual([upcoming, past]);
    const [u, p] = all.rows;
    expect(p).toMatchObject({
      booked: 3,
      capacity: 10,
      waiting: 0,
      attended: 1,
      noShows: 1,
      fillRate: 0.3,
      started: true,
      trainerName: "Tess Trainer",
    });
    expect(u).toMatchObject({
      booked: 1,
      capacity: 4,
      waiting: 1,
      attended: 0,
      noShows: 0,
      fillRate: 0.25,
      started: false,
    });

    expect((await listSessions(t.db, { when: "upcoming" }, later)).rows.map((s) => s.id)).toEqual([upcoming]);
    expect((await listSessions(t.db, { when: "past" }, later)).rows.map((s) => s.id)).toEqual([past]);
    expect((await listSessions(t.db, { trainerPersonId }, later)).rows.map((s) => s.id)).toEqual([past]);
    expect((await listSessions(t.db, { courseId: 999_999 }, later)).total).toBe(0);
  });
});

describe("the audit log", () => {
  it("lists events newest first, filtered by action and record, a page at a time by id, with who did it", async () => {
    const id = await scheduleOne();
    const booking = await book(id, people[0]!.id, "booked");
    await cancelSession(t.db, id, { reason: "Room unavailable" }, actor(), NOW);
    const all = await listAuditEvents(t.db);
    expect([all.older, all.newer]).toEqual([null, null]);
    expect(all.rows.map((e) => e.action)).toEqual(["booking.cancel", "session.cancel", "session.schedule"]);
    expect(all.rows[0]).toMatchObject({
      actorName: expect.stringMatching(/^Account /),
      subjectPersonId: people[0]!.id,
      entityId: String(booking.id),
    });
    expect(JSON.parse(all.rows[0]!.after!)).toMatchObject({ status: "cancelled" });
    expect(all.rows.map((e) => e.words)).toEqual([
      "Cancelled a booking on Prevent awareness workshop",
      expect.stringMatching(/^Cancelled the session Prevent awareness workshop on \d+ \w+ \d{4}$/),
      expect.stringMatching(/^Scheduled the session Prevent awareness workshop on /),
    ]);
    expect((await listAuditEvents(t.db, { action: "session.cancel" })).rows).toHaveLength(1);
    expect((await listAuditEvents(t.db, { action: "%" })).rows).toHaveLength(0);
    expect((await listAuditEvents(t.db, { entityType: "session", entityId: String(id) })).rows).toHaveLength(2);
    const first = await listAuditEvents(t.db, { pageSize: 2 });
    expect(first.rows.map((e) => e.action)).toEqual(["booking.cancel", "session.cancel"]);
    const second = await listAuditEvents(t.db, { pageSize: 2, cursor: { older: first.older! } });
    expect(second.rows.map((e) => e.action)).toEqual(["session.schedule"]);
    expect(second.older).toBeNull();
    expect(second.newer).toBe(second.rows[0]!.id);
    expect(await listAuditEntityTypes(t.db)).toEqual(["booking", "session"]);
  });
});

describe("the session pages", () => {
  const DAY = 86_400_000;
  function londonParts(date: Date) {
    const [y, m, d] = date.toISOString().slice(0, 10).split("-");
    return { "date-day": String(Number(d)), "date-month": String(Number(m)), "date-year": y! };
  }
  async function futureSession() {
    const now = new Date();
    const parsed = sessionPlanForm(now).parse(form(londonParts(new Date(now.getTime() + 40 * DAY))));
    const { sessionIds } = await scheduleSessions(t.db, parsed, actor(), now);
    return sessionIds[0]!;
  }

  it("answers a bad scheduling form with 400, its errors and the values typed, and creates nothing", async () => {
    const request = await signedInRequest(t.db, coordinatorId, "/admin/sessions/new", {
      form: form({ ...londonParts(new Date(Date.now() - 2 * DAY)), capacity: "0", venue: "Kept venue" }),
    });
    const response = await call(() => scheduleAction({ request, params: {}, context: {} }));
    expect(response).toHaveProperty("init.status", 400);
    const body = (response as unknown as { data: { errors: Record<string, string>; values: Record<string, string> } })
      .data;
    expect(body.errors).toMatchObject({
      date: "The session must start in the future",
      capacity: "The number of places must be 1 or more",
    });
    expect(body.values.venue).toBe("Kept venue");
    expect((await countRows()).sessions).toBe(0);
  });

  it("schedules from the form, and shows the retired course as a field error", async () => {
    const when = londonParts(new Date(Date.now() + 30 * DAY));
    const ok = await signedInRequest(t.db, coordinatorId, "/admin/sessions/new", {
      form: form({ ...when, repeat: "weekly", repeatWeeks: "1" }),
    });
    const response = (await call(() => scheduleAction({ request: ok, params: {}, context: {} }))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/sessions?when=upcoming&course=${courseId}&scheduled=2`);
    const retired = await make.course(t.db, { retiredAt: new Date() });
    const bad = await signedInRequest(t.db, coordinatorId, "/admin/sessions/new", {
      form: form({ ...when, courseId: String(retired.id) }),
    });
    const refused = await call(() => scheduleAction({ request: bad, params: {}, context: {} }));
    expect(refused).toHaveProperty("init.status", 400);
    expect((refused as unknown as { data: { errors: Record<string, string> } }).data.errors.courseId).toMatch(
      /retired/,
    );
    expect((await countRows()).sessions).toBe(2);
  });

  it("refuses a learner and a trainer the cancel page and action with 403, and lets the coordinator cancel", async () => {
    const id = await futureSession();
    const params = { sessionId: String(id) };
    for (const accountId of [learnerAccountId, trainerAccountId]) {
      const page = await call(async () =>
        cancelLoader({
          request: await signedInRequest(t.db, accountId, `/admin/sessions/${id}/cancel`),
          params,
          context: {},
        }),
      );
      expect((page as Response).status).toBe(403);
      const post = await call(async () =>
        cancelAction({
          request: await signedInRequest(t.db, accountId, `/admin/sessions/${id}/cancel`, {
            form: { reason: "Because" },
          }),
          params,
          context: {},
        }),
      );
      expect((post as Response).status).toBe(403);
    }
    expect((await sessionRow(id)).status).toBe("scheduled");

    const empty = await call(async () =>
      cancelAction({
        request: await signedInRequest(t.db, coordinatorId, `/admin/sessions/${id}/cancel`, { form: { reason: "" } }),
        params,
        context: {},
      }),
    );
    expect(empty).toHaveProperty("init.status", 400);
    const done = (await call(async () =>
      cancelAction({
        request: await signedInRequest(t.db, coordinatorId, `/admin/sessions/${id}/cancel`, {
          form: { reason: "Trainer unwell" },
        }),
        params,
        context: {},
      }),
    )) as Response;
    expect(done.status).toBe(302);
    expect(await sessionRow(id)).toMatchObject({ status: "cancelled", cancelReason: "Trainer unwell" });
  });

  it("edits a session from its page, and refuses a capacity below the people booked on the form", async () => {
    const id = await futureSession();
    await book(id, people[0]!.id, "booked");
    await book(id, people[1]!.id, "booked");
    const row = await sessionRow(id);
    const values = sessionFormValues({
      ...row,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      bookingOpensAt: null,
      bookingClosesAt: row.bookingClosesAt!.toISOString(),
    });
    const params = { sessionId: String(id) };
    const tooSmall = await call(async () =>
      editAction({
        request: await signedInRequest(t.db, coordinatorId, `/admin/sessions/${id}/edit`, {
          form: { ...values, capacity: "1" },
        }),
        params,
        context: {},
      }),
    );
    expect(tooSmall).toHaveProperty("init.status", 400);
    expect((tooSmall as unknown as { data: { errors: Record<string, string> } }).data.errors.capacity).toMatch(
      /2 people already booked/,
    );
    const saved = (await call(async () =>
      editAction({
        request: await signedInRequest(t.db, coordinatorId, `/admin/sessions/${id}/edit`, {
          form: { ...values, venue: "Library" },
        }),
        params,
        context: {},
      }),
    )) as Response;
    expect(saved.status).toBe(302);
    expect(await sessionRow(id)).toMatchObject({ venue: "Library", calendarSequence: 1 });
    expect(
      await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, "session.changed"))),
    ).toHaveLength(2);
  });

  it("keeps the time booking closes when the edit form is saved unchanged, and takes a new one when given", async () => {
    const id = await futureSession();
    // As the demo seeds them: booking closes at 23:59 London time, not at the session's start.
    const closesOn = new Date((await sessionRow(id)).startsAt.getTime() - 5 * DAY).toISOString().slice(0, 10);
    const london2359 = londonDateTimeToInstant(closesOn, "23:59");
    await t.db.update(courseSessions).set({ bookingClosesAt: london2359 }).where(eq(courseSessions.id, id));
    const params = { sessionId: String(id) };
    const page = (await editLoader({
      request: await signedInRequest(t.db, coordinatorId, `/admin/sessions/${id}/edit`),
      params,
      context: {},
    })) as {
      values: Record<string, string>;
    };
    const save = async (form: Record<string, string>) =>
      (await call(async () =>
        editAction({
          request: await signedInRequest(t.db, coordinatorId, `/admin/sessions/${id}/edit`, { form }),
          params,
          context: {},
        }),
      )) as Response;
    expect((await save(page.values)).status).toBe(302);
    expect((await sessionRow(id)).bookingClosesAt?.toISOString()).toBe(london2359.toISOString());
    expect((await save({ ...page.values, bookingClosesTime: "17:00" })).status).toBe(302);
    const changed = (await sessionRow(id)).bookingClosesAt!;
    expect(
      new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(
        changed,
      ),
    ).toBe("17:00");
  });

  it("shows a trainer only the sessions they run, the coordinator every one, and the list and CSV to the coordinator", async () => {
    const mine = await futureSession();
    await t.db.update(courseSessions).set({ trainerPersonId }).where(eq(courseSessions.id, mine));
    const other = await futureSession();
    const trainerView = (await trainerLoader({
      request: await signedInRequest(t.db, trainerAccountId, "/trainer/sessions"),
      params: {},
      context: {},
    })) as {
      upcoming: Array<{ id: number }>;
    };
    expect(trainerView.upcoming.map((s) => s.id)).toEqual([mine]);
    const coordinatorView = (await trainerLoader({
      request: await signedInRequest(t.db, coordinatorId, "/trainer/sessions"),
      params: {},
      context: {},
    })) as {
      upcoming: Array<{ id: number }>;
    };
    expect(coordinatorView.upcoming.map((s) => s.id).sort()).toEqual([mine, other].sort());
    const refused = await call(async () =>
      trainerLoader({
        request: await signedInRequest(t.db, learnerAccountId, "/trainer/sessions"),
        params: {},
        context: {},
      }),
    );
    expect((refused as Response).status).toBe(403);

    const list = (await sessionsLoader({
      request: await signedInRequest(t.db, coordinatorId, "/admin/sessions"),
      params: {},
      context: {},
    })) as {
      total: number;
    };
    expect(list.total).toBe(2);
    // A page past the end (or too large to be a number) shows the last page.
    for (const page of ["40", "2147483648"]) {
      const past = (await sessionsLoader({
        request: await signedInRequest(t.db, coordinatorId, `/admin/sessions?page=${page}`),
        params: {},
        context: {},
      })) as { page: number; query: { page: number }; rows: unknown[] };
      expect([past.page, past.query.page, past.rows]).toEqual([1, 1, (list as unknown as { rows: unknown[] }).rows]);
    }
    for (const loader of [sessionsLoader, csvLoader, auditLoader]) {
      const denied = await call(async () =>
        loader({ request: await signedInRequest(t.db, trainerAccountId, "/admin/x"), params: {}, context: {} }),
      );
      expect((denied as Response).status).toBe(403);
    }
    const csv = (await csvLoader({
      request: await signedInRequest(t.db, coordinatorId, "/admin/sessions.csv?when=upcoming"),
      params: {},
      context: {},
    })) as Response;
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toBe(
      "Date,Starts,Ends,Course code,Course,Where,Trainer,Status,Places,Booked,Fill rate (%),Waiting,Attended,No-shows",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("Prevent awareness workshop");
    const audit = (await auditLoader({
      request: await signedInRequest(t.db, coordinatorId, "/admin/audit?action=session.schedule"),
      params: {},
      context: {},
    })) as {
      rows: unknown[];
    };
    expect(audit.rows).toHaveLength(2);
  });
});
