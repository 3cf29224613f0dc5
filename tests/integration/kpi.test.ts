import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { completions, kpiDefinitions } from "../../app/db/schema";
import { DomainError } from "../../app/domain/errors";
import { ensureDefaultEvaluationQuestions, listEvaluationQuestions } from "../../app/domain/evaluations/questions";
import { answerField, submitEvaluation } from "../../app/domain/evaluations/submit-evaluation";
import { computeKpiFigures } from "../../app/domain/kpis/compute-kpi-figures";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { freezeQuarter, listQuarterSnapshots } from "../../app/domain/kpis/freeze-quarter";
import { KPI_KEYS } from "../../app/domain/kpis/kpi-catalogue";
import { listKpiDefinitions } from "../../app/domain/kpis/list-kpi-definitions";
import { prepareKpis } from "../../app/domain/kpis/prepare-kpis";
import { quarterlyReport } from "../../app/domain/kpis/quarterly-report";
import { parseQuarter, previousQuarter, quarterDates, quarterLabel, quarterOf } from "../../app/domain/kpis/quarters";
import { ragStatus } from "../../app/domain/kpis/rag";
import { updateKpiTarget } from "../../app/domain/kpis/update-kpi-target";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type CoverageCouncil, buildCoverageCouncil } from "./coverage-fixtures";

let t: TestDatabase;
let f: CoverageCouncil;
const TODAY = "2026-07-15";
const Q1 = parseQuarter("2026-Q1")!;

beforeAll(async () => {
  t = await createTestDatabase();
  f = await buildCoverageCouncil(t.db);
  await ensureKpiDefinitions(t.db);
  // y1 evaluates the workshop of 20 April 2026 (Q1): confidence after 4 and 5, before 2 and 3.
  await ensureDefaultEvaluationQuestions(t.db);
  const [attended] = await queryRows<{ id: number; person_id: number; course_id: number }>(
    t.db,
    sql`select b.id::int as id, b.person_id, s.course_id from bookings b join course_sessions s on s.id = b.session_id
        where s.id = ${f.sessions.s2.id} and b.status = 'attended'`,
  );
  const questions = await listEvaluationQuestions(t.db, attended!.course_id, "after");
  const score = (key: string, value: number) => [answerField(questions.find((q) => q.key === key)!.id), String(value)];
  await submitEvaluation(t.db, {
    bookingId: attended!.id,
    personId: attended!.person_id,
    stage: "after",
    answers: Object.fromEntries([
      score("confidence_recognising_before", 2),
      score("confidence_recognising_after", 4),
      score("confidence_referring_before", 3),
      score("confidence_referring_after", 5),
    ]),
    actorAccountId: "a",
    now: new Date("2026-04-21T10:00:00Z"),
  });
});
afterAll(() => t?.close());

describe("financial-year quarters", () => {
  it("run April to March and are labelled for the board", () => {
    expect(quarterLabel(parseQuarter("2026-Q2")!)).toBe("Q2 2026 to 2027 (July to September 2026)");
    expect(quarterLabel(parseQuarter("2026-q4")!)).toBe("Q4 2026 to 2027 (January to March 2027)");
    expect(quarterDates(parseQuarter("2026-Q4")!)).toEqual({ start: "2027-01-01", end: "2027-03-31" });
    expect(quarterDates(parseQuarter("2027-Q3")!)).toEqual({ start: "2027-10-01", end: "2027-12-31" });
    expect(quarterOf("2027-02-10")).toEqual({ financialYear: 2026, number: 4 });
    expect(quarterOf("2026-04-01")).toEqual({ financialYear: 2026, number: 1 });
    expect(previousQuarter(Q1)).toEqual({ financialYear: 2025, number: 4 });
    expect(parseQuarter("2026-Q5")).toBeNull();
    expect(parseQuarter("nonsense")).toBeNull();
  });
});

