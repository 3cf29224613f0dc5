import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { recordAuditEvents } from "../../app/domain/audit/record-event";
import { loader, meta } from "../../app/routes/admin.audit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

/**
 * Issue 22 item 4 and issue 23 item 11: the audit log pages by id (Older and Newer, no count),
 * filters by person, actor, action and dates, and says what happened in words.
 */
let t: TestDatabase;
let coordinator: string;
let other: string;
let sam: { id: number; givenName: string; familyName: string };
let courseId: number;

type Page = Awaited<ReturnType<typeof loader>>;
const get = async (path: string, as = coordinator) =>
  call(async () => loader({ request: await signedInRequest(t.db, as, path), params: {}, context: {} }));
const page = async (path: string) => (await get(path)) as Page;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  const org = await make.organisation(t.db);
  const me = await make.person(t.db, { organisationId: org.id, givenName: "Alex", familyName: "Coordinator" });
  coordinator = (await make.account(t.db, { personId: me.id, roles: ["coordinator"] })).id;
  const them = await make.person(t.db, { organisationId: org.id });
  other = (await make.account(t.db, { personId: them.id, roles: ["coordinator"] })).id;
  sam = await make.person(t.db, { organisationId: org.id, givenName: "Sam", familyName: "Smith" });
  courseId = (await make.course(t.db, { title: "Prevent awareness" })).id;
  // 120 events over 120 days of 2026, oldest first: every third about Sam, every fourth by Jo, every fifth a freeze.
  await recordAuditEvents(
    t.db,
    Array.from({ length: 120 }, (_, i) => ({
      actorAccountId: i % 4 === 0 ? other : coordinator,
      action: i % 5 === 0 ? "kpi_snapshot.freeze" : i % 3 === 0 ? "person.update" : "course.update",
      entityType: i % 5 === 0 ? "kpi_snapshot" : i % 3 === 0 ? "person" : "course",
      entityId: i % 5 === 0 ? i + 1 : i % 3 === 0 ? sam.id : courseId,
      subjectPersonId: i % 5 !== 0 && i % 3 === 0 ? sam.id : null,
      after: i % 5 === 0 ? { quarter: "2026-Q2" } : { n: i },
    })),
  );
  await t.db.execute(
    sql`update audit_events set occurred_at = timestamptz '2026-01-01 12:00Z' + (id - 1) * interval '1 day'`,
  );
});
afterAll(() => t?.close());

describe("the audit log", () => {
  it("pages newest first by id, older and newer, without counting", async () => {
    const first = await page("/admin/audit");
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.id).toBe(120);
    expect(first.newer).toBeNull();
    expect(first).not.toHaveProperty("total");
    const second = await page(`/admin/audit?older=${first.older}`);
    expect(second.rows.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
    const third = await page(`/admin/audit?older=${second.older}`);
    expect(third.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(third.older).toBeNull();
    const back = await page(`/admin/audit?newer=${third.newer}`);
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    const top = await page(`/admin/audit?newer=${back.newer}`);
    expect(top.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(top.newer).toBeNull();
  });

  it("says what happened in words, with the record's name", async () => {
    const rows = (await page("/admin/audit")).rows;
    const words = (id: number) => rows.find((r) => r.id === id)!.words;
    expect(words(116)).toBe("Froze the figures for 2026-Q2");
    expect(words(119)).toBe("Changed the course Prevent awareness");
    expect(words(118)).toBe("Changed the record of Sam Smith");
    // Who: the account's name (the factory's), not its id.
    expect(rows.find((r) => r.id === 117)).toMatchObject({
      actorAccountId: other,
      actorName: expect.stringMatching(/^Account /),
    });
  });

  it("filters by action, person, actor and dates, each a page of ids", async () => {
    const freezes = await page("/admin/audit?action=kpi_snapshot.freeze");
    expect(freezes.rows).toHaveLength(24);
    expect(freezes.rows.every((r) => r.action === "kpi_snapshot.freeze")).toBe(true);
    const aboutSam = await page(`/admin/audit?person=${sam.id}`);
    expect(aboutSam.rows.map((r) => r.id)).toEqual(
      Array.from({ length: 120 }, (_, i) => i)
        .filter((i) => i % 5 !== 0 && i % 3 === 0)
        .map((i) => i + 1)
        .reverse(),
    );
    expect(aboutSam.names.personName).toBe("Sam Smith");
    const byJo = await page(`/admin/audit?actor=${other}`);
    expect(byJo.rows).toHaveLength(30);
    expect(byJo.rows.every((r) => r.actorAccountId === other)).toBe(true);
    // 1 February to 3 February 2026: events 32, 33 and 34 (one a day from 1 January).
    const february = await page("/admin/audit?from-day=1&from-month=2&from-year=2026&to-day=3&to-month=2&to-year=2026");
    expect(february.rows.map((r) => r.id)).toEqual([34, 33, 32]);
    const combined = await page(`/admin/audit?actor=${other}&action=kpi_snapshot.freeze&older=100`);
    expect(
      combined.rows.every((r) => r.id < 100 && r.actorAccountId === other && r.action === "kpi_snapshot.freeze"),
    ).toBe(true);
    expect(combined.newer).toBe(combined.rows[0]!.id);
  });

  it("says when a date cannot be read, and ignores it", async () => {
    const bad = await page("/admin/audit?from-day=31&from-month=2&from-year=2026");
    expect(bad.filters.from.error).toBe("The from date must be a real date, for example 24 11 2026");
    expect(bad.rows).toHaveLength(50);
    // 3 February to 1 February: the range is said to be the wrong way round, and its end ignored.
    const reversed = await page("/admin/audit?from-day=3&from-month=2&from-year=2026&to-day=1&to-month=2&to-year=2026");
    expect(reversed.filters.to.error).toBe("The to date must be the same as or after the from date");
    expect(reversed.filters.from.error).toBeUndefined();
    expect(reversed.rows.length).toBeGreaterThan(0);
    expect(reversed.rows.every((r) => r.id >= 34)).toBe(true);
    const title = (data: Page) => (meta({ data } as Parameters<typeof meta>[0])[0] as { title: string }).title;
    expect(title(reversed)).toMatch(/^Error: Audit log/);
    expect(title(bad)).toMatch(/^Error: Audit log/);
    expect(title(await page("/admin/audit"))).toMatch(/^Audit log/);
  });

  it("refuses a cursor no link of ours makes with a 400", async () => {
    for (const query of ["older=0", "older=x", "newer=-1", "older=1&older=2", "older=1&newer=2", "newer=1e3"]) {
      const answer = await get(`/admin/audit?${query}`);
      expect(answer, query).toBeInstanceOf(Response);
      expect((answer as Response).status, query).toBe(400);
    }
  });
});
