import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryOne, queryRows } from "../../app/db/database";
import { complianceRowsSql } from "../../app/domain/compliance/compliance-query";
import { trendDates } from "../../app/domain/coverage/coverage-trend";
import { dashboardData } from "../../app/domain/kpis/dashboard-data";
import { declareSchoolHeadcount } from "../../app/domain/coverage/declare-school-headcount";
import { organisationCoverage } from "../../app/domain/coverage/organisation-coverage";
import { resolveMeasures } from "../../app/domain/coverage/resolve-measures";
import { schoolCoverageDetail } from "../../app/domain/coverage/school-coverage-detail";
import { schoolsCoverage } from "../../app/domain/coverage/schools-coverage";
import { DomainError } from "../../app/domain/errors";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { type PersonScope, personInScopeCondition } from "../../app/domain/people/scope";
import { completions } from "../../app/db/schema";
import * as make from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type CoverageCouncil, ON, PAST, buildCoverageCouncil } from "./coverage-fixtures";

let t: TestDatabase;
let f: CoverageCouncil;
const ALL: PersonScope = { kind: "all" };

beforeAll(async () => {
  t = await createTestDatabase();
  f = await buildCoverageCouncil(t.db);
  await ensureKpiDefinitions(t.db);
});
afterAll(() => t?.close());

describe("which requirements each headline measures", () => {
  it("finds them from the requirements' audiences and courses", async () => {
    const m = await resolveMeasures(t.db);
    expect(m.council_frontline.requirementIds).toEqual([f.req.councilFrontline.id]);
    expect(m.contractor.requirementIds).toEqual([f.req.contractor.id]);
    expect(m.school_prevent.requirementIds).toEqual([f.req.schoolPrevent.id]);
    expect(m.school_dsl.requirementIds).toEqual([f.req.schoolDsl.id]);
  });
});

