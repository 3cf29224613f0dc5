import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { accounts, notifications, requirementCourses, requirements } from "../../app/db/schema";
import { messageText } from "../../app/domain/notifications/message-text";
import { notify } from "../../app/domain/notifications/notify";
import { runDailyMessages } from "../../app/domain/reminders/daily-messages";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { markAttendance } from "../../app/domain/sessions/mark-attendance";
import { londonDateTimeToInstant } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

type Row = {
  kind: string;
  recipient_person_id: number | null;
  recipient_email: string | null;
  status: string;
  last_error: string | null;
  dedupe_key: string | null;
  details: Record<string, unknown>;
};

async function outbox(kind?: string): Promise<Row[]> {
  return queryRows<Row>(
    t.db,
    sql`select kind, recipient_person_id, recipient_email, status::text, last_error, dedupe_key, details
        from notifications ${kind ? sql`where kind = ${kind}` : sql``} order by id`,
  );
}

/** London wall-clock time as an instant: at("2026-06-06", "00:10"). */
const at = (date: string, time: string) => londonDateTimeToInstant(date, time);

describe("notify", () => {
  it("writes a message once per dedupe key", async () => {
    const { people } = await council(t.db, 1);
    const message = {
      kind: "requirement.expiring" as const,
      recipientPersonId: people[0]!.id,
      details: { courseTitle: "Prevent" },
      dedupeKey: "test:1",
    };
    expect(await notify(t.db, message)).toBe(true);
    expect(await notify(t.db, message)).toBe(false);
    expect(await notify(t.db, { ...message, dedupeKey: undefined })).toBe(true);
    expect(await notify(t.db, { ...message, dedupeKey: undefined })).toBe(true);
    const rows = await outbox();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ status: "pending", dedupe_key: "test:1", recipient_email: people[0]!.email });
  });

  it("marks a message to someone without an e-mail address skipped, with the reason", async () => {
    const { service } = await council(t.db);
    const nobody = await make.person(t.db, { organisationId: service.id, email: null });
    await notify(t.db, { kind: "booking.confirmed", recipientPersonId: nobody.id, details: {} });
    await notify(t.db, {
      kind: "account.password-changed",
      recipientPersonId: null,
      recipientEmail: "  ",
      details: {},
    });
    expect(await outbox()).toEqual([
      expect.objectContaining({ status: "skipped", last_error: "No e-mail address", recipient_email: null }),
      expect.objectContaining({ status: "skipped", last_error: "No e-mail address", recipient_email: null }),
    ]);
  });

  it("writes nothing when the change's transaction rolls back", async () => {
    const { people } = await council(t.db, 1);
    await expect(
      t.db.transaction(async (tx) => {
        await notify(tx, { kind: "booking.confirmed", recipientPersonId: people[0]!.id, details: {} });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await outbox()).toEqual([]);
  });
});

