import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { bookings } from "../../app/db/schema";
import { completionsExportPages } from "../../app/domain/completions/export-completions";
import { peopleExportPages } from "../../app/domain/people/export-people";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { bookingsExportPages } from "../../app/domain/sessions/export-bookings";
import { todayInLondon } from "../../app/lib/dates";
import { loader as bookingsCsvLoader } from "../../app/routes/admin.bookings[.]csv";
import { loader as sessionsCsvLoader } from "../../app/routes/admin.sessions[.]csv";
import { loader as completionsCsvLoader } from "../../app/routes/completions[.]csv";
import { loader as peopleCsvLoader } from "../../app/routes/people[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { DAY, HOUR, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

let s: Awaited<ReturnType<typeof setUp>>;

/**
 * A manager with two reports (one named like a formula, one with an HR number with leading
 * zeros), someone in another service, a school's teacher, their completions (one revoked), a
 * session with a booking and a cancelled one, and a coordinator and an education officer.
 */
async function setUp() {
  const db = t.db;
  const { service, other, school } = await make.councilAndSchool(db);
  const manager = await make.person(db, {
    organisationId: service.id,
    givenName: "Mona",
    familyName: "Manager",
    externalRef: "M-1",
  });
  const formula = await make.person(db, {
    organisationId: service.id,
    lineManagerId: manager.id,
    givenName: '=HYPERLINK("http://evil.test","x")',
    familyName: "Smith",
    email: "smith@example.test",
    externalRef: "000123",
    jobTitle: "Social worker",
    employmentType: "fixed_term",
    profileTags: ["frontline", "dsl"],
    startDate: "2021-02-03",
    leavingDate: "2099-12-31",
  });
  const able = await make.person(db, {
    organisationId: service.id,
    lineManagerId: manager.id,
    givenName: "Anna",
    familyName: "Able",
  });
  const outsider = await make.person(db, { organisationId: other.id, givenName: "Olly", familyName: "Outside" });
  const teacher = await make.person(db, { organisationId: school.id, givenName: "Tess", familyName: "Teacher" });
  const course = await make.course(db, { title: "Prevent awareness", code: "PREV", validityMonths: 36 });
  await make.completion(db, {
    personId: formula.id,
    courseId: course.id,
    completedOn: "2024-05-01",
    expiresOn: "2027-05-01",
    source: "hosted_elearning",
    certificateCode: "ABCDEFGHJKMNPQRS",
  });
  await make.completion(db, {
    personId: able.id,
    courseId: course.id,
    completedOn: "2025-06-01",
    source: "import",
    revokedAt: new Date("2025-07-01T23:30:00Z"),
    revokeReason: "@mistake: wrong person",
  });
  await make.completion(db, { personId: outsider.id, courseId: course.id, completedOn: "2025-01-01" });
  const future = await session(db, { courseId: course.id, inDays: 10, venue: "Town Hall" });
  const { bookingId } = await bookPlace(db, {
    sessionId: future.id,
    personId: formula.id,
    actorAccountId: null,
    managerAgreed: true,
    joinWaitingList: false,
    now: new Date(Date.now() - HOUR),
  });
  await db.insert(bookings).values({
    sessionId: future.id,
    personId: able.id,
    status: "cancelled",
    cancelledAt: new Date(Date.now() - DAY),
    cancelReason: "-ill",
  });
  return {
    org: { service, other, school },
    people: { manager, formula, able, outsider, teacher },
    course,
    session: future,
    bookingId: bookingId!,
    accounts: {
      manager: await make.account(db, { personId: manager.id, roles: ["manager"] }),
      learner: await make.account(db, { personId: able.id }),
      coordinator: await make.account(db, { personId: null, roles: ["coordinator"] }),
      officer: await make.account(db, { personId: null, roles: ["education_officer"] }),
    },
  };
}

beforeEach(async () => {
  await t.reset();
  s = await setUp();
});

type Loader = typeof peopleCsvLoader;

async function download(loader: Loader, accountId: string, path: string) {
  return call(async () => loader({ request: await signedInRequest(t.db, accountId, path), params: {}, context: {} }));
}

async function csv(loader: Loader, accountId: string, path: string) {
  const response = (await download(loader, accountId, path)) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes);
  return {
    response,
    header: (parse(text, { bom: true, to: 1 }) as string[][])[0]!,
    lines: parse(text, { bom: true, columns: true }) as Array<Record<string, string>>,
  };
}

const status = (result: unknown) => (result instanceof Response ? result.status : 200);

async function exportEvents() {
  const rows = await queryRows<{ actor_account_id: string; entity_id: string; details: string | null }>(
    t.db,
    sql`select actor_account_id, entity_id, after::text as details from audit_events
        where action = 'export.downloaded' order by id`,
  );
  return rows.map((r) => ({ ...r, details: r.details === null ? null : (JSON.parse(r.details) as unknown) }));
}

