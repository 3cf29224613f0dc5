/**
 * What the benchmark times, each after a warm-up: the pages' data (the domain calls their loaders
 * make), the heavy jobs (certificates, a zip of 1,000), and booking under 50 concurrent clients.
 * The dashboard and the schools table are timed beside a hand-written SQL answer to the same
 * question (the floor, floors.ts), whose figures are checked against the function's.
 */
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { type CurrentUser, personScopeFor, type RoleGrant } from "../app/auth/permissions";
import { startSession } from "../app/auth/session.server";
import { provideDatabaseForTests } from "../app/db/client.server";
import { type Database, queryOne, queryRows, sqlIntArray } from "../app/db/database";
import { complianceFor } from "../app/domain/compliance/status-for-people";
import { type MatrixSort, teamMatrix } from "../app/domain/compliance/team-matrix";
import { completions } from "../app/db/schema";
import { newCertificateCode } from "../app/domain/completions/certificate-code";
import { recordCompletion } from "../app/domain/completions/record-completion";
import { dashboardData } from "../app/domain/kpis/dashboard-data";
import { bringPersonRequirementsUpToDate } from "../app/domain/kept-coverage/kept-rows";
import { resolveMeasures } from "../app/domain/coverage/resolve-measures";
import { schoolsCoverage, schoolsCoveragePage } from "../app/domain/coverage/schools-coverage";
import { getCertificate } from "../app/domain/certificates/get-certificate";
import { certificatePdf } from "../app/domain/certificates/kept-pdf";
import type { ImportPreview } from "../app/domain/imports/import-runs";
import { checkKeptCoverage } from "../app/domain/kept-coverage/check-kept-coverage";
import type { ImportCounts } from "../app/lib/values";
import { computeKpiFigures } from "../app/domain/kpis/compute-kpi-figures";
import { freezeQuarter } from "../app/domain/kpis/freeze-quarter";
import { ensureKpiDefinitions } from "../app/domain/kpis/ensure-kpi-definitions";
import { quarterlyReport } from "../app/domain/kpis/quarterly-report";
import { previousQuarter, quarterKey, quarterOf } from "../app/domain/kpis/quarters";
import type { PersonScope } from "../app/domain/people/scope";
import { type DailyMessageCounts, runDailyMessages } from "../app/domain/reminders/daily-messages";
import { bookPlace } from "../app/domain/sessions/book-place";
import { londonDateTimeToInstant } from "../app/lib/dates";
import { certificatePdfSource, writeCertificatesZip } from "../app/pdf/render.server";
import { renderThreads } from "../app/pdf/render-pool.server";
import type { FileStorage } from "../app/storage/file-storage";
import { loader as myTrainingLoader } from "../app/routes/my-training";
import type { BenchDatabase } from "./database";
import type { DatasetInfo } from "./dataset";
import { type DashboardFloor, dashboardFloor, dashboardKeptFloor, schoolsFloor } from "./floors";
import { measure, summarise, type Timing } from "./measure";
import { type Measurement, ms } from "./report";
import {
  applyAndRollBack,
  countsText,
  makeRoster,
  memoryStorage,
  pagesWhile,
  preview,
  type RosterContext,
  type RosterFile,
  removeImportRuns,
  ROSTER_FILE_NAME,
  sameAsExpected,
  uploadRoster,
  withLoopWatch,
} from "./roster-import";

interface Context {
  opened: BenchDatabase;
  db: Database;
  dataset: DatasetInfo;
  onDate: string;
  /** --runs: overrides each measurement's own number of runs. */
  runs?: number;
  /** Rows of the roster the import measurements write. */
  rosterRows: number;
  /** Written by the first import measurement, then reused. */
  roster?: RosterFile;
}

interface Scenario {
  key: string;
  label: string;
  run(ctx: Context): Promise<Omit<Measurement, "key" | "label" | "status"> & { status?: Measurement["status"] }>;
}

const ALL: PersonScope = { kind: "all" };
/** Thrown to roll back a measured transaction. */
class RolledBack extends Error {}
/** Marks the completions the register scenario records. */
const BENCH_REGISTER_NOTE = "Benchmark: register of 20";
const PAGE_TARGET_MS = 200;
const CERTIFICATE_CONTEXT = {
  councilName: "London Borough of Northbridge",
  publicUrl: "https://training.northbridge.example",
};

/**
 * Runs `work` in a transaction that is then rolled back, with the kept PDFs in memory: the
 * certificate measurements keep PDFs as the service does (decision 016) and leave the benchmark's
 * database and files as they found them.
 */
