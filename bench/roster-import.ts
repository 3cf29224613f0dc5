/**
 * The 50,000-row HR roster import, through the shared flow (app/domain/imports/import-runs.ts:
 * uploadImport → previewImport → applyImport, kind "roster"), and other people's pages while it
 * runs. The roster is written here as CSV bytes from the bench council's own people (see
 * makeRoster); an apply runs inside a transaction that is rolled back, so the bench database is
 * left as it was (the kept coverage is checked inside it first, against the imported records).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { startSession } from "../app/auth/session.server";
import { provideDatabaseForTests } from "../app/db/client.server";
import { type Database, queryOne, sqlIntArray } from "../app/db/database";
import { FAMILY_NAMES, GIVEN_NAMES } from "../app/demo/names";
import { Random } from "../app/demo/random";
import { applyImport, type ImportPreview, previewImport, uploadImport } from "../app/domain/imports/import-runs";
import { schoolsCoverage } from "../app/domain/coverage/schools-coverage";
import { dashboardData } from "../app/domain/kpis/dashboard-data";
import type { ImportCounts } from "../app/lib/values";
import type { FileStorage } from "../app/storage/file-storage";
import { loader as myTrainingLoader } from "../app/routes/my-training";
import { type Timing, summarise } from "./measure";
import { ms } from "./report";

/** What the roster scenarios need of the bench's context. */
export interface RosterContext {
  db: Database;
  engine: "pglite" | "postgresql";
  onDate: string;
  coordinatorAccountId: string;
  learnerAccountId: string;
  rosterRows: number;
  seed: number;
}

export const HEADER =
  "Employee No,Forename,Surname,Email,Job Title,Directorate,Service,Line Manager No,Start Date,End Date,Frontline";

export interface RosterFile {
  bytes: Uint8Array;
  rows: number;
  /** What the preview should count: the file was written to give exactly this. */
  expected: Omit<ImportCounts, "skipped">;
  /** How the file was made up, in words. */
  makeup: string;
  /** The council's people the file starts from. */
  councilPeople: number;
  /** A full roster (the option that marks as leavers those not in it); off when the file is too short to list everyone. */
  markLeavers: boolean;
}

interface CouncilPerson {
  id: number;
  ref: string;
  given: string;
  family: string;
  email: string | null;
  title: string | null;
  directorate: string | null;
  service: string | null;
  manager: string | null;
  start: string;
  leaving: string | null;
  frontline: boolean;
}