describe("/people.csv", () => {
  it("lists a manager's team with their HR details, dates as YYYY-MM-DD, formulas made text", async () => {
    const { response, header, lines } = await csv(peopleCsvLoader, s.accounts.manager.id, "/people.csv");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="people-${todayInLondon()}.csv"`);
    expect(header).toEqual([
      "Employee number",
      "Given name",
      "Family name",
      "Email",
      "Organisation",
      "Sector",
      "Line manager",
      "Line manager's employee number",
      "Job title",
      "Employment type",
      "Tags",
      "Start date",
      "Leaving date",
    ]);
    expect(lines.map((l) => l["Family name"])).toEqual(["Able", "Smith"]);
    expect(lines[1]).toEqual({
      "Employee number": "000123",
      "Given name": `'=HYPERLINK("http://evil.test","x")`,
      "Family name": "Smith",
      Email: "smith@example.test",
      Organisation: "Adult Social Care",
      Sector: "Council",
      "Line manager": "Mona Manager",
      "Line manager's employee number": "M-1",
      "Job title": "Social worker",
      "Employment type": "fixed term",
      Tags: "frontline; dsl",
      "Start date": "2021-02-03",
      "Leaving date": "2099-12-31",
    });
  });

  it("honours the people list's search, and each role's reach", async () => {
    const searched = await csv(peopleCsvLoader, s.accounts.manager.id, "/people.csv?q=smith&page=2");
    expect(searched.lines.map((l) => l["Family name"])).toEqual(["Smith"]);
    const everyone = await csv(peopleCsvLoader, s.accounts.coordinator.id, "/people.csv");
    expect(everyone.lines.map((l) => l["Family name"])).toEqual(["Able", "Manager", "Outside", "Smith", "Teacher"]);
    const schools = await csv(peopleCsvLoader, s.accounts.officer.id, "/people.csv");
    expect(schools.lines.map((l) => [l["Family name"], l.Sector])).toEqual([["Teacher", "Schools"]]);
    expect(status(await download(peopleCsvLoader, s.accounts.learner.id, "/people.csv"))).toBe(403);
  });
});

describe("/completions.csv", () => {
  it("lists the team's completions, revoked ones marked with when and why", async () => {
    const { header, lines } = await csv(completionsCsvLoader, s.accounts.manager.id, "/completions.csv");
    expect(header).toEqual([
      "Employee number",
      "Given name",
      "Family name",
      "Organisation",
      "Course code",
      "Course",
      "Completed on",
      "Expires on",
      "How completed",
      "Certificate code",
      "Revoked",
      "Revoked on",
      "Why revoked",
    ]);
    expect(lines).toEqual([
      {
        "Employee number": "000123",
        "Given name": `'=HYPERLINK("http://evil.test","x")`,
        "Family name": "Smith",
        Organisation: "Adult Social Care",
        "Course code": "PREV",
        Course: "Prevent awareness",
        "Completed on": "2024-05-01",
        "Expires on": "2027-05-01",
        "How completed": "E-learning",
        "Certificate code": "ABCDEFGHJKMNPQRS",
        Revoked: "No",
        "Revoked on": "",
        "Why revoked": "",
      },
      expect.objectContaining({
        "Family name": "Able",
        "Completed on": "2025-06-01",
        "Expires on": "",
        "How completed": "Imported record",
        Revoked: "Yes",
        // 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time).
        "Revoked on": "2025-07-02",
        "Why revoked": "'@mistake: wrong person",
      }),
    ]);
  });

  it("filters by the dates completed, shows the coordinator everyone, refuses bad dates and learners", async () => {
    const ranged = await csv(
      completionsCsvLoader,
      s.accounts.coordinator.id,
      "/completions.csv?completedFrom=2025-01-01&completedTo=2025-05-31",
    );
    expect(ranged.lines.map((l) => l["Family name"])).toEqual(["Outside"]);
    const all = await csv(
      completionsCsvLoader,
      s.accounts.coordinator.id,
      "/completions.csv?completedFrom=&completedTo=",
    );
    expect(all.lines).toHaveLength(3);
    for (const bad of [
      "completedFrom=2025-02-30",
      "completedTo=yesterday",
      "completedFrom=2025-02-01&completedTo=2025-01-01",
    ]) {
      expect(status(await download(completionsCsvLoader, s.accounts.coordinator.id, `/completions.csv?${bad}`))).toBe(
        400,
      );
    }
    expect(status(await download(completionsCsvLoader, s.accounts.learner.id, "/completions.csv"))).toBe(403);
    expect(status(await download(completionsCsvLoader, s.accounts.officer.id, "/completions.csv"))).toBe(403);
  });
});