async function keepingNothing<T>(ctx: Context, work: (tx: Database, storage: FileStorage) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await ctx.db
    .transaction(async (tx) => {
      result = await work(tx, memoryStorage());
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return result!;
}

const forgetKeptPdfs = (tx: Database) => tx.execute(sql`delete from certificate_files`);

/**
 * One certificate as a download gets it (its read, then its PDF): "kept" serves the kept bytes;
 * "first" draws it on a render thread and keeps it (each run starts with nothing kept).
 */
async function certificateTimings(
  ctx: Context,
  which: "kept" | "first",
): Promise<Awaited<ReturnType<Scenario["run"]>>> {
  const completion = await queryOne<{ id: number }>(
    ctx.db,
    sql`select cp.id::int as id from completions cp join courses c on c.id = cp.course_id
        where cp.person_id = ${ctx.dataset.fixtures.learnerPersonId} and cp.revoked_at is null and c.issues_certificate
        order by cp.completed_on desc, cp.id desc limit 1`,
  );
  if (!completion) return { status: "failed", unit: "ms", note: "no completion with a certificate" };
  return keepingNothing(ctx, async (tx, storage) => {
    let bytes = 0;
    const download = async () => {
      const certificate = await getCertificate(tx, ALL, completion.id);
      bytes = (await certificatePdf(tx, certificate!, certificatePdfSource(tx, CERTIFICATE_CONTEXT, storage))).length;
    };
    await forgetKeptPdfs(tx);
    const timing =
      which === "first"
        ? await measure(download, { warmup: 2, runs: runsOf(ctx, 10), before: () => forgetKeptPdfs(tx) })
        : await measure(download, { warmup: 3, runs: runsOf(ctx, 20) });
    const read = await measure(() => getCertificate(tx, ALL, completion.id), { warmup: 1, runs: runsOf(ctx, 20) });
    const target = which === "kept" ? 10 : 250;
    return {
      unit: "ms",
      timing,
      target: { text: `< ${target} ms`, met: timing.median < target },
      note: `read ${read.median.toFixed(1)} ms (median) + ${which === "kept" ? "the kept bytes" : "drawn on a render thread and kept"}; ${Math.round(bytes / 1024)} KiB`,
    };
  });
}

/**
 * A zip of 1,000 certificates of one directorate: "kept" zips kept PDFs; "first" starts with none
 * kept, drawing them over the render threads (one per core) and keeping them.
 */
async function zipTimings(ctx: Context, which: "kept" | "first"): Promise<Awaited<ReturnType<Scenario["run"]>>> {
  return keepingNothing(ctx, async (tx, storage) => {
    let bytes = 0;
    let count = 0;
    const zip = async (limit: number) => {
      bytes = 0;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      });
      const selection = { organisationId: ctx.dataset.fixtures.directorateId };
      count = (
        await writeCertificatesZip(tx, ALL, selection, sink, CERTIFICATE_CONTEXT, { limit, today: ctx.onDate, storage })
      ).count;
    };
    await forgetKeptPdfs(tx);
    await zip(20); // warm-up: the render threads start, fonts, code paths
    const timing =
      which === "first"
        ? await measure(() => zip(1000), {
            warmup: 0,
            runs: runsOf(ctx, 1),
            slowMs: 300_000,
            before: () => forgetKeptPdfs(tx),
          })
        : await (async () => {
            await zip(1000); // keeps them all
            return measure(() => zip(1000), { warmup: 0, runs: runsOf(ctx, 3), slowMs: 120_000 });
          })();
    const target = which === "kept" ? 5_000 : 30_000;
    return {
      unit: "ms",
      timing,
      target: { text: `< ${target / 1000} s`, met: timing.median < target },
      note: `${count} certificates of one directorate, ${(bytes / 2 ** 20).toFixed(1)} MiB, to a counting stream; ${which === "kept" ? "every PDF kept" : `none kept, drawn on ${renderThreads()} render threads`}`,
    };
  });
}

function pageTarget(timing: Timing) {
  return { text: `< ${PAGE_TARGET_MS} ms`, met: timing.median < PAGE_TARGET_MS };
}

/** Kept figures read without computing (issue 22: the running quarter's report under 100 ms). */
function keptTarget(timing: Timing) {
  return { text: "< 100 ms", met: timing.median < 100 };
}

function runsOf(ctx: Context, own: number): number {
  return ctx.runs ?? own;
}