/** The council's people as the roster needs them, in one row of JSON (PGlite hands many rows to JavaScript slowly). */
async function councilPeople(db: Database): Promise<CouncilPerson[]> {
  const row = await queryOne<{ people: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(p.id, p.external_ref, p.given_name, p.family_name, p.email, p.job_title,
          d.name, s.name, m.external_ref, p.start_date::text, p.leaving_date::text, 'frontline' = any(p.profile_tags))
          order by p.id), '[]')::text as people
        from people p join organisations o on o.id = p.organisation_id
        left join organisations d on d.id = nullif(split_part(o.path, '.', 2), '')::int
        left join organisations s on s.id = nullif(split_part(o.path, '.', 3), '')::int
        left join people m on m.id = p.line_manager_id
        where o.sector = 'council' and p.external_ref is not null`,
  );
  type Packed = [
    number,
    string,
    string,
    string,
    string | null,
    string | null,
    string | null,
    string | null,
    string | null,
    string,
    string | null,
    boolean,
  ];
  return (JSON.parse(row!.people) as Packed[]).map(
    ([id, ref, given, family, email, title, directorate, service, manager, start, leaving, frontline]) => ({
      id,
      ref,
      given,
      family,
      email,
      title,
      directorate,
      service,
      manager,
      start,
      leaving,
      frontline,
    }),
  );
}

const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function cell(value: string | null): string {
  if (value === null) return "";
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const mailbox = (given: string, family: string) => `${given}.${family}`.toLowerCase().replace(/[^a-z.]/g, "");

/**
 * A monthly HR roster of the bench council, `rows` rows, as HR would send it: every council
 * person as the records hold them (its leavers with their end dates), with this month's changes
 * (2.5% a new job title, 1% moved to another service, 0.5% a new surname and e-mail, 0.5% a new
 * line manager, 1% leaving this month with an end date, 0.5% gone from the file: the full-roster
 * option marks them as leavers), 1.2% new starters, and, to make up the rows (the bench council
 * has 30,000 people, the file 50,000), leavers of earlier years whom the records never had (HR
 * extracts carry their leavers with end dates): the import creates them, as leavers.
 */
export async function makeRoster(
  db: Database,
  options: { rows: number; today: string; seed: number },
): Promise<RosterFile> {
  const all = await councilPeople(db);
  const rng = new Random(options.seed ^ 0x5eed_0a11);
  const byRef = new Map(all.map((p) => [p.ref, p]));
  const servicesOf = new Map<string, string[]>();
  for (const p of all) {
    if (p.directorate === null || p.service === null) continue;
    const list = servicesOf.get(p.directorate) ?? [];
    if (!list.includes(p.service)) list.push(p.service);
    servicesOf.set(p.directorate, list);
  }
  const starterCount = Math.round(all.filter((p) => p.leaving === null).length * 0.012);
  const full = options.rows >= all.length + starterCount;
  const listed = all.slice(0, Math.max(0, Math.min(all.length, options.rows - starterCount)));
  const lines: string[] = [HEADER];
  const line = (cells: Array<string | null>) => lines.push(cells.map(cell).join(","));
  const counts = { created: 0, changed: 0, unchanged: 0, ended: 0 };
  const kinds = { title: 0, moved: 0, surname: 0, manager: 0, leaving: 0 };
  const inFile = new Set<string>();
  for (const p of listed) {
    let { family, email, title, service, manager, leaving } = p;
    const r = rng.next();
    if (p.leaving === null && r < 0.06) {
      if (r < 0.025 && title !== null) {
        title = title.startsWith("Senior ") ? title.slice(7) : `Senior ${title}`;
        kinds.title++;
      } else if (r >= 0.025 && r < 0.035 && p.directorate !== null && service !== null) {
        const others = (servicesOf.get(p.directorate) ?? []).filter((s) => s !== service);
        if (others.length > 0) {
          service = rng.pick(others);
          kinds.moved++;
        }
      } else if (r >= 0.035 && r < 0.04) {
        const other = rng.pick(FAMILY_NAMES);
        if (other !== family) {
          family = other;
          email = `${mailbox(p.given, family)}.${p.id}@bench.example`;
          kinds.surname++;
        }
      } else if (r >= 0.04 && r < 0.045 && manager !== null) {
        const above = byRef.get(manager)?.manager ?? null;
        if (above !== null) {
          manager = above;
          kinds.manager++;
        }
      } else if (r >= 0.045 && r < 0.055) {
        const day = addDays(options.today, -rng.int(1, 25));
        leaving = [day, p.start].sort()[1]!; // not before they started
        kinds.leaving++;
      } else if (r >= 0.055 && r < 0.06 && full) {
        counts.ended++;
        continue; // Gone from HR's list: the full-roster option marks them as leavers.
      }
    }
    const changed =
      family !== p.family ||
      email !== p.email ||
      title !== p.title ||
      service !== p.service ||
      manager !== p.manager ||
      leaving !== p.leaving;
    if (changed) counts.changed++;
    else counts.unchanged++;
    inFile.add(p.ref);
    line([
      p.ref,
      p.given,
      family,
      email,
      title,
      p.directorate,
      service,
      manager,
      ukDate(p.start),
      leaving === null ? null : ukDate(leaving),
      p.frontline ? "Y" : "N",
    ]);
  }
  // New starters this month, in the teams of people already there, reporting to their managers.
  const templates = listed.filter((p) => p.leaving === null && p.service !== null && inFile.has(p.ref));
  let starters = 0;
  for (let k = 1; k <= starterCount && templates.length > 0; k++) {
    const t = rng.pick(templates);
    const given = rng.pick(GIVEN_NAMES);
    const family = rng.pick(FAMILY_NAMES);
    line([
      `BENCH-${900_000 + k}`,
      given,
      family,
      `${mailbox(given, family)}.n${k}@bench.example`,
      t.title,
      t.directorate,
      t.service,
      t.manager ?? t.ref,
      ukDate(addDays(options.today, -rng.int(0, 27))),
      null,
      t.frontline ? "Y" : "N",
    ]);
    counts.created++;
    starters++;
  }
  // Leavers of earlier years, to make up the rows.
  const earlier = Math.max(0, options.rows - (lines.length - 1));
  for (let k = 1; k <= earlier && templates.length > 0; k++) {
    const t = rng.pick(templates);
    const given = rng.pick(GIVEN_NAMES);
    const family = rng.pick(FAMILY_NAMES);
    const start = addDays("2000-01-01", rng.int(0, 6935));
    const latest = addDays(options.today, -60);
    const end = addDays(start, rng.int(180, 2500));
    line([
      `BENCH-${800_000 + k}`,
      given,
      family,
      rng.chance(0.5) ? `${mailbox(given, family)}.x${k}@bench.example` : null,
      t.title,
      t.directorate,
      t.service,
      null,
      ukDate(start),
      ukDate([end, latest].sort()[0]!),
      t.frontline ? "Y" : "N",
    ]);
    counts.created++;
  }
  const text = `${lines.join("\r\n")}\r\n`;
  // Excel's "CSV UTF-8": a byte-order mark, CRLF.
  const body = new TextEncoder().encode(text);
  const bytes = new Uint8Array(body.length + 3);
  bytes.set([0xef, 0xbb, 0xbf]);
  bytes.set(body, 3);
  const n = (x: number) => x.toLocaleString("en-GB");
  const makeup =
    `${n(listed.length - counts.ended)} of the council's ${n(all.length)} people (${n(kinds.title)} new job titles, ${n(kinds.moved)} moves, ` +
    `${n(kinds.surname)} new surnames, ${n(kinds.manager)} new managers, ${n(kinds.leaving)} leaving this month; ${n(counts.ended)} left out), ` +
    `${n(starters)} starters, ${n(earlier)} earlier leavers${full ? "; a full roster (leavers marked)" : ""}`;
  return { bytes, rows: lines.length - 1, expected: counts, makeup, councilPeople: all.length, markLeavers: full };
}

