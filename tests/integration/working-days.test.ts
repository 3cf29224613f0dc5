import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { CourseForm } from "../../app/domain/catalogue/course-form";
import { DomainError } from "../../app/domain/errors";
import {
  addBankHoliday,
  bankHolidaySet,
  ensureShippedBankHolidays,
  listBankHolidays,
  removeBankHoliday,
} from "../../app/domain/working-days/bank-holidays";
import { SHIPPED_BANK_HOLIDAYS } from "../../app/domain/working-days/shipped-bank-holidays";
import {
  bookingCutOff,
  isWorkingDay,
  workingDaysBefore,
  workingDaysBetween,
} from "../../app/domain/working-days/working-days";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";

const HOLIDAYS = new Set(SHIPPED_BANK_HOLIDAYS.map((h) => h.day));

describe("the shipped England and Wales bank holidays", () => {
  it("covers 2024 to 2028, eight a year, none on a weekend", () => {
    for (const year of [2024, 2025, 2026, 2027, 2028]) {
      expect(SHIPPED_BANK_HOLIDAYS.filter((h) => h.day.startsWith(`${year}-`))).toHaveLength(8);
    }
    for (const h of SHIPPED_BANK_HOLIDAYS) expect(isWorkingDay(h.day, new Set()), h.day).toBe(true);
  });

  it("has the substitute days GOV.UK publishes", () => {
    const titled = new Map(SHIPPED_BANK_HOLIDAYS.map((h) => [h.day, h.title]));
    expect(titled.get("2026-12-28")).toBe("Boxing Day (substitute day)");
    expect(titled.get("2027-12-27")).toBe("Christmas Day (substitute day)");
    expect(titled.get("2027-12-28")).toBe("Boxing Day (substitute day)");
    expect(titled.get("2028-01-03")).toBe("New Year’s Day (substitute day)");
    expect(titled.has("2027-12-25")).toBe(false);
    expect(titled.get("2026-04-03")).toBe("Good Friday");
    expect(titled.get("2026-04-06")).toBe("Easter Monday");
    expect(titled.get("2027-03-26")).toBe("Good Friday");
    expect(titled.get("2027-03-29")).toBe("Easter Monday");
  });
});

describe("working-day arithmetic", () => {
  it("skips weekends", () => {
    // Thursday 10 December 2026, 3 working days: Monday 7.
    expect(workingDaysBefore("2026-12-10", 3, HOLIDAYS)).toBe("2026-12-07");
    // Tuesday 8 December 2026, 3 working days: Thursday 3 (over the weekend).
    expect(workingDaysBefore("2026-12-08", 3, HOLIDAYS)).toBe("2026-12-03");
    // From a Sunday, the Friday is the first working day before it.
    expect(workingDaysBefore("2026-12-13", 1, HOLIDAYS)).toBe("2026-12-11");
    expect(workingDaysBefore("2026-12-10", 0, HOLIDAYS)).toBe("2026-12-10");
  });

  it("skips Christmas, Boxing Day's substitute and New Year", () => {
    // Tuesday 29 December 2026: 28 (Boxing Day, substitute), 27–26 weekend, 25 Christmas → 24.
    expect(workingDaysBefore("2026-12-29", 1, HOLIDAYS)).toBe("2026-12-24");
    expect(workingDaysBefore("2026-12-29", 3, HOLIDAYS)).toBe("2026-12-22");
    // Wednesday 29 December 2027: 28 and 27 are both substitute days, 26–25 the weekend.
    expect(workingDaysBefore("2027-12-29", 1, HOLIDAYS)).toBe("2027-12-24");
    // Tuesday 4 January 2028: Monday 3 is New Year's Day's substitute.
    expect(workingDaysBefore("2028-01-04", 1, HOLIDAYS)).toBe("2027-12-31");
    expect(workingDaysBefore("2028-01-04", 3, HOLIDAYS)).toBe("2027-12-29");
  });

  it("skips Easter", () => {
    // Wednesday 8 April 2026: Monday 6 (Easter Monday), the weekend, Friday 3 (Good Friday) are skipped.
    expect(workingDaysBefore("2026-04-08", 1, HOLIDAYS)).toBe("2026-04-07");
    expect(workingDaysBefore("2026-04-08", 2, HOLIDAYS)).toBe("2026-04-02");
    expect(workingDaysBefore("2026-04-08", 3, HOLIDAYS)).toBe("2026-04-01");
    expect(workingDaysBetween("2026-04-02", "2026-04-08", HOLIDAYS)).toBe(1);
  });

  it("counts the Monday after a bank holiday weekend from the Friday before", () => {
    // Tuesday 26 May 2026: Monday 25 is the spring bank holiday.
    expect(workingDaysBefore("2026-05-26", 1, HOLIDAYS)).toBe("2026-05-22");
    // Thursday 27 August 2026 is before the summer bank holiday (31), unaffected.
    expect(workingDaysBefore("2026-09-01", 1, HOLIDAYS)).toBe("2026-08-28");
    expect(isWorkingDay("2026-08-31", HOLIDAYS)).toBe(false);
    expect(isWorkingDay("2026-09-01", HOLIDAYS)).toBe(true);
  });

  it("ignores bank holidays it is not given", () => {
    expect(workingDaysBefore("2026-12-29", 1, new Set())).toBe("2026-12-28");
  });

  it("puts the booking cut-off at the session's London start time, working days before, unless the session's own is earlier", () => {
    // Thursday 10 December 2026 at 10am (GMT), 3 working days: Monday 7 at 10am.
    const startsAt = new Date("2026-12-10T10:00:00Z");
    expect(bookingCutOff({ startsAt, bookingClosesAt: null, workingDays: 3 }, HOLIDAYS)).toEqual(
      new Date("2026-12-07T10:00:00Z"),
    );
    // In summer time: Tuesday 2 June 2026 at 9:30am London (08:30 UTC), 3 working days: Thursday 28 May.
    expect(
      bookingCutOff({ startsAt: new Date("2026-06-02T08:30:00Z"), bookingClosesAt: null, workingDays: 3 }, HOLIDAYS),
    ).toEqual(new Date("2026-05-28T08:30:00Z"));
    // Over Easter 2026: Wednesday 8 April at 10am (BST), 3 working days: Wednesday 1 April.
    expect(
      bookingCutOff({ startsAt: new Date("2026-04-08T09:00:00Z"), bookingClosesAt: null, workingDays: 3 }, HOLIDAYS),
    ).toEqual(new Date("2026-04-01T09:00:00Z"));
    // The session's own cut-off wins when earlier, not when later.
    const earlier = new Date("2026-12-01T17:00:00Z");
    expect(bookingCutOff({ startsAt, bookingClosesAt: earlier, workingDays: 3 }, HOLIDAYS)).toEqual(earlier);
    const later = new Date("2026-12-09T17:00:00Z");
    expect(bookingCutOff({ startsAt, bookingClosesAt: later, workingDays: 3 }, HOLIDAYS)).toEqual(
      new Date("2026-12-07T10:00:00Z"),
    );
    // 0 working days: the start.
    expect(bookingCutOff({ startsAt, bookingClosesAt: null, workingDays: 0 }, HOLIDAYS)).toEqual(startsAt);
  });
});

