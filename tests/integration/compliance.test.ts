import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CurrentUser } from "../../app/auth/permissions";
import { personScopeFor } from "../../app/auth/permissions";
import type { Database } from "../../app/db/database";
import { bookings, completions, courseSessions, people } from "../../app/db/schema";
import { complianceExportBatches, complianceExportRows } from "../../app/domain/compliance/export-compliance";
import { type ComplianceRow, complianceFor } from "../../app/domain/compliance/status-for-people";
import { summariseCompliance } from "../../app/domain/compliance/summarise-compliance";
import { teamMatrix } from "../../app/domain/compliance/team-matrix";
import { listCompletionsForPerson } from "../../app/domain/completions/list-completions-for-person";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import type { RequirementInput } from "../../app/domain/requirements/requirement-input";
import { retireRequirement } from "../../app/domain/requirements/retire-requirement";
import { addMonthsToDate } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { countStatements } from "./compliance-fixtures";

let t: TestDatabase;
let db: Database;
const ALL = { kind: "all" } as const;
const ON = "2026-06-01";
const NOW = new Date("2026-06-01T08:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(() => t.close());

/** A small council: a service, a contractor and a school, and the Prevent courses. */
async function world() {
  const council = await make.organisation(db, { kind: "council", name: "Council" });
  const service = await make.organisation(db, { kind: "service", name: "Youth Service", parentId: council.id });
  const otherService = await make.organisation(db, { kind: "service", name: "Libraries", parentId: council.id });
  const contractor = await make.organisation(db, { kind: "contractor", name: "Acme Care" });
  const schools = await make.organisation(db, { kind: "schools", name: "Schools" });
  const school = await make.organisation(db, {
    kind: "school",
    name: "Hill School",
    parentId: schools.id,
    urn: 100200,
  });
  const wrap = await make.course(db, { title: "WRAP", validityMonths: 36, bookable: false });
  const awareness = await make.course(db, {
    title: "Prevent awareness",
    deliveryMode: "external_elearning",
    validityMonths: 36,
    externalUrl: "https://example.test/prevent",
  });
  const workshop = await make.course(db, {
    title: "Prevent workshop",
    deliveryMode: "face_to_face",
    validityMonths: 36,
  });
  const safeguarding = await make.course(db, {
    title: "Safeguarding children",
    category: "safeguarding_children",
    deliveryMode: "hosted_elearning",
    validityMonths: 12,
  });
  const forever = await make.course(db, { title: "Induction", category: "other", validityMonths: null });
  return {
    council,
    service,
    otherService,
    contractor,
    schools,
    school,
    wrap,
    awareness,
    workshop,
    safeguarding,
    forever,
  };
}

function requirementInput(overrides: Partial<RequirementInput> & { courseIds: number[] }): RequirementInput {
  return {
    name: `Requirement ${Math.random().toString(36).slice(2, 8)}`,
    description: "",
    source: null,
    audienceSectors: [],
    audienceOrganisationIds: [],
    audienceTags: [],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: 36,
    reminderDays: 60,
    ...overrides,
  };
}

/** A completion, its expiry following the course's validity as the app records it. */
function completed(
  personId: number,
  course: { id: number; validityMonths: number | null },
  on: string,
  extra: { revoked?: boolean } = {},
) {
  return make.completion(db, {
    personId,
    courseId: course.id,
    completedOn: on,
    expiresOn: course.validityMonths === null ? null : addMonthsToDate(on, course.validityMonths),
    ...(extra.revoked
      ? { revokedAt: new Date("2026-05-01T10:00:00Z"), revokeReason: "Recorded against the wrong person" }
      : {}),
  });
}

async function session(courseId: number, startsAt: string, status: "scheduled" | "cancelled" = "scheduled") {
  const [row] = await db
    .insert(courseSessions)
    .values({
      courseId,
      startsAt: new Date(startsAt),
      endsAt: new Date(new Date(startsAt).getTime() + 3 * 3600_000),
      venue: "Town Hall",
      capacity: 20,
      status,
    })
    .returning();
  return row!;
}

async function book(personId: number, sessionId: number, status: "booked" | "waitlisted" = "booked") {
  const [row] = await db
    .insert(bookings)
    .values({ personId, sessionId, status, waitlistedAt: status === "waitlisted" ? new Date() : null })
    .returning();
  return row!;
}

const only = (rows: ComplianceRow[], personId: number, requirementId: number) => {
  const found = rows.filter((r) => r.personId === personId && r.requirementId === requirementId);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("the compliance engine", () => {
  beforeEach(() => t.reset());

  it("gives each status with its due date and the completion that counts", async () => {
    const w = await world();
    const requirementId = await createRequirement(
      db,
      requirementInput({ courseIds: [w.awareness.id], renewalMonths: 36, reminderDays: 60 }),
      null,
    );
    const person = (start = "2020-01-01") => make.person(db, { organisationId: w.service.id, startDate: start });
    const current = await person();
    const currentCompletion = await completed(current.id, w.awareness, "2025-01-10");
    const expiring = await person();
    await completed(expiring.id, w.awareness, "2023-07-15");
    const expired = await person();
    await completed(expired.id, w.awareness, "2022-03-01");
    const missing = await person("2021-02-01");
    const newStarter = await person("2026-05-01");

    const rows = await complianceFor(db, { scope: ALL, onDate: ON, now: NOW });
    expect(rows).toHaveLength(5);
    expect(only(rows, current.id, requirementId)).toMatchObject({
      status: "current",
      dueOn: "2028-01-10",
      completion: {
        id: currentCompletion.id,
        courseId: w.awareness.id,
        completedOn: "2025-01-10",
        validUntil: "2028-01-10",
      },
      booked: null,
    });
    expect(only(rows, expiring.id, requirementId)).toMatchObject({ status: "expiring", dueOn: "2026-07-15" });
    expect(only(rows, expired.id, requirementId)).toMatchObject({
      status: "expired",
      dueOn: "2025-03-01",
      completion: { completedOn: "2022-03-01" },
    });
    expect(only(rows, missing.id, requirementId)).toMatchObject({
      status: "missing",
      dueOn: "2021-05-02",
      completion: null,
    });
    expect(only(rows, newStarter.id, requirementId)).toMatchObject({
      status: "not_yet_due",
      dueOn: "2026-07-30",
      completion: null,
    });
  });

  it("counts a new starter as not yet due inside their N days, then missing", async () => {
    const w = await world();
    const requirementId = await createRequirement(
      db,
      requirementInput({ courseIds: [w.awareness.id], dueWithinDays: 30 }),
      null,
    );
    const starter = await make.person(db, { organisationId: w.service.id, startDate: "2026-05-20" });
    const before = await complianceFor(db, { scope: ALL, onDate: "2026-06-18" });
    expect(only(before, starter.id, requirementId)).toMatchObject({ status: "not_yet_due", dueOn: "2026-06-19" });
    const after = await complianceFor(db, { scope: ALL, onDate: "2026-06-19" });
    expect(only(after, starter.id, requirementId)).toMatchObject({ status: "missing", dueOn: "2026-06-19" });
    // Before their first day they are not on the books at all.
    expect(await complianceFor(db, { scope: ALL, onDate: "2026-05-19" })).toEqual([]);
    // Completing it inside the window makes them current straight away.
    await completed(starter.id, w.awareness, "2026-06-01");
    expect(only(await complianceFor(db, { scope: ALL, onDate: "2026-06-02" }), starter.id, requirementId).status).toBe(
      "current",
    );
  });

  it("accepts any of the equivalent courses, counting the one valid longest", async () => {
    const w = await world();
    const requirementId = await createRequirement(
      db,
      requirementInput({ courseIds: [w.wrap.id, w.awareness.id, w.workshop.id] }),
      null,
    );
    const wrapOnly = await make.person(db, { organisationId: w.service.id });
    await completed(wrapOnly.id, w.wrap, "2024-02-01");
    const both = await make.person(db, { organisationId: w.service.id });
    await completed(both.id, w.wrap, "2021-01-01");
    const newer = await completed(both.id, w.workshop, "2025-09-09");
    const unrelated = await make.person(db, { organisationId: w.service.id });
    await completed(unrelated.id, w.safeguarding, "2026-01-01");

    const rows = await complianceFor(db, { scope: ALL, onDate: ON });
    expect(only(rows, wrapOnly.id, requirementId)).toMatchObject({
      status: "current",
      completion: { courseId: w.wrap.id },
    });
    expect(only(rows, both.id, requirementId)).toMatchObject({
      status: "current",
      dueOn: "2028-09-09",
      completion: { id: newer.id },
    });
    expect(only(rows, unrelated.id, requirementId).status).toBe("missing");
  });

  it("renews every M months, or as the course's validity says when M is not set", async () => {
    const w = await world();
    const everyThreeYears = await createRequirement(
      db,
      requirementInput({ courseIds: [w.safeguarding.id], renewalMonths: 36 }),
      null,
    );
    const asTheCourse = await createRequirement(
      db,
      requirementInput({ courseIds: [w.safeguarding.id, w.forever.id], renewalMonths: null, reminderDays: 30 }),
      null,
    );
    const person = await make.person(db, { organisationId: w.service.id });
    await completed(person.id, w.safeguarding, "2025-03-01");
    const rows = await complianceFor(db, { scope: ALL, onDate: ON });
    expect(only(rows, person.id, everyThreeYears)).toMatchObject({ status: "current", dueOn: "2028-03-01" });
    // The course counts for 12 months: it ran out on 1 March 2026.
    expect(only(rows, person.id, asTheCourse)).toMatchObject({ status: "expired", dueOn: "2026-03-01" });

    // A course that never expires holds for ever when the requirement follows the course.
    const inducted = await make.person(db, { organisationId: w.service.id });
    await completed(inducted.id, w.forever, "2010-01-01");
    const later = await complianceFor(db, { scope: ALL, onDate: "2040-01-01", requirementIds: [asTheCourse] });
    expect(only(later, inducted.id, asTheCourse)).toMatchObject({
      status: "current",
      dueOn: null,
      completion: { validUntil: null },
    });
  });

  it("leaves out leavers from their leaving date", async () => {
    const w = await world();
    const requirementId = await createRequirement(db, requirementInput({ courseIds: [w.awareness.id] }), null);
    const leaver = await make.person(db, {
      organisationId: w.service.id,
      startDate: "2019-01-01",
      leavingDate: "2026-05-15",
    });
    expect(only(await complianceFor(db, { scope: ALL, onDate: "2026-05-14" }), leaver.id, requirementId).status).toBe(
      "missing",
    );
    expect(await complianceFor(db, { scope: ALL, onDate: "2026-05-15" })).toEqual([]);
    expect(await complianceFor(db, { scope: ALL, onDate: ON })).toEqual([]);
  });

  it("never counts a revoked completion, on any date", async () => {
    const w = await world();
    const requirementId = await createRequirement(db, requirementInput({ courseIds: [w.awareness.id] }), null);
    const person = await make.person(db, { organisationId: w.service.id });
    const older = await completed(person.id, w.awareness, "2022-01-01");
    await completed(person.id, w.awareness, "2025-01-01", { revoked: true });
    const rows = await complianceFor(db, { scope: ALL, onDate: ON });
    expect(only(rows, person.id, requirementId)).toMatchObject({ status: "expired", completion: { id: older.id } });
    // Revoked after the fact, it does not count on a date before its revocation either.
    const past = await complianceFor(db, { scope: ALL, onDate: "2025-06-01" });
    expect(only(past, person.id, requirementId)).toMatchObject({
      status: "expired",
      completion: { id: older.id },
      dueOn: "2025-01-01",
    });
  });

  it("answers for a date in the past as it stood then", async () => {
    const w = await world();
    const requirementId = await createRequirement(
      db,
      requirementInput({ courseIds: [w.awareness.id], reminderDays: 60 }),
      null,
    );
    const person = await make.person(db, { organisationId: w.service.id, startDate: "2018-01-01" });
    await completed(person.id, w.awareness, "2019-06-01");
    await completed(person.id, w.awareness, "2025-02-01");
    const joinedLater = await make.person(db, { organisationId: w.service.id, startDate: "2024-01-01" });

    const in2020 = await complianceFor(db, { scope: ALL, onDate: "2020-06-01" });
    expect(in2020.map((r) => r.personId)).toEqual([person.id]);
    expect(in2020[0]).toMatchObject({
      status: "current",
      dueOn: "2022-06-01",
      completion: { completedOn: "2019-06-01" },
    });
    expect(only(await complianceFor(db, { scope: ALL, onDate: "2022-05-01" }), person.id, requirementId).status).toBe(
      "expiring",
    );
    expect(only(await complianceFor(db, { scope: ALL, onDate: "2023-01-01" }), person.id, requirementId)).toMatchObject(
      { status: "expired", dueOn: "2022-06-01" },
    );
    // The 2025 completion had not happened yet on 1 January 2025.
    expect(only(await complianceFor(db, { scope: ALL, onDate: "2025-01-31" }), person.id, requirementId).status).toBe(
      "expired",
    );
    expect(only(await complianceFor(db, { scope: ALL, onDate: "2025-02-01" }), person.id, requirementId).status).toBe(
      "current",
    );
    expect(
      only(await complianceFor(db, { scope: ALL, onDate: "2024-03-01" }), joinedLater.id, requirementId).status,
    ).toBe("not_yet_due");
  });

  it("starts a new cycle at each completion and keeps the earlier ones in the history", async () => {
    const w = await world();
    const requirementId = await createRequirement(
      db,
      requirementInput({ courseIds: [w.awareness.id, w.workshop.id], renewalMonths: 24 }),
      null,
    );
    const person = await make.person(db, { organisationId: w.service.id });
    const first = await completed(person.id, w.awareness, "2022-01-10");
    // Renewed early: expiry counts from the new completion, not from the old expiry.
    const second = await completed(person.id, w.workshop, "2023-11-20");
    const cycle1 = only(await complianceFor(db, { scope: ALL, onDate: "2023-06-01" }), person.id, requirementId);
    expect(cycle1).toMatchObject({ status: "current", completion: { id: first.id }, dueOn: "2024-01-10" });
    const cycle2 = only(await complianceFor(db, { scope: ALL, onDate: "2024-06-01" }), person.id, requirementId);
    expect(cycle2).toMatchObject({ status: "current", completion: { id: second.id }, dueOn: "2025-11-20" });
    const lapsed = only(await complianceFor(db, { scope: ALL, onDate: ON }), person.id, requirementId);
    expect(lapsed).toMatchObject({ status: "expired", completion: { id: second.id }, dueOn: "2025-11-20" });
    const history = await listCompletionsForPerson(db, person.id);
    expect(history.map((c) => c.id)).toEqual([second.id, first.id]);
  });

  it("shows a future booked place that would satisfy it, not a waiting list or a cancelled session", async () => {
    const w = await world();
    const requirementId = await createRequirement(
      db,
      requirementInput({ courseIds: [w.awareness.id, w.workshop.id] }),
      null,
    );
    const other = await createRequirement(db, requirementInput({ courseIds: [w.safeguarding.id] }), null);
    const booked = await make.person(db, { organisationId: w.service.id });
    const waiting = await make.person(db, { organisationId: w.service.id });
    const cancelledSession = await make.person(db, { organisationId: w.service.id });
    const past = await make.person(db, { organisationId: w.service.id });
    const later = await session(w.workshop.id, "2026-07-20T09:00:00Z");
    const sooner = await session(w.workshop.id, "2026-06-15T09:00:00Z");
    const cancelled = await session(w.workshop.id, "2026-06-10T09:00:00Z", "cancelled");
    const gone = await session(w.workshop.id, "2026-05-20T09:00:00Z");
    await book(booked.id, later.id);
    const soonest = await book(booked.id, sooner.id);
    await book(waiting.id, sooner.id, "waitlisted");
    await book(cancelledSession.id, cancelled.id);
    await book(past.id, gone.id);

    const rows = await complianceFor(db, { scope: ALL, onDate: ON, now: NOW });
    expect(only(rows, booked.id, requirementId)).toMatchObject({
      status: "missing",
      booked: { bookingId: soonest.id, sessionId: sooner.id, courseId: w.workshop.id },
    });
    expect(only(rows, booked.id, requirementId).booked!.startsAt).toMatch(/^2026-06-15 09:00:00/);
    expect(only(rows, booked.id, other).booked).toBeNull();
    expect(only(rows, waiting.id, requirementId).booked).toBeNull();
    expect(only(rows, cancelledSession.id, requirementId).booked).toBeNull();
    expect(only(rows, past.id, requirementId).booked).toBeNull();
    // A date in the past has no "future" bookings to show.
    const before = await complianceFor(db, { scope: ALL, onDate: "2026-01-01", now: NOW });
    expect(only(before, booked.id, requirementId).booked).toBeNull();
  });

  it("matches the audience: sector, organisation subtree, profile tags and employment type", async () => {
    const w = await world();
    const team = await make.organisation(db, { kind: "team", name: "Detached team", parentId: w.service.id });
    const frontlineCouncil = await createRequirement(
      db,
      requirementInput({
        courseIds: [w.awareness.id],
        audienceSectors: ["council"],
        audienceTags: ["frontline", "manager"],
        audienceEmploymentTypes: ["permanent", "agency"],
      }),
      null,
    );
    const youthService = await createRequirement(
      db,
      requirementInput({ courseIds: [w.awareness.id], audienceOrganisationIds: [w.service.id] }),
      null,
    );
    const schools = await createRequirement(
      db,
      requirementInput({ courseIds: [w.safeguarding.id], audienceSectors: ["school"] }),
      null,
    );
    const everyone = await createRequirement(db, requirementInput({ courseIds: [w.forever.id] }), null);

    const inTeam = await make.person(db, {
      organisationId: team.id,
      profileTags: ["frontline"],
      employmentType: "agency",
    });
    const manager = await make.person(db, { organisationId: w.otherService.id, profileTags: ["manager"] });
    const volunteer = await make.person(db, {
      organisationId: w.otherService.id,
      profileTags: ["frontline"],
      employmentType: "volunteer",
    });
    const office = await make.person(db, { organisationId: w.otherService.id, profileTags: [] });
    const contractor = await make.person(db, { organisationId: w.contractor.id, profileTags: ["frontline"] });
    const teacher = await make.person(db, { organisationId: w.school.id, profileTags: ["school_staff"] });

    const rows = await complianceFor(db, { scope: ALL, onDate: ON });
    const applies = (personId: number) =>
      rows
        .filter((r) => r.personId === personId)
        .map((r) => r.requirementId)
        .sort((a, b) => a - b);
    expect(applies(inTeam.id)).toEqual([frontlineCouncil, youthService, everyone]);
    expect(applies(manager.id)).toEqual([frontlineCouncil, everyone]);
    expect(applies(volunteer.id)).toEqual([everyone]);
    expect(applies(office.id)).toEqual([everyone]);
    expect(applies(contractor.id)).toEqual([everyone]);
    expect(applies(teacher.id)).toEqual([schools, everyone]);
  });

  it("drops a retired requirement from its retirement on, and keeps it for earlier dates", async () => {
    const w = await world();
    const requirementId = await createRequirement(db, requirementInput({ courseIds: [w.awareness.id] }), null);
    await make.person(db, { organisationId: w.service.id });
    await retireRequirement(db, requirementId, null, new Date("2026-03-10T12:00:00Z"));
    expect(await complianceFor(db, { scope: ALL, onDate: ON })).toEqual([]);
    expect(await complianceFor(db, { scope: ALL, onDate: "2026-03-10" })).toEqual([]);
    expect(await complianceFor(db, { scope: ALL, onDate: "2026-03-09" })).toHaveLength(1);
  });

  it("answers for one person, an organisation subtree or a manager's team, never beyond the caller's scope", async () => {
    const w = await world();
    const requirementId = await createRequirement(db, requirementInput({ courseIds: [w.awareness.id] }), null);
    const boss = await make.person(db, { organisationId: w.service.id });
    const report = await make.person(db, { organisationId: w.service.id, lineManagerId: boss.id });
    const reportsReport = await make.person(db, { organisationId: w.otherService.id, lineManagerId: report.id });
    const stranger = await make.person(db, { organisationId: w.service.id });
    const contractor = await make.person(db, { organisationId: w.contractor.id });
    const account = await make.account(db, { personId: boss.id, roles: ["manager"] });
    const manager: CurrentUser = {
      accountId: account.id,
      personId: boss.id,
      displayName: "Boss",
      email: account.email,
      grants: [{ role: "manager", organisationId: null, personId: boss.id }],
    };
    const scope = personScopeFor(manager, "team:view-compliance");
    const ids = (rows: ComplianceRow[]) => rows.map((r) => r.personId).sort((a, b) => a - b);

    expect(ids(await complianceFor(db, { scope, onDate: ON }))).toEqual([report.id, reportsReport.id]);
    expect(ids(await complianceFor(db, { scope, onDate: ON, personIds: [stranger.id, report.id] }))).toEqual([
      report.id,
    ]);
    expect(ids(await complianceFor(db, { scope, onDate: ON, organisationId: w.otherService.id }))).toEqual([
      reportsReport.id,
    ]);
    expect(ids(await complianceFor(db, { scope: ALL, onDate: ON, organisationId: w.council.id }))).toEqual(
      [boss.id, report.id, reportsReport.id, stranger.id].sort((a, b) => a - b),
    );
    expect(ids(await complianceFor(db, { scope: ALL, onDate: ON, personIds: [contractor.id] }))).toEqual([
      contractor.id,
    ]);
    expect(await complianceFor(db, { scope: { kind: "none" }, onDate: ON })).toEqual([]);
    expect(requirementId).toBeGreaterThan(0);
  });

  it("answers for everyone in a handful of statements, not one per person", async () => {
    const w = await world();
    await createRequirement(db, requirementInput({ courseIds: [w.awareness.id] }), null);
    await createRequirement(db, requirementInput({ courseIds: [w.safeguarding.id], renewalMonths: null }), null);
    const values = Array.from({ length: 120 }, (_, i) => ({
      organisationId: i % 2 ? w.service.id : w.otherService.id,
      givenName: `P${i}`,
      familyName: `Bulk${i}`,
      startDate: "2020-01-01",
    }));
    const inserted = await db.insert(people).values(values).returning({ id: people.id });
    await db.insert(completions).values(
      inserted.map((p, i) => ({
        personId: p.id,
        courseId: w.awareness.id,
        completedOn: i % 3 ? "2025-01-01" : "2021-01-01",
        expiresOn: i % 3 ? "2028-01-01" : "2024-01-01",
        source: "import" as const,
        certificateCode: `BULK${p.id}`,
      })),
    );
    const statements = await countStatements(db, () => complianceFor(db, { scope: ALL, onDate: ON }));
    expect(statements.result).toHaveLength(240);
    expect(statements.count).toBe(1);
    expect(statements.result.filter((r) => r.status === "current")).toHaveLength(80);
  });
});

describe("the team matrix and its export", () => {
  let w: Awaited<ReturnType<typeof world>>;
  let prevent: number;
  let safeguarding: number;
  const names: Record<string, number> = {};

  beforeAll(async () => {
    await t.reset();
    w = await world();
    prevent = await createRequirement(
      db,
      requirementInput({
        name: "Prevent awareness",
        courseIds: [w.awareness.id, w.wrap.id],
        audienceSectors: ["council"],
      }),
      null,
    );
    safeguarding = await createRequirement(
      db,
      requirementInput({
        name: "Safeguarding",
        courseIds: [w.safeguarding.id],
        audienceOrganisationIds: [w.service.id],
        renewalMonths: 12,
      }),
      null,
    );
    const add = async (given: string, family: string, organisationId: number, startDate = "2020-01-01") => {
      const p = await make.person(db, {
        organisationId,
        givenName: given,
        familyName: family,
        startDate,
        jobTitle: "Officer",
      });
      names[family] = p.id;
      return p;
    };
    const ada = await add("Ada", "Adams", w.service.id);
    await completed(ada.id, w.awareness, "2025-01-01");
    await completed(ada.id, w.safeguarding, "2026-01-01");
    const ben = await add("Ben", "Brown", w.service.id);
    await completed(ben.id, w.awareness, "2025-01-01");
    const cat = await add("Cat", "Clark", w.otherService.id);
    await completed(cat.id, w.wrap, "2022-01-01");
    const dan = await add("Dan", "Davis", w.otherService.id);
    await completed(dan.id, w.awareness, "2023-07-01");
    await add("Eve", "Evans", w.otherService.id, "2026-05-20");
    await add("Fay", "Fisher", w.contractor.id);
    const sessionLater = await session(w.safeguarding.id, "2026-06-20T09:00:00Z");
    await book(ben.id, sessionLater.id);
  });

  it("pages people in name order with the team's summary", async () => {
    const page1 = await teamMatrix(db, { scope: ALL, onDate: ON, pageSize: 2, now: NOW });
    expect(page1.total).toBe(5);
    expect(page1.rows.map((r) => r.name)).toEqual(["Ada Adams", "Ben Brown"]);
    expect(page1.summary).toEqual({
      people: 5,
      peopleCurrent: 2,
      peopleCurrentExpiring: 1,
      byWorstStatus: { current: 1, not_yet_due: 1, expiring: 1, expired: 1, missing: 1 },
    });
    expect(page1.requirements).toEqual([
      { id: prevent, name: "Prevent awareness", applies: 5, current: 3 },
      { id: safeguarding, name: "Safeguarding", applies: 2, current: 1 },
    ]);
    const ben = page1.rows[1]!;
    expect(ben.worstStatus).toBe("missing");
    expect(ben.cells[prevent]).toMatchObject({ status: "current", dueOn: "2028-01-01", booked: null });
    expect(ben.cells[safeguarding]).toMatchObject({ status: "missing", booked: { sessionId: expect.any(Number) } });
    expect(await summariseCompliance(db, { scope: ALL, onDate: ON })).toEqual({
      summary: page1.summary,
      requirements: page1.requirements,
    });
    const youthFigures = await summariseCompliance(db, { scope: ALL, onDate: ON, organisationId: w.service.id });
    expect(youthFigures.summary).toMatchObject({ people: 2, peopleCurrent: 1 });
    const page3 = await teamMatrix(db, { scope: ALL, onDate: ON, pageSize: 2, page: 3, now: NOW });
    expect(page3.rows.map((r) => r.name)).toEqual(["Eve Evans"]);
    expect(page3.rows[0]!.cells[safeguarding]).toBeUndefined();
  });

  it("sorts by organisation or worst status, either way", async () => {
    const byStatus = await teamMatrix(db, { scope: ALL, onDate: ON, sort: "status", direction: "desc" });
    expect(byStatus.rows.map((r) => r.worstStatus)).toEqual([
      "missing",
      "expired",
      "expiring",
      "not_yet_due",
      "current",
    ]);
    const byStatusAsc = await teamMatrix(db, { scope: ALL, onDate: ON, sort: "status", direction: "asc" });
    expect(byStatusAsc.rows[0]!.name).toBe("Ada Adams");
    const byOrganisation = await teamMatrix(db, { scope: ALL, onDate: ON, sort: "organisation" });
    expect(byOrganisation.rows.map((r) => r.organisationName)).toEqual([
      "Libraries",
      "Libraries",
      "Libraries",
      "Youth Service",
      "Youth Service",
    ]);
    const byNameDesc = await teamMatrix(db, { scope: ALL, onDate: ON, sort: "name", direction: "desc" });
    expect(byNameDesc.rows[0]!.name).toBe("Eve Evans");
  });

  it("pages by name the same walking the name index as sorting everyone, from the kept rows and from the engine", async () => {
    for (const now of [NOW, undefined]) {
      for (const direction of ["asc", "desc"] as const) {
        for (const status of [undefined, "missing"] as const) {
          const names = async (nameWalkThrough: number) => {
            const shown: string[] = [];
            for (const page of [1, 2, 3]) {
              const part = await teamMatrix(
                db,
                { scope: ALL, onDate: ON, now, direction, status, pageSize: 2, page },
                { nameWalkThrough },
              );
              // A page past the end shows the last page again: stop there.
              if (part.page !== page) break;
              shown.push(...part.rows.map((r) => `${r.name} ${r.worstStatus}`));
            }
            return shown;
          };
          const walked = await names(1_000);
          expect(walked.length, `${direction} ${status}`).toBe(status ? 1 : 5);
          expect(await names(0), `${direction} ${status}, ${now ? "kept rows" : "engine"}`).toEqual(walked);
        }
      }
    }
  });

  it("pages a status sort the same as the whole list, from the kept rows and from the engine", async () => {
    for (const now of [NOW, undefined]) {
      for (const direction of ["desc", "asc"] as const) {
        const whole = await teamMatrix(db, { scope: ALL, onDate: ON, now, sort: "status", direction });
        const paged: string[] = [];
        for (const page of [1, 2, 3]) {
          const part = await teamMatrix(db, {
            scope: ALL,
            onDate: ON,
            now,
            sort: "status",
            direction,
            pageSize: 2,
            page,
          });
          expect(part.total).toBe(5);
          paged.push(...part.rows.map((r) => r.name));
        }
        expect(paged, `${direction}, ${now ? "kept rows" : "engine"}`).toEqual(whole.rows.map((r) => r.name));
      }
    }
  });

  it("filters by status, organisation and requirement", async () => {
    const expired = await teamMatrix(db, { scope: ALL, onDate: ON, status: "expired" });
    expect(expired.rows.map((r) => r.name)).toEqual(["Cat Clark"]);
    expect(expired.summary.people).toBe(5);
    const missing = await teamMatrix(db, { scope: ALL, onDate: ON, status: "missing" });
    expect(missing.rows.map((r) => r.name)).toEqual(["Ben Brown"]);
    const youth = await teamMatrix(db, { scope: ALL, onDate: ON, organisationId: w.service.id });
    expect(youth.rows.map((r) => r.name)).toEqual(["Ada Adams", "Ben Brown"]);
    expect(youth.summary.people).toBe(2);
    const onlySafeguarding = await teamMatrix(db, { scope: ALL, onDate: ON, requirementId: safeguarding });
    expect(onlySafeguarding.requirements.map((r) => r.id)).toEqual([safeguarding]);
    expect(onlySafeguarding.rows.map((r) => r.name)).toEqual(["Ada Adams", "Ben Brown"]);
    const missingSafeguardingInLibraries = await teamMatrix(db, {
      scope: ALL,
      onDate: ON,
      requirementId: safeguarding,
      organisationId: w.otherService.id,
    });
    expect(missingSafeguardingInLibraries.total).toBe(0);
    expect(missingSafeguardingInLibraries.rows).toEqual([]);
  });

  it("exports one line per person and requirement, filtered the same way", async () => {
    const all = await complianceExportRows(db, { scope: ALL, onDate: ON, now: NOW });
    expect(all).toHaveLength(7);
    expect(all[0]).toMatchObject({
      name: "Ada Adams",
      requirementName: "Prevent awareness",
      status: "current",
      courseTitle: "Prevent awareness",
      completedOn: "2025-01-01",
    });
    expect(all.find((r) => r.name === "Ben Brown" && r.requirementName === "Safeguarding")).toMatchObject({
      status: "missing",
      bookedOn: "2026-06-20",
    });
    const expiring = await complianceExportRows(db, { scope: ALL, onDate: ON, status: "expiring" });
    expect(expiring.map((r) => r.name)).toEqual(["Dan Davis"]);
  });

  it("exports the same lines in batches of people as in one", async () => {
    const inOne = await complianceExportRows(db, { scope: ALL, onDate: ON, now: NOW });
    const batches: number[] = [];
    const inBatches = [];
    for await (const batch of complianceExportBatches(
      db,
      { scope: ALL, onDate: ON, now: NOW },
      { first: 1, growTo: 2 },
    )) {
      batches.push(batch.length);
      inBatches.push(...batch);
    }
    expect(batches.length).toBeGreaterThan(2);
    expect(inBatches).toEqual(inOne);
  });

  it("keeps a manager to their own team", async () => {
    await db.update(people).set({ lineManagerId: names.Adams! }).where(eq(people.id, names.Brown!));
    const scope = personScopeFor(
      {
        accountId: "a",
        personId: names.Adams!,
        displayName: "Ada",
        email: "a@example.test",
        grants: [{ role: "manager", organisationId: null, personId: names.Adams! }],
      },
      "team:view-compliance",
    );
    const matrix = await teamMatrix(db, { scope, onDate: ON });
    expect(matrix.rows.map((r) => r.name)).toEqual(["Ben Brown"]);
    expect(matrix.summary.people).toBe(1);
    const rows = await complianceExportRows(db, { scope, onDate: ON });
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(["Ben Brown"]));
  });
});
