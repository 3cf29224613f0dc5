import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../app/db/database";
import { seedDemo } from "../../app/demo/seed-demo.server";
import { REQUIREMENTS } from "../../app/demo/requirements";
import { COMPLIANCE_STATUSES, type ComplianceStatus } from "../../app/domain/compliance/compliance-query";
import { complianceFor } from "../../app/domain/compliance/status-for-people";
import { teamMatrix } from "../../app/domain/compliance/team-matrix";
import { addDaysToDate, addMonthsToDate } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { countStatements } from "./compliance-fixtures";

const TODAY = "2026-11-25";
// Bookings count as future from noon that day, not from the clock: the seeded sessions are dated
// from TODAY, and by the real date some of them have passed.
const NOW = new Date(`${TODAY}T12:00:00Z`);

let t: TestDatabase;
let db: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await seedDemo(db, { today: TODAY });
});
afterAll(() => t.close());

/**
 * The rules of the issue written again, plainly, in JavaScript over the raw tables: the engine's
 * one SQL statement must agree with it for every person and requirement of the demo council.
 */
async function oracle(onDate: string) {
  const people = await queryRows<{
    id: number;
    path: string;
    sector: string;
    tags: string[];
    employment: string;
    start: string;
    leaving: string | null;
  }>(
    db,
    sql`select p.id, o.path, o.sector::text as sector, p.profile_tags as tags, p.employment_type::text as employment,
          p.start_date::text as start, p.leaving_date::text as leaving
        from people p join organisations o on o.id = p.organisation_id`,
  );
  const requirements = await queryRows<{
    id: number;
    sectors: string[];
    orgs: number[];
    tags: string[];
    employment: string[];
    due: number;
    renewal: number | null;
    reminder: number;
    retired_on: string | null;
    courses: number[];
  }>(
    db,
    sql`select r.id, r.audience_sectors as sectors, r.audience_organisation_ids as orgs, r.audience_tags as tags,
          r.audience_employment_types as employment, r.due_within_days as due, r.renewal_months as renewal,
          r.reminder_days as reminder, (r.retired_at at time zone 'Europe/London')::date::text as retired_on,
          array(select course_id from requirement_courses where requirement_id = r.id) as courses
        from requirements r`,
  );
  const completions = await queryRows<{
    id: number;
    person_id: number;
    course_id: number;
    completed_on: string;
    expires_on: string | null;
    revoked: boolean;
  }>(
    db,
    sql`select id::int as id, person_id, course_id, completed_on::text, expires_on::text, revoked_at is not null as revoked from completions`,
  );
  const byPerson = new Map<number, typeof completions>();
  for (const c of completions) byPerson.set(c.person_id, [...(byPerson.get(c.person_id) ?? []), c]);

  const expected = new Map<string, { status: ComplianceStatus; dueOn: string | null; completionId: number | null }>();
  for (const p of people) {
    if (p.start > onDate || (p.leaving !== null && p.leaving <= onDate)) continue;
    const ancestors = p.path.split(".").filter(Boolean).map(Number);
    for (const r of requirements) {
      if (r.retired_on !== null && r.retired_on <= onDate) continue;
      if (r.sectors.length && !r.sectors.includes(p.sector)) continue;
      if (r.tags.length && !r.tags.some((tag) => p.tags.includes(tag))) continue;
      if (r.employment.length && !r.employment.includes(p.employment)) continue;
      if (r.orgs.length && !r.orgs.some((id) => ancestors.includes(id))) continue;
      let best: { id: number; completedOn: string; until: string | null } | null = null;
      for (const c of byPerson.get(p.id) ?? []) {
        if (c.revoked || c.completed_on > onDate || !r.courses.includes(c.course_id)) continue;
        const until = r.renewal !== null ? addMonthsToDate(c.completed_on, r.renewal) : c.expires_on;
        const candidate = { id: c.id, completedOn: c.completed_on, until };
        const rank = (x: typeof candidate) =>
          [x.until ?? "9999-12-31", x.completedOn, String(x.id).padStart(12, "0")].join("|");
        if (!best || rank(candidate) > rank(best)) best = candidate;
      }
      const dueBy = addDaysToDate(p.start, r.due);
      let status: ComplianceStatus;
      let dueOn: string | null;
      if (best && (best.until === null || best.until > onDate)) {
        status = best.until !== null && best.until <= addDaysToDate(onDate, r.reminder) ? "expiring" : "current";
        dueOn = best.until;
      } else if (onDate < dueBy) {
        status = "not_yet_due";
        dueOn = dueBy;
      } else if (best) {
        status = "expired";
        dueOn = best.until;
      } else {
        status = "missing";
        dueOn = dueBy;
      }
      expected.set(`${p.id}:${r.id}`, { status, dueOn, completionId: best?.id ?? null });
    }
  }
  return expected;
}

describe("the demo council's compliance", () => {
  it("comes back for all ~800 people and every requirement in one call, agreeing with the rules", async () => {
    const people = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from people`);
    expect(people[0]!.n).toBeGreaterThan(700);
    const started = performance.now();
    const { result: rows, count: statements } = await countStatements(db, () =>
      complianceFor(db, { scope: { kind: "all" }, onDate: TODAY, now: NOW }),
    );
    const elapsed = performance.now() - started;
    console.info(`complianceFor, demo council (${rows.length} rows) on ${t.engine}: ${Math.round(elapsed)} ms`);
    expect(statements).toBe(1);

    const expected = await oracle(TODAY);
    expect(rows.length).toBe(expected.size);
    const actual = new Map(
      rows.map((r) => [
        `${r.personId}:${r.requirementId}`,
        { status: r.status, dueOn: r.dueOn, completionId: r.completion?.id ?? null },
      ]),
    );
    expect(actual).toEqual(expected);

    // Every seeded requirement applies to someone, and every status occurs.
    expect(new Set(rows.map((r) => r.requirementId)).size).toBe(REQUIREMENTS.length);
    const byStatus = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]));
    for (const status of COMPLIANCE_STATUSES) expect(byStatus[status], status).toBeGreaterThan(0);
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(rows.length);
    // Future bookings are found for some of those who still need the training.
    expect(rows.some((r) => r.booked !== null && r.status !== "current")).toBe(true);

    // The team summary counts the same people and requirements.
    const matrix = await teamMatrix(db, { scope: { kind: "all" }, onDate: TODAY, now: NOW, pageSize: 10 });
    expect(matrix.summary.people).toBe(new Set(rows.map((r) => r.personId)).size);
    expect(matrix.total).toBe(matrix.summary.people);
    expect(Object.values(matrix.summary.byWorstStatus).reduce((a, b) => a + b, 0)).toBe(matrix.summary.people);
    for (const requirement of matrix.requirements) {
      const mine = rows.filter((r) => r.requirementId === requirement.id);
      expect(requirement.applies).toBe(mine.length);
      expect(requirement.current).toBe(mine.filter((r) => r.status === "current" || r.status === "expiring").length);
    }
  });

  it("agrees with the rules on a date in the past", async () => {
    const onDate = "2025-03-31";
    const rows = await complianceFor(db, { scope: { kind: "all" }, onDate });
    const expected = await oracle(onDate);
    const actual = new Map(
      rows.map((r) => [
        `${r.personId}:${r.requirementId}`,
        { status: r.status, dueOn: r.dueOn, completionId: r.completion?.id ?? null },
      ]),
    );
    expect(actual).toEqual(expected);
    expect(rows.every((r) => r.booked === null)).toBe(true);
  });
});
