/**
 * `npm run bench`: builds (or reuses) the synthetic council, times the pages' data and the heavy
 * jobs, prints one table and writes bench/results.json. See bench/README.md.
 *
 *   npm run bench                          PGlite in ./data/bench, or PostgreSQL when
 *                                          BENCH_DATABASE_URL / DATABASE_URL is set
 *   npm run bench -- --fresh               drop the benchmark database and build it again
 *   npm run bench -- --build-only          build the data set and stop
 *   npm run bench -- --only=dashboard,schools --runs=20
 *   npm run bench -- --seed=7 --scale=0.1 --as-of=2026-11-24
 *   npm run bench -- --statement-timeout=120   give up on a query after 120 s (PostgreSQL only)
 *   npm run bench -- --only=roster-import-preview --roster-rows=50000   the full roster on a smaller council
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { checkKeptCoverage, keptCoverageCheckSummary } from "../app/domain/kept-coverage/check-kept-coverage";
import { bringPersonRequirementsUpToDate } from "../app/domain/kept-coverage/kept-rows";
import { todayInLondon } from "../app/lib/dates";
import { DEFAULT_AUDIT_EVENTS, fillAuditEvents } from "./audit-events";
import { openBenchDatabase } from "./database";
import {
  buildDataset,
  DATASET_VERSION,
  type DatasetInfo,
  hasAppData,
  type ProgressReporter,
  readDataset,
} from "./dataset";
import {
  dataMediansOf,
  dataScenariosFor,
  HTTP_KEYS,
  type HttpRun,
  httpHeader,
  httpPagesFor,
  httpTable,
  isHttpKey,
  runHttp,
} from "./http";
import { header, machine, type Results, table, writeResults } from "./report";
import { runScenarios, SCENARIO_KEYS } from "./scenarios";

const DEFAULT_SEED = 20_261_124 % 1_000_000;

/** Prints a build step's progress with the seconds since `started`. */
function progressSince(started: number): ProgressReporter {
  return (stage, done, total) => {
    const elapsed = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
    const amount = total
      ? `${done.toLocaleString("en-GB")} / ${total.toLocaleString("en-GB")}`
      : done.toLocaleString("en-GB");
    console.log(`  [${elapsed} s] ${stage}: ${amount}`);
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: "boolean", default: false },
      "build-only": { type: "boolean", default: false },
      seed: { type: "string" },
      scale: { type: "string" },
      "as-of": { type: "string" },
      runs: { type: "string" },
      only: { type: "string" },
      "roster-rows": { type: "string" },
      "audit-events": { type: "string" },
      http: { type: "boolean", default: false },
      rebuild: { type: "boolean", default: false },
      "statement-timeout": { type: "string", default: "300" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      `Usage: npm run bench -- [--fresh] [--build-only] [--seed=N] [--scale=F] [--as-of=YYYY-MM-DD] [--runs=N] [--roster-rows=N] [--audit-events=N] [--statement-timeout=SECONDS] [--only=${SCENARIO_KEYS.join(",")}]\n       npm run bench -- --http [--rebuild] [--runs=N] [--only=${[...HTTP_KEYS, "coordinator", "manager", "education_officer", "trainer", "learner"].join(",")}]`,
    );
    return;
  }
  const only = values.only ? values.only.split(",").map((s) => s.trim()) : undefined;
  for (const key of only ?? []) {
    if (values.http ? !isHttpKey(key) : !SCENARIO_KEYS.includes(key))
      throw new Error(
        `Unknown ${values.http ? "page" : "measurement"} "${key}": choose from ${(values.http ? HTTP_KEYS : SCENARIO_KEYS).join(", ")}${values.http ? "" : " (pages over HTTP: --http)"}`,
      );
  }
  const runs = values.runs ? Number(values.runs) : undefined;
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1))
    throw new Error("--runs must be a whole number, 1 or more");
  const rosterRows = values["roster-rows"] ? Number(values["roster-rows"]) : undefined;
  if (rosterRows !== undefined && (!Number.isInteger(rosterRows) || rosterRows < 1 || rosterRows > 200_000))
    throw new Error("--roster-rows must be a whole number from 1 to 200,000");

  const auditEvents = values["audit-events"] !== undefined ? Number(values["audit-events"]) : undefined;
  if (auditEvents !== undefined && (!Number.isInteger(auditEvents) || auditEvents < 0 || auditEvents > 50_000_000))
    throw new Error("--audit-events must be a whole number from 0 to 50,000,000");

  const statementTimeoutSeconds = Number(values["statement-timeout"]);
  if (!(statementTimeoutSeconds > 0)) throw new Error("--statement-timeout must be a number of seconds");
  const loadBefore = os.loadavg();
  let opened = await openBenchDatabase({ fresh: values.fresh, statementTimeoutSeconds });
  try {
    console.log(
      `Database: ${opened.version} at ${opened.location}${opened.engine === "pglite" ? " (embedded; set BENCH_DATABASE_URL or DATABASE_URL for PostgreSQL)" : ""}`,
    );
    const existing = await readDataset(opened.db);
    const seed =
      values.seed !== undefined
        ? Number(values.seed)
        : existing && existing !== "partial"
          ? existing.seed
          : DEFAULT_SEED;
    const scale =
      values.scale !== undefined ? Number(values.scale) : existing && existing !== "partial" ? existing.scale : 1;
    if (!(scale > 0 && scale <= 1)) throw new Error("--scale must be more than 0 and at most 1");
    let dataset: DatasetInfo;
    if (existing === "partial") {
      throw new Error("The benchmark database holds a data set whose build did not finish: run again with --fresh.");
    } else if (existing) {
      const mismatch = [
        existing.version !== DATASET_VERSION ? `generator version ${existing.version}, now ${DATASET_VERSION}` : "",
        existing.seed !== seed ? `seed ${existing.seed}` : "",
        existing.scale !== scale ? `scale ${existing.scale}` : "",
        values["as-of"] && existing.asOf !== values["as-of"] ? `as of ${existing.asOf}` : "",
      ].filter(Boolean);
      if (mismatch.length > 0) {
        throw new Error(
          `The benchmark database holds another data set (${mismatch.join(", ")}): run again with --fresh.`,
        );
      }
      dataset = existing;
      console.log(
        `Reusing the data set built ${dataset.builtAt.slice(0, 16).replace("T", " ")} UTC (seed ${seed}, as of ${dataset.asOf}); --fresh builds it again.`,
      );
    } else {
      if (await hasAppData(opened.db)) {
        throw new Error(
          `${opened.location} already holds other data; the benchmark builds only into an empty database (use --fresh, or another BENCH_DATABASE_URL).`,
        );
      }
      const asOf = values["as-of"] ?? todayInLondon();
      console.log(`Building the data set (seed ${seed}, as of ${asOf}${scale === 1 ? "" : `, scale ${scale}`})…`);
      const started = performance.now();
      dataset = await buildDataset(opened.db, { seed, asOf, scale }, progressSince(started));
      console.log(`Built in ${dataset.buildSeconds.toFixed(1)} s.`);
    }
    // The audit log at a realistic size (audit-events.ts): its own step, with its own marker.
    const auditStarted = performance.now();
    const audit = await fillAuditEvents(
      opened.db,
      {
        seed: dataset.seed,
        asOf: dataset.asOf,
        events: auditEvents ?? Math.round(DEFAULT_AUDIT_EVENTS * dataset.scale),
      },
      progressSince(auditStarted),
    );
    console.log(
      `Audit log: ${audit.events.toLocaleString("en-GB")} events added by the benchmark (made in ${audit.seconds.toFixed(1)} s), about ${audit.total.toLocaleString("en-GB")} in all.`,
    );
    const keptStarted = performance.now();
    const redone = await bringPersonRequirementsUpToDate(opened.db);
    if (redone !== 0) {
      const seconds = (performance.now() - keptStarted) / 1000;
      console.log(
        `Kept coverage brought up to date for ${redone === "everyone" ? "everyone" : `${redone} people`} in ${seconds.toFixed(1)} s.`,
      );
    }
    // What autovacuum does on a deployed PostgreSQL, done here: the machine's own cluster may run
    // without it (this one's did), and PGlite has none. Bringing everyone up to date leaves every
    // person's stale mark dead in stale_person_requirements: every kept read's "anything stale?"
    // then scanned 50,000 dead rows (2 to 13 ms) until the table was vacuumed.
    await opened.db.execute(
      sql`vacuum (analyze) stale_person_requirements, person_requirements, person_quarter_courses, person_statuses, coverage_figures`,
    );
    if (values["build-only"]) return;

    const onDate = todayInLondon();
    // Over HTTP (http.ts): the chosen pages, beside the data scenarios of the same pages, timed first in process.
    const pages = values.http ? httpPagesFor(only) : undefined;
    const dataKeys = pages ? dataScenariosFor(pages) : only;
    const measurements =
      dataKeys && dataKeys.length === 0
        ? []
        : await runScenarios(opened, dataset, { onDate, only: dataKeys, runs, rosterRows });
    let httpRun: HttpRun | undefined;
    if (pages) {
      const done = await runHttp(
        opened,
        async () => {
          // PGlite: the HTTP run closes it for the server and opens it again; closed at the end whatever happens.
          opened = await openBenchDatabase({ fresh: false, statementTimeoutSeconds });
          return opened;
        },
        dataset,
        {
          keys: pages,
          runs,
          rebuild: values.rebuild,
          auditEvents: audit.events,
          dataMedians: dataMediansOf(measurements),
        },
      );
      opened = done.bench;
      httpRun = done.run;
    }
    const results: Results = {
      generatedAt: new Date().toISOString(),
      machine: machine(loadBefore),
      database: {
        engine: opened.engine,
        version: opened.version,
        location: opened.location,
        poolSize: opened.poolSize,
      },
      dataset,
      auditEvents: audit.events,
      onDate,
      measurements,
      http: httpRun,
    };
    console.log("");
    console.log(header(results));
    if (measurements.length > 0) {
      console.log("");
      console.log(table(measurements));
    }
    if (httpRun) {
      console.log("");
      console.log(httpHeader(httpRun));
      console.log("");
      console.log(httpTable(httpRun));
    }
    const file = await writeResults(results);
    console.log(`\nWritten to ${file}.`);
    // The write scenarios changed completions and bookings (and took them back; the roster
    // import's apply was rolled back, after its own check inside its transaction): the kept
    // coverage must still give what the records give. Recorded like npm run check:coverage.
    console.log("");
    const checkStarted = performance.now();
    const check = await checkKeptCoverage(opened.db, { today: onDate });
    for (const line of keptCoverageCheckSummary(check)) console.log(line);
    console.log(`Checked in ${((performance.now() - checkStarted) / 1000).toFixed(1)} s.`);
    if (check.differences > 0)
      throw new Error("The kept coverage differs from the records after the benchmark's scenarios.");
    const failedPages = httpRun?.measurements.filter((m) => m.status === "failed") ?? [];
    if (failedPages.length > 0)
      throw new Error(
        `${failedPages.length} page(s) over HTTP did not answer 200: ${failedPages.map((m) => m.key).join(", ")}`,
      );
  } finally {
    await opened.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof Error && process.env.BENCH_DEBUG) console.error(error.stack);
    process.exit(1);
  },
);