function agree(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameFigures(same: boolean): string {
  return same ? "bare SQL gives the same figures" : "BARE SQL FIGURES DIFFER";
}

/** Times a page's function and, beside it, the floor: the bare SQL of the same question. */
async function beside<T, F>(ctx: Context, page: () => Promise<T>, bare: () => Promise<F>) {
  let result: T | undefined;
  let floorResult: F | undefined;
  const timing = await measure(
    async () => {
      result = await page();
    },
    { warmup: 2, runs: runsOf(ctx, 10) },
  );
  const floor = await measure(
    async () => {
      floorResult = await bare();
    },
    { warmup: 2, runs: runsOf(ctx, 10) },
  );
  return { timing, floor, ratio: timing.median / floor.median, result: result!, floorResult: floorResult! };
}

/** The scope an account's grants give the dashboard (app/auth/permissions), read as the session does. */
async function dashboardScopeOf(db: Database, accountId: string): Promise<PersonScope> {
  const account = await queryOne<{ person_id: number | null; display_name: string; email: string }>(
    db,
    sql`select person_id, display_name, email from accounts where id = ${accountId}`,
  );
  if (!account) throw new Error(`No account ${accountId} in the benchmark's data`);
  const grants = await queryRows<{ role: RoleGrant["role"]; organisation_id: number | null; person_id: number | null }>(
    db,
    sql`select role::text as role, organisation_id, person_id from role_grants where account_id = ${accountId} order by id`,
  );
  const user: CurrentUser = {
    accountId,
    personId: account.person_id,
    displayName: account.display_name,
    email: account.email,
    grants: grants.map((g) => ({ role: g.role, organisationId: g.organisation_id, personId: g.person_id })),
  };
  return personScopeFor(user, "dashboard:view");
}

/** My team for the coordinator over everyone: the matrix's first page and summary, in one sort. */
function teamEveryone(key: string, shownAs: string, sort: MatrixSort, direction: "asc" | "desc"): Scenario {
  return {
    key,
    label: `My team for the coordinator: all 50,000 people, ${shownAs}`,
    async run(ctx) {
      let shown = "";
      const timing = await measure(
        async () => {
          const matrix = await teamMatrix(ctx.db, { scope: ALL, onDate: ctx.onDate, sort, direction });
          shown = `${matrix.summary.people.toLocaleString("en-GB")} people, ${matrix.summary.peopleCurrent.toLocaleString("en-GB")} current on everything`;
        },
        { warmup: 2, runs: runsOf(ctx, 10) },
      );
      return { unit: "ms", timing, target: pageTarget(timing), note: `the matrix's first page and summary; ${shown}` };
    },
  };
}

const SCENARIOS: Scenario[] = [
  {
    key: "compliance",
    label: "Compliance of one 5,000-person directorate",
    async run(ctx) {
      const { directorateId, directoratePeople } = ctx.dataset.fixtures;
      let rows = 0;
      const timing = await measure(
        async () => {
          rows = (await complianceFor(ctx.db, { scope: ALL, onDate: ctx.onDate, organisationId: directorateId }))
            .length;
        },
        { warmup: 2, runs: runsOf(ctx, 10) },
      );
      return {
        unit: "ms",
        timing,
        target: pageTarget(timing),
        note: `${directoratePeople.toLocaleString("en-GB")} people, ${rows.toLocaleString("en-GB")} person × requirement rows`,
      };
    },
  },
  teamEveryone("team-everyone", "as it opens (by name)", "name", "asc"),
  teamEveryone("team-everyone-worst", "worst first", "status", "desc"),
  {
    key: "dashboard",
    label: "Coordinator dashboard's data",
    async run(ctx) {
      const measures = await resolveMeasures(ctx.db);
      const {
        timing,
        floor,
        ratio,
        result: fn,
        floorResult: bare,
      } = await beside(
        ctx,
        () => dashboardData(ctx.db, ALL, ctx.onDate),
        () => dashboardKeptFloor(ctx.db, ctx.onDate, measures),
      );
      // The same question answered from the records alone, with no kept state: what the kept
      // state saves (and a check of it).
      let fromRecords: DashboardFloor | undefined;
      const recordsFloor = await measure(
        async () => {
          fromRecords = await dashboardFloor(ctx.db, ctx.onDate, measures);
        },
        { warmup: 1, runs: runsOf(ctx, 5) },
      );
      const sameAs = (other: DashboardFloor) =>
        agree(
          fn.bySector
            .map((r) => [r.requirementId, r.total.applicable, r.total.current, r.notYetDue])
            .sort((a, b) => a[0]! - b[0]!),
          other.byRequirement,
        ) &&
        agree(
          fn.trend.map((p) =>
            Object.fromEntries(Object.entries(p.values).map(([k, v]) => [k, [v.applicable, v.current]])),
          ),
          other.trend,
        ) &&
        fn.expiring.total === other.expiringTotal;
      const same = sameAs(bare) && sameAs(fromRecords!);
      return {
        unit: "ms",
        timing,
        floor,
        ratio,
        target: { text: `< ${PAGE_TARGET_MS} ms, ≤ 3× bare SQL`, met: timing.median < PAGE_TARGET_MS && ratio <= 3 },
        note: `everyone; 24-month trend; bare SQL over the kept state, and from the records alone ${ms(recordsFloor.median)}; ${sameFigures(same)}`,
      };
    },
  },
  {
    key: "dashboard-manager",
    label: "Manager of 5,000's dashboard's data",
    async run(ctx) {
      // The director of Children and Families, whom the HTTP page manager:dashboard signs in as:
      // the scope is the one their grants give the dashboard, as the page's loader finds it.
      const scope = await dashboardScopeOf(ctx.db, ctx.dataset.fixtures.managerAccountId);
      let shown = "";
      const timing = await measure(
        async () => {
          const data = await dashboardData(ctx.db, scope, ctx.onDate);
          const frontline = data.headlines.find((h) => h.key === "council_frontline")!.figure;
          shown = `council frontline ${frontline.current.toLocaleString("en-GB")} of ${frontline.applicable.toLocaleString("en-GB")}; ${data.expiring.total.toLocaleString("en-GB")} expiring`;
        },
        { warmup: 2, runs: runsOf(ctx, 10) },
      );
      return {
        unit: "ms",
        timing,
        target: pageTarget(timing),
        note: `${ctx.dataset.fixtures.directoratePeople.toLocaleString("en-GB")} people (one directorate); 24-month trend; ${shown}`,
      };
    },
  },
  {
    key: "dashboard-after-register",
    label: "Coordinator dashboard's data after a register of 20",
    async run(ctx) {
      // The kept coverage is brought up to date by the first read after a change: this times that
      // read, after 20 people's attendance was recorded (and taken back, untimed, after each run).
      const measures = await resolveMeasures(ctx.db);
      const course = await queryOne<{ id: number }>(
        ctx.db,
        sql`select min(course_id)::int as id from requirement_courses
          where requirement_id = any(${sqlIntArray(measures.council_frontline.requirementIds)})`,
      );
      const people = (
        await queryRows<{ id: number }>(
          ctx.db,
          sql`select p.id from people p join organisations o on o.id = p.organisation_id
            where o.sector = 'council' and 'frontline' = any(p.profile_tags) and p.leaving_date is null
            order by p.id limit 20`,
        )
      ).map((r) => r.id);
      let recorded: number[] = [];
      const takeBack = async () => {
        await ctx.db.execute(sql`delete from completions where id = any(${sqlIntArray(recorded)})`);
        await bringPersonRequirementsUpToDate(ctx.db);
      };
      const register = async () => {
        await takeBack();
        const rows = await ctx.db
          .insert(completions)
          .values(
            people.map((personId) => ({
              personId,
              courseId: course!.id,
              completedOn: ctx.onDate,
              source: "external_evidence" as const,
              evidenceNote: BENCH_REGISTER_NOTE,
              certificateCode: newCertificateCode(),
            })),
          )
          .returning({ id: completions.id });
        recorded = rows.map((r) => r.id);
      };
      let current = 0;
      const timing = await measure(
        async () => {
          const data = await dashboardData(ctx.db, ALL, ctx.onDate);
          current = data.headlines.find((h) => h.key === "council_frontline")!.figure.current;
        },
        { warmup: 2, runs: runsOf(ctx, 10), before: register },
      );
      await takeBack();
      const after = (await dashboardData(ctx.db, ALL, ctx.onDate)).headlines.find((h) => h.key === "council_frontline")!
        .figure.current;
      return {
        unit: "ms",
        timing,
        target: pageTarget(timing),
        note: `20 completions recorded before each run; council frontline current ${after.toLocaleString("en-GB")} → ${current.toLocaleString("en-GB")} with them`,
      };
    },
  },
  {
    key: "schools",
    label: "Schools table",
    async run(ctx) {
      const measures = await resolveMeasures(ctx.db);
      const { timing, floor, ratio, result, floorResult } = await beside(
        ctx,
        () => schoolsCoverage(ctx.db, {}, ctx.onDate),
        () => schoolsFloor(ctx.db, ctx.onDate, measures),
      );
      const fn = result.rows.map((r) => [
        r.id,
        r.staff,
        r.prevent.applicable,
        r.prevent.current,
        r.dsls,
        r.dslsTrained,
        r.lastTrainingOn,
      ]);
      const bare = floorResult.map((r) => [
        r.id,
        r.staff,
        r.prevent_applicable,
        r.prevent_current,
        r.dsls,
        r.dsls_trained,
        r.last_completed_on,
      ]);
      return {
        unit: "ms",
        timing,
        floor,
        ratio,
        target: pageTarget(timing),
        note: `${fn.length} schools; ${sameFigures(agree(fn, bare))}`,
      };
    },
  },
  {
    key: "schools-page",
    label: "Schools table, its first page (as the page opens)",
    async run(ctx) {
      let first: Awaited<ReturnType<typeof schoolsCoveragePage>> | undefined;
      const timing = await measure(
        async () => {
          first = await schoolsCoveragePage(ctx.db, {}, ctx.onDate, { page: 1, pageSize: 50 });
        },
        { warmup: 2, runs: runsOf(ctx, 10) },
      );
      return {
        unit: "ms",
        timing,
        target: pageTarget(timing),
        note: `${first!.rows.length} of ${first!.total.toLocaleString("en-GB")} schools; the summary over all of them`,
      };
    },
  },
  {
    key: "kpi-report",
    label: "Quarterly KPI report (running quarter), kept",
    async run(ctx) {
      const quarter = quarterOf(ctx.onDate);
      // As the service does at start-up (prepareKpis): reading the report never freezes.
      await freezeQuarter(ctx.db, { quarter: previousQuarter(quarter), today: ctx.onDate, actorAccountId: null });
      // The first read computes and keeps the running quarter's figures (decision 017); the runs read them.
      const timing = await measure(
        async () => {
          await quarterlyReport(ctx.db, quarter, { today: ctx.onDate });
        },
        { warmup: 2, runs: runsOf(ctx, 10) },
      );
      return {
        unit: "ms",
        timing,
        target: keptTarget(timing),
        note: `${quarterKey(quarter)}, kept figures still current; the previous quarter read from its snapshot`,
      };
    },
  },
  {
    key: "kpi-report-after-change",
    label: "Quarterly KPI report (running quarter) after a completion",
    async run(ctx) {
      const quarter = quarterOf(ctx.onDate);
      await freezeQuarter(ctx.db, { quarter: previousQuarter(quarter), today: ctx.onDate, actorAccountId: null });
      const person = await queryOne<{ id: number; course_id: number; account_id: string }>(
        ctx.db,
        sql`select p.id, (select min(id)::int from courses) as course_id, (select min(id) from accounts) as account_id
            from people p where p.leaving_date is null order by p.id limit 1`,
      );
      // A completion recorded through the service (audited) before each run, taken back after it:
      // each timed report finds its kept figures out of date and computes them again.
      let recorded: number | null = null;
      const takeBack = async () => {
        if (recorded !== null) await ctx.db.execute(sql`delete from completions where id = ${recorded}`);
        recorded = null;
      };
      let trained = 0;
      const timing = await measure(
        async () => {
          const report = await quarterlyReport(ctx.db, quarter, { today: ctx.onDate });
          trained = report.figures.values.people_trained.value ?? 0;
        },
        {
          warmup: 1,
          runs: runsOf(ctx, 5),
          before: async () => {
            await takeBack();
            recorded = await recordCompletion(ctx.db, {
              personId: person!.id,
              courseId: person!.course_id,
              completedOn: ctx.onDate,
              expiresOn: null,
              source: "external_evidence",
              evidenceNote: BENCH_REGISTER_NOTE,
              sessionId: null,
              bookingId: null,
              actorAccountId: person!.account_id,
            });
          },
        },
      );
      await takeBack();
      return {
        unit: "ms",
        timing,
        target: pageTarget(timing),
        note: `${quarterKey(quarter)}, computed again after each completion (people trained ${trained.toLocaleString("en-GB")} with it)`,
      };
    },
  },
  {
    key: "kpi-freeze",
    label: "KPI figures of an ended quarter (freezing it)",
    async run(ctx) {
      const quarter = previousQuarter(quarterOf(ctx.onDate));
      const timing = await measure(
        async () => {
          await computeKpiFigures(ctx.db, quarter, { today: ctx.onDate });
        },
        { warmup: 1, runs: runsOf(ctx, 5) },
      );
      return { unit: "ms", timing, note: `${quarterKey(quarter)}; once per quarter, then read from the snapshot` };
    },
  },
  {
    key: "daily-messages",
    label: "The daily messages on the 1st of the month (reminders, expiry notices, managers' digests)",
    async run(ctx) {
      // Each run writes the day's messages and is rolled back, so every run is a first run.
      const now = londonDateTimeToInstant(`${ctx.onDate.slice(0, 8)}01`, "06:00");
      let counts: DailyMessageCounts | undefined;
      const timing = await measure(
        async () => {
          await ctx.db
            .transaction(async (tx) => {
              counts = await runDailyMessages(tx, { now });
              throw new RolledBack();
            })
            .catch((error: unknown) => {
              if (!(error instanceof RolledBack)) throw error;
            });
        },
        { warmup: 1, runs: runsOf(ctx, 3) },
      );
      const written = Object.entries(counts ?? {})
        .map(([kind, n]) => `${kind} ${n}`)
        .join(", ");
      return { unit: "ms", timing, note: `once a day (hourly runs after the first write nothing); ${written}` };
    },
  },
  {
    key: "my-training",
    label: "One person's My training",
    async run(ctx) {
      // The page's loader itself, called as Remix calls it, with a signed-in learner's Request:
      // whatever domain calls it makes (record, bookings, requirements, next steps) are timed.
      provideDatabaseForTests(ctx.db);
      const cookie = (await startSession(ctx.db, ctx.dataset.fixtures.learnerAccountId)).split(";")[0]!;
      let shown = "";
      const timing = await measure(
        async () => {
          const request = new Request("http://localhost:3000/my-training", { headers: { Cookie: cookie } });
          const data = await myTrainingLoader({ request, params: {}, context: {} });
          shown = `completions: ${data.completions.length}, upcoming bookings: ${data.upcoming.length}, requirements: ${data.myRequirements.length}`;
        },
        { warmup: 3, runs: runsOf(ctx, 20) },
      );
      return {
        unit: "ms",
        timing,
        target: pageTarget(timing),
        note: `the page's loader (sign-in check included); ${shown}`,
      };
    },
  },
  {
    key: "certificate",
    label: "One certificate (PDF), kept",
    async run(ctx) {
      return certificateTimings(ctx, "kept");
    },
  },
  {
    key: "certificate-first",
    label: "One certificate (PDF), its first drawing",
    async run(ctx) {
      return certificateTimings(ctx, "first");
    },
  },
  {
    key: "zip",
    label: "Zip of 1,000 kept certificates, streamed",
    async run(ctx) {
      return zipTimings(ctx, "kept");
    },
  },
  {
    key: "zip-first",
    label: "Zip of 1,000 certificates, none kept yet, streamed",
    async run(ctx) {
      return zipTimings(ctx, "first");
    },
  },
  {
    key: "booking-one",
    label: "Booking, 50 clients on one session",
    async run(ctx) {
      return bookingThroughput(ctx, "one");
    },
  },
  {
    key: "booking-many",
    label: "Booking, 50 clients on 50 sessions",
    async run(ctx) {
      return bookingThroughput(ctx, "many");
    },
  },
  // Last: the import's apply writes (inside a transaction that is rolled back).
  {
    key: "roster-import-preview",
    label: "HR roster import: preview",
    async run(ctx) {
      const roster = await rosterOf(ctx);
      const rc = rosterContext(ctx);
      const storage = memoryStorage();
      const runIds: number[] = [];
      try {
        let runId = 0;
        let shown: ImportPreview | undefined;
        let stall = 0;
        const timing = await measure(
          async () => {
            const watched = await withLoopWatch(() => preview(rc, storage, runId));
            shown = watched.result;
            stall = Math.max(stall, watched.longestStallMs);
          },
          {
            warmup: 1,
            runs: runsOf(ctx, 3),
            slowMs: 120_000,
            before: async () => {
              runId = await uploadRoster(rc, storage, roster);
              runIds.push(runId);
            },
          },
        );
        return {
          unit: "ms",
          timing,
          target: { text: "< 10 s", met: timing.median < 10_000 },
          note: `${rosterWords(roster)}; ${countsWords(shown!.counts, roster)}; event loop held up to ${ms(stall)}`,
        };
      } finally {
        await removeImportRuns(ctx.db, runIds);
      }
    },
  },
  {
    key: "roster-import-apply",
    label: "HR roster import: apply",
    async run(ctx) {
      const roster = await rosterOf(ctx);
      const rc = rosterContext(ctx);
      const storage = memoryStorage();
      const runIds: number[] = [];
      try {
        const samples: number[] = [];
        let counts: ImportCounts | undefined;
        let afterwards = "";
        let agrees = true;
        const runs = runsOf(ctx, 2);
        for (let i = 0; i < runs; i++) {
          const runId = await uploadRoster(rc, storage, roster);
          runIds.push(runId);
          await preview(rc, storage, runId);
          const last = i === runs - 1;
          const applied = await applyAndRollBack(
            rc,
            storage,
            runId,
            last
              ? async (tx) => {
                  // Before rolling back: the first dashboard after the import brings the kept
                  // coverage of everyone it touched up to date; then the kept rows are checked
                  // against the records, imported people included.
                  const started = performance.now();
                  await dashboardData(tx, ALL, ctx.onDate);
                  const dashboardMs = performance.now() - started;
                  const check = await checkKeptCoverage(tx, { today: ctx.onDate });
                  agrees = check.differences === 0;
                  afterwards =
                    `the first dashboard after it ${ms(dashboardMs)} (kept coverage brought up to date); ` +
                    (agrees
                      ? `kept coverage agrees with the records after it (${check.rowsCompared.toLocaleString("en-GB")} rows compared)`
                      : `KEPT COVERAGE DIFFERS after it: ${check.differences} differences (${check.examples.slice(0, 2).join("; ")})`);
                }
              : undefined,
          );
          counts = applied.counts;
          samples.push(applied.applyMs);
          if (applied.applyMs > 120_000) break;
        }
        const timing = summarise(samples);
        if (!agrees) console.error(`\nThe kept coverage differs from the records after the import: ${afterwards}`);
        return {
          unit: "ms",
          timing,
          target: { text: "< 30 s", met: timing.median < 30_000 },
          note: `${rosterWords(roster)}; ${countsWords(counts!, roster)}; one transaction, rolled back after each run; ${afterwards}`,
        };
      } finally {
        await removeImportRuns(ctx.db, runIds);
      }
    },
  },
  {
    key: "pages-while-preview",
    label: "Other people's pages while an import previews",
    async run(ctx) {
      const roster = await rosterOf(ctx);
      const rc = rosterContext(ctx);
      const storage = memoryStorage();
      const runId = await uploadRoster(rc, storage, roster);
      try {
        const result = await pagesWhile(rc, () => preview(rc, storage, runId), runsOf(ctx, 5));
        return { unit: "ratio", timing: result.timing, target: pagesTarget(result.met), note: result.note };
      } finally {
        await removeImportRuns(ctx.db, [runId]);
      }
    },
  },
  {
    key: "pages-while-apply",
    label: "Other people's pages while an import applies",
    async run(ctx) {
      const roster = await rosterOf(ctx);
      const rc = rosterContext(ctx);
      const storage = memoryStorage();
      const runId = await uploadRoster(rc, storage, roster);
      try {
        await preview(rc, storage, runId);
        const result = await pagesWhile(rc, () => applyAndRollBack(rc, storage, runId), runsOf(ctx, 5));
        return {
          unit: "ratio",
          timing: result.timing,
          target: pagesTarget(result.met),
          note: `${result.note}${ctx.opened.engine === "pglite" ? "; PGlite: the apply's transaction holds the one connection" : ""}`,
        };
      } finally {
        await removeImportRuns(ctx.db, [runId]);
      }
    },
  },
];

export const SCENARIO_KEYS = SCENARIOS.map((s) => s.key);

// ---------------------------------------------------------------------------------------------
// The roster import (bench/roster-import.ts): the file is written once per run, from the bench
// council's people.

/** Rows in the roster at scale 1 (the issue's 50,000-row roster); --roster-rows overrides. */
export const ROSTER_ROWS = 50_000;

async function rosterOf(ctx: Context): Promise<RosterFile> {
  if (!ctx.roster) {
    // A run stopped half-way leaves its import runs behind: they go first.
    const left = await queryRows<{ id: number }>(
      ctx.db,
      sql`select id from import_runs where files -> 0 ->> 'name' = ${ROSTER_FILE_NAME}`,
    );
    await removeImportRuns(
      ctx.db,
      left.map((r) => r.id),
    );
    const started = performance.now();
    ctx.roster = await makeRoster(ctx.db, { rows: ctx.rosterRows, today: ctx.onDate, seed: ctx.dataset.seed });
    process.stdout.write(
      `(roster of ${ctx.roster.rows.toLocaleString("en-GB")} rows, ${(ctx.roster.bytes.length / 2 ** 20).toFixed(1)} MiB, written in ${((performance.now() - started) / 1000).toFixed(1)} s) `,
    );
  }
  return ctx.roster;
}

function rosterContext(ctx: Context): RosterContext {
  return {
    db: ctx.db,
    engine: ctx.opened.engine,
    onDate: ctx.onDate,
    coordinatorAccountId: ctx.dataset.fixtures.coordinatorAccountId,
    learnerAccountId: ctx.dataset.fixtures.learnerAccountId,
    rosterRows: ctx.rosterRows,
    seed: ctx.dataset.seed,
  };
}

function rosterWords(roster: RosterFile): string {
  return `${roster.rows.toLocaleString("en-GB")} rows, ${(roster.bytes.length / 2 ** 20).toFixed(1)} MiB: ${roster.makeup}`;
}

function countsWords(counts: ImportCounts, roster: RosterFile): string {
  return `${countsText(counts)}${sameAsExpected(counts, roster) ? "" : " (NOT WHAT THE FILE WAS WRITTEN TO GIVE)"}`;
}

function pagesTarget(met: boolean) {
  return { text: "< 2× usual", met };
}

// ---------------------------------------------------------------------------------------------
// Booking throughput: each run makes fresh sessions far in the future, has 50 clients book
// different people at once (each client one booking after another), then removes what it made.

const CLIENTS = 50;
const BOOKINGS_PER_CLIENT = 4;
const BENCH_SESSION_NOTE = "bench: booking throughput";

async function removeBenchSessions(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    const ids = (
      await queryRows<{ id: number }>(tx, sql`select id from course_sessions where notes = ${BENCH_SESSION_NOTE}`)
    ).map((r) => r.id);
    if (ids.length === 0) return;
    const list = sqlIntArray(ids);
    await tx.execute(sql`delete from notifications where (details->>'sessionId')::int = any(${list})`);
    await tx.execute(sql`delete from audit_events where entity_type = 'booking'
      and entity_id in (select id::text from bookings where session_id = any(${list}))`);
    await tx.execute(sql`delete from bookings where session_id = any(${list})`);
    await tx.execute(sql`delete from course_sessions where id = any(${list})`);
  });
}

