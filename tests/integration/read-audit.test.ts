import { createRequire } from "node:module";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows, sqlTextArray } from "../../app/db/database";
import { READ_ACTIONS } from "../../app/domain/audit/reads";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { loader as auditLoader } from "../../app/routes/admin.audit";
import { loader as sessionsCsvLoader } from "../../app/routes/admin.sessions[.]csv";
import { loader as calendarLoader } from "../../app/routes/bookings.$bookingId.calendar[.]ics";
import { loader as certificateLoader } from "../../app/routes/certificates.$file";
import { loader as bulkLoader } from "../../app/routes/certificates.bulk";
import { loader as zipLoader } from "../../app/routes/certificates.bulk[.]zip";
import { loader as personLoader } from "../../app/routes/people.$personId";
import { loader as quarterlyCsvLoader } from "../../app/routes/reports.quarterly[.]csv";
import { loader as quarterlyPdfLoader } from "../../app/routes/reports.quarterly[.]pdf";
import { loader as schoolsCsvLoader } from "../../app/routes/schools[.]csv";
import { loader as registerPdfLoader } from "../../app/routes/sessions.$sessionId.register[.]pdf";
import { loader as teamCsvLoader } from "../../app/routes/team[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { HOUR, session } from "./booking-fixtures";

