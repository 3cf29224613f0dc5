import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import type { Database } from "../../app/db/database";
import { auditEvents, bookings, requirementCourses, requirements } from "../../app/db/schema";
import { bookManyWarnings } from "../../app/domain/sessions/book-many";
import { bookingWarnings } from "../../app/domain/sessions/booking-warnings";
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

describe("booking several people: the warnings for a long list", () => {
  /**
   * Fifty people in two services, in turn: nothing to warn of; booked (or waiting) on another
   * session of the course; training for one of two requirements running out before the session,
   * on days before, between and after the earlier sessions or on the session's day (one full, one open only to the second
   * service); both; training that runs out after the session.
   */
  async function longList() {
    const { service, root } = await council(t.db);
    const second = await make.organisation(t.db, { kind: "service", parentId: root.id });
    const coordinatorPerson = await make.person(t.db, { organisationId: root.id });
    const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
    const course = await make.course(t.db, { title: "Prevent awareness workshop" });
    const [awareness] = await t.db.insert(requirements).values({ name: "Prevent awareness" }).returning();
    const [channel] = await t.db.insert(requirements).values({ name: "Channel panel" }).returning();
    await t.db.insert(requirementCourses).values([
      { requirementId: awareness!.id, courseId: course.id },
      { requirementId: channel!.id, courseId: course.id },
    ]);
    const open = await session(t.db, { courseId: course.id, inDays: 14 });
    const full = await session(t.db, { courseId: course.id, inDays: 21, capacity: 1 });
    const secondOnly = await session(t.db, { courseId: course.id, inDays: 30, audienceOrganisationId: second.id });
    const target = await session(t.db, { courseId: course.id, inDays: 90 });
    const later = await session(t.db, { courseId: course.id, inDays: 120 });
    const filler = await make.person(t.db, { organisationId: root.id });
    await t.db
      .insert(bookings)
      .values({ sessionId: full.id, personId: filler.id, status: "booked", managerAgreed: true });
    const today = todayInLondon();
    const runsOutIn = [10, 18, 25, 45, 90];
    const people = [];
    for (let i = 0; i < 50; i++) {
      const person = await make.person(t.db, {
        organisationId: i % 2 === 0 ? service.id : second.id,
        externalRef: `HR-${1000 + i}`,
      });
      const kind = i % 5;
      if (kind === 1 || kind === 3) {
        await t.db.insert(bookings).values({
          sessionId: i % 3 === 0 ? later.id : open.id,
          personId: person.id,
          ...(i % 4 === 1
            ? { status: "waitlisted" as const, waitlistedAt: new Date() }
            : { status: "booked" as const }),
          managerAgreed: true,
        });
      }
      if (kind === 2 || kind === 3 || kind === 4) {
        const days = kind === 4 ? 200 : runsOutIn[Math.floor(i / 5) % runsOutIn.length]!;
        await make.completion(t.db, {
          personId: person.id,
          courseId: course.id,
          completedOn: addDaysToDate(today, -300),
          expiresOn: addDaysToDate(today, days),
        });
      }
      people.push(person);
    }
    return { coordinator, people, target, course, secondOnly };
  }

  it("gives each of 50 people the warnings booking them alone gives, in the list's order, with a fixed number of queries", async () => {
    const w = await longList();
    const scope = { kind: "all" } as const;
    const input = { id: w.target.id, courseId: w.course.id, startsAt: w.target.startsAt.toISOString() };
    // By e-mail or HR number, mixed; one person twice, someone unknown.
    const lines = w.people.map((p, i) => (i % 2 === 0 ? p.email! : p.externalRef!));
    lines.splice(7, 0, "nobody@example.test");
    lines.push(w.people[3]!.email!);
    const now = new Date();

    const counted = countingQueries(t.db);
    const warned = await bookManyWarnings(counted.db, { session: input, lines, scope, now });

    const expected = [];
    for (const [i, person] of w.people.entries()) {
      const alone = await bookingWarnings(t.db, person.id, input, now);
      if (alone.sameCourse || alone.afterExpiry) {
        expected.push({
          line: i % 2 === 0 ? person.email : person.externalRef,
          personId: person.id,
          personName: `${person.givenName} ${person.familyName}`,
          warnings: alone,
        });
      }
    }
    expect(warned).toEqual(expected);
    // Every kind of warning is there, so the comparison says something.
    const kinds = (i: number) => i % 5;
    const byPerson = new Map(warned.map((x) => [x.personId, x.warnings]));
    w.people.forEach((p, i) => {
      const warnings = byPerson.get(p.id);
      expect(Boolean(warnings?.sameCourse), `person ${i} same course`).toBe(kinds(i) === 1 || kinds(i) === 3);
      expect(Boolean(warnings?.afterExpiry), `person ${i} runs out`).toBe(kinds(i) === 2 || kinds(i) === 3);
    });
    const earlier = warned.flatMap((x) => x.warnings.afterExpiry?.earlier.map((e) => e.sessionId) ?? []);
    expect(new Set(warned.map((x) => x.warnings.afterExpiry?.earlier.length)).size).toBeGreaterThan(2);
    expect(earlier.length).toBeGreaterThan(0);
    // The session open only to the second service is offered to some of its people, and to no one else.
    const offeredSecondOnly = warned.filter((x) =>
      x.warnings.afterExpiry?.earlier.some((e) => e.sessionId === w.secondOnly.id),
    );
    expect(offeredSecondOnly.length).toBeGreaterThan(0);
    for (const x of offeredSecondOnly) expect(w.people.findIndex((p) => p.id === x.personId) % 2).toBe(1);
    expect(warned.some((x) => x.warnings.sameCourse?.status === "waitlisted")).toBe(true);

    // As many queries for a list of 50 as for a list of 5.
    const few = countingQueries(t.db);
    await bookManyWarnings(few.db, { session: input, lines: lines.slice(0, 5), scope, now });
    expect(counted.queries()).toBe(few.queries());
    expect(counted.queries()).toBeLessThanOrEqual(8);
  });
});

/** The database, counting the statements sent through it. */
function countingQueries(db: Database) {
  let count = 0;
  const counted = new Proxy(db, {
    get(target, property, receiver) {
      if (property === "execute") {
        return (...args: Parameters<Database["execute"]>) => {
          count++;
          return target.execute(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: counted, queries: () => count };
}
