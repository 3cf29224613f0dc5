import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryOne, queryRows } from "../../app/db/database";
import { DomainError } from "../../app/domain/errors";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { substituteBooking } from "../../app/domain/sessions/substitute-booking";
import * as page from "../../app/routes/sessions.$sessionId.bookings.$bookingId.substitute";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { DAY, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await t.db.execute(
    sql`insert into charge_rates (sector, no_show_pence, late_cancellation_pence)
        values ('council', 0, 0), ('school', 0, 0), ('contractor', 5000, 5000), ('partner', 5000, 5000)`,
  );
});

/** A manager with two in their team, someone outside it, a full session with one waiting. */
async function world() {
  const { service, other } = await make.councilAndSchool(t.db);
  const boss = await make.person(t.db, { organisationId: service.id, givenName: "Mina", familyName: "Manager" });
  const amy = await make.person(t.db, {
    organisationId: service.id,
    lineManagerId: boss.id,
    givenName: "Amy",
    familyName: "Able",
    email: "amy@example.test",
  });
  const ben = await make.person(t.db, {
    organisationId: service.id,
    lineManagerId: boss.id,
    givenName: "Ben",
    familyName: "Brook",
    email: "ben@example.test",
  });
  const olly = await make.person(t.db, {
    organisationId: other.id,
    givenName: "Olly",
    familyName: "Other",
    email: "olly@example.test",
  });
  const wendy = await make.person(t.db, { organisationId: other.id, givenName: "Wendy", familyName: "Waiting" });
  const manager = await make.account(t.db, { personId: boss.id, roles: ["manager"] });
  const s = await session(t.db, { inDays: 1, capacity: 1, bookingClosesAt: null });
  const early = new Date(Date.now() - 10 * DAY);
  // Booked long ago, before the cut-off (the session is a day away now: past the cut-off).
  const held = await bookPlace(t.db, {
    sessionId: s.id,
    personId: amy.id,
    actorAccountId: null,
    managerAgreed: true,
    joinWaitingList: false,
    now: early,
  });
  const waiting = await bookPlace(t.db, {
    sessionId: s.id,
    personId: wendy.id,
    actorAccountId: null,
    managerAgreed: true,
    joinWaitingList: true,
    now: early,
  });
  return { s, amy, ben, olly, wendy, manager, held: held.bookingId, waiting: waiting.bookingId };
}

const path = (sessionId: number, bookingId: number) => `/sessions/${sessionId}/bookings/${bookingId}/substitute`;
const params = (sessionId: number, bookingId: number) => ({
  sessionId: String(sessionId),
  bookingId: String(bookingId),
});

async function bookingRow(id: number) {
  return queryOne<{
    person_id: number;
    status: string;
    cancel_reason: string | null;
    late_cancellation: boolean;
    charge_pence: number | null;
    substitutes_booking_id: number | null;
  }>(
    t.db,
    sql`select person_id, status, cancel_reason, late_cancellation, charge_pence, substitutes_booking_id from bookings where id = ${id}`,
  );
}