describe("session reminders and joining instructions", () => {
  /** A session starting at 00:30 London time on 20 June 2026 (23:30 UTC the day before), one person booked. */
  async function booked() {
    const { people } = await council(t.db, 2);
    const s = await session(t.db, {
      startsAt: at("2026-06-20", "00:30"),
      bookingClosesAt: null,
      notes: "Bring photo ID. Parking at the back.",
    });
    const booking = await bookPlace(t.db, {
      sessionId: s.id,
      personId: people[0]!.id,
      actorAccountId: null,
      managerAgreed: true,
      joinWaitingList: false,
      now: new Date("2026-05-01T10:00:00Z"),
    });
    return { s, person: people[0]!, bookingId: booking.bookingId };
  }

  it("reminds 14 days before by London's calendar, once however often the job runs", async () => {
    const { person, bookingId } = await booked();
    // 23:50 in London on 5 June: the session is 15 London days away (though 14 by UTC's calendar).
    expect((await runDailyMessages(t.db, { now: at("2026-06-05", "23:50") }))["session.reminder"]).toBe(0);
    // Twenty minutes later it is 6 June in London: 14 days before.
    const first = await runDailyMessages(t.db, { now: at("2026-06-06", "00:10") });
    expect(first["session.reminder"]).toBe(1);
    expect((await runDailyMessages(t.db, { now: at("2026-06-06", "15:00") }))["session.reminder"]).toBe(0);
    const [reminder] = await outbox("session.reminder");
    expect(reminder).toMatchObject({
      recipient_person_id: person.id,
      recipient_email: person.email,
      status: "pending",
      dedupe_key: `session-reminder-14:booking:${bookingId}:2026-06-20`,
    });
    expect(reminder!.details).toMatchObject({ bookingId, daysBefore: 14, venue: "Town Hall, Committee Room 2" });
    const words = messageText("session.reminder", reminder!.details);
    expect(words.subject).toMatch(/^Reminder: .+ in 14 days$/);
    expect(words.body).toContain("20 June 2026 at 12:30am");
    expect(await outbox("session.joining-instructions")).toEqual([]);
  });

  it("reminds again 5 days before and sends the joining instructions then, with what the session says", async () => {
    const { bookingId } = await booked();
    expect((await runDailyMessages(t.db, { now: at("2026-06-14", "23:59") }))["session.reminder"]).toBe(0);
    const counts = await runDailyMessages(t.db, { now: at("2026-06-15", "00:00") });
    expect(counts).toMatchObject({ "session.reminder": 1, "session.joining-instructions": 1 });
    expect(await runDailyMessages(t.db, { now: at("2026-06-15", "09:00") })).toMatchObject({
      "session.reminder": 0,
      "session.joining-instructions": 0,
    });
    const [joining] = await outbox("session.joining-instructions");
    expect(joining!.dedupe_key).toBe(`joining-instructions:booking:${bookingId}:2026-06-20`);
    const words = messageText("session.joining-instructions", joining!.details, {
      serviceUrl: "https://training.example.gov.uk",
    });
    expect(words.body).toContain("Venue: Town Hall, Committee Room 2.");
    expect(words.body).toContain("From the organiser: Bring photo ID. Parking at the back.");
    expect(words.body).toContain(`https://training.example.gov.uk/bookings/${bookingId}/calendar.ics`);
  });

  it("two runs at once (two instances; on PostgreSQL two connections) owe each reminder once", async () => {
    await booked();
    const now = at("2026-06-06", "09:00");
    const [a, b] = await Promise.all([
      t.db.transaction((tx) => runDailyMessages(tx, { now })),
      t.db.transaction((tx) => runDailyMessages(tx, { now })),
    ]);
    expect(a["session.reminder"] + b["session.reminder"]).toBe(1);
    expect(await outbox("session.reminder")).toHaveLength(1);
  });

  it("reminds nobody whose booking was cancelled or whose session was", async () => {
    const { s } = await booked();
    await t.db.execute(sql`update course_sessions set status = 'cancelled', cancelled_at = now() where id = ${s.id}`);
    expect((await runDailyMessages(t.db, { now: at("2026-06-06", "09:00") }))["session.reminder"]).toBe(0);
  });
});