async function bookingThroughput(ctx: Context, mode: "one" | "many") {
  const { db, dataset } = ctx;
  const total = CLIENTS * BOOKINGS_PER_CLIENT;
  await removeBenchSessions(db);
  // People who can be booked: council staff in post with no future bookings of their own.
  const people = (
    await queryRows<{ id: number }>(
      db,
      sql`select p.id from people p
          where p.id between ${dataset.fixtures.councilPeople.first} and ${dataset.fixtures.councilPeople.last}
            and p.leaving_date is null
            and not exists (select 1 from bookings b join course_sessions s on s.id = b.session_id
                            where b.person_id = p.id and s.starts_at > now())
          order by p.id limit ${total}`,
    )
  ).map((r) => r.id);
  if (people.length < total)
    return { status: "failed" as const, unit: "per second" as const, note: "not enough people to book" };

  const rates: number[] = [];
  const latencies: number[] = [];
  const round = async (index: number) => {
    // Far in the future, at a different hour each round, so nothing clashes.
    const sessionCount = mode === "one" ? 1 : CLIENTS;
    const sessions = (
      await queryRows<{ id: number }>(
        db,
        sql`insert into course_sessions (course_id, starts_at, ends_at, venue, capacity, booking_closes_at, status, notes)
            select ${dataset.fixtures.workshopCourseId},
              now() + interval '800 days' + make_interval(days => g, hours => ${index + 20}),
              now() + interval '800 days' + make_interval(days => g, hours => ${index + 20}, mins => 180),
              'Benchmark room', ${mode === "one" ? total : BOOKINGS_PER_CLIENT * 2},
              now() + interval '790 days', 'scheduled', ${BENCH_SESSION_NOTE}
            from generate_series(1, ${sessionCount}) g
            returning id`,
      )
    ).map((r) => r.id);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const sessionId = sessions[mode === "one" ? 0 : client]!;
        for (let k = 0; k < BOOKINGS_PER_CLIENT; k++) {
          const personId = people[client * BOOKINGS_PER_CLIENT + k]!;
          const t = performance.now();
          const result = await bookPlace(db, {
            sessionId,
            personId,
            actorAccountId: dataset.fixtures.coordinatorAccountId,
            managerAgreed: true,
            joinWaitingList: false,
          });
          if (result.status !== "booked") throw new Error(`Booking ${personId} on ${sessionId} was ${result.status}`);
          if (index >= 0) latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (index >= 0) rates.push(total / seconds);
    const booked = await queryOne<{ n: number }>(
      db,
      sql`select count(*)::int as n from bookings where session_id = any(${sqlIntArray(sessions)}) and status = 'booked'`,
    );
    await removeBenchSessions(db);
    if (booked?.n !== total) throw new Error(`${booked?.n} places booked, not ${total}`);
  };
  try {
    await round(-1);
    for (let i = 0; i < runsOf(ctx, 5); i++) await round(i);
  } finally {
    await removeBenchSessions(db);
  }
  const rateSummary = summarise(rates);
  return {
    unit: "per second" as const,
    rateOf: "bookings",
    rate: { median: rateSummary.median, runs: rates },
    timing: summarise(latencies),
    note: `${CLIENTS} × ${BOOKINGS_PER_CLIENT} bookings a run${ctx.opened.engine === "pglite" ? "; PGlite serialises them (one connection)" : `; pool of ${ctx.opened.poolSize}`}; p95 is per booking`,
  };
}

// ---------------------------------------------------------------------------------------------

export async function runScenarios(
  opened: BenchDatabase,
  dataset: DatasetInfo,
  options: { onDate: string; only?: string[]; runs?: number; rosterRows?: number },
): Promise<Measurement[]> {
  const ctx: Context = {
    opened,
    db: opened.db,
    dataset,
    onDate: options.onDate,
    runs: options.runs,
    rosterRows: options.rosterRows ?? Math.max(500, Math.round(ROSTER_ROWS * dataset.scale)),
  };
  // What the app sets up on start (KPI definitions with their targets); idempotent.
  await ensureKpiDefinitions(opened.db);
  const results: Measurement[] = [];
  for (const scenario of SCENARIOS) {
    if (options.only && !options.only.includes(scenario.key)) continue;
    process.stdout.write(`Timing: ${scenario.label}… `);
    const started = performance.now();
    try {
      const outcome = await scenario.run(ctx);
      const measurement: Measurement = { key: scenario.key, label: scenario.label, status: "ok", ...outcome };
      results.push(measurement);
      const shown = measurement.rate
        ? `${Math.round(measurement.rate.median)} ${measurement.rateOf}/s`
        : measurement.timing
          ? measurement.unit === "ratio"
            ? `${measurement.timing.median.toFixed(1)}× median`
            : `${measurement.timing.median.toFixed(1)} ms median`
          : measurement.status;
      console.log(`${shown} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`failed: ${message}`);
      if (process.env.BENCH_DEBUG && error instanceof Error) console.error(error.stack);
      results.push({
        key: scenario.key,
        label: scenario.label,
        status: "failed",
        unit: "ms",
        note: message.slice(0, 200),
      });
    }
  }
  return results;
}