describe("handing a booked place to a colleague", () => {
  it("a manager gives a team member's place to another after the booking cut-off: same place, no waiting list change, not late, audited, both told", async () => {
    const w = await world();
    const loaded = await page.loader({
      request: await signedInRequest(t.db, w.manager.id, path(w.s.id, w.held)),
      params: params(w.s.id, w.held),
      context: {},
    });
    expect(loaded.problem).toBeNull();
    const done = await call(async () =>
      page.action({
        request: await signedInRequest(t.db, w.manager.id, path(w.s.id, w.held), {
          form: { colleague: "BEN@example.test" },
        }),
        params: params(w.s.id, w.held),
        context: {},
      }),
    );
    expect(done).toBeInstanceOf(Response);
    expect((done as Response).headers.get("Location")).toBe(`/sessions/${w.s.id}?for=${w.ben.id}&substituted=1`);

    expect(await bookingRow(w.held)).toMatchObject({
      status: "cancelled",
      cancel_reason: "Place handed to Ben Brook",
      late_cancellation: false,
      charge_pence: null,
    });
    const all = await queryRows<{
      id: number;
      person_id: number;
      status: string;
      substitutes_booking_id: number | null;
    }>(t.db, sql`select id, person_id, status, substitutes_booking_id from bookings order by id`);
    expect(all.map((b) => [b.person_id, b.status, b.substitutes_booking_id])).toEqual([
      [w.amy.id, "cancelled", null],
      [w.wendy.id, "waitlisted", null],
      [w.ben.id, "booked", w.held],
    ]);
    const told = await queryRows<{ recipient_person_id: number; role: string }>(
      t.db,
      sql`select recipient_person_id, details->>'role' as role from notifications where kind = 'booking.substituted' order by id`,
    );
    expect(told).toEqual([
      { recipient_person_id: w.amy.id, role: "handed" },
      { recipient_person_id: w.ben.id, role: "received" },
    ]);
    expect(
      await queryRows(t.db, sql`select 1 from notifications where kind in ('booking.promoted', 'booking.cancelled')`),
    ).toEqual([]);
    const audit = await queryRows<{ entity_id: string; actor_account_id: string }>(
      t.db,
      sql`select entity_id, actor_account_id from audit_events where action = 'booking.substitute' order by id`,
    );
    expect(audit.map((a) => a.actor_account_id)).toEqual([w.manager.id, w.manager.id]);
    expect(audit.map((a) => Number(a.entity_id))[0]).toBe(w.held);
  });

  it("refuses someone outside the manager's scope, the same person, and a booking outside the scope is a 404", async () => {
    const w = await world();
    const outside = await call(async () =>
      page.action({
        request: await signedInRequest(t.db, w.manager.id, path(w.s.id, w.held), {
          form: { colleague: "olly@example.test" },
        }),
        params: params(w.s.id, w.held),
        context: {},
      }),
    );
    expect((outside as { init: { status: number } }).init?.status).toBe(400);
    const same = await call(async () =>
      page.action({
        request: await signedInRequest(t.db, w.manager.id, path(w.s.id, w.held), {
          form: { colleague: "amy@example.test" },
        }),
        params: params(w.s.id, w.held),
        context: {},
      }),
    );
    expect((same as { data: { errors: Record<string, string> } }).data.errors.colleague).toBe(
      "Choose someone other than Amy Able.",
    );
    const notTheirs = await call(async () =>
      page.loader({
        request: await signedInRequest(t.db, w.manager.id, path(w.s.id, w.waiting)),
        params: params(w.s.id, w.waiting),
        context: {},
      }),
    );
    expect((notTheirs as Response).status).toBe(404);
    expect((await bookingRow(w.held))?.status).toBe("booked");
  });

  it("not once the session has started, not for a place on the waiting list, not to someone already on the session", async () => {
    const w = await world();
    const refuse = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (error: unknown) => error,
      );
      expect(e).toBeInstanceOf(DomainError);
      return (e as DomainError).code;
    };
    expect(
      await refuse(
        substituteBooking(t.db, {
          bookingId: w.held,
          colleaguePersonId: w.ben.id,
          actorAccountId: w.manager.id,
          now: new Date(Date.now() + 2 * DAY),
        }),
      ),
    ).toBe("session-closed");
    expect(
      await refuse(
        substituteBooking(t.db, { bookingId: w.waiting, colleaguePersonId: w.ben.id, actorAccountId: w.manager.id }),
      ),
    ).toBe("not-booked");
    expect(
      await refuse(
        substituteBooking(t.db, { bookingId: w.held, colleaguePersonId: w.wendy.id, actorAccountId: w.manager.id }),
      ),
    ).toBe("already-booked");
    expect((await bookingRow(w.held))?.status).toBe("booked");
  });
});
