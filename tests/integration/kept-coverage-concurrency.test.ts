import { type SQL, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, queryOne, queryRows } from "../../app/db/database";
import { completions, requirements } from "../../app/db/schema";
import { complianceRowsSql } from "../../app/domain/compliance/compliance-query";
import { teamMatrix } from "../../app/domain/compliance/team-matrix";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import {
  bringPersonRequirementsUpToDate,
  coverageFigures,
  keptStatusRowsSql,
} from "../../app/domain/kept-coverage/kept-rows";
import { tidyKeptTables } from "../../app/domain/kept-coverage/readers";
import { dashboardData } from "../../app/domain/kpis/dashboard-data";
import type { PersonScope } from "../../app/domain/people/scope";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { withDatabase } from "../support/postgres-url";
import { type CoverageCouncil, ON, buildCoverageCouncil } from "./coverage-fixtures";

/**
 * Issue 15: a writer's change to someone already marked stale must not be lost to a reader that
 * settles them before the writer commits. On PostgreSQL (TEST_DATABASE_URL) each test runs the
 * interleaving on separate connections, step by step: the writer changes the records and waits
 * uncommitted; the reader starts; the writer commits only once the reader has finished or is
 * waiting for one of the writer's locks. Embedded PGlite has one connection, so there the same
 * steps run one after another and the same agreement is asserted.
 */
const concurrent = Boolean(process.env.TEST_DATABASE_URL);

let t: TestDatabase;
let f: CoverageCouncil;
/** A connection of its own that watches who waits for whom, never queued behind a blocked query. */
let watcher: postgres.Sql | undefined;

beforeAll(async () => {
  // A connection each for the writer's, the reader's and (in one test) a third transaction.
  t = await createTestDatabase({ maxConnections: 3 });
  if (concurrent) {
    const name = (await queryOne<{ name: string }>(t.db, sql`select current_database() as name`))!.name;
    watcher = postgres(withDatabase(process.env.TEST_DATABASE_URL!, name), { max: 1, onnotice: () => {} });
  }
});
afterAll(async () => {
  await watcher?.end();
  await t?.close();
});