describe("the dashboard's figures", () => {
  it("counts current on the date, leaving out leavers, new starters not yet due and revoked completions", async () => {
    const d = await dashboardData(t.db, ALL, ON);
    const headline = Object.fromEntries(d.headlines.map((h) => [h.key, h]));
    expect(headline.council_frontline!.figure).toEqual({ applicable: 6, current: 3, percent: 50 });
    expect(headline.contractor!.figure).toEqual({ applicable: 3, current: 1, percent: 33.3 });
    expect(headline.school_prevent!.figure).toEqual({ applicable: 8, current: 5, percent: 62.5 });
    expect(headline.council_frontline!.target).toBe(95);
    expect(headline.council_frontline!.status).toBe("red");
  });

  it("works for any past date", async () => {
    const d = await dashboardData(t.db, ALL, PAST);
    const council = d.headlines.find((h) => h.key === "council_frontline")!;
    expect(council.figure).toEqual({ applicable: 7, current: 5, percent: 71.4 });
  });

  it("shows each requirement by sector and says how many new starters were left out", async () => {
    const d = await dashboardData(t.db, ALL, ON);
    const frontline = d.bySector.find((r) => r.requirementId === f.req.councilFrontline.id)!;
    expect(frontline.sectors.council).toEqual({ applicable: 6, current: 3, percent: 50 });
    expect(frontline.sectors.school).toEqual({ applicable: 0, current: 0, percent: null });
    expect(frontline.notYetDue).toBe(1);
    const dsl = d.bySector.find((r) => r.requirementId === f.req.schoolDsl.id)!;
    expect(dsl.sectors.school).toEqual({ applicable: 2, current: 1, percent: 50 });
    expect(d.notYetDue).toBe(1);
  });

  it("rolls directorates up through the tree", async () => {
    const d = await dashboardData(t.db, ALL, ON);
    expect(d.byDirectorate.map((r) => [r.name, r.all.current, r.all.applicable, r.frontline.percent])).toEqual([
      ["Directorate A", 2, 5, 40],
      ["Directorate B", 1, 1, 100],
    ]);
  });

  it("lists the people whose training runs out in the next 90 days", async () => {
    const d = await dashboardData(t.db, ALL, ON);
    expect(d.expiring.total).toBe(1);
    expect(d.expiring.rows).toEqual([
      {
        personId: f.p.a9.id,
        name: "Ida Nine",
        organisationName: "Service A1",
        requirementName: "Prevent awareness: council frontline",
        validUntil: "2026-08-15",
      },
    ]);
    const later = await dashboardData(t.db, ALL, "2025-06-30");
    // On 30 June 2025 nothing of a9's runs out within 90 days; a1 and others are years away.
    expect(later.expiring.rows.map((r) => r.personId)).not.toContain(f.p.a9.id);
  });

  it("draws a 24-month trend that agrees with the compliance engine at every month end", async () => {
    const d = await dashboardData(t.db, ALL, ON);
    expect(d.trend.map((p) => p.date)).toEqual(trendDates(ON, 24));
    expect(d.trend[0]!.date).toBe("2024-07-31");
    expect(d.trend.at(-1)!.date).toBe(ON);
    const measures = await resolveMeasures(t.db);
    for (const point of d.trend) {
      for (const key of ["council_frontline", "contractor", "school_prevent"] as const) {
        const m = measures[key];
        const expected = await queryOne<{ applicable: number; current_count: number }>(
          t.db,
          sql`select count(*) filter (where status <> 'not_yet_due')::int as applicable,
                count(*) filter (where status in ('current', 'expiring'))::int as current_count
              from (${complianceRowsSql({
                onDate: point.date,
                requirementIds: m.requirementIds,
                personCondition: sql`o.sector = ${m.sector}`,
              })}) cr`,
        );
        expect([point.date, key, point.values[key]!.applicable, point.values[key]!.current]).toEqual([
          point.date,
          key,
          expected!.applicable,
          expected!.current_count,
        ]);
      }
    }
    const december = d.trend.find((p) => p.date === PAST)!;
    expect(december.values.council_frontline).toEqual({ applicable: 7, current: 5, percent: 71.4 });
  });

  it("agrees with the compliance engine for every requirement and sector, on any date", async () => {
    for (const date of [ON, PAST, "2025-06-30", "2026-03-31", "2026-05-15"]) {
      const d = await dashboardData(t.db, ALL, date);
      const fromDashboard = d.bySector.flatMap((r) =>
        Object.entries(r.sectors)
          .filter(([, c]) => c.applicable > 0)
          .map(([sector, c]) => `${r.requirementId}/${sector}: ${c.current} of ${c.applicable}`),
      );
      const fromEngine = await queryRows<{ line: string }>(
        t.db,
        sql`select cr.requirement_id || '/' || o.sector || ': ' ||
              count(*) filter (where status in ('current', 'expiring')) || ' of ' ||
              count(*) filter (where status <> 'not_yet_due') as line
            from (${complianceRowsSql({ onDate: date })}) cr
            join people p on p.id = cr.person_id join organisations o on o.id = p.organisation_id
            group by cr.requirement_id, o.sector
            having count(*) filter (where status <> 'not_yet_due') > 0`,
      );
      expect([date, ...fromDashboard.sort()]).toEqual([date, ...fromEngine.map((r) => r.line).sort()]);
    }
  });

  it("limits a manager to their scope", async () => {
    const scope: PersonScope = {
      kind: "some",
      selfPersonId: null,
      reportsTo: [],
      organisationIds: [f.a1s.id],
      sectors: [],
    };
    const d = await dashboardData(t.db, scope, ON);
    const headline = Object.fromEntries(d.headlines.map((h) => [h.key, h.figure]));
    expect(headline.council_frontline).toEqual({ applicable: 3, current: 2, percent: 66.7 });
    expect(headline.contractor).toEqual({ applicable: 0, current: 0, percent: null });
    expect(d.byDirectorate.map((r) => r.name)).toEqual(["Directorate A"]);
    expect(d.trend.at(-1)!.values.council_frontline).toEqual({ applicable: 3, current: 2, percent: 66.7 });
    expect(await organisationCoverage(t.db, scope, f.dirB.id, ON)).toBeUndefined();
    expect(await organisationCoverage(t.db, scope, f.dirA.id, ON)).toBeDefined();
  });
});

