import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import { listSchoolSessions } from "../../app/domain/sessions/school-sessions";
import { addDaysToDate, todayInLondon } from "../../app/lib/dates";
import * as schoolPage from "../../app/routes/schools.$schoolId._index";
import * as recordPage from "../../app/routes/schools.$schoolId.sessions.new";
import { type TestDatabase, createTestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.reset();
});

async function world() {
  const orgs = await make.councilAndSchool(t.db);
  const otherSchool = await make.organisation(t.db, {
    kind: "school",
    name: "Elm Primary",
    parentId: orgs.schools.id,
    urn: 200003,
  });
  const officerPerson = await make.person(t.db, {
    organisationId: orgs.council.id,
    givenName: "Erin",
    familyName: "Officer",
  });
  const officer = await make.account(t.db, { personId: officerPerson.id, roles: ["education_officer"] });
  const learnerPerson = await make.person(t.db, { organisationId: orgs.service.id });
  const learner = await make.account(t.db, { personId: learnerPerson.id, roles: [] });
  const teachers = await Promise.all(
    ["Ada", "Ben", "Cy"].map((givenName) =>
      make.person(t.db, { organisationId: orgs.school.id, givenName, familyName: "Teacher" }),
    ),
  );
  const elsewhere = await make.person(t.db, { organisationId: otherSchool.id });
  const wrap = await make.course(t.db, { title: "WRAP", validityMonths: 36 });
  return { orgs, officer, officerPerson, learner, teachers, elsewhere, wrap };
}

const today = todayInLondon();
const [year, month, day] = today.split("-").map(Number) as [number, number, number];

function form(courseId: number, fields: Record<string, string | string[]> = {}) {
  return {
    courseId: String(courseId),
    "deliveredOn-day": String(day),
    "deliveredOn-month": String(month),
    "deliveredOn-year": String(year),
    startTime: "15:30",
    attendeeCount: "12",
    ...fields,
  };
}

async function post(accountId: string, schoolId: number, fields: Record<string, string | string[]>) {
  const request = await signedInRequest(t.db, accountId, `/schools/${schoolId}/sessions/new`, { form: fields });
  return call(() => recordPage.action({ request, params: { schoolId: String(schoolId) }, context: {} }));
}

function outcome(result: unknown): { status: number; errors?: Record<string, string>; location?: string | null } {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const wrapped = result as { data: { errors?: Record<string, string> }; init: { status?: number } | null };
  return { status: wrapped.init?.status ?? 200, errors: wrapped.data.errors };
}

