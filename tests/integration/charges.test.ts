import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryOne, queryRows } from "../../app/db/database";
import {
  chargesByOrganisation,
  chargesExportPages,
  formatPence,
  listCharges,
} from "../../app/domain/charges/charges-report";
import { listChargeRates, updateChargeRates } from "../../app/domain/charges/charge-rates";
import { DomainError } from "../../app/domain/errors";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { cancelBooking } from "../../app/domain/sessions/cancel-booking";
import { listBookingsForPerson } from "../../app/domain/sessions/list-bookings-for-person";
import { markAttendance } from "../../app/domain/sessions/mark-attendance";
import { sessionFigures } from "../../app/domain/sessions/session-figures";
import { ensureShippedBankHolidays } from "../../app/domain/working-days/bank-holidays";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  // The migration's defaults, which the reset truncates.
  await t.db.execute(
    sql`insert into charge_rates (sector, no_show_pence, late_cancellation_pence)
        values ('council', 0, 0), ('school', 0, 0), ('contractor', 5000, 5000), ('partner', 5000, 5000)`,
  );
});

/** One person in each sector: a council officer, a contractor's site worker, a partner's officer, a teacher. */
async function people() {
  const { council, service, school } = await make.councilAndSchool(t.db);
  const contractors = await make.organisation(t.db, { kind: "contractor", name: "Contractors" });
  const acme = await make.organisation(t.db, {
    kind: "contractor",
    name: "Acme Facilities Ltd",
    parentId: contractors.id,
  });
  const site = await make.organisation(t.db, { kind: "team", name: "Acme depot", parentId: acme.id });
  const police = await make.organisation(t.db, { kind: "partner", name: "Northbridge Police" });
  const manager = await make.person(t.db, { organisationId: service.id });
  return {
    council,
    acme,
    police,
    school,
    officer: await make.person(t.db, { organisationId: service.id, lineManagerId: manager.id }),
    worker: await make.person(t.db, { organisationId: site.id }),
    constable: await make.person(t.db, { organisationId: police.id }),
    teacher: await make.person(t.db, { organisationId: school.id }),
    trainer: await make.account(t.db, { personId: manager.id, roles: ["coordinator"] }),
  };
}

async function book(sessionId: number, personId: number, now: Date) {
  return (
    await bookPlace(t.db, {
      sessionId,
      personId,
      actorAccountId: null,
      managerAgreed: true,
      joinWaitingList: false,
      now,
    })
  ).bookingId;
}