beforeEach(async () => {
  await t.reset();
  f = await buildCoverageCouncil(t.db);
  await coverageFigures(t.db, [ON]);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The backend waiting for a lock `pid` holds, if any. */
async function waitingOn(pid: number): Promise<number | undefined> {
  const [row] = await watcher!<{ pid: number }[]>`
    select pid from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid)) limit 1`;
  return row?.pid;
}

async function blockedBy(pid: number): Promise<boolean> {
  return (await waitingOn(pid)) !== undefined;
}

/**
 * The writer makes `write` in a transaction and holds it open; the reader brings the kept rows up
 * to date; the writer commits once the reader is done or waits on it. Returns whether the reader
 * waited for the writer.
 */
async function writerHoldsWhileReaderSettles(
  write: (tx: Database) => Promise<void>,
  read: () => Promise<unknown> = () => bringPersonRequirementsUpToDate(t.db),
): Promise<boolean> {
  if (!concurrent) {
    await write(t.db);
    await read();
    return false;
  }
  let commit!: () => void;
  const committing = new Promise<void>((resolve) => (commit = resolve));
  let written!: (pid: number) => void;
  const writerPid = new Promise<number>((resolve) => (written = resolve));
  const writer = t.db.transaction(async (tx) => {
    await write(tx);
    written((await queryOne<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))!.pid);
    await committing;
  });
  const pid = await Promise.race([writerPid, writer.then(() => -1)]);
  expect(pid).toBeGreaterThan(0);
  let readerDone = false;
  const reader = read().finally(() => (readerDone = true));
  let waited = false;
  for (let i = 0; i < 500 && !readerDone && !waited; i++) {
    waited = await blockedBy(pid);
    if (!waited) await sleep(10);
  }
  commit();
  await writer;
  await reader;
  return waited;
}

/** Each person's status per requirement on ON, kept and from the engine, for people passing the conditions. */
async function statuses(kept: SQL, engine: SQL) {
  const lines = (rows: SQL) =>
    queryRows<{ line: string }>(
      t.db,
      sql`select person_id || '/' || requirement_id || ': ' || status || ' ' || coalesce(due_on::text, '-') as line
        from (${rows}) s order by 1`,
    );
  await bringPersonRequirementsUpToDate(t.db);
  return {
    kept: (await lines(keptStatusRowsSql({ onDate: ON, personCondition: kept }))).map((r) => r.line),
    engine: (await lines(complianceRowsSql({ onDate: ON, personCondition: engine }))).map((r) => r.line),
  };
}

describe(`kept coverage with a writer and a reader ${concurrent ? "interleaved on two connections (PostgreSQL)" : "one after the other (PGlite)"}`, () => {
  it("keeps a completion recorded for someone already stale while a reader settled them", async () => {
    expect(t.engine).toBe(concurrent ? "postgresql" : "pglite");
    const a3 = f.p.a3.id;
    // An earlier change to a3, committed and not yet read: a3 is marked.
    await t.db.execute(sql`insert into stale_person_requirements (person_id) values (${a3}) on conflict do nothing`);

    const waited = await writerHoldsWhileReaderSettles(async (tx) => {
      await make.completion(tx, { personId: a3, courseId: f.course.prevent.id, completedOn: "2026-06-01" });
    });

    const { kept, engine } = await statuses(sql`k.person_id = ${a3}`, sql`p.id = ${a3}`);
    expect(engine).toContain(`${a3}/${f.req.councilFrontline.id}: current 2029-06-01`);
    expect(kept).toEqual(engine);
    // The interleaving happened as meant: the reader met the writer's lock on a3's mark.
    expect(waited).toBe(concurrent);
    const check = await checkKeptCoverage(t.db, { today: ON });
    expect(check.examples).toEqual([]);
    expect(check.differences).toBe(0);
  });

  it("keeps a requirement's change made while everyone was already stale", async () => {
    // Everyone marked (an earlier requirement change, committed and not yet read).
    await t.db.execute(sql`insert into stale_person_requirements (person_id) values (0) on conflict do nothing`);

    // Contractors get 30 days instead of their earlier allowance: their statuses change.
    const waited = await writerHoldsWhileReaderSettles(async (tx) => {
      await tx.update(requirements).set({ dueWithinDays: 30000 }).where(eq(requirements.id, f.req.contractor.id));
    });

    const { kept, engine } = await statuses(sql`true`, sql`true`);
    expect(engine.some((line) => line.startsWith(`${f.p.c3.id}/${f.req.contractor.id}: not_yet_due`))).toBe(true);
    expect(kept).toEqual(engine);
    expect(waited).toBe(concurrent);
    expect((await checkKeptCoverage(t.db, { today: ON })).differences).toBe(0);
  });

  it("marks a person again when their completion is recorded while a reader is rebuilding them", async () => {
    const a3 = f.p.a3.id;
    await t.db.execute(sql`insert into stale_person_requirements (person_id) values (${a3}) on conflict do nothing`);
    const record = (db: Database) =>
      make.completion(db, { personId: a3, courseId: f.course.prevent.id, completedOn: "2026-06-01" });

    if (!concurrent) {
      await bringPersonRequirementsUpToDate(t.db);
      await record(t.db);
    } else {
      // A third transaction holds coverage_figures, so the reader stops just after taking the marks.
      let release!: () => void;
      const releasing = new Promise<void>((resolve) => (release = resolve));
      let held!: (pid: number) => void;
      const holderPid = new Promise<number>((resolve) => (held = resolve));
      const holder = t.db.transaction(async (tx) => {
        await tx.execute(sql`lock table coverage_figures in access exclusive mode`);
        held((await queryOne<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))!.pid);
        await releasing;
      });
      const pid = await holderPid;
      const reader = bringPersonRequirementsUpToDate(t.db);
      for (let i = 0; i < 500 && !(await blockedBy(pid)); i++) await sleep(10);
      const readerPid = await waitingOn(pid);
      expect(readerPid).toBeDefined();
      // The writer's marking meets the mark the reader took, and waits for the reader.
      let writerDone = false;
      const writer = t.db.transaction((tx) => record(tx)).finally(() => (writerDone = true));
      let writerWaited = false;
      for (let i = 0; i < 500 && !writerDone && !writerWaited; i++) {
        writerWaited = await blockedBy(readerPid!);
        if (!writerWaited) await sleep(10);
      }
      expect(writerWaited).toBe(true);
      release();
      await holder;
      await reader;
      await writer;
    }

    // The reader rebuilt a3 without the completion; the mark says so, and the next reader fixes it.
    const marked = await queryRows<{ person_id: number }>(t.db, sql`select person_id from stale_person_requirements`);
    expect(marked.map((r) => r.person_id)).toEqual([a3]);
    const { kept, engine } = await statuses(sql`k.person_id = ${a3}`, sql`p.id = ${a3}`);
    expect(kept).toEqual(engine);
    expect((await checkKeptCoverage(t.db, { today: ON })).differences).toBe(0);
  });

  it("shows a director's dashboard, read from the kept figures by directorate, a completion recorded while it was read", async () => {
    const director: PersonScope = {
      kind: "some",
      selfPersonId: null,
      reportsTo: [],
      organisationIds: [f.dirA.id],
      sectors: [],
    };
    // The same people, through a scope that holds no directorate whole: counted from the kept rows.
    const services: PersonScope = { ...director, organisationIds: [f.a1s.id, f.a2s.id] };
    const frontline = async (scope: PersonScope) =>
      (await dashboardData(t.db, scope, ON)).headlines.find((h) => h.key === "council_frontline")!.figure;
    const before = await frontline(director);

    // An earlier change to a3 (Directorate A, Service A2), committed and not yet read: a3 is marked,
    // so the reader must settle a3, and meets the writer's lock. a3 had no Prevent training: the
    // writer records it and holds.
    await t.db.execute(
      sql`insert into stale_person_requirements (person_id) values (${f.p.a3.id}) on conflict do nothing`,
    );
    const waited = await writerHoldsWhileReaderSettles(
      async (tx) => {
        await make.completion(tx, { personId: f.p.a3.id, courseId: f.course.prevent.id, completedOn: "2026-06-01" });
      },
      () => dashboardData(t.db, director, ON),
    );

    const after = await frontline(director);
    expect([after.applicable, after.current]).toEqual([before.applicable, before.current + 1]);
    expect(await dashboardData(t.db, director, ON)).toEqual(await dashboardData(t.db, services, ON));
    expect(waited).toBe(concurrent);
    expect((await checkKeptCoverage(t.db, { today: ON })).differences).toBe(0);
  });

  it("shows My team, read from the kept statuses, a completion recorded while it was read", async () => {
    // On the day itself, My team reads person_statuses (kept for ON by this first read).
    const now = new Date(`${ON}T09:00:00Z`);
    const team = () => teamMatrix(t.db, { scope: { kind: "all" }, onDate: ON, now, pageSize: 100 });
    const before = await team();

    // a3 is marked (an earlier change, committed and not yet read), so the reader must settle a3
    // and meets the writer's lock; a3 had no Prevent training, and the writer records it and holds.
    await t.db.execute(
      sql`insert into stale_person_requirements (person_id) values (${f.p.a3.id}) on conflict do nothing`,
    );
    const waited = await writerHoldsWhileReaderSettles(async (tx) => {
      await make.completion(tx, { personId: f.p.a3.id, courseId: f.course.prevent.id, completedOn: "2026-06-01" });
    }, team);

    const after = await team();
    const a3 = (matrix: Awaited<ReturnType<typeof team>>) => matrix.rows.find((r) => r.personId === f.p.a3.id)!;
    expect(a3(after).cells[f.req.councilFrontline.id]!.status).toBe("current");
    expect(after.summary).not.toEqual(before.summary);
    // The same as the engine works out without the kept state (a past date's way).
    // Bookings are looked up for today or later only: the cells are compared without them.
    const engine = await teamMatrix(t.db, { scope: { kind: "all" }, onDate: ON, pageSize: 100 });
    const withoutBookings = (matrix: typeof engine) => ({
      ...matrix,
      rows: matrix.rows.map((row) => ({
        ...row,
        cells: Object.fromEntries(Object.entries(row.cells).map(([id, cell]) => [id, { ...cell, booked: null }])),
      })),
    });
    expect(withoutBookings(after)).toEqual(withoutBookings(engine));
    expect(waited).toBe(concurrent);
    expect((await checkKeptCoverage(t.db, { today: ON })).differences).toBe(0);
  });

  it("counts the day's statuses and figures in the background (tidyKeptTables) while a completion is recorded", async () => {
    // Nothing kept yet for the day, as after midnight; a3 is marked and, with no Prevent training,
    // has it recorded by a writer that holds its transaction while the background counts.
    await t.db.execute(sql`delete from person_statuses where on_date = ${ON}::date`);
    await t.db.execute(sql`delete from coverage_figures where on_date = ${ON}::date`);
    await t.db.execute(
      sql`insert into stale_person_requirements (person_id) values (${f.p.a3.id}) on conflict do nothing`,
    );
    const waited = await writerHoldsWhileReaderSettles(
      async (tx) => {
        await make.completion(tx, { personId: f.p.a3.id, courseId: f.course.prevent.id, completedOn: "2026-06-01" });
      },
      () => tidyKeptTables(t.db, ON),
    );
    expect(waited).toBe(concurrent);
    // The background's count holds the completion, and everything kept agrees with the records.
    await tidyKeptTables(t.db, ON);
    const team = await teamMatrix(t.db, {
      scope: { kind: "all" },
      onDate: ON,
      now: new Date(`${ON}T09:00:00Z`),
      pageSize: 100,
    });
    expect(team.rows.find((r) => r.personId === f.p.a3.id)!.cells[f.req.councilFrontline.id]!.status).toBe("current");
    const check = await checkKeptCoverage(t.db, { today: ON });
    expect(check.differences).toBe(0);
    expect(check.compared.person_statuses).toBeGreaterThan(0);
  });

  it("finds and reports a kept row the records no longer give", async () => {
    await checkKeptCoverage(t.db, { today: ON });
    // A completion removed behind the triggers' back (as a lost update leaves things).
    await t.db.execute(sql`alter table completions disable trigger user`);
    await t.db.delete(completions).where(eq(completions.id, f.c.a1.id));
    await t.db.execute(sql`alter table completions enable trigger user`);
    const check = await checkKeptCoverage(t.db, { today: ON });
    expect(check.differences).toBeGreaterThan(0);
    expect(check.examples).toContain(
      `person_requirements: person ${f.p.a1.id}, requirement ${f.req.councilFrontline.id}: the kept row differs`,
    );
    expect(check.rowsCompared).toBe(Object.values(check.compared).reduce((a, b) => a + b, 0));
    expect(check.compared.person_requirements).toBeGreaterThan(0);
    expect(check.compared.coverage_figures).toBeGreaterThan(0);
    const recorded = await queryRows<{ differences: number; requested_by_account_id: string | null }>(
      t.db,
      sql`select differences, requested_by_account_id from kept_coverage_checks order by id`,
    );
    expect(recorded).toEqual([
      { differences: 0, requested_by_account_id: null },
      { differences: check.differences, requested_by_account_id: null },
    ]);
    // The service's own check is not audited.
    expect((await queryRows(t.db, sql`select 1 from audit_events where action = 'kept_coverage.check'`)).length).toBe(
      0,
    );
  });
});
