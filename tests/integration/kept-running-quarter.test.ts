import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { recordRead } from "../../app/domain/audit/reads";
import { recordCompletion } from "../../app/domain/completions/record-completion";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { quarterlyReport } from "../../app/domain/kpis/quarterly-report";
import { quarterOf } from "../../app/domain/kpis/quarters";
import { addDaysToDate } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { type CoverageCouncil, ON, buildCoverageCouncil } from "./coverage-fixtures";

/**
 * Issue 22 item 6 (decision 017): the running quarter's figures are kept, read without computing
 * while nothing has changed, and never older than the records: a change recorded is in the next
 * report, a view or download is not a change, and a new day computes them again.
 */
let t: TestDatabase;
let f: CoverageCouncil;
let actor: string;
const TODAY = ON;
const QUARTER = quarterOf(TODAY);

const report = (today = TODAY) => quarterlyReport(t.db, QUARTER, { today });
const kept = () =>
  queryRows<{ as_of: string; computed_at: string }>(
    t.db,
    sql`select as_of::text, computed_at::text from kpi_running_figures order by period_start`,
  );

beforeAll(async () => {
  t = await createTestDatabase();
  f = await buildCoverageCouncil(t.db);
  await ensureKpiDefinitions(t.db);
  actor = (await make.account(t.db, { personId: null, roles: ["coordinator"] })).id;
});
afterAll(() => t?.close());

describe("the running quarter's kept figures", () => {
  it("are computed once, kept, and read while nothing has changed", async () => {
    const first = await report();
    expect(first.state).toBe("provisional");
    expect(await kept()).toEqual([{ as_of: TODAY, computed_at: expect.any(String) }]);
    const [before] = await kept();
    const again = await report();
    expect(again.figures.computedAt).toBe(first.figures.computedAt);
    expect(await kept()).toEqual([before]);
  });

  it("show a completion recorded since at once", async () => {
    const before = await report();
    const trained = before.figures.values.people_trained.value!;
    await recordCompletion(t.db, {
      personId: f.p.a2.id,
      courseId: f.course.workshop.id,
      completedOn: addDaysToDate(TODAY, -1),
      expiresOn: null,
      source: "import",
      sessionId: null,
      bookingId: null,
      actorAccountId: actor,
    });
    const after = await report();
    expect(after.figures.values.people_trained.value).toBe(trained + 1);
    expect(after.figures.computedAt).not.toBe(before.figures.computedAt);
  });

  // PostgreSQL only (PGlite has one connection): a change numbered before the newest one seen but
  // committed after the figures were computed is found through the writers then in flight.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    "show a change committed after they were computed, though numbered before the newest change they saw",
    async () => {
      const trained = (await report()).figures.values.people_trained.value!;
      const completion = (personId: number) => ({
        personId,
        courseId: f.course.workshop.id,
        completedOn: addDaysToDate(TODAY, -1),
        expiresOn: null,
        source: "import" as const,
        sessionId: null,
        bookingId: null,
        actorAccountId: actor,
      });
      let commitSlow!: () => void;
      const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
      let slowWrote!: () => void;
      const slowHasWritten = new Promise<void>((resolve) => (slowWrote = resolve));
      // The slow writer takes its audit id first and commits last, on a connection of its own.
      const slow = t.db.transaction(async (tx) => {
        await recordCompletion(tx, completion(f.p.a3.id));
        slowWrote();
        await slowMayCommit;
      });
      await slowHasWritten;
      await recordCompletion(t.db, completion(f.p.a4.id));
      const during = await report();
      expect(during.figures.values.people_trained.value).toBe(trained + 1);
      commitSlow();
      await slow;
      const after = await report();
      expect(after.figures.values.people_trained.value).toBe(trained + 2);
    },
  );

  it("are not computed again for a view or a download, which changes nothing", async () => {
    const before = await report();
    await recordRead(
      t.db,
      { accountId: actor, personId: null },
      { action: "person.viewed", entityType: "person", entityId: f.p.a2.id, subjectPersonId: f.p.a2.id, details: {} },
    );
    expect((await report()).figures.computedAt).toBe(before.figures.computedAt);
  });

  it("are computed again on a new day, the running quarter being to date", async () => {
    const before = await report();
    // TODAY is the quarter's last day: the other day asked for is the day before (clocks only go forward, but the
    // kept figures only ask whether they were taken on the day asked for).
    const day = addDaysToDate(TODAY, -1);
    const other = await report(day);
    expect(other.figures.asOf).toBe(day);
    expect(other.figures.computedAt).not.toBe(before.figures.computedAt);
    expect((await kept())[0]!.as_of).toBe(day);
  });
});