/** Storage in memory: the bench keeps no files. */
export function memoryStorage(): FileStorage {
  const files = new Map<string, Uint8Array>();
  return {
    async put(key, bytes) {
      if (!files.has(key)) files.set(key, new Uint8Array(bytes));
    },
    async get(key) {
      return files.get(key) ?? null;
    },
  };
}

const SETTINGS = { localAuthorityCode: null };

/** The name the bench's roster is uploaded under (its runs are removed after each measurement). */
export const ROSTER_FILE_NAME = "hr-roster-december.csv";

/** An import run of the roster, uploaded (not timed); previewed by the caller. */
export async function uploadRoster(ctx: RosterContext, storage: FileStorage, roster: RosterFile): Promise<number> {
  return uploadImport(ctx.db, storage, {
    kind: "roster",
    files: [{ role: "roster", name: ROSTER_FILE_NAME, bytes: roster.bytes }],
    options: roster.markLeavers ? { markLeavers: "on" } : {},
    actorAccountId: ctx.coordinatorAccountId,
  });
}

export function preview(ctx: RosterContext, storage: FileStorage, runId: number, db = ctx.db): Promise<ImportPreview> {
  return previewImport(db, storage, runId, { today: ctx.onDate, settings: SETTINGS });
}

const ROLLBACK = new Error("bench: roll the import back");

/**
 * Applies a previewed run inside a transaction that is then rolled back (the bench database is
 * left as it was). `inside` runs in that transaction after the apply, untimed.
 */
