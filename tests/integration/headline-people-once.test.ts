import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryOne } from "../../app/db/database";
import { complianceRowsSql } from "../../app/domain/compliance/compliance-query";
import { dashboardData } from "../../app/domain/kpis/dashboard-data";
import { resolveMeasures } from "../../app/domain/coverage/resolve-measures";
import { computeKpiFigures } from "../../app/domain/kpis/compute-kpi-figures";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { freezeQuarter } from "../../app/domain/kpis/freeze-quarter";
import { quarterlyReport } from "../../app/domain/kpis/quarterly-report";
import { parseQuarter } from "../../app/domain/kpis/quarters";
import type { PersonScope } from "../../app/domain/people/scope";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { type CoverageCouncil, ON, buildCoverageCouncil, requirement } from "./coverage-fixtures";

/**
 * Issue 15, item 2: a headline figure counts people, once each. The hand-made council's
 * contractors (c1 current, c2 expired, c3 missing) are covered by "Prevent awareness:
 * contractors"; c4 is added, current on it through a 2025 completion. Then a second requirement
 * is added for contractors' frontline staff (renew every 12 months): c1, c2 and c4 are covered by
 * both. c1's May 2026 completion counts for both; c4's January 2025 one only for the first.
 */
let t: TestDatabase;
let f: CoverageCouncil;
const ALL: PersonScope = { kind: "all" };
const TODAY = "2026-07-15";
const Q1 = parseQuarter("2026-Q1")!;

const contractors = async () => (await dashboardData(t.db, ALL, ON)).headlines.find((h) => h.key === "contractor")!;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await buildCoverageCouncil(t.db);
  await ensureKpiDefinitions(t.db);
  const c4 = await make.person(t.db, {
    organisationId: f.contractor.id,
    profileTags: ["frontline"],
    givenName: "Cass",
    familyName: "Four",
  });
  await make.completion(t.db, {
    personId: c4.id,
    courseId: f.course.prevent.id,
    completedOn: "2025-01-10",
    expiresOn: "2028-01-10",
  });
});
afterAll(() => t?.close());

describe("a headline figure counts each person once", () => {
  it("does not count a person covered by two of its requirements twice", async () => {
    expect((await contractors()).figure).toEqual({ applicable: 4, current: 2, percent: 50 });

    await requirement(t.db, {
      name: "Prevent awareness: contractors' frontline staff",
      audienceSectors: ["contractor"],
      audienceTags: ["frontline"],
      dueWithinDays: 90,
      renewalMonths: 12,
      courseIds: [f.course.prevent.id, f.course.workshop.id],
    });
    const headline = await contractors();
    expect(headline.requirements).toHaveLength(2);
    // Four people, as before (not 4 + 3); current: c1 only, who holds what both ask for.
    expect(headline.figure).toEqual({ applicable: 4, current: 1, percent: 25 });
    // Each requirement on its own still counts its own people.
    const d = await dashboardData(t.db, ALL, ON);
    expect(
      d.bySector
        .filter((r) => r.sectors.contractor.applicable > 0)
        .map((r) => [r.requirementName, r.total.current, r.total.applicable]),
    ).toEqual([
      ["Prevent awareness: contractors", 2, 4],
      ["Prevent awareness: contractors' frontline staff", 1, 3],
    ]);
  });

  it("counts people once at every point of the trend, as the compliance engine's people would", async () => {
    const d = await dashboardData(t.db, ALL, ON);
    const measures = await resolveMeasures(t.db);
    expect(d.trend.at(-1)!.values.contractor).toEqual({ applicable: 4, current: 1, percent: 25 });
    for (const point of d.trend) {
      const m = measures.contractor;
      const expected = await queryOne<{ applicable: number; current: number }>(
        t.db,
        sql`select count(*) filter (where applicable)::int as applicable, count(*) filter (where applicable and every_current)::int as current
            from (select cr.person_id, bool_or(cr.status <> 'not_yet_due') as applicable,
                    bool_and(cr.status in ('current', 'expiring') or cr.status = 'not_yet_due') as every_current
                  from (${complianceRowsSql({ onDate: point.date, requirementIds: m.requirementIds, personCondition: sql`o.sector = ${m.sector}` })}) cr
                  group by cr.person_id) people`,
      );
      expect([point.date, point.values.contractor!.applicable, point.values.contractor!.current]).toEqual([
        point.date,
        expected!.applicable,
        expected!.current,
      ]);
    }
  });

  it("counts people once in a narrower scope too", async () => {
    const scope: PersonScope = {
      kind: "some",
      selfPersonId: null,
      reportsTo: [],
      organisationIds: [f.contractor.id],
      sectors: [],
    };
    const d = await dashboardData(t.db, scope, ON);
    expect(d.headlines.find((h) => h.key === "contractor")!.figure).toEqual({ applicable: 4, current: 1, percent: 25 });
  });

  it("counts people once in the quarter's KPIs and the quarterly report", async () => {
    const figures = await computeKpiFigures(t.db, Q1, { today: TODAY });
    expect(figures.values.coverage_contractors).toEqual({ value: 25, numerator: 1, denominator: 4 });
    expect(figures.trend.at(-1)!.values.contractor).toEqual({ applicable: 4, current: 1, percent: 25 });
    await freezeQuarter(t.db, { quarter: Q1, today: TODAY, actorAccountId: null });
    const report = await quarterlyReport(t.db, Q1, { today: TODAY });
    expect(report.rows.find((r) => r.key === "coverage_contractors")!.value).toEqual({
      value: 25,
      numerator: 1,
      denominator: 4,
    });
  });

  it("counts a council directorate's frontline staff once", async () => {
    await requirement(t.db, {
      name: "Prevent awareness: council frontline refresher",
      audienceSectors: ["council"],
      audienceTags: ["frontline"],
      dueWithinDays: 90,
      renewalMonths: 36,
      courseIds: [f.course.prevent.id, f.course.wrap.id, f.course.workshop.id],
    });
    const d = await dashboardData(t.db, ALL, ON);
    expect(d.headlines.find((h) => h.key === "council_frontline")!.figure).toEqual({
      applicable: 6,
      current: 3,
      percent: 50,
    });
    expect(d.byDirectorate.map((r) => [r.name, r.frontline.current, r.frontline.applicable])).toEqual([
      ["Directorate A", 2, 5],
      ["Directorate B", 1, 1],
    ]);
  });
});