describe("drilling down from a directorate to its services and people", () => {
  it("shows each service rolled up, then its people", async () => {
    const dir = (await organisationCoverage(t.db, ALL, f.dirA.id, ON))!;
    expect(dir.ancestry.map((a) => a.name)).toEqual(["Test Council", "Directorate A"]);
    expect(dir.total.frontline).toEqual({ applicable: 5, current: 2, percent: 40 });
    expect(dir.children.map((c) => [c.name, c.frontline.current, c.frontline.applicable])).toEqual([
      ["Service A1", 2, 3],
      ["Service A2", 0, 2],
    ]);
    expect(dir.people.total).toBe(0);

    const a1 = (await organisationCoverage(t.db, ALL, f.a1s.id, ON))!;
    expect(a1.people.rows.map((p) => [p.name, p.standing, p.nextRenewal])).toEqual([
      ["Ida Nine", "expiring", "2026-08-15"],
      ["Alice One", "up_to_date", "2028-01-10"],
      ["Bob Two", "not_up_to_date", null],
    ]);
    const a2 = (await organisationCoverage(t.db, ALL, f.a2s.id, ON))!;
    expect(Object.fromEntries(a2.people.rows.map((p) => [p.name, p.standing]))).toEqual({
      "Cara Three": "not_up_to_date",
      "Dev Four": "not_yet_due",
      "Eve Five": "not_up_to_date",
    });
    const b = (await organisationCoverage(t.db, ALL, f.dirB.id, ON))!;
    expect(Object.fromEntries(b.people.rows.map((p) => [p.name, p.standing]))).toEqual({
      "Gus Seven": "up_to_date",
      "Hal Eight": "none_apply",
    });
  });

  it("pages the people", async () => {
    const page2 = (await organisationCoverage(t.db, ALL, f.a1s.id, ON, { page: 2, pageSize: 2 }))!;
    expect(page2.people.total).toBe(3);
    expect(page2.people.rows).toHaveLength(1);
  });
});