describe("the course setting", () => {
  const course = {
    code: "PREV-WD",
    title: "Prevent workshop",
    category: "prevent",
    deliveryMode: "face_to_face",
    durationMinutes: "120",
    validityMonths: "36",
  };
  const errorOf = (value: string) => {
    const result = CourseForm.safeParse({ ...course, bookingClosesWorkingDays: value });
    return result.success ? null : result.error.issues.find((i) => i.path[0] === "bookingClosesWorkingDays")?.message;
  };

  it("is a whole number of working days from 0 to 30, 3 when the form does not send it", () => {
    expect(CourseForm.parse({ ...course, bookingClosesWorkingDays: " 5 " }).bookingClosesWorkingDays).toBe(5);
    expect(CourseForm.parse({ ...course, bookingClosesWorkingDays: "0" }).bookingClosesWorkingDays).toBe(0);
    expect(CourseForm.parse(course).bookingClosesWorkingDays).toBe(3);
    expect(errorOf("")).toBe("Enter how many working days before a session booking closes");
    expect(errorOf("31")).toBe("Booking closes must be a whole number of working days from 0 to 30, like 3");
    expect(errorOf("2.5")).toBe("Booking closes must be a whole number of working days from 0 to 30, like 3");
  });
});

describe("bank holidays in the database", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it("are ensured from the shipped data once, and the coordinator's removal and additions are kept", async () => {
    const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
    expect(await ensureShippedBankHolidays(t.db)).toBe(SHIPPED_BANK_HOLIDAYS.length);
    expect(await ensureShippedBankHolidays(t.db)).toBe(0);
    expect((await bankHolidaySet(t.db)).has("2027-12-28")).toBe(true);

    await removeBankHoliday(t.db, { day: "2027-12-28", actorAccountId: coordinator.id });
    await addBankHoliday(t.db, { day: "2027-06-04", title: "Extra bank holiday", actorAccountId: coordinator.id });
    expect(await ensureShippedBankHolidays(t.db)).toBe(0);
    const days = await listBankHolidays(t.db);
    expect(days.find((d) => d.day === "2027-12-28")).toBeUndefined();
    expect(days.find((d) => d.day === "2027-06-04")).toEqual({
      day: "2027-06-04",
      title: "Extra bank holiday",
      addedBy: coordinator.id,
    });

    // Added back by hand, then shipped again after a later removal? Only the last word counts.
    await addBankHoliday(t.db, { day: "2027-12-28", title: "Boxing Day", actorAccountId: coordinator.id });
    expect((await bankHolidaySet(t.db)).has("2027-12-28")).toBe(true);

    const audit = await queryRows<{ action: string; entity_id: string }>(
      t.db,
      sql`select action, entity_id from audit_events where entity_type = 'bank_holiday' order by id`,
    );
    expect(audit).toEqual([
      { action: "bank-holiday.remove", entity_id: "2027-12-28" },
      { action: "bank-holiday.add", entity_id: "2027-06-04" },
      { action: "bank-holiday.add", entity_id: "2027-12-28" },
    ]);
  });

  it("refuses a day twice, an unreal date, an empty name, and removing a day that is not one", async () => {
    const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
    await ensureShippedBankHolidays(t.db);
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof DomainError ? e.field : e),
      );
    expect(
      await refused(addBankHoliday(t.db, { day: "2026-12-25", title: "Again", actorAccountId: coordinator.id })),
    ).toBe("day");
    expect(
      await refused(addBankHoliday(t.db, { day: "2026-02-30", title: "No", actorAccountId: coordinator.id })),
    ).toBe("day");
    expect(
      await refused(addBankHoliday(t.db, { day: "2026-06-05", title: "  ", actorAccountId: coordinator.id })),
    ).toBe("title");
    expect(await refused(removeBankHoliday(t.db, { day: "2026-06-05", actorAccountId: coordinator.id }))).toBe("day");
  });
});