describe("training delivered in a school", () => {
  it("records a delivered session at the school with the count, and the course on the record of everyone named", async () => {
    const w = await world();
    const [ada, ben] = w.teachers;
    const result = outcome(
      // The time as pages show times (3:30pm), kept as 15:30.
      await post(
        w.officer.id,
        w.orgs.school.id,
        form(w.wrap.id, { startTime: "3:30pm", attendees: [String(ada!.id), String(ben!.id)] }),
      ),
    );
    expect(result).toMatchObject({
      status: 302,
      location: `/schools/${w.orgs.school.id}?recorded=1#training-in-school`,
    });

    const [session] = await queryRows<{
      status: string;
      venue: string;
      trainer_person_id: number;
      school_organisation_id: number;
      audience_organisation_id: number;
      attendee_count: number;
      london_start: string;
    }>(
      t.db,
      sql`select status, venue, trainer_person_id, school_organisation_id, audience_organisation_id, attendee_count,
            to_char(starts_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') as london_start
          from course_sessions`,
    );
    expect(session).toEqual({
      status: "delivered",
      venue: "Oak Academy",
      trainer_person_id: w.officerPerson.id,
      school_organisation_id: w.orgs.school.id,
      audience_organisation_id: w.orgs.school.id,
      attendee_count: 12,
      london_start: `${today} 15:30`,
    });
    const completions = await queryRows<{ person_id: number; completed_on: string; source: string }>(
      t.db,
      sql`select person_id, completed_on::text, source from completions order by person_id`,
    );
    expect(completions).toEqual([
      { person_id: ada!.id, completed_on: today, source: "attendance" },
      { person_id: ben!.id, completed_on: today, source: "attendance" },
    ]);
    const audited = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_events where action in ('session.record-in-school', 'booking.mark-attended') order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual([
      "session.record-in-school",
      "booking.mark-attended",
      "booking.mark-attended",
    ]);
    expect((await checkKeptCoverage(t.db, { today })).differences).toBe(0);

    expect(await listSchoolSessions(t.db, w.orgs.school.id)).toEqual([
      expect.objectContaining({
        deliveredOn: today,
        courseTitle: "WRAP",
        attendeeCount: 12,
        named: 2,
        trainerName: "Erin Officer",
      }),
    ]);
    const request = await signedInRequest(t.db, w.officer.id, `/schools/${w.orgs.school.id}?recorded=1`);
    const page = (await schoolPage.loader({
      request,
      params: { schoolId: String(w.orgs.school.id) },
      context: {},
    })) as {
      schoolSessions: unknown[];
      canRecordSession: boolean;
      recorded: boolean;
      detail: { school: { lastSession: { on: string; source: string } | null } };
    };
    expect(page).toMatchObject({ canRecordSession: true, recorded: true });
    expect(page.schoolSessions).toHaveLength(1);
    expect(page.detail.school.lastSession).toEqual({ on: today, source: "school_session" });
  });

  it("records a number alone when nobody is named", async () => {
    const w = await world();
    expect(outcome(await post(w.officer.id, w.orgs.school.id, form(w.wrap.id, { attendeeCount: "30" }))).status).toBe(
      302,
    );
    expect(await listSchoolSessions(t.db, w.orgs.school.id)).toEqual([
      expect.objectContaining({ attendeeCount: 30, named: 0 }),
    ]);
  });

  it("refuses a day in the future, more names than attended, someone from another school, and a broken form, recording nothing", async () => {
    const w = await world();
    const [ada, ben] = w.teachers;
    const tomorrow = addDaysToDate(today, 1).split("-").map(Number) as [number, number, number];
    const cases: Array<[Record<string, string | string[]>, string, string]> = [
      [
        {
          "deliveredOn-day": String(tomorrow[2]),
          "deliveredOn-month": String(tomorrow[1]),
          "deliveredOn-year": String(tomorrow[0]),
        },
        "deliveredOn",
        "The date of the training must be today or in the past",
      ],
      [
        { attendeeCount: "1", attendees: [String(ada!.id), String(ben!.id)] },
        "attendeeCount",
        "You named 2 people, more than the 1 who attended",
      ],
      [
        { attendees: [String(w.elsewhere.id)] },
        "attendees",
        "Select the staff who attended from the list of the school’s staff that day",
      ],
      [{ "deliveredOn-month": "13" }, "deliveredOn", "The date of the training must be a real date"],
      [{ startTime: "25:00" }, "startTime", "Enter the time the training started, like 15:30 or 3:30pm"],
      [{ attendeeCount: "0" }, "attendeeCount", "The number who attended must be a whole number from 1 to 2,000"],
      [{ courseId: "" }, "courseId", "Select the course"],
      [{ attendees: ["99999999999"] }, "attendees", "Select the staff who attended from the list"],
    ];
    for (const [fields, field, message] of cases) {
      const result = outcome(await post(w.officer.id, w.orgs.school.id, form(w.wrap.id, fields)));
      expect(result.status, JSON.stringify(fields)).toBe(400);
      expect(result.errors?.[field]).toBe(message);
    }
    const retired = await make.course(t.db, { retiredAt: new Date() });
    expect(outcome(await post(w.officer.id, w.orgs.school.id, form(retired.id))).errors?.courseId).toBe(
      "Select the course",
    );
    const counts = await queryRows<{ sessions: number; completions: number }>(
      t.db,
      sql`select (select count(*)::int from course_sessions) as sessions, (select count(*)::int from completions) as completions`,
    );
    expect(counts).toEqual([{ sessions: 0, completions: 0 }]);
  });

  it("is for the education officer and the coordinator, at a school only", async () => {
    const w = await world();
    const refused = await post(w.learner.id, w.orgs.school.id, form(w.wrap.id));
    expect(refused instanceof Response ? refused.status : 0).toBe(403);
    const notASchool = await post(w.officer.id, w.orgs.service.id, form(w.wrap.id));
    expect(notASchool instanceof Response ? notASchool.status : 0).toBe(404);
  });
});