describe("schools", () => {
  it("gives every open school its DSL, staff share, last session and status", async () => {
    const s = await schoolsCoverage(t.db, {}, ON);
    const byName = Object.fromEntries(s.rows.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["W Nursery", "X Primary", "Y Secondary", "Z Primary"]);

    const x = byName["X Primary"]!;
    expect([x.staff, x.prevent, x.dsls, x.dslsTrained, x.status, x.shareBasis, x.noCoverage]).toEqual([
      5,
      { applicable: 5, current: 4, percent: 80 },
      1,
      1,
      "green",
      "evidenced",
      false,
    ]);
    expect(x.lastSession).toBeNull();
    expect(x.trainedInLastYear).toBe(true);

    const y = byName["Y Secondary"]!;
    expect([y.prevent.percent, y.dsls, y.dslsTrained, y.status]).toEqual([50, 1, 0, "amber"]);
    expect(y.lastSession).toEqual({ on: "2026-04-20", source: "staff_attendance" });

    const z = byName["Z Primary"]!;
    expect([z.staff, z.shareBasis, z.status, z.noCoverage]).toEqual([0, "declared", "red", false]);
    expect(z.declaration).toEqual({ declaredOn: "2026-05-01", headcount: 20, declaredTrained: 5, percent: 25 });

    const w = byName["W Nursery"]!;
    expect([w.status, w.noCoverage, w.trainedInLastYear]).toEqual(["red", true, false]);

    expect(s.summary).toEqual({
      schools: 4,
      green: 1,
      amber: 1,
      red: 2,
      noCoverage: 1,
      withTrainedDsl: 1,
      trainedInLastYear: 2,
    });
  });

  it("shows a session for the school when it is the latest", async () => {
    const s = await schoolsCoverage(t.db, {}, "2026-04-01");
    const y = s.rows.find((r) => r.name === "Y Secondary")!;
    expect(y.lastSession).toEqual({ on: "2026-03-10", source: "school_session" });
  });

  it("filters by phase, type and status", async () => {
    const names = async (filters: Parameters<typeof schoolsCoverage>[1]) =>
      (await schoolsCoverage(t.db, filters, ON)).rows.map((r) => r.name);
    expect(await names({ phase: "Primary" })).toEqual(["X Primary", "Z Primary"]);
    expect(await names({ type: "Academy converter" })).toEqual(["Y Secondary", "Z Primary"]);
    expect(await names({ status: "red" })).toEqual(["W Nursery", "Z Primary"]);
    expect(await names({ phase: "Primary", status: "green" })).toEqual(["X Primary"]);
    const s = await schoolsCoverage(t.db, {}, ON);
    expect(s.phases).toEqual(["Nursery", "Primary", "Secondary"]);
  });

  it("works for a past date", async () => {
    const s = await schoolsCoverage(t.db, {}, "2025-06-30");
    const byName = Object.fromEntries(s.rows.map((r) => [r.name, r]));
    expect([
      byName["X Primary"]!.prevent.current,
      byName["X Primary"]!.status,
      byName["X Primary"]!.noCoverage,
    ]).toEqual([0, "red", true]);
    expect(byName["Z Primary"]!.declaration).toBeNull();
    expect(byName["Z Primary"]!.shareBasis).toBe("none");
  });

  it("shows a school's staff with their status, DSLs first", async () => {
    const detail = (await schoolCoverageDetail(t.db, f.school.x.id, ON))!;
    expect(detail.staff[0]).toMatchObject({
      name: "Xena Lead",
      roles: ["dsl"],
      preventStatus: "current",
      dslHoldsPrevent: true,
      dslHoldsDslTraining: true,
    });
    const xu = detail.staff.find((s) => s.name === "Xu Untrained")!;
    expect([xu.preventStatus, xu.dslHoldsPrevent]).toEqual(["missing", null]);
    const y = (await schoolCoverageDetail(t.db, f.school.y.id, ON))!;
    expect(y.staff.find((s) => s.name === "Yara Deputy")).toMatchObject({
      roles: ["deputy_dsl"],
      dslHoldsPrevent: true,
      dslHoldsDslTraining: false,
    });
    expect(await schoolCoverageDetail(t.db, f.dirA.id, ON)).toBeUndefined();
  });

  it("records a declared headcount, audited, and shows it apart from evidence", async () => {
    await expect(
      declareSchoolHeadcount(t.db, {
        schoolId: f.school.w.id,
        declaredOn: ON,
        headcount: 3,
        declaredTrained: 4,
        actorAccountId: "acct-test",
      }),
    ).rejects.toThrow(DomainError);
    const id = await declareSchoolHeadcount(t.db, {
      schoolId: f.school.w.id,
      declaredOn: ON,
      headcount: 6,
      declaredTrained: 3,
      note: "Staff list to follow",
      actorAccountId: "acct-test",
    });
    const audit = await queryOne<{ action: string; actor: string }>(
      t.db,
      sql`select action, actor_account_id as actor from audit_events where entity_type = 'school_declaration' and entity_id = ${String(id)}`,
    );
    expect(audit).toEqual({ action: "school_declaration.create", actor: "acct-test" });
    const w = (await schoolsCoverage(t.db, { schoolId: f.school.w.id }, ON)).rows[0]!;
    // The declaration counts 6 staff, more than the 1 recorded one by one, and is recent: the status
    // uses it (decision 018); the evidenced figure is still there beside it.
    expect([w.shareBasis, w.prevent.percent, w.declaration?.percent, w.noCoverage]).toEqual(["declared", 0, 50, false]);
    const detail = (await schoolCoverageDetail(t.db, f.school.w.id, ON))!;
    expect(detail.declarations.map((d) => [d.headcount, d.declaredTrained, d.note])).toEqual([
      [6, 3, "Staff list to follow"],
    ]);
  });
});