export async function applyAndRollBack(
  ctx: RosterContext,
  storage: FileStorage,
  runId: number,
  inside?: (tx: Database) => Promise<void>,
): Promise<{ counts: ImportCounts; applyMs: number }> {
  let counts: ImportCounts | undefined;
  let applyMs = 0;
  try {
    await ctx.db.transaction(async (tx) => {
      const started = performance.now();
      counts = await applyImport(tx, storage, runId, {
        actorAccountId: ctx.coordinatorAccountId,
        skipBadRows: false,
        today: ctx.onDate,
        settings: SETTINGS,
      });
      applyMs = performance.now() - started;
      await inside?.(tx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return { counts: counts!, applyMs };
}

/** Removes the bench's import runs (and their audit events): nothing of them stays in the bench database. */
export async function removeImportRuns(db: Database, runIds: number[]): Promise<void> {
  if (runIds.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from audit_events where entity_type = 'import_run'
      and entity_id = any(${sqlIntArray(runIds)}::text[])`);
    await tx.execute(sql`delete from import_runs where id = any(${sqlIntArray(runIds)})`);
  });
}

export function countsText(counts: ImportCounts): string {
  const n = (x: number) => x.toLocaleString("en-GB");
  return `${n(counts.created)} created, ${n(counts.changed)} changed, ${n(counts.unchanged)} unchanged, ${n(counts.ended)} ended, ${n(counts.skipped)} skipped`;
}

export function sameAsExpected(counts: ImportCounts, roster: RosterFile): boolean {
  const e = roster.expected;
  return (
    counts.created === e.created &&
    counts.changed === e.changed &&
    counts.unchanged === e.unchanged &&
    counts.ended === e.ended &&
    counts.skipped === 0
  );
}

/** The longest stretch the event loop could not run anything else, while `work` ran. */
export async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ result: T; longestStallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await work();
    return { result, longestStallMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

// ---------------------------------------------------------------------------------------------
// Other people's pages while an import runs.

interface Page {
  key: string;
  label: string;
  run(): Promise<unknown>;
}

async function pages(ctx: RosterContext): Promise<Page[]> {
  provideDatabaseForTests(ctx.db);
  const cookie = (await startSession(ctx.db, ctx.learnerAccountId)).split(";")[0]!;
  return [
    {
      key: "my-training",
      label: "My training",
      run: () =>
        myTrainingLoader({
          request: new Request("http://localhost:3000/my-training", { headers: { Cookie: cookie } }),
          params: {},
          context: {},
        }),
    },
    { key: "schools", label: "schools table", run: () => schoolsCoverage(ctx.db, {}, ctx.onDate) },
    { key: "dashboard", label: "dashboard", run: () => dashboardData(ctx.db, { kind: "all" }, ctx.onDate) },
  ];
}

/** One page call: which page, and how long from when it was due (a late start counts) to its answer. */
interface Call {
  page: string;
  ms: number;
}

/** Each person waits this long after a page comes back before opening their next one. */
const THINK_MS = 250;

/**
 * One person per page, each opening their page again THINK_MS after it came back, until
 * `stop()` or `rounds` each. A call is timed from when it was due: when the event loop is held
 * up, the wait before it starts counts too. (People who wait for their page, rather than
 * arriving at a fixed rate, cannot pile up without end on PGlite's one connection.)
 */
async function arrivals(list: Page[], stop: () => boolean, rounds = Number.POSITIVE_INFINITY): Promise<Call[]> {
  const calls: Call[] = [];
  await Promise.all(
    list.map(async (page, index) => {
      // Staggered, so the pages do not all start together.
      let due = performance.now() + (index * THINK_MS) / list.length;
      for (let k = 0; k < rounds; k++) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (stop()) break;
        await page.run();
        const done = performance.now();
        calls.push({ page: page.key, ms: done - due });
        due = done + THINK_MS;
      }
    }),
  );
  return calls;
}

export interface PagesWhile {
  timing: Timing;
  met: boolean;
  note: string;
  importMs: number;
}

/**
 * Each page's usual time (people arriving as below, no import), then the same while `work` runs:
 * the slowdown of every call started while it ran, against its page's usual median.
 */
export async function pagesWhile(ctx: RosterContext, work: () => Promise<unknown>, runs: number): Promise<PagesWhile> {
  const list = await pages(ctx);
  for (const page of list) for (let i = 0; i < 2; i++) await page.run();
  const usual = await arrivals(list, () => false, Math.max(3, runs));
  const usualMedian = new Map(
    list.map((p) => [p.key, summarise(usual.filter((c) => c.page === p.key).map((c) => c.ms)).median]),
  );
  let running = true;
  const started = performance.now();
  const watched = withLoopWatch(async () => {
    try {
      await work();
    } finally {
      running = false;
    }
  });
  const during = await arrivals(list, () => !running);
  const { longestStallMs } = await watched;
  const importMs = performance.now() - started;
  const ratios = during.map((c) => c.ms / usualMedian.get(c.page)!);
  const perPage = list.map((p) => {
    const mine = summarise(during.filter((c) => c.page === p.key).map((c) => c.ms));
    return { page: p, usual: usualMedian.get(p.key)!, during: mine };
  });
  const met = perPage.every((x) => x.during.samples.length > 0 && x.during.median < 2 * x.usual);
  const note =
    `${during.length} page calls over ${ms(importMs)} (${list.length} people, each again ${THINK_MS} ms after their page came back); median usual → while: ` +
    perPage.map((x) => `${x.page.label} ${ms(x.usual)} → ${ms(x.during.median)}`).join(", ") +
    `; longest wait ${ms(Math.max(...during.map((c) => c.ms)))}; event loop held up to ${ms(longestStallMs)}`;
  return { timing: summarise(ratios), met, note, importMs };
}
