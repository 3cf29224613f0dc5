import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { markAttendance } from "../../app/domain/sessions/mark-attendance";
import { ensureShippedBankHolidays } from "../../app/domain/working-days/bank-holidays";
import * as bankHolidaysPage from "../../app/routes/admin.bank-holidays";
import * as reportPage from "../../app/routes/admin.charges._index";
import * as ratesPage from "../../app/routes/admin.charges.rates";
import * as csvRoute from "../../app/routes/admin.charges[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { session } from "./booking-fixtures";

let t: TestDatabase;
let coordinator: string;
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
  const org = await make.organisation(t.db);
  const person = await make.person(t.db, { organisationId: org.id });
  coordinator = (await make.account(t.db, { personId: person.id, roles: ["coordinator"] })).id;
});

const status = (r: unknown) => (r instanceof Response ? r.status : (r as { init?: { status?: number } }).init?.status);

describe("the charges pages", () => {
  it("the report shows a quarter's charges by organisation and the CSV has a line a charge", async () => {
    const police = await make.organisation(t.db, { kind: "partner", name: "Northbridge Police" });
    const constable = await make.person(t.db, { organisationId: police.id, givenName: "Pat", familyName: "Constable" });
    const s = await session(t.db, { startsAt: new Date("2026-11-23T09:30:00Z"), bookingClosesAt: null });
    const { bookingId } = await bookPlace(t.db, {
      sessionId: s.id,
      personId: constable.id,
      actorAccountId: null,
      managerAgreed: true,
      joinWaitingList: false,
      now: new Date("2026-11-01T10:00:00Z"),
    });
    await markAttendance(t.db, {
      sessionId: s.id,
      bookingIds: [bookingId],
      outcome: "absent",
      actorAccountId: coordinator,
      now: new Date("2026-11-23T10:00:00Z"),
    });
    const page = await reportPage.loader({
      request: await signedInRequest(t.db, coordinator, "/admin/charges?quarter=2026-Q3"),
      params: {},
      context: {},
    });
    expect(page.label).toBe("Q3 2026 to 2027 (October to December 2026)");
    expect(page.organisations).toEqual([
      expect.objectContaining({
        organisationName: "Northbridge Police",
        noShows: 1,
        lateCancellations: 0,
        pence: 5000,
      }),
    ]);
    expect(page.total).toBe(5000);
    const empty = await reportPage.loader({
      request: await signedInRequest(t.db, coordinator, "/admin/charges?quarter=2026-Q2"),
      params: {},
      context: {},
    });
    expect(empty.lines).toEqual([]);

    const csv = (await csvRoute.loader({
      request: await signedInRequest(t.db, coordinator, "/admin/charges.csv?quarter=2026-Q3"),
      params: {},
      context: {},
    })) as Response;
    expect(csv.headers.get("Content-Disposition")).toContain("charges-2026-Q3.csv");
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("Northbridge Police");
    expect(lines[1]).toContain("Pat Constable");
    expect(lines[1]).toContain("2026-11-23 09:30,No-show");
    expect(lines[1]).toContain("50.00");
  });

  it("the rates form saves pounds as pence, and says which field is wrong", async () => {
    const form = {
      "council-noShow": "0",
      "council-late": "0",
      "contractor-noShow": "£75",
      "contractor-late": "37.50",
      "school-noShow": "10",
      "school-late": "0",
      "partner-noShow": "50",
      "partner-late": "50.00",
    };
    const saved = await call(async () =>
      ratesPage.action({
        request: await signedInRequest(t.db, coordinator, "/admin/charges/rates", { form }),
        params: {},
        context: {},
      }),
    );
    expect((saved as Response).headers.get("Location")).toBe("/admin/charges/rates?saved=1");
    const rates = await queryRows<{ sector: string; no_show_pence: number; late_cancellation_pence: number }>(
      t.db,
      sql`select sector::text, no_show_pence, late_cancellation_pence from charge_rates order by sector::text`,
    );
    expect(rates).toEqual([
      { sector: "contractor", no_show_pence: 7500, late_cancellation_pence: 3750 },
      { sector: "council", no_show_pence: 0, late_cancellation_pence: 0 },
      { sector: "partner", no_show_pence: 5000, late_cancellation_pence: 5000 },
      { sector: "school", no_show_pence: 1000, late_cancellation_pence: 0 },
    ]);
    const refused = await call(async () =>
      ratesPage.action({
        request: await signedInRequest(t.db, coordinator, "/admin/charges/rates", {
          form: { ...form, "school-late": "", "partner-noShow": "-5" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(status(refused)).toBe(400);
    const errors = (refused as unknown as { data: { errors: Record<string, string> } }).data.errors;
    expect(errors["school-late"]).toBe("Enter the charge for a late cancellation by schools, or 0 for no charge");
    expect(errors["partner-noShow"]).toBe(
      "The charge for a no-show by partners must be an amount in pounds, like 50 or 37.50",
    );
  });

  it("the bank holidays page adds and removes a day, with errors on the fields", async () => {
    await ensureShippedBankHolidays(t.db);
    const add = await call(async () =>
      bankHolidaysPage.action({
        request: await signedInRequest(t.db, coordinator, "/admin/bank-holidays", {
          form: { "day-day": "8", "day-month": "5", "day-year": "2028", title: "Extra bank holiday" },
        }),
        params: {},
        context: {},
      }),
    );
    expect((add as Response).headers.get("Location")).toBe("/admin/bank-holidays?added=2028-05-08");
    const twice = await call(async () =>
      bankHolidaysPage.action({
        request: await signedInRequest(t.db, coordinator, "/admin/bank-holidays", {
          form: { "day-day": "8", "day-month": "5", "day-year": "2028", title: "Again" },
        }),
        params: {},
        context: {},
      }),
    );
    expect((twice as unknown as { data: { errors: Record<string, string> } }).data.errors).toEqual({
      day: "That day is already a bank holiday.",
    });
    const bad = await call(async () =>
      bankHolidaysPage.action({
        request: await signedInRequest(t.db, coordinator, "/admin/bank-holidays", {
          form: { "day-day": "30", "day-month": "2", "day-year": "2028", title: "" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(Object.keys((bad as unknown as { data: { errors: Record<string, string> } }).data.errors).sort()).toEqual([
      "day",
      "title",
    ]);
    const removed = await call(async () =>
      bankHolidaysPage.action({
        request: await signedInRequest(t.db, coordinator, "/admin/bank-holidays", {
          form: { intent: "remove", day: "2027-12-28" },
        }),
        params: {},
        context: {},
      }),
    );
    expect((removed as Response).headers.get("Location")).toBe("/admin/bank-holidays?removed=2027-12-28");
    const page = await bankHolidaysPage.loader({
      request: await signedInRequest(t.db, coordinator, "/admin/bank-holidays?added=2028-05-08"),
      params: {},
      context: {},
    });
    const days = [...page.upcoming, ...page.past].map((h) => h.day);
    expect(days).toContain("2028-05-08");
    expect(days).not.toContain("2027-12-28");
    expect(page.added).toBe("2028-05-08");
  });
});