describe("expiry notices", () => {
  /** A requirement met by one course; a manager and the person they manage, trained on a date. */
  async function trained(expiresOn: string, options: { personEmail?: string | null } = {}) {
    const { service } = await council(t.db);
    const course = await make.course(t.db, { title: "Prevent awareness" });
    const [requirement] = await t.db
      .insert(requirements)
      .values({ name: "Prevent awareness", dueWithinDays: 90, reminderDays: 60 })
      .returning();
    await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
    const manager = await make.person(t.db, { organisationId: service.id });
    const person = await make.person(t.db, {
      organisationId: service.id,
      lineManagerId: manager.id,
      ...(options.personEmail !== undefined ? { email: options.personEmail } : {}),
    });
    await make.completion(t.db, { personId: person.id, courseId: course.id, completedOn: "2024-01-10", expiresOn });
    return { requirement: requirement!, manager, person };
  }

  it("tells the person 90 and 30 days before, and their manager a copy, each once", async () => {
    const { requirement, manager, person } = await trained("2026-09-04");
    // 90 days before 4 September 2026 is 6 June; 23:30 on the 5th in London is still the day before.
    expect(await runDailyMessages(t.db, { now: at("2026-06-05", "23:30") })).toMatchObject({
      "requirement.expiring": 0,
      "team.requirement-expiring": 0,
    });
    expect(await runDailyMessages(t.db, { now: at("2026-06-06", "00:30") })).toMatchObject({
      "requirement.expiring": 1,
      "team.requirement-expiring": 1,
    });
    expect(await runDailyMessages(t.db, { now: at("2026-06-06", "20:00") })).toMatchObject({
      "requirement.expiring": 0,
      "team.requirement-expiring": 0,
    });
    expect(await runDailyMessages(t.db, { now: at("2026-08-05", "08:00") })).toMatchObject({
      "requirement.expiring": 1,
      "team.requirement-expiring": 1,
    });
    const toPerson = await outbox("requirement.expiring");
    expect(toPerson.map((r) => r.dedupe_key)).toEqual([
      `expiring-90:person:${person.id}:requirement:${requirement.id}:2026-09-04`,
      `expiring-30:person:${person.id}:requirement:${requirement.id}:2026-09-04`,
    ]);
    expect(toPerson.every((r) => r.recipient_person_id === person.id)).toBe(true);
    expect(messageText("requirement.expiring", toPerson[0]!.details).body).toBe(
      "Your Prevent awareness training expires on 4 September 2026. Book a session to renew it.",
    );
    const toManager = await outbox("team.requirement-expiring");
    expect(toManager.every((r) => r.recipient_person_id === manager.id && r.recipient_email === manager.email)).toBe(
      true,
    );
    expect(messageText("team.requirement-expiring", toManager[0]!.details).body).toContain(
      `${person.givenName} ${person.familyName}'s Prevent awareness training expires on 4 September 2026.`,
    );
  });

  it("tells the person on the day it expires, once", async () => {
    const { person } = await trained("2026-09-04");
    expect((await runDailyMessages(t.db, { now: at("2026-09-03", "23:59") }))["requirement.expired"]).toBe(0);
    expect((await runDailyMessages(t.db, { now: at("2026-09-04", "00:01") }))["requirement.expired"]).toBe(1);
    expect((await runDailyMessages(t.db, { now: at("2026-09-04", "18:00") }))["requirement.expired"]).toBe(0);
    const [expired] = await outbox("requirement.expired");
    expect(expired!.recipient_person_id).toBe(person.id);
    expect(messageText("requirement.expired", expired!.details).body).toContain("expired on 4 September 2026");
  });

  it("says nothing once the person has renewed", async () => {
    const { person, requirement } = await trained("2026-09-04");
    const [link] = await queryRows<{ course_id: number }>(
      t.db,
      sql`select course_id from requirement_courses where requirement_id = ${requirement.id}`,
    );
    await make.completion(t.db, {
      personId: person.id,
      courseId: link!.course_id,
      completedOn: "2026-05-01",
      expiresOn: "2029-05-01",
    });
    expect(await runDailyMessages(t.db, { now: at("2026-06-06", "09:00") })).toMatchObject({
      "requirement.expiring": 0,
      "team.requirement-expiring": 0,
    });
  });

  it("records a person without an e-mail address as skipped, with why", async () => {
    await trained("2026-09-04", { personEmail: null });
    await runDailyMessages(t.db, { now: at("2026-06-06", "09:00") });
    const [row] = await outbox("requirement.expiring");
    expect(row).toMatchObject({ status: "skipped", last_error: "No e-mail address", recipient_email: null });
    // The manager's copy still goes.
    expect((await outbox("team.requirement-expiring"))[0]!.status).toBe("pending");
  });
});

