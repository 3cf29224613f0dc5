import { type SQL, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { completions, organisations, people, requirements } from "../../app/db/schema";
import { complianceRowsSql } from "../../app/domain/compliance/compliance-query";
import { type CoveragePass, coveragePass } from "../../app/domain/coverage/coverage-pass";
import {
  bringPersonRequirementsUpToDate,
  coverageFigures,
  keptStatusRowsSql,
} from "../../app/domain/kept-coverage/kept-rows";
import type { PersonScope } from "../../app/domain/people/scope";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { type CoverageCouncil, ON, PAST, buildCoverageCouncil } from "./coverage-fixtures";

/**
 * The kept state (person_requirements, coverage_month_ends) must always give what the compliance
 * engine computes from the completions themselves, however the records change after it was
 * counted: these tests change them every way the triggers watch, and compare every figure.
 */
let t: TestDatabase;
let f: CoverageCouncil;
let recordedInError: { id: number };
const ALL: PersonScope = { kind: "all" };
const EXPIRING = { from: "2026-07-01", to: "2026-12-31", page: 1, pageSize: 100 };

beforeAll(async () => {
  t = await createTestDatabase();
  f = await buildCoverageCouncil(t.db);
});
afterAll(() => t?.close());

/** "requirement/sector @ date: current of applicable" for every point of a pass. */
function linesOf(pass: CoveragePass): string[] {
  return pass.groups
    .flatMap((g) =>
      pass.dates.map((date, i) => `${g.requirementId}/${g.sector} @ ${date}: ${g.current[i]} of ${g.applicable[i]}`),
    )
    .filter((line) => !line.endsWith(": 0 of 0"))
    .sort();
}

/** The same lines, from the compliance engine, one date at a time. */
async function engineLines(dates: string[], personCondition?: SQL): Promise<string[]> {
  const lines: string[] = [];
  for (const date of dates) {
    const rows = await queryRows<{ line: string }>(
      t.db,
      sql`select cr.requirement_id || '/' || o.sector || ' @ ' || ${date}::text || ': ' ||
            count(*) filter (where status in ('current', 'expiring')) || ' of ' ||
            count(*) filter (where status <> 'not_yet_due') as line
          from (${complianceRowsSql({ onDate: date, personCondition })}) cr
          join people p on p.id = cr.person_id join organisations o on o.id = p.organisation_id
          group by cr.requirement_id, o.sector
          having count(*) filter (where status <> 'not_yet_due') > 0`,
    );
    lines.push(...rows.map((r) => r.line));
  }
  return lines.sort();
}

/** Who runs out between the dates, from the engine: "person/requirement until date". */
async function engineExpiring(onDate: string, from: string, to: string): Promise<string[]> {
  const rows = await queryRows<{ line: string }>(
    t.db,
    sql`select cr.person_id || '/' || r.name || ' until ' || cr.valid_until as line
        from (${complianceRowsSql({ onDate })}) cr join requirements r on r.id = cr.requirement_id
        where cr.status in ('current', 'expiring') and cr.valid_until::date between ${from}::date and ${to}::date`,
  );
  return rows.map((r) => r.line).sort();
}

async function keptFigures(): Promise<string[]> {
  const rows = await queryRows<{ line: string }>(
    t.db,
    sql`select on_date || ' ' || requirement_id || '/' || sector || '/' || directorate_id || ': ' || current || ' of '
          || applicable || ', ' || not_yet_due || ' not yet due' as line
        from coverage_figures where applicable > 0 or current > 0 or not_yet_due > 0 order by 1`,
  );
  return rows.map((r) => r.line);
}

async function keptDates(): Promise<string[]> {
  const rows = await queryRows<{ d: string }>(
    t.db,
    sql`select distinct on_date::text as d from coverage_figures order by 1`,
  );
  return rows.map((r) => r.d);
}

/**
 * Every figure of a 24-month pass for everyone, on ON and on PAST, against the engine, directorates
 * included; each person's status per requirement (as the team matrix reads it) on dates from ON;
 * who was trained on what in each quarter against the completions; and the kept figures against
 * a recount from scratch.
 */
async function expectAgreement(): Promise<void> {
  for (const onDate of [ON, PAST]) {
    const pass = await coveragePass(t.db, { onDate, months: 24, scope: ALL, expiring: EXPIRING });
    expect(linesOf(pass)).toEqual(await engineLines(pass.dates));
    const expiring = pass.expiring.rows.map((r) => `${r.personId}/${r.requirementName} until ${r.validUntil}`).sort();
    expect(expiring).toEqual(await engineExpiring(onDate, EXPIRING.from, EXPIRING.to));
    expect(pass.expiring.total).toBe(expiring.length);
    const directorates = pass.directorates
      .filter((r) => r.applicable > 0)
      .map((r) => `${r.requirementId}/${r.directorateId}: ${r.current} of ${r.applicable}`)
      .sort();
    const fromEngine = await queryRows<{ line: string }>(
      t.db,
      sql`select cr.requirement_id || '/' || split_part(o.path, '.', 2) || ': ' ||
            count(*) filter (where status in ('current', 'expiring')) || ' of ' ||
            count(*) filter (where status <> 'not_yet_due') as line
          from (${complianceRowsSql({ onDate, personCondition: sql`o.sector = 'council' and o.depth >= 1` })}) cr
          join people p on p.id = cr.person_id join organisations o on o.id = p.organisation_id
          group by cr.requirement_id, split_part(o.path, '.', 2)
          having count(*) filter (where status <> 'not_yet_due') > 0`,
    );
    expect(directorates).toEqual(fromEngine.map((r) => r.line).sort());
  }
  await bringPersonRequirementsUpToDate(t.db);
  // Each person's status per requirement, as the team matrix reads it for today or later.
  const statuses = (rows: SQL) =>
    queryRows<{ line: string }>(
      t.db,
      sql`select person_id || '/' || requirement_id || ': ' || status || ' ' || coalesce(due_on, '-')
      as line from (${rows}) s order by 1`,
    );
  for (const onDate of [ON, "2026-08-20", "2027-01-01"]) {
    expect(await statuses(keptStatusRowsSql({ onDate, personCondition: sql`true` }))).toEqual(
      await statuses(complianceRowsSql({ onDate })),
    );
  }
  const quarterCourses = (table: SQL) =>
    queryRows<{ line: string }>(
      t.db,
      sql`select quarter_start || ' ' || sector || ' ' || course_id || ' ' || person_id as line
      from ${table} order by 1`,
    );
  expect(await quarterCourses(sql`person_quarter_courses`)).toEqual(
    await quarterCourses(sql`(select distinct date_trunc('quarter', c.completed_on)::date::text as quarter_start,
      o.sector, c.course_id, c.person_id from completions c join people p on p.id = c.person_id
      join organisations o on o.id = p.organisation_id where c.revoked_at is null) q`),
  );
  const kept = await keptFigures();
  expect(kept.length).toBeGreaterThan(0);
  const dates = await keptDates();
  await t.db.execute(sql`insert into stale_person_requirements (person_id) values (0) on conflict do nothing`);
  await coverageFigures(t.db, dates);
  expect(await keptFigures()).toEqual(kept);
}

describe("coverage kept up to date as the records change", () => {
  it("agrees with the compliance engine once counted", async () => {
    await expectAgreement();
  });

  it("after a back-dated completion, a revocation and a completion removed", async () => {
    await make.completion(t.db, {
      personId: f.p.a3.id,
      courseId: f.course.prevent.id,
      completedOn: "2025-03-01",
      expiresOn: "2028-03-01",
    });
    await t.db
      .update(completions)
      .set({ revokedAt: new Date("2026-06-20T09:00:00Z"), revokeReason: "Wrong person" })
      .where(eq(completions.personId, f.p.a9.id));
    await t.db.delete(completions).where(eq(completions.personId, f.p.a7.id));
    await expectAgreement();
  });

  it("after people move, change tags, leave and join", async () => {
    await t.db.update(people).set({ organisationId: f.a1s.id }).where(eq(people.id, f.p.a7.id));
    await t.db
      .update(people)
      .set({ profileTags: ["frontline"] })
      .where(eq(people.id, f.p.a8.id));
    await t.db.update(people).set({ leavingDate: "2025-06-30" }).where(eq(people.id, f.p.a2.id));
    const joiner = await make.person(t.db, { organisationId: f.contractor.id, startDate: "2025-01-15" });
    recordedInError = await make.person(t.db, {
      organisationId: f.a1s.id,
      profileTags: ["frontline"],
      startDate: "2024-01-01",
    });
    await make.completion(t.db, {
      personId: joiner.id,
      courseId: f.course.workshop.id,
      completedOn: "2025-02-01",
      expiresOn: "2028-02-01",
    });
    await expectAgreement();
  });

  it("after a person recorded in error is deleted", async () => {
    expect(await keptFigures()).toContain(
      `${ON} ${f.req.councilFrontline.id}/council/${f.dirA.id}: 2 of 6, 1 not yet due`,
    );
    await t.db.delete(people).where(eq(people.id, recordedInError.id));
    await expectAgreement();
    expect(await keptFigures()).toContain(
      `${ON} ${f.req.councilFrontline.id}/council/${f.dirA.id}: 2 of 5, 1 not yet due`,
    );
  });

  it("after a requirement changes and the organisation tree moves", async () => {
    await t.db.update(requirements).set({ renewalMonths: 12 }).where(eq(requirements.id, f.req.councilFrontline.id));
    await t.db.execute(sql`update organisations set parent_id = ${f.dirB.id}, path = ${`${f.council.id}.${f.dirB.id}.${f.a2s.id}.`}
      where id = ${f.a2s.id}`);
    expect((await t.db.select().from(organisations).where(eq(organisations.id, f.a2s.id)))[0]!.parentId).toBe(
      f.dirB.id,
    );
    await expectAgreement();
  });

  it("gives a manager's narrower scope, at every point, what the engine gives", async () => {
    const scope: PersonScope = {
      kind: "some",
      selfPersonId: null,
      reportsTo: [],
      organisationIds: [f.dirA.id],
      sectors: [],
    };
    const pass = await coveragePass(t.db, { onDate: ON, months: 24, scope });
    const dirAPath = `${f.council.id}.${f.dirA.id}.`;
    expect(linesOf(pass)).toEqual(await engineLines(pass.dates, sql`o.path like ${`${dirAPath}%`}`));
  });

  it("keeps every month end counted, and only the latest few other dates", async () => {
    const others = [
      "2026-06-01",
      "2026-06-02",
      "2026-06-03",
      "2026-06-04",
      "2026-06-05",
      "2026-06-08",
      "2026-06-09",
      "2026-06-10",
      "2026-06-11",
    ];
    for (const date of others) await coverageFigures(t.db, [date]);
    const kept = await keptDates();
    // The one just asked for, and the seven before it.
    expect(kept.filter((d) => others.includes(d))).toEqual(others.slice(-8));
    expect(kept).toContain("2024-12-31");
    expect(kept).toContain(PAST);
    // A date asked for is always answered, however old.
    const figures = await coverageFigures(t.db, ["2025-01-15"]);
    expect(figures.length).toBeGreaterThan(0);
    expect(figures.every((f) => f.onDate === "2025-01-15")).toBe(true);
  });

  it("brings only the stale people up to date, and does nothing when none are", async () => {
    await bringPersonRequirementsUpToDate(t.db);
    expect(await bringPersonRequirementsUpToDate(t.db)).toBe(0);
    await make.completion(t.db, {
      personId: f.p.a3.id,
      courseId: f.course.wrap.id,
      completedOn: "2026-05-01",
      expiresOn: "2029-05-01",
    });
    expect(await bringPersonRequirementsUpToDate(t.db)).toBe(1);
    await t.db.update(people).set({ givenName: "Renamed" }).where(eq(people.id, f.p.a3.id));
    expect(await bringPersonRequirementsUpToDate(t.db)).toBe(0);
  });
});