describe("a scope holding whole directorates", () => {
  // Their figures are read from the kept figures by directorate (coverage_figures), as
  // everyone's are, and only the scope's other people are counted from the kept rows.
  const scopeOf = (over: Partial<Extract<PersonScope, { kind: "some" }>>): PersonScope => ({
    kind: "some",
    selfPersonId: null,
    reportsTo: [],
    organisationIds: [],
    sectors: [],
    ...over,
  });

  /** Each requirement and sector's figure on the date, from the compliance engine, for the people in the scope. */
  async function engineLines(scope: PersonScope, date: string): Promise<string[]> {
    const rows = await queryRows<{ line: string }>(
      t.db,
      sql`select cr.requirement_id || '/' || o.sector || ': ' ||
            count(*) filter (where status in ('current', 'expiring')) || ' of ' ||
            count(*) filter (where status <> 'not_yet_due') as line
          from (${complianceRowsSql({ onDate: date })}) cr
          join people p on p.id = cr.person_id join organisations o on o.id = p.organisation_id
          where ${personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` })}
          group by cr.requirement_id, o.sector
          having count(*) filter (where status <> 'not_yet_due') > 0`,
    );
    return rows.map((r) => r.line).sort();
  }

  function dashboardLines(d: Awaited<ReturnType<typeof dashboardData>>): string[] {
    return d.bySector
      .flatMap((r) =>
        Object.entries(r.sectors)
          .filter(([, c]) => c.applicable > 0)
          .map(([sector, c]) => `${r.requirementId}/${sector}: ${c.current} of ${c.applicable}`),
      )
      .sort();
  }

  it("agrees with the compliance engine: a directorate, the whole council, and a directorate with others", async () => {
    const scopes = [
      scopeOf({ organisationIds: [f.dirA.id] }),
      scopeOf({ organisationIds: [f.council.id] }),
      scopeOf({ organisationIds: [f.dirA.id, f.contractor.id], selfPersonId: f.p.a7.id }),
      scopeOf({ organisationIds: [f.dirB.id], reportsTo: [f.p.a1.id], sectors: ["school"] }),
    ];
    for (const scope of scopes) {
      for (const date of [ON, PAST, "2026-03-31"]) {
        const d = await dashboardData(t.db, scope, date);
        expect([date, ...dashboardLines(d)]).toEqual([date, ...(await engineLines(scope, date))]);
      }
    }
  });

  it("gives the same dashboard as counting the same people from the kept rows", async () => {
    // Directorate A's people are all in its two services: the services' scope holds no
    // directorate whole, so it is counted from the kept rows.
    const pairs: Array<[PersonScope, PersonScope]> = [
      [scopeOf({ organisationIds: [f.dirA.id] }), scopeOf({ organisationIds: [f.a1s.id, f.a2s.id] })],
      [
        scopeOf({ organisationIds: [f.dirA.id, f.contractor.id], selfPersonId: f.p.a7.id }),
        scopeOf({ organisationIds: [f.a1s.id, f.a2s.id, f.contractor.id], selfPersonId: f.p.a7.id }),
      ],
    ];
    for (const [whole, counted] of pairs) {
      for (const date of [ON, PAST]) {
        expect(await dashboardData(t.db, whole, date)).toEqual(await dashboardData(t.db, counted, date));
      }
    }
  });

  it("shows a change to someone in the directorate at once", async () => {
    const scope = scopeOf({ organisationIds: [f.dirA.id] });
    const frontline = async () =>
      (await dashboardData(t.db, scope, ON)).headlines.find((h) => h.key === "council_frontline")!.figure;
    const before = await frontline();
    // Bob Two (Service A1, frontline) had no training: now he has.
    const added = await make.completion(t.db, {
      personId: f.p.a2.id,
      courseId: f.course.prevent.id,
      completedOn: "2026-06-01",
      expiresOn: "2029-06-01",
    });
    try {
      const after = await frontline();
      expect([after.applicable, after.current]).toEqual([before.applicable, before.current + 1]);
      expect(dashboardLines(await dashboardData(t.db, scope, ON))).toEqual(await engineLines(scope, ON));
    } finally {
      await t.db.delete(completions).where(eq(completions.id, added.id));
    }
    expect(await frontline()).toEqual(before);
  });
});