describe("the managers' monthly digest", () => {
  async function team() {
    const { service } = await council(t.db);
    const course = await make.course(t.db);
    const [requirement] = await t.db.insert(requirements).values({ name: "Prevent", dueWithinDays: 90 }).returning();
    await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
    const manager = await make.person(t.db, { organisationId: service.id });
    const trainedOne = await make.person(t.db, { organisationId: service.id, lineManagerId: manager.id });
    const untrained = await make.person(t.db, { organisationId: service.id, lineManagerId: manager.id });
    const further = await make.person(t.db, { organisationId: service.id, lineManagerId: untrained.id });
    await make.completion(t.db, {
      personId: trainedOne.id,
      courseId: course.id,
      completedOn: "2026-01-10",
      expiresOn: "2029-01-10",
    });
    const account = await make.account(t.db, { personId: manager.id, roles: ["manager"] });
    // Another manager who has opted out.
    const optedOut = await make.person(t.db, { organisationId: service.id });
    await make.person(t.db, { organisationId: service.id, lineManagerId: optedOut.id });
    const optedOutAccount = await make.account(t.db, { personId: optedOut.id, roles: ["manager"] });
    await t.db.update(accounts).set({ receivesTeamDigest: false }).where(eq(accounts.id, optedOutAccount.id));
    return { manager, account, trainedOne, untrained, further, optedOut };
  }

  it("goes on the 1st of the month (London) to each manager not opted out, once, with their team's figures", async () => {
    const { manager } = await team();
    // 23:30 on 30 June in London is 22:30 UTC: not yet July.
    expect((await runDailyMessages(t.db, { now: at("2026-06-30", "23:30") }))["team.digest"]).toBe(0);
    expect((await runDailyMessages(t.db, { now: at("2026-07-01", "00:05") }))["team.digest"]).toBe(1);
    expect((await runDailyMessages(t.db, { now: at("2026-07-01", "11:00") }))["team.digest"]).toBe(0);
    // The 2nd catches up a service that was down on the 1st, but owes nothing twice.
    expect((await runDailyMessages(t.db, { now: at("2026-07-02", "11:00") }))["team.digest"]).toBe(0);
    expect((await runDailyMessages(t.db, { now: at("2026-07-10", "11:00") }))["team.digest"]).toBe(0);
    const digests = await outbox("team.digest");
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({
      recipient_person_id: manager.id,
      dedupe_key: `team-digest:2026-07:person:${manager.id}`,
    });
    // Everyone reporting to the manager, directly or further down: one current, two never trained.
    expect(digests[0]!.details).toMatchObject({ people: 3, current: 1, missing: 2, expired: 0, expiring: 0 });
    const words = messageText("team.digest", digests[0]!.details, { serviceUrl: "https://x.example" });
    expect(words.body).toContain(
      "3 people in your team have training to keep up. Of the training they need: 1 current, 0 expiring soon, 0 expired, 2 never done",
    );
    expect(words.body).toContain("https://x.example/account");
    // The next month, the next digest.
    expect((await runDailyMessages(t.db, { now: at("2026-08-01", "07:00") }))["team.digest"]).toBe(1);
  });
});

describe("the trainer told when a register's certificates are issued", () => {
  it("once, when the register is complete", async () => {
    const { people, service } = await council(t.db, 2);
    const trainer = await make.person(t.db, { organisationId: service.id });
    const s = await session(t.db, {
      startsAt: new Date("2026-11-23T09:30:00Z"),
      hours: 3,
      bookingClosesAt: null,
      trainerPersonId: trainer.id,
    });
    const ids = [];
    for (const p of people) {
      ids.push(
        (
          await bookPlace(t.db, {
            sessionId: s.id,
            personId: p.id,
            actorAccountId: null,
            managerAgreed: true,
            joinWaitingList: false,
            now: new Date("2026-11-01T10:00:00Z"),
          })
        ).bookingId,
      );
    }
    const actor = (await make.account(t.db, { personId: trainer.id, roles: ["trainer"] })).id;
    const afterwards = new Date("2026-11-23T14:00:00Z");
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids[0]!],
      outcome: "attended",
      actorAccountId: actor,
      now: afterwards,
    });
    expect(await outbox("register.certificates-issued")).toEqual([]);
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: "everyone",
      outcome: "attended",
      actorAccountId: actor,
      now: afterwards,
    });
    const told = await outbox("register.certificates-issued");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      recipient_person_id: trainer.id,
      dedupe_key: `register-certificates:session:${s.id}`,
    });
    expect(messageText("register.certificates-issued", told[0]!.details).body).toContain(
      "2 people have been sent their certificate.",
    );
    // Changing a mark afterwards tells nobody again.
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids[1]!],
      outcome: "absent",
      actorAccountId: actor,
      now: afterwards,
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids[1]!],
      outcome: "attended",
      actorAccountId: actor,
      now: afterwards,
    });
    expect(await outbox("register.certificates-issued")).toHaveLength(1);
    expect((await t.db.select().from(notifications)).length).toBeGreaterThan(1);
  });
});