describe("KPI definitions", () => {
  it("are seeded once, idempotently, and keep the coordinator's targets", async () => {
    await ensureKpiDefinitions(t.db);
    const definitions = await listKpiDefinitions(t.db);
    expect(definitions.map((d) => d.key)).toEqual([...KPI_KEYS]);
    expect(definitions.find((d) => d.key === "coverage_council_frontline")).toMatchObject({
      target: 95,
      unit: "percent",
    });

    await updateKpiTarget(t.db, { key: "sessions_delivered", target: 3, actorAccountId: "acct-coordinator" });
    await ensureKpiDefinitions(t.db);
    expect((await listKpiDefinitions(t.db)).find((d) => d.key === "sessions_delivered")!.target).toBe(3);
    const audit = await queryRows<{ action: string; before: unknown; after: unknown }>(
      t.db,
      sql`select action, before, after from audit_events where entity_type = 'kpi_definition' and entity_id = 'sessions_delivered'`,
    );
    expect(audit).toEqual([{ action: "kpi.target.update", before: { target: 12 }, after: { target: 3 } }]);
  });

  it("refuses a target that does not fit the unit", async () => {
    await expect(updateKpiTarget(t.db, { key: "attendance_rate", target: 120, actorAccountId: "a" })).rejects.toThrow(
      DomainError,
    );
    await expect(
      updateKpiTarget(t.db, { key: "sessions_delivered", target: 2.5, actorAccountId: "a" }),
    ).rejects.toThrow(DomainError);
    await expect(updateKpiTarget(t.db, { key: "no_such_kpi", target: 1, actorAccountId: "a" })).rejects.toThrow(
      DomainError,
    );
    await expect(
      updateKpiTarget(t.db, { key: "evaluation_mean_score", target: 6, actorAccountId: "a" }),
    ).rejects.toThrow("Enter a score from 1 to 5");
    const [row] = await t.db.select().from(kpiDefinitions).where(eq(kpiDefinitions.key, "attendance_rate"));
    expect(row!.target).toBe(90);
  });

  it("rates a figure red, amber or green against its target", () => {
    expect(ragStatus(95, 95, "percent", "higher")).toBe("green");
    expect(ragStatus(85, 95, "percent", "higher")).toBe("amber");
    expect(ragStatus(84.9, 95, "percent", "higher")).toBe("red");
    expect(ragStatus(12, 10, "percent", "lower")).toBe("amber");
    expect(ragStatus(9, 10, "percent", "lower")).toBe("green");
    expect(ragStatus(11, 12, "count", "higher")).toBe("amber");
    expect(ragStatus(5, null, "count", "higher")).toBeNull();
    expect(ragStatus(5, 3, "count", "neutral")).toBeNull();
  });
});

describe("a quarter's figures", () => {
  it("counts each KPI on the hand-made council", async () => {
    const figures = await computeKpiFigures(t.db, Q1, { today: TODAY });
    expect(figures.asOf).toBe("2026-06-30");
    expect(figures.values).toEqual({
      people_trained: { value: 2 },
      sessions_delivered: { value: 1 },
      attendance_rate: { value: 33.3, numerator: 1, denominator: 3 },
      no_show_rate: { value: 66.7, numerator: 2, denominator: 3 },
      // The mean of the answers after the training (4 and 5), from one evaluation; "before" left out.
      evaluation_mean_score: { value: 4.5, numerator: 2, denominator: 1 },
      coverage_council_frontline: { value: 50, numerator: 3, denominator: 6 },
      coverage_contractors: { value: 33.3, numerator: 1, denominator: 3 },
      coverage_school_staff: { value: 62.5, numerator: 5, denominator: 8 },
      schools_with_trained_dsl: { value: 25, numerator: 1, denominator: 4 },
      schools_trained_last_year: { value: 50, numerator: 2, denominator: 4 },
      completions_expiring_next_quarter: { value: 1 },
    });
    expect(figures.trainedBySector).toEqual([
      { sector: "contractor", people: 1 },
      { sector: "school", people: 1 },
    ]);
    expect(figures.trainedByCourse.map((c) => [c.title, c.people]).sort()).toEqual([
      ["Prevent awareness", 1],
      ["Prevent workshop", 1],
    ]);
    expect(figures.trend).toHaveLength(24);
    expect(figures.trend.at(-1)!.values.council_frontline).toEqual({ applicable: 6, current: 3, percent: 50 });
  });

  it("takes the running quarter's coverage on today's date", async () => {
    const figures = await computeKpiFigures(t.db, parseQuarter("2026-Q2")!, { today: TODAY });
    expect(figures.asOf).toBe(TODAY);
    expect(figures.values.people_trained.value).toBe(0);
    await expect(computeKpiFigures(t.db, parseQuarter("2026-Q3")!, { today: TODAY })).rejects.toThrow(DomainError);
  });
});

