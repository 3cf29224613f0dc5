import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, bookings, requirementCourses, requirements } from "../../app/db/schema";
import { addDaysToDate, todayInLondon } from "../../app/lib/dates";
import * as bookOthers from "../../app/routes/sessions.$sessionId.book-others";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

/** Three people (one booked on an earlier session of the course, one whose training runs out first, one with neither), a coordinator, and the session to book them on. */
async function world() {
  const { service, root } = await council(t.db);
  const booked = await make.person(t.db, { organisationId: service.id, givenName: "Bea" });
  const expiring = await make.person(t.db, { organisationId: service.id, givenName: "Eli", externalRef: "HR-0007" });
  const plain = await make.person(t.db, { organisationId: service.id, givenName: "Pat" });
  const coordinatorPerson = await make.person(t.db, { organisationId: root.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const course = await make.course(t.db, { title: "Prevent awareness workshop" });
  const [requirement] = await t.db.insert(requirements).values({ name: "Prevent awareness" }).returning();
  await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
  const earlier = await session(t.db, { courseId: course.id, inDays: 14 });
  const target = await session(t.db, { courseId: course.id, inDays: 90 });
  await t.db
    .insert(bookings)
    .values({ sessionId: earlier.id, personId: booked.id, status: "booked", managerAgreed: true });
  const today = todayInLondon();
  await make.completion(t.db, {
    personId: expiring.id,
    courseId: course.id,
    completedOn: addDaysToDate(today, -300),
    expiresOn: addDaysToDate(today, 60),
  });
  return { booked, expiring, plain, coordinator, earlier, target };
}

type Answer = {
  errors: Record<string, string> | null;
  people: string;
  results: Array<{ outcome: string; personId: number | null }> | null;
  warnings: Array<{
    line: string;
    personId: number;
    personName: string;
    warnings: {
      sameCourse: { sessionId: number; status: string } | null;
      afterExpiry: { requirementName: string; runsOutOn: string; earlier: Array<{ sessionId: number }> } | null;
    };
  }> | null;
};

async function send(accountId: string, sessionId: number, form: Record<string, string>) {
  const request = await signedInRequest(t.db, accountId, `/sessions/${sessionId}/book-others`, { form });
  const result = await call(() =>
    bookOthers.action({ request, params: { sessionId: String(sessionId) }, context: {} }),
  );
  const value = result as { data?: Answer };
  return (value && typeof value === "object" && "data" in value ? value.data : value) as Answer;
}

const liveBookings = async (sessionId: number) =>
  (await t.db.select().from(bookings).where(eq(bookings.sessionId, sessionId)).orderBy(asc(bookings.id))).map(
    (b) => b.personId,
  );

describe("booking several people: the warnings booking oneself gives", () => {
  it("lists per person a booking on another session of the course and training that runs out first, books nobody yet; the same list sent again books them all", async () => {
    const w = await world();
    const people = `${w.booked.email}\r\nhr-0007\r\n${w.plain.email}\r\nnobody@example.test`;
    const first = await send(w.coordinator.id, w.target.id, { people });
    expect(first.results).toBeNull();
    expect(first.people).toBe(people);
    expect(first.warnings).toEqual([
      {
        line: w.booked.email,
        personId: w.booked.id,
        personName: `Bea ${w.booked.familyName}`,
        warnings: {
          sameCourse: expect.objectContaining({ sessionId: w.earlier.id, status: "booked" }),
          afterExpiry: null,
        },
      },
      {
        line: "hr-0007",
        personId: w.expiring.id,
        personName: `Eli ${w.expiring.familyName}`,
        warnings: {
          sameCourse: null,
          afterExpiry: expect.objectContaining({
            requirementName: "Prevent awareness",
            runsOutOn: addDaysToDate(todayInLondon(), 60),
            earlier: [expect.objectContaining({ sessionId: w.earlier.id })],
          }),
        },
      },
    ]);
    expect(await liveBookings(w.target.id)).toEqual([]);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "booking.book"))).toEqual([]);

    // Confirmed: the list as checked (its lines, whatever the line endings) books everyone found, audited as before.
    const anyway = await send(w.coordinator.id, w.target.id, {
      people,
      checked: `${w.booked.email}\nhr-0007\n${w.plain.email}\nnobody@example.test`,
    });
    expect(anyway.warnings).toBeNull();
    expect(anyway.results?.map((r) => [r.outcome, r.personId])).toEqual([
      ["booked", w.booked.id],
      ["booked", w.expiring.id],
      ["booked", w.plain.id],
      ["not-found", null],
    ]);
    expect(await liveBookings(w.target.id)).toEqual([w.booked.id, w.expiring.id, w.plain.id]);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "booking.book"))).toHaveLength(3);
  });

  it("a list changed after the check is checked again; a list with no one to warn about books at once", async () => {
    const w = await world();
    const changed = await send(w.coordinator.id, w.target.id, {
      people: `${w.plain.email}\n${w.expiring.email}`,
      checked: w.plain.email!,
    });
    expect(changed.warnings?.map((x) => x.personId)).toEqual([w.expiring.id]);
    expect(await liveBookings(w.target.id)).toEqual([]);

    const plain = await send(w.coordinator.id, w.target.id, { people: w.plain.email! });
    expect(plain.warnings).toBeNull();
    expect(plain.results?.map((r) => [r.outcome, r.personId])).toEqual([["booked", w.plain.id]]);
  });
});