async function booking(id: number) {
  return queryOne<{
    status: string;
    late_cancellation: boolean;
    charge_pence: number | null;
    charge_organisation_id: number | null;
  }>(t.db, sql`select status, late_cancellation, charge_pence, charge_organisation_id from bookings where id = ${id}`);
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("the booking cut-off in working days", () => {
  // Wednesday 29 December 2027 at 10am: 27 and 28 are bank holidays (substitute days), 25–26 the weekend.
  const startsAt = new Date("2027-12-29T10:00:00Z");
  const early = new Date("2027-12-01T10:00:00Z");

  it("closes booking 3 working days before, counting the bank holidays, and a session's own earlier cut-off wins", async () => {
    await ensureShippedBankHolidays(t.db);
    const p = await people();
    const course = await make.course(t.db);
    const s = await session(t.db, { courseId: course.id, startsAt, bookingClosesAt: null });
    // 3 working days before: Friday 24, Thursday 23, Wednesday 22 December at 10am.
    expect(await book(s.id, p.officer.id, new Date("2027-12-22T09:59:00Z"))).toBeGreaterThan(0);
    const closed = await rejection(book(s.id, p.worker.id, new Date("2027-12-22T10:00:00Z")));
    expect(closed.code).toBe("closed");
    expect(closed.message).toBe("Booking for this session closed on 22 December 2027 at 10am.");

    const own = await session(t.db, {
      courseId: course.id,
      startsAt,
      bookingClosesAt: new Date("2027-12-20T17:00:00Z"),
    });
    expect((await rejection(book(own.id, p.worker.id, new Date("2027-12-21T09:00:00Z")))).code).toBe("closed");
  });

  it("without the bank holidays the same session closes on Friday 24 December", async () => {
    const p = await people();
    const s = await session(t.db, { startsAt, bookingClosesAt: null });
    expect(await book(s.id, p.officer.id, new Date("2027-12-23T12:00:00Z"))).toBeGreaterThan(0);
  });

  it("a course's own number of working days counts (0: until the start)", async () => {
    await ensureShippedBankHolidays(t.db);
    const p = await people();
    const course = await make.course(t.db);
    await t.db.execute(sql`update courses set booking_closes_working_days = 0 where id = ${course.id}`);
    const s = await session(t.db, { courseId: course.id, startsAt, bookingClosesAt: null });
    expect(await book(s.id, p.officer.id, new Date("2027-12-29T09:00:00Z"))).toBeGreaterThan(0);
  });

  it("a learner cannot cancel after the cut-off; the coordinator can, recorded late and charged at the sector's rate", async () => {
    await ensureShippedBankHolidays(t.db);
    const p = await people();
    const s = await session(t.db, { startsAt, bookingClosesAt: null, capacity: 10 });
    const ids = {
      officer: await book(s.id, p.officer.id, early),
      worker: await book(s.id, p.worker.id, early),
      constable: await book(s.id, p.constable.id, early),
      teacher: await book(s.id, p.teacher.id, early),
    };
    const afterCutOff = new Date("2027-12-23T09:00:00Z");
    const refused = await rejection(
      cancelBooking(t.db, { bookingId: ids.worker, actorAccountId: null, allowAfterCutOff: false, now: afterCutOff }),
    );
    expect(refused.code).toBe("cut-off");
    expect(refused.message).toContain("the cut-off was 22 December 2027 at 10am");

    for (const id of Object.values(ids)) {
      const result = await cancelBooking(t.db, {
        bookingId: id,
        actorAccountId: p.trainer.id,
        allowAfterCutOff: true,
        now: afterCutOff,
      });
      expect(result.late).toBe(true);
    }
    expect(await booking(ids.officer)).toEqual({
      status: "cancelled",
      late_cancellation: true,
      charge_pence: null,
      charge_organisation_id: null,
    });
    // The contractor's worker is charged to the company (the sector root's child), not the depot.
    expect(await booking(ids.worker)).toMatchObject({
      late_cancellation: true,
      charge_pence: 5000,
      charge_organisation_id: p.acme.id,
    });
    // Someone filed at a partner's root is charged to the partner.
    expect(await booking(ids.constable)).toMatchObject({ charge_pence: 5000, charge_organisation_id: p.police.id });
    expect(await booking(ids.teacher)).toMatchObject({ late_cancellation: true, charge_pence: null });

    const audit = await queryRows<{ entity_id: string; after: { kind: string; chargePence: number } }>(
      t.db,
      sql`select entity_id, after from audit_events where action = 'booking.charge' order by id`,
    );
    expect(audit.map((a) => [Number(a.entity_id), a.after.kind, a.after.chargePence])).toEqual([
      [ids.worker, "late_cancellation", 5000],
      [ids.constable, "late_cancellation", 5000],
    ]);
  });

  it("a cancellation before the cut-off is neither late nor charged", async () => {
    await ensureShippedBankHolidays(t.db);
    const p = await people();
    const s = await session(t.db, { startsAt, bookingClosesAt: null });
    const id = await book(s.id, p.worker.id, early);
    const result = await cancelBooking(t.db, {
      bookingId: id,
      actorAccountId: null,
      allowAfterCutOff: false,
      now: new Date("2027-12-22T09:00:00Z"),
    });
    expect(result.late).toBe(false);
    expect(await booking(id)).toMatchObject({ late_cancellation: false, charge_pence: null });
  });
});

describe("no-shows and their charges", () => {
  const startsAt = new Date("2026-11-23T09:30:00Z");
  const before = new Date("2026-11-01T10:00:00Z");
  const during = new Date("2026-11-23T10:00:00Z");

  async function run() {
    const p = await people();
    const s = await session(t.db, { startsAt, hours: 3, bookingClosesAt: null });
    const ids = {
      officer: await book(s.id, p.officer.id, before),
      worker: await book(s.id, p.worker.id, before),
      constable: await book(s.id, p.constable.id, before),
    };
    return { p, s, ids };
  }

  it("marking absent charges the no-show rate of the person's sector, tells the manager; corrected to attended, the charge is undone", async () => {
    const { p, s, ids } = await run();
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids.officer, ids.worker, ids.constable],
      outcome: "absent",
      actorAccountId: p.trainer.id,
      now: during,
    });
    expect(await booking(ids.officer)).toMatchObject({ status: "absent", charge_pence: null });
    expect(await booking(ids.worker)).toMatchObject({
      status: "absent",
      charge_pence: 5000,
      charge_organisation_id: p.acme.id,
    });
    expect(await booking(ids.constable)).toMatchObject({ charge_pence: 5000, charge_organisation_id: p.police.id });
    const told = await queryRows<{ kind: string; recipient_person_id: number }>(
      t.db,
      sql`select kind, recipient_person_id from notifications where kind = 'attendance.no-show'`,
    );
    expect(told).toEqual([{ kind: "attendance.no-show", recipient_person_id: p.officer.lineManagerId }]);

    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids.worker],
      outcome: "attended",
      actorAccountId: p.trainer.id,
      now: during,
    });
    expect(await booking(ids.worker)).toMatchObject({
      status: "attended",
      charge_pence: null,
      charge_organisation_id: null,
    });
    const undone = await queryRows<{ entity_id: string }>(
      t.db,
      sql`select entity_id from audit_events where action = 'booking.charge-undone'`,
    );
    expect(undone.map((u) => Number(u.entity_id))).toEqual([ids.worker]);
  });

  it("rates are per sector and kind, set by the coordinator (audited), and apply from the next no-show", async () => {
    const { p, s, ids } = await run();
    expect((await listChargeRates(t.db)).map((r) => [r.sector, r.noShowPence, r.lateCancellationPence])).toEqual([
      ["council", 0, 0],
      ["contractor", 5000, 5000],
      ["school", 0, 0],
      ["partner", 5000, 5000],
    ]);
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids.worker],
      outcome: "absent",
      actorAccountId: p.trainer.id,
      now: during,
    });
    await updateChargeRates(t.db, {
      actorAccountId: p.trainer.id,
      rates: {
        council: { noShowPence: 1000, lateCancellationPence: 0 },
        contractor: { noShowPence: 7500, lateCancellationPence: 2500 },
        school: { noShowPence: 0, lateCancellationPence: 0 },
        partner: { noShowPence: 5000, lateCancellationPence: 5000 },
      },
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids.officer],
      outcome: "absent",
      actorAccountId: p.trainer.id,
      now: during,
    });
    expect(await booking(ids.worker)).toMatchObject({ charge_pence: 5000 });
    expect(await booking(ids.officer)).toMatchObject({
      charge_pence: 1000,
      charge_organisation_id: expect.any(Number),
    });
    const audit = await queryOne<{
      before: Record<string, { noShow: number }>;
      after: Record<string, { noShow: number }>;
    }>(t.db, sql`select before, after from audit_events where action = 'charge-rates.update'`);
    expect(audit?.before.contractor?.noShow).toBe(5000);
    expect(audit?.after.contractor?.noShow).toBe(7500);
  });

  it("the session's figures and the person's bookings show no-shows, late cancellations and charges", async () => {
    const { p, s, ids } = await run();
    const extra = await book(s.id, p.teacher.id, before);
    await cancelBooking(t.db, {
      bookingId: extra,
      actorAccountId: p.trainer.id,
      allowAfterCutOff: true,
      now: new Date("2026-11-22T10:00:00Z"),
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids.worker],
      outcome: "absent",
      actorAccountId: p.trainer.id,
      now: during,
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids.officer],
      outcome: "attended",
      actorAccountId: p.trainer.id,
      now: during,
    });
    expect(await sessionFigures(t.db, s.id)).toEqual({
      booked: 1,
      attended: 1,
      noShows: 1,
      waiting: 0,
      cancelled: 1,
      lateCancellations: 1,
      handedOver: 0,
      chargedPence: 5000,
    });
    const [worker] = await listBookingsForPerson(t.db, p.worker.id, { includeCancelled: true });
    expect(worker).toMatchObject({
      status: "absent",
      chargePence: 5000,
      chargeOrganisationName: "Acme Facilities Ltd",
    });
    const [teacher] = await listBookingsForPerson(t.db, p.teacher.id, { includeCancelled: true });
    expect(teacher).toMatchObject({ status: "cancelled", lateCancellation: true, chargePence: null });
  });

  it("the report lists a quarter's charges by organisation, with totals", async () => {
    const { p, s, ids } = await run();
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [ids.worker, ids.constable],
      outcome: "absent",
      actorAccountId: p.trainer.id,
      now: during,
    });
    // Q3 2026 to 2027: October to December 2026.
    const lines = await listCharges(t.db, { start: "2026-10-01", end: "2026-12-31" });
    expect(lines.map((l) => [l.organisationName, l.kind, l.pence, l.sessionStartsAt])).toEqual([
      ["Acme Facilities Ltd", "no_show", 5000, "2026-11-23 09:30"],
      ["Northbridge Police", "no_show", 5000, "2026-11-23 09:30"],
    ]);
    expect(chargesByOrganisation(lines)).toEqual([
      expect.objectContaining({
        organisationName: "Acme Facilities Ltd",
        sector: "contractor",
        noShows: 1,
        lateCancellations: 0,
        pence: 5000,
      }),
      expect.objectContaining({ organisationName: "Northbridge Police", sector: "partner", noShows: 1, pence: 5000 }),
    ]);
    // The CSV's batches, one line each, give the same lines in the same order.
    const batches = [];
    for await (const batch of chargesExportPages(t.db, { start: "2026-10-01", end: "2026-12-31" }, 1)) {
      batches.push(batch);
    }
    expect(batches.map((b) => b.length)).toEqual([1, 1]);
    expect(batches.flat()).toEqual(lines);
    expect(await listCharges(t.db, { start: "2027-01-01", end: "2027-03-31" })).toEqual([]);
    expect(formatPence(5000)).toBe("£50.00");
    expect(formatPence(123456)).toBe("£1,234.56");
  });
});