describe("the quarterly report and its frozen snapshots", () => {
  it("reads an ended quarter live, writing nothing, until the service freezes it at start-up", async () => {
    const counts = async () =>
      queryRows(
        t.db,
        sql`select (select count(*)::int from audit_events) as audit, (select count(*)::int from kpi_snapshots) as snapshots`,
      );
    const before = await counts();
    const unfrozen = await quarterlyReport(t.db, Q1, { today: TODAY });
    expect(unfrozen.state).toBe("unfrozen");
    expect(unfrozen.snapshots).toEqual([]);
    expect(unfrozen.rows.find((r) => r.key === "people_trained")!.value.value).toBe(2);
    expect(await counts()).toEqual(before);

    // At start-up the service freezes the quarter that ended last, as itself, audited; once.
    const prepared = await prepareKpis(t.db, TODAY);
    expect(prepared.frozeSnapshotId).not.toBeNull();
    expect((await prepareKpis(t.db, TODAY)).frozeSnapshotId).toBeNull();
    const audit = await queryRows<{ action: string; actor_account_id: string | null }>(
      t.db,
      sql`select action, actor_account_id from audit_events where entity_type = 'kpi_snapshot' order by id`,
    );
    expect(audit).toEqual([{ action: "kpi_snapshot.freeze", actor_account_id: null }]);
  });

  it("reads a frozen quarter from its snapshot after a correction", async () => {
    const first = await quarterlyReport(t.db, Q1, { today: TODAY });
    expect(first.state).toBe("frozen");
    expect(first.label).toBe("Q1 2026 to 2027 (April to June 2026)");
    expect(first.snapshots.map((s) => s.takenBy)).toEqual([null]);
    const row = (key: string, report = first) => report.rows.find((r) => r.key === key)!;
    expect(row("people_trained").value.value).toBe(2);
    expect(row("sessions_delivered")).toMatchObject({
      value: { value: 1 },
      previous: { value: 1 },
      target: 3,
      status: "red",
    });
    expect(row("attendance_rate").previous).toEqual({ value: null, numerator: 0, denominator: 0 });
    // The previous quarter (January to March 2026) is computed live: reading it froze nothing.
    expect(await listQuarterSnapshots(t.db, previousQuarter(Q1))).toEqual([]);

    // A completion is found to be wrong after the quarter was frozen.
    await t.db
      .update(completions)
      .set({ revokedAt: new Date("2026-07-10T09:00:00Z"), revokeReason: "Wrong person" })
      .where(eq(completions.id, f.c.c1.id));
    const live = await computeKpiFigures(t.db, Q1, { today: TODAY });
    expect(live.values.people_trained.value).toBe(1);
    expect(live.values.coverage_contractors.value).toBe(0);

    const again = await quarterlyReport(t.db, Q1, { today: TODAY });
    expect(row("people_trained", again).value.value).toBe(2);
    expect(row("coverage_contractors", again).value.value).toBe(33.3);
    expect(again.snapshots).toHaveLength(1);
  });

  it("re-freezes with a reason, keeping both snapshots", async () => {
    await expect(
      freezeQuarter(t.db, { quarter: Q1, today: TODAY, actorAccountId: "acct-c", reason: "  " }),
    ).rejects.toThrow(DomainError);
    await expect(
      freezeQuarter(t.db, {
        quarter: parseQuarter("2026-Q2")!,
        today: TODAY,
        actorAccountId: "acct-c",
        reason: "Too early",
      }),
    ).rejects.toThrow(DomainError);

    const result = await freezeQuarter(t.db, {
      quarter: Q1,
      today: TODAY,
      actorAccountId: "acct-c",
      reason: "A contractor's completion was recorded against the wrong person",
    });
    expect(result.created).toBe(true);
    const report = await quarterlyReport(t.db, Q1, { today: TODAY });
    expect(report.rows.find((r) => r.key === "people_trained")!.value.value).toBe(1);
    expect(report.rows.find((r) => r.key === "coverage_contractors")!.value.value).toBe(0);
    expect(report.snapshots.map((s) => [s.reason, s.replacedAt === null])).toEqual([
      [null, false],
      ["A contractor's completion was recorded against the wrong person", true],
    ]);
    const snapshots = await listQuarterSnapshots(t.db, Q1);
    expect(snapshots[0]!.figures.values.people_trained.value).toBe(2);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_events where entity_type = 'kpi_snapshot' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["kpi_snapshot.freeze", "kpi_snapshot.refreeze"]);

    // Freezing without a reason when a snapshot exists changes nothing.
    expect((await freezeQuarter(t.db, { quarter: Q1, today: TODAY, actorAccountId: null })).created).toBe(false);
  });

  it("labels the running quarter provisional and does not freeze it", async () => {
    const report = await quarterlyReport(t.db, parseQuarter("2026-Q2")!, { today: TODAY });
    expect(report.state).toBe("provisional");
    expect(report.snapshots).toEqual([]);
    expect(await listQuarterSnapshots(t.db, parseQuarter("2026-Q2")!)).toEqual([]);
    // Its previous quarter is Q1, read from Q1's current snapshot.
    expect(report.rows.find((r) => r.key === "people_trained")!.previous).toEqual({ value: 1 });
  });
});