const require = createRequire(import.meta.url);
const unzipper = require("unzipper") as {
  Open: { buffer(data: Buffer): Promise<{ files: Array<{ path: string }> }> };
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

let s: Awaited<ReturnType<typeof setUp>>;

/** A manager with two reports, someone in another service, a school, a trainer's session, and a coordinator. */
async function setUp() {
  const db = t.db;
  const { service, other } = await make.councilAndSchool(db);
  const manager = await make.person(db, { organisationId: service.id });
  const report = await make.person(db, {
    organisationId: service.id,
    lineManagerId: manager.id,
    givenName: "Rita",
    familyName: "Report",
  });
  const report2 = await make.person(db, { organisationId: service.id, lineManagerId: manager.id });
  const outsider = await make.person(db, { organisationId: other.id });
  const trainerPerson = await make.person(db, { organisationId: service.id });
  const course = await make.course(db, { title: "Prevent awareness", code: "PREV", validityMonths: 36 });
  const complete = (personId: number, completedOn = "2025-05-01") =>
    make.completion(db, {
      personId,
      courseId: course.id,
      completedOn,
      certificateCode: newCertificateCode(),
      source: "hosted_elearning",
    });
  const future = await session(db, { courseId: course.id, inDays: 10, trainerPersonId: trainerPerson.id });
  const { bookingId } = await bookPlace(db, {
    sessionId: future.id,
    personId: report.id,
    actorAccountId: null,
    managerAgreed: true,
    joinWaitingList: false,
    now: new Date(Date.now() - HOUR),
  });
  return {
    people: { manager, report, report2, outsider },
    accounts: {
      manager: await make.account(db, { personId: manager.id, roles: ["manager"] }),
      report: await make.account(db, { personId: report.id }),
      trainer: await make.account(db, { personId: trainerPerson.id, roles: ["trainer"] }),
      coordinator: await make.account(db, { personId: null, roles: ["coordinator"] }),
    },
    completions: {
      report: await complete(report.id),
      report2: await complete(report2.id, "2025-06-01"),
      outsider: await complete(outsider.id),
    },
    session: future,
    bookingId: bookingId!,
  };
}

beforeEach(async () => {
  await t.reset();
  s = await setUp();
});

type ReadRow = {
  actor_account_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  subject_person_id: number | null;
  details: string | null;
};

/** The views and downloads in the log, oldest first, with their details parsed. */
async function reads() {
  const rows = await queryRows<ReadRow>(
    t.db,
    sql`select actor_account_id, action, entity_type, entity_id, subject_person_id, after::text as details
        from audit_events where action = any(${sqlTextArray(READ_ACTIONS)}) order by id`,
  );
  return rows.map(({ details, ...row }) => ({
    ...row,
    details: details === null ? null : (JSON.parse(details) as unknown),
  }));
}

const get = (accountId: string, path: string) => signedInRequest(t.db, accountId, path);

function status(result: unknown): number {
  return result instanceof Response ? result.status : 200;
}

describe("viewing a person's record", () => {
  const view = async (accountId: string, personId: number) =>
    call(async () =>
      personLoader({
        request: await get(accountId, `/people/${personId}`),
        params: { personId: String(personId) },
        context: {},
      }),
    );

  it("records who viewed whose record, once, and the record's audit trail lists it", async () => {
    expect(status(await view(s.accounts.manager.id, s.people.report.id))).toBe(200);
    expect(await reads()).toEqual([
      {
        actor_account_id: s.accounts.manager.id,
        action: "person.viewed",
        entity_type: "person",
        entity_id: String(s.people.report.id),
        subject_person_id: s.people.report.id,
        details: null,
      },
    ]);

    const page = (await view(s.accounts.coordinator.id, s.people.report.id)) as Awaited<
      ReturnType<typeof personLoader>
    >;
    expect(page.audit!.reads.map((e) => [e.action, e.actorName])).toEqual([
      ["person.viewed", s.accounts.coordinator.displayName],
      ["person.viewed", s.accounts.manager.displayName],
    ]);
    // Views do not crowd the changes out of the trail.
    expect(page.audit!.changes.every((e) => e.action !== "person.viewed")).toBe(true);
  });

  it("does not record a person looking at their own record", async () => {
    expect(status(await view(s.accounts.report.id, s.people.report.id))).toBe(200);
    expect(await reads()).toEqual([]);
  });

  it("writes nothing for a record out of reach (404) or one that does not exist", async () => {
    expect(status(await view(s.accounts.manager.id, s.people.outsider.id))).toBe(404);
    expect(status(await view(s.accounts.report.id, s.people.report2.id))).toBe(404);
    expect(status(await view(s.accounts.coordinator.id, 999_999))).toBe(404);
    expect(await reads()).toEqual([]);
  });
});

describe("downloading a certificate", () => {
  const download = async (accountId: string, completionId: number) => {
    const file = `${completionId}.pdf`;
    return call(async () =>
      certificateLoader({ request: await get(accountId, `/certificates/${file}`), params: { file }, context: {} }),
    );
  };

  it("records who downloaded whose certificate", async () => {
    expect(status(await download(s.accounts.manager.id, s.completions.report.id))).toBe(200);
    expect(await reads()).toEqual([
      {
        actor_account_id: s.accounts.manager.id,
        action: "certificate.downloaded",
        entity_type: "completion",
        entity_id: String(s.completions.report.id),
        subject_person_id: s.people.report.id,
        details: { course: "PREV", completedOn: "2025-05-01" },
      },
    ]);
  });

  it("does not record one's own certificate, and writes nothing for one out of reach", async () => {
    expect(status(await download(s.accounts.report.id, s.completions.report.id))).toBe(200);
    expect(status(await download(s.accounts.manager.id, s.completions.outsider.id))).toBe(404);
    expect(status(await download(s.accounts.report.id, s.completions.report2.id))).toBe(404);
    expect(await reads()).toEqual([]);
  });
});

describe("downloading certificates as a zip", () => {
  const zip = async (accountId: string, query: string) =>
    call(async () =>
      zipLoader({ request: await get(accountId, `/certificates/bulk.zip?${query}`), params: {}, context: {} }),
    );

  it("records one event with the selection and how many certificates, with the person when there is one", async () => {
    const all = (await zip(s.accounts.manager.id, `courseId=${s.completions.report.courseId}`)) as Response;
    expect(all.status).toBe(200);
    expect((await unzipper.Open.buffer(Buffer.from(await all.arrayBuffer()))).files).toHaveLength(3); // 2 + manifest
    const one = (await zip(s.accounts.coordinator.id, `personId=${s.people.report.id}`)) as Response;
    expect(one.status).toBe(200);
    // Read to the end: the zip is written after the response is returned, and a test that left it
    // unread would end (and its database be emptied) while the zip still wrote to it.
    expect((await unzipper.Open.buffer(Buffer.from(await one.arrayBuffer()))).files).toHaveLength(2);
    expect(await reads()).toEqual([
      {
        actor_account_id: s.accounts.manager.id,
        action: "certificates.zip-downloaded",
        entity_type: "certificates",
        entity_id: "bulk.zip",
        subject_person_id: null,
        details: { certificates: 2, filters: { courseId: s.completions.report.courseId, includeSuperseded: false } },
      },
      {
        actor_account_id: s.accounts.coordinator.id,
        action: "certificates.zip-downloaded",
        entity_type: "person",
        entity_id: String(s.people.report.id),
        subject_person_id: s.people.report.id,
        details: { certificates: 1, filters: { personId: s.people.report.id, includeSuperseded: false } },
      },
    ]);
  });

  it("writes nothing for checking a selection, a refused one (403, 404) or an empty one", async () => {
    const check = await call(async () =>
      bulkLoader({
        request: await get(s.accounts.manager.id, `/certificates/bulk?check=1&personId=${s.people.report.id}`),
        params: {},
        context: {},
      }),
    );
    expect(status(check)).toBe(200);
    expect(status(await zip(s.accounts.report.id, `personId=${s.people.report.id}`))).toBe(403);
    expect(status(await zip(s.accounts.manager.id, `personId=${s.people.outsider.id}`))).toBe(404);
    expect(status(await zip(s.accounts.manager.id, "completedFrom=2030-01-01"))).toBe(302);
    expect(await reads()).toEqual([]);
  });
});

describe("exports", () => {
  it("the team CSV: who and the filters (no row count: it would cost a pass before the first line)", async () => {
    const response = (await call(async () =>
      teamCsvLoader({
        request: await get(s.accounts.manager.id, "/team.csv?status=expired&page=3"),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(response.status).toBe(200);
    await response.text();
    const [event] = await reads();
    expect(event).toMatchObject({
      actor_account_id: s.accounts.manager.id,
      action: "export.downloaded",
      entity_type: "export",
      entity_id: "team.csv",
      subject_person_id: null,
    });
    expect(event!.details).toEqual({
      file: "team.csv",
      filters: { status: "expired" },
    });
  });

  it("the sessions, schools and quarterly report exports, each once (a row count only where the file is built whole)", async () => {
    const coordinator = s.accounts.coordinator.id;
    const run = async (loader: typeof teamCsvLoader, path: string) =>
      status(await call(async () => loader({ request: await get(coordinator, path), params: {}, context: {} })));
    expect(await run(sessionsCsvLoader, `/admin/sessions.csv?when=all&course=${s.session.courseId}`)).toBe(200);
    expect(await run(schoolsCsvLoader, "/schools.csv?phase=primary")).toBe(200);
    expect(await run(quarterlyCsvLoader, "/reports/quarterly.csv?quarter=2025-Q1")).toBe(200);
    expect(await run(quarterlyPdfLoader, "/reports/quarterly.pdf?quarter=2025-Q1")).toBe(200);
    const events = await reads();
    expect(events.map((e) => [e.actor_account_id, e.action, e.entity_id])).toEqual([
      [coordinator, "export.downloaded", "sessions.csv"],
      [coordinator, "export.downloaded", "schools.csv"],
      [coordinator, "export.downloaded", "quarterly-report.csv"],
      [coordinator, "export.downloaded", "quarterly-report.pdf"],
    ]);
    expect(events[0]!.details).toEqual({
      file: "sessions.csv",
      filters: { when: "all", courseId: s.session.courseId },
    });
    expect(events[1]!.details).toEqual({ file: "schools.csv", rows: 0, filters: { phase: "primary" } });
    expect(events[2]!.details).toMatchObject({
      file: "quarterly-report.csv",
      rows: expect.any(Number),
      filters: { quarter: "2025-Q1" },
    });
    expect((events[2]!.details as { rows: number }).rows).toBeGreaterThan(0);
    expect(events[3]!.details).toMatchObject({ file: "quarterly-report.pdf", filters: { quarter: "2025-Q1" } });
  });

  it("the register PDF: the session and how many people it names", async () => {
    const sessionId = String(s.session.id);
    const pdf = await call(async () =>
      registerPdfLoader({
        request: await get(s.accounts.trainer.id, `/sessions/${sessionId}/register.pdf`),
        params: { sessionId },
        context: {},
      }),
    );
    expect(status(pdf)).toBe(200);
    expect(await reads()).toEqual([
      {
        actor_account_id: s.accounts.trainer.id,
        action: "export.downloaded",
        entity_type: "session",
        entity_id: sessionId,
        subject_person_id: null,
        details: { file: "register.pdf", people: 1 },
      },
    ]);
  });

  it("someone else's booking calendar, but not one's own", async () => {
    const bookingId = String(s.bookingId);
    const ics = async (accountId: string) =>
      status(
        await call(async () =>
          calendarLoader({
            request: await get(accountId, `/bookings/${bookingId}/calendar.ics`),
            params: { bookingId },
            context: {},
          }),
        ),
      );
    expect(await ics(s.accounts.report.id)).toBe(200);
    expect(await ics(s.accounts.manager.id)).toBe(200);
    expect(await reads()).toEqual([
      {
        actor_account_id: s.accounts.manager.id,
        action: "export.downloaded",
        entity_type: "booking",
        entity_id: bookingId,
        subject_person_id: s.people.report.id,
        details: { file: "calendar.ics" },
      },
    ]);
  });

  it("writes nothing for a refused export (403, 404)", async () => {
    const learner = s.accounts.report.id;
    const run = async (accountId: string, loader: typeof teamCsvLoader, path: string, params = {}) =>
      status(await call(async () => loader({ request: await get(accountId, path), params, context: {} })));
    expect(await run(learner, teamCsvLoader, "/team.csv")).toBe(403);
    expect(await run(s.accounts.manager.id, sessionsCsvLoader, "/admin/sessions.csv")).toBe(403);
    expect(await run(learner, schoolsCsvLoader, "/schools.csv")).toBe(403);
    expect(await run(learner, quarterlyCsvLoader, "/reports/quarterly.csv")).toBe(403);
    expect(await run(s.accounts.coordinator.id, quarterlyPdfLoader, "/reports/quarterly.pdf?quarter=2099-Q1")).toBe(
      404,
    );
    expect(
      await run(learner, registerPdfLoader, `/sessions/${s.session.id}/register.pdf`, {
        sessionId: String(s.session.id),
      }),
    ).toBe(403);
    expect(
      await run(s.accounts.coordinator.id, registerPdfLoader, "/sessions/999999/register.pdf", { sessionId: "999999" }),
    ).toBe(404);
    expect(
      await run(s.accounts.manager.id, calendarLoader, "/bookings/999999/calendar.ics", { bookingId: "999999" }),
    ).toBe(404);
    expect(await reads()).toEqual([]);
  });
});

describe("the audit log", () => {
  it("shows views and downloads on their own, and changes without them", async () => {
    const file = `${s.completions.report.id}.pdf`;
    await certificateLoader({
      request: await get(s.accounts.manager.id, `/certificates/${file}`),
      params: { file },
      context: {},
    });
    await t.db.execute(
      sql`insert into audit_events (actor_account_id, action, entity_type, entity_id) values (${s.accounts.coordinator.id}, 'course.update', 'course', '1')`,
    );
    const log = async (query: string) =>
      (
        await auditLoader({
          request: await get(s.accounts.coordinator.id, `/admin/audit?${query}`),
          params: {},
          context: {},
        })
      ).rows.map((r) => r.action);
    expect(await log("kind=reads")).toEqual(["certificate.downloaded"]);
    // The set-up's booking is a change too.
    expect(await log("kind=changes")).toEqual(["course.update", "booking.book"]);
    expect(await log("")).toEqual(["course.update", "certificate.downloaded", "booking.book"]);
  });
});