describe("/admin/bookings.csv", () => {
  it("lists every booking on the sessions listed, with its status and times in London", async () => {
    const { header, lines } = await csv(
      bookingsCsvLoader,
      s.accounts.coordinator.id,
      `/admin/bookings.csv?when=upcoming&course=${s.course.id}`,
    );
    expect(header).toEqual([
      "Session",
      "Course code",
      "Course",
      "Starts (YYYY-MM-DD HH:MM)",
      "Where",
      "Session status",
      "Employee number",
      "Given name",
      "Family name",
      "Email",
      "Organisation",
      "Booking status",
      "Booked at",
      "Joined the waiting list at",
      "Cancelled at",
      "Why cancelled",
      "Cancelled late",
      "Attended",
      "Walk-in",
      "Attendance marked at",
    ]);
    expect(lines.map((l) => [l["Family name"], l["Booking status"], l["Why cancelled"], l.Attended])).toEqual([
      ["Smith", "Booked", "", "No"],
      ["Able", "Cancelled", "'-ill", "No"],
    ]);
    expect(lines[0]).toMatchObject({
      Session: String(s.session.id),
      "Course code": "PREV",
      Where: "Town Hall",
      "Session status": "Scheduled",
      "Given name": `'=HYPERLINK("http://evil.test","x")`,
      "Employee number": "000123",
    });
    expect(lines[0]!["Starts (YYYY-MM-DD HH:MM)"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(lines[0]!["Booked at"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(lines[1]!["Cancelled at"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const past = await csv(bookingsCsvLoader, s.accounts.coordinator.id, "/admin/bookings.csv?when=past");
    expect(past.lines).toEqual([]);
  });

  it("is the coordinator's: a manager and a learner are refused", async () => {
    expect(status(await download(bookingsCsvLoader, s.accounts.manager.id, "/admin/bookings.csv"))).toBe(403);
    expect(status(await download(bookingsCsvLoader, s.accounts.learner.id, "/admin/bookings.csv"))).toBe(403);
  });
});

describe("/admin/sessions.csv", () => {
  it("writes the session's date as YYYY-MM-DD, like the other exports", async () => {
    const { lines } = await csv(sessionsCsvLoader, s.accounts.coordinator.id, "/admin/sessions.csv?when=upcoming");
    expect(lines.map((l) => l.Date)).toEqual([todayInLondon(s.session.startsAt)]);
  });
});

describe("auditing the exports", () => {
  it("records each download once, with its filters and no row count, and nothing for a refused one", async () => {
    await download(peopleCsvLoader, s.accounts.learner.id, "/people.csv");
    await download(completionsCsvLoader, s.accounts.learner.id, "/completions.csv");
    await download(completionsCsvLoader, s.accounts.manager.id, "/completions.csv?completedTo=nonsense");
    await download(bookingsCsvLoader, s.accounts.manager.id, "/admin/bookings.csv");
    expect(await exportEvents()).toEqual([]);

    await csv(peopleCsvLoader, s.accounts.manager.id, "/people.csv?q=smith");
    await csv(completionsCsvLoader, s.accounts.manager.id, "/completions.csv?completedFrom=2024-01-01");
    await csv(bookingsCsvLoader, s.accounts.coordinator.id, "/admin/bookings.csv?when=all");
    expect(await exportEvents()).toEqual([
      {
        actor_account_id: s.accounts.manager.id,
        entity_id: "people.csv",
        details: { file: "people.csv", filters: { q: "smith" } },
      },
      {
        actor_account_id: s.accounts.manager.id,
        entity_id: "completions.csv",
        details: { file: "completions.csv", filters: { completedFrom: "2024-01-01" } },
      },
      {
        actor_account_id: s.accounts.coordinator.id,
        entity_id: "bookings.csv",
        details: { file: "bookings.csv", filters: { when: "all" } },
      },
    ]);
  });
});

describe("paging through a large export", () => {
  it("reads every row once, in order, a page at a time (keyset), with ties on the name", async () => {
    for (let i = 0; i < 5; i++) {
      await make.person(t.db, { organisationId: s.org.service.id, givenName: "Sam", familyName: "smith" });
    }
    const everyone = { kind: "all" } as const;
    const pages: number[][] = [];
    for await (const page of peopleExportPages(t.db, everyone, {}, 2)) pages.push(page.map((p) => p.id));
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    const ids = pages.flat();
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    const inOnePage: number[] = [];
    for await (const page of peopleExportPages(t.db, everyone, {}, 100)) inOnePage.push(...page.map((p) => p.id));
    expect(ids).toEqual(inOnePage);

    const completions: number[] = [];
    for await (const page of completionsExportPages(t.db, everyone, {}, 1)) completions.push(...page.map((c) => c.id));
    expect(completions).toHaveLength(3);
    const booked: number[] = [];
    for await (const page of bookingsExportPages(t.db, {}, new Date(), 1)) booked.push(...page.map((b) => b.id));
    expect(booked).toHaveLength(2);
  });
});
