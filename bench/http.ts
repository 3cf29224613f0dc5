/**
 * `npm run bench -- --http`: what the user waits for. Starts the built server (server/index.mjs,
 * NODE_ENV=production) on the benchmark's data, signs in as each role (a session made the way
 * lucia stores it, for the data set's accounts and a trainer's added here), and times whole HTTP
 * responses of the pages people open every day: time to the first byte and to the last, the
 * page's size as sent (gzip, as a browser asks for it) and unpacked, and for the downloads the
 * server's peak memory. bench/README.md ("Over HTTP") says what each page is.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { sql } from "drizzle-orm";
import { DAILY_JOB_LOCK } from "../app/background.server";
import { startSession } from "../app/auth/session.server";
import { type Database, queryOne, queryRows, sqlTextArray } from "../app/db/database";
import { certificateForDownload } from "../app/domain/certificates/get-certificate";
import { countCertificates } from "../app/domain/certificates/select-certificates";
import { quarterKey, quarterOf } from "../app/domain/kpis/quarters";
import { todayInLondon } from "../app/lib/dates";
import { isBuildUpToDate, sourceFingerprint, writeFingerprint } from "../scripts/build-fingerprint.mjs";
import { type BenchDatabase, serverFolderOf } from "./database";
import { type DatasetInfo, fingerprint } from "./dataset";
import { summarise, type Timing } from "./measure";
import type { Measurement, Target } from "./measure";

export type BenchRole = "coordinator" | "manager" | "education_officer" | "trainer" | "learner";

/** The data set's accounts (dataset.ts) and the trainer's, added by this mode. */
const ACCOUNT_OF: Record<BenchRole, string> = {
  coordinator: "bench-coordinator",
  manager: "bench-manager",
  education_officer: "bench-education-officer",
  trainer: "bench-trainer",
  learner: "bench-learner",
};

const ROLE_WORDS: Record<BenchRole, string> = {
  coordinator: "coordinator",
  manager: "manager of 5,000",
  education_officer: "education officer",
  trainer: "trainer",
  learner: "learner",
};

/** Ids the pages' addresses need, found in the data set before the server starts. */
interface Fixtures {
  certificateId: number;
  zipQuery: string;
  zipCount: number;
  registerSessionId: number;
  searchFor: string;
  /** The audit log's ?older= cursor 15,000 pages of 50 down (or half-way down a smaller log). */
  auditDeepOlder: number;
  /** The running quarter (2026-Q3), which the report's data measurement times; the page opens on the last ended one. */
  runningQuarter: string;
  /** 30 days before the data set's day: a month of completions, to set a small export's memory beside the whole one's. */
  monthAgo: string;
}

interface HttpPage {
  /** `<role>:<name>`, for --only (a role alone picks all its pages). */
  key: string;
  label: string;
  role: BenchRole;
  path: (f: Fixtures) => string;
  /** A download (zip, CSV, PDF): the server's memory is sampled while it is sent. */
  download?: boolean;
  /** The data scenario (scenarios.ts) timing this page's data, shown beside it. */
  data?: string;
  /** The issue's target for it, from the median (and p95 for pages), the first byte or the size. */
  target?: (m: HttpResult, engine: BenchDatabase["engine"]) => Target;
  warmup?: number;
  runs?: number;
}

/** Issue 22's targets for a page: median under 100 ms and p95 under 250 ms on PostgreSQL, median under 150 ms on PGlite. */
function pageTarget(m: HttpResult, engine: BenchDatabase["engine"]): Target {
  if (engine === "pglite") return { text: "< 150 ms", met: m.total.median < 150 };
  return { text: "< 100 ms, p95 < 250 ms", met: m.total.median < 100 && m.total.p95 < 250 };
}

function within(ms: number, what: "median" | "first byte" = "median") {
  return (m: HttpResult): Target => ({
    text: `${what === "median" ? "" : "first byte "}< ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}`,
    met: (what === "median" ? m.total.median : m.firstByte.median) < ms,
  });
}

/**
 * Requests before a certificate's timed runs. Its target (10 ms) is a served-warm one, and a
 * server just started answers its first few dozen with code not yet compiled by V8: measured
 * alone after three, the same download took 12 to 14 ms, after the other pages 7 to 8 ms.
 */
const CERTIFICATE_WARMUP = 30;

const PAGES: HttpPage[] = [
  // The coordinator: everyone in scope.
  {
    key: "coordinator:dashboard",
    label: "Dashboard",
    role: "coordinator",
    path: () => "/dashboard",
    data: "dashboard",
  },
  {
    key: "coordinator:team",
    label: "My team",
    role: "coordinator",
    path: () => "/team",
    data: "team-everyone",
    target: (m, engine) => {
      const t = pageTarget(m, engine);
      return { text: `${t.text}, < 100 KB`, met: t.met && m.bytes.body < 100 * 1024 };
    },
  },
  { key: "coordinator:team-page-700", label: "My team, page 700", role: "coordinator", path: () => "/team?page=700" },
  {
    key: "coordinator:team-worst",
    label: "My team, worst first",
    role: "coordinator",
    path: () => "/team?sort=status",
    data: "team-everyone-worst",
  },
  {
    key: "coordinator:team-csv",
    label: "My team as CSV",
    role: "coordinator",
    path: () => "/team.csv",
    download: true,
    target: within(300, "first byte"),
    runs: 5,
  },
  {
    key: "coordinator:people-csv",
    label: "People as CSV (everyone)",
    role: "coordinator",
    path: () => "/people.csv",
    download: true,
    target: within(300, "first byte"),
    runs: 5,
  },
  // The same export small and very large: memory that stays flat shows as the same peak.
  {
    key: "coordinator:completions-csv-month",
    label: "Completions as CSV (a month)",
    role: "coordinator",
    path: (f) => `/completions.csv?completedFrom=${f.monthAgo}`,
    download: true,
    target: within(300, "first byte"),
    runs: 5,
  },
  {
    key: "coordinator:completions-csv",
    label: "Completions as CSV (all 1,000,000)",
    role: "coordinator",
    path: () => "/completions.csv",
    download: true,
    target: within(300, "first byte"),
    warmup: 1,
    runs: 3,
  },
  {
    key: "coordinator:people-search",
    label: "People search",
    role: "coordinator",
    path: (f) => `/people?q=${encodeURIComponent(f.searchFor)}`,
    target: (m) => ({ text: "< 50 ms", met: m.total.median < 50 }),
  },
  {
    key: "coordinator:schools",
    label: "Schools table",
    role: "coordinator",
    path: () => "/schools",
    data: "schools-page",
  },
  {
    key: "coordinator:quarterly",
    label: "Quarterly report",
    role: "coordinator",
    path: (f) => `/reports/quarterly?quarter=${f.runningQuarter}`,
    data: "kpi-report",
    target: within(100),
  },
  {
    key: "coordinator:quarterly-pdf",
    label: "Quarterly report as PDF",
    role: "coordinator",
    path: (f) => `/reports/quarterly.pdf?quarter=${f.runningQuarter}`,
    download: true,
    runs: 5,
  },
  {
    key: "coordinator:audit",
    label: "Audit log, page 1",
    role: "coordinator",
    path: () => "/admin/audit",
    target: within(100),
  },
  {
    key: "coordinator:audit-deep",
    label: "Audit log, a deep page",
    role: "coordinator",
    path: (f) => `/admin/audit?older=${f.auditDeepOlder}`,
    target: within(100),
    runs: 5,
  },
  {
    key: "coordinator:sessions",
    label: "Sessions (training team)",
    role: "coordinator",
    path: () => "/admin/sessions",
  },
  { key: "coordinator:courses", label: "Courses", role: "coordinator", path: () => "/courses" },
  {
    key: "coordinator:certificate",
    label: "One certificate (PDF)",
    role: "coordinator",
    path: (f) => `/certificates/${f.certificateId}.pdf`,
    download: true,
    data: "certificate",
    target: within(10),
    warmup: CERTIFICATE_WARMUP,
    runs: 20,
  },
  {
    key: "coordinator:zip",
    label: "Zip of ~1,000 certificates",
    role: "coordinator",
    path: (f) => `/certificates/bulk.zip?${f.zipQuery}`,
    download: true,
    data: "zip",
    target: within(5_000),
    warmup: 1,
    runs: 3,
  },
  // A manager with a big team: the director of Children and Families (5,000 people).
  {
    key: "manager:dashboard",
    label: "Dashboard",
    role: "manager",
    path: () => "/dashboard",
    data: "dashboard-manager",
  },
  { key: "manager:team", label: "My team", role: "manager", path: () => "/team" },
  {
    key: "manager:team-csv",
    label: "My team as CSV",
    role: "manager",
    path: () => "/team.csv",
    download: true,
    target: within(300, "first byte"),
    runs: 5,
  },
  { key: "manager:my-training", label: "My training", role: "manager", path: () => "/my-training" },
  { key: "manager:sessions", label: "Sessions", role: "manager", path: () => "/sessions" },
  // The education officer: every school.
  { key: "education_officer:schools", label: "Schools table", role: "education_officer", path: () => "/schools" },
  {
    key: "education_officer:audit",
    label: "Audit log (schools)",
    role: "education_officer",
    path: () => "/admin/audit",
  },
  // A trainer: the sessions they run and a register.
  { key: "trainer:sessions", label: "My sessions", role: "trainer", path: () => "/trainer/sessions" },
  {
    key: "trainer:register",
    label: "A session's register",
    role: "trainer",
    path: (f) => `/sessions/${f.registerSessionId}/register`,
  },
  // A learner.
  {
    key: "learner:my-training",
    label: "My training",
    role: "learner",
    path: () => "/my-training",
    data: "my-training",
  },
  { key: "learner:sessions", label: "Sessions", role: "learner", path: () => "/sessions" },
  { key: "learner:courses", label: "Courses", role: "learner", path: () => "/courses" },
  {
    key: "learner:certificate",
    label: "Their certificate (PDF)",
    role: "learner",
    path: (f) => `/certificates/${f.certificateId}.pdf`,
    download: true,
    target: within(10),
    warmup: CERTIFICATE_WARMUP,
    runs: 20,
  },
];

export const HTTP_KEYS = PAGES.map((p) => p.key);
const ROLES = [...new Set(PAGES.map((p) => p.role))];

/** The pages --only picks: by key, or every page of a role named alone. */
export function httpPagesFor(only: readonly string[] | undefined): string[] {
  if (!only) return HTTP_KEYS;
  return PAGES.filter((p) => only.includes(p.key) || only.includes(p.role)).map((p) => p.key);
}

export function isHttpKey(key: string): boolean {
  return HTTP_KEYS.includes(key) || (ROLES as string[]).includes(key);
}

/** The data scenarios shown beside the chosen pages. */
export function dataScenariosFor(keys: readonly string[]): string[] {
  return [...new Set(PAGES.filter((p) => keys.includes(p.key) && p.data).map((p) => p.data!))];
}

// ---------------------------------------------------------------------------------------------
// Results.

export interface HttpResult {
  total: Timing;
  firstByte: Timing;
  /** Bytes of the body unpacked, and as sent (gzip or not). */
  bytes: { body: number; sent: number; encoding: string };
  /** The first request's whole time (nothing cached by the server yet). */
  firstMs: number;
  /** Downloads: the server's resident memory before and at its peak during the timed runs (MiB). */
  memory?: { beforeMiB: number; peakMiB: number; how: "VmHWM" | "sampled" };
}

export interface HttpMeasurement {
  key: string;
  label: string;
  role: BenchRole;
  path: string;
  status: "ok" | "failed";
  result?: HttpResult;
  /** The matching data scenario's median (the same page's data, timed in process). */
  data?: { key: string; median: number };
  target?: Target;
  note?: string;
}

export interface HttpRun {
  /** Seconds from starting the server to its first answer. */
  startSeconds: number;
  build: "built" | "up to date";
  /** 1-, 5- and 15-minute load averages when the HTTP measurements began and ended. */
  load: { start: number[]; end: number[] };
  auditEvents: number;
  measurements: HttpMeasurement[];
  /** What the server's background work did (see runHttp). */
  background: string;
}

// ---------------------------------------------------------------------------------------------
// The server.

/** Where the app is built for the run (BENCH_BUILD_DIR lets two working copies keep their own builds). */
const BUILD_DIR = process.env.BENCH_BUILD_DIR || "build-bench";
async function buildIfNeeded(force: boolean): Promise<HttpRun["build"]> {
  // The same check as npm start's: the build's fingerprint of its sources' content.
  if (!force && (await isBuildUpToDate(process.cwd(), BUILD_DIR))) return "up to date";
  console.log(`Building the app into ${BUILD_DIR} (npm run build)…`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn("npm", ["run", "build"], {
      env: { ...process.env, BUILD_DIR, NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code})`))));
  });
  await writeFingerprint(BUILD_DIR, await sourceFingerprint(process.cwd()));
  return "built";
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  pid: number;
  base: string;
  /** The server's output so far (for errors, and to see the daily job finish). */
  output: () => string;
  keptCertificates: string[];
  stop: () => Promise<void>;
}

async function startServer(bench: BenchDatabase): Promise<{ server: Server; seconds: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    BUILD_DIR,
    PUBLIC_URL: `http://localhost:${port}`,
    SECRET_KEY: randomBytes(32).toString("base64"),
    SEED_DEMO: "false",
    TRUST_PROXY: "false",
  };
  let moved: { from: string; to: string } | undefined;
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  let files: string | undefined;
  if ("url" in bench.connection) {
    env.DATABASE_URL = bench.connection.url;
    // Its files (kept certificates) in a folder of its own, removed after (see runHttp).
    files = await mkdtemp(path.join(os.tmpdir(), "ptt-bench-http-"));
    env.DATA_DIR = files;
  } else {
    // The app opens DATA_DIR/pglite (PGlite does not follow a symbolic link there): the bench's
    // folder is moved into one beside it for the server's lifetime, and back after.
    moved = serverFolderOf(bench.connection.dataDir);
    await mkdir(path.dirname(moved.to), { recursive: true });
    await rename(moved.from, moved.to);
    env.DATA_DIR = path.dirname(moved.to);
  }
  const started = performance.now();
  const child = spawn(process.execPath, ["server/index.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const server: Server = {
    child,
    pid: child.pid!,
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    /** The certificates it kept (file keys), read before its folder goes. */
    keptCertificates: [],
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(timer);
      }
      const dataDir = files ?? (moved ? path.dirname(moved.to) : undefined);
      if (dataDir) {
        const kept = await readdir(path.join(dataDir, "files", "certificates")).catch(() => []);
        server.keptCertificates = kept.map((name) => `certificates/${name}`);
      }
      if (files) await rm(files, { recursive: true, force: true });
      if (moved) {
        await rename(moved.to, moved.from);
        await rm(path.dirname(moved.to), { recursive: true, force: true });
      }
    },
  };
  // Ready when the database is open (the start-up work done) and a page answers.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) {
      await server.stop();
      throw new Error(`The server stopped (exit ${child.exitCode}):\n${output.slice(-2000)}`);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`The server did not answer within 5 minutes:\n${output.slice(-2000)}`);
    }
    if (output.includes("Database ready")) {
      const answer = await request(`${server.base}/sign-in`, {}).catch(() => undefined);
      if (answer?.status === 200) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { server, seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// One request, timed as a browser waits for it.

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const BROWSER_HEADERS = {
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Accept-Encoding": "gzip, deflate, br",
  "Accept-Language": "en-GB,en;q=0.5",
};

interface Answer {
  status: number;
  firstByteMs: number;
  totalMs: number;
  sent: number;
  body: number;
  encoding: string;
  location: string | null;
  /** The start of the body, unpacked, for a failure's message. */
  head: string;
}

function request(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { ...BROWSER_HEADERS, ...headers } }, (res) => {
      const firstByteMs = performance.now() - started;
      const encoding = String(res.headers["content-encoding"] ?? "identity");
      const unpack =
        encoding === "gzip"
          ? zlib.createGunzip()
          : encoding === "br"
            ? zlib.createBrotliDecompress()
            : encoding === "deflate"
              ? zlib.createInflate()
              : undefined;
      let sent = 0;
      let body = 0;
      let head = "";
      const take = (chunk: Buffer) => {
        body += chunk.length;
        if (head.length < 400) head += chunk.toString("utf8", 0, Math.min(chunk.length, 400));
      };
      res.on("data", (chunk: Buffer) => {
        sent += chunk.length;
        if (unpack) unpack.write(chunk);
        else take(chunk);
      });
      unpack?.on("data", take);
      const done = () =>
        resolve({
          status: res.statusCode ?? 0,
          firstByteMs,
          totalMs: performance.now() - started,
          sent,
          body,
          encoding,
          location: res.headers.location ?? null,
          head,
        });
      res.on("error", reject);
      res.on("end", () => {
        if (!unpack) return done();
        unpack.on("end", done);
        unpack.on("error", reject);
        unpack.end();
      });
    });
    req.on("error", reject);
    req.setTimeout(300_000, () => req.destroy(new Error(`No answer from ${url} in 300 s`)));
  });
}

async function procStatus(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The server's peak memory while `work` runs: its high-water mark, reset first, or sampled every 20 ms. */
async function peakMemory<T>(pid: number, work: () => Promise<T>) {
  const before = await procStatus(pid, "VmRSS");
  // Writing 5 to clear_refs resets the peak (VmHWM) to the current size (Linux 4.0 and later).
  const reset = await writeFile(`/proc/${pid}/clear_refs`, "5").then(
    () => true,
    () => false,
  );
  let sampled = before;
  // Sampled only where the peak cannot be reset: the reset mark is exact.
  const timer = reset
    ? undefined
    : setInterval(() => {
        procStatus(pid, "VmRSS").then(
          (rss) => (sampled = Math.max(sampled, rss)),
          () => {},
        );
      }, 20);
  try {
    const result = await work();
    const hwm = reset ? await procStatus(pid, "VmHWM") : Number.NaN;
    return {
      result,
      beforeMiB: before,
      peakMiB: Number.isFinite(hwm) ? Math.max(hwm, sampled) : sampled,
      how: Number.isFinite(hwm) ? ("VmHWM" as const) : ("sampled" as const),
    };
  } finally {
    clearInterval(timer);
  }
}

async function timePage(
  server: Server,
  page: HttpPage,
  url: string,
  cookie: string,
  runs: number | undefined,
): Promise<HttpResult> {
  const ask = async () => {
    const answer = await request(`${server.base}${url}`, { Cookie: cookie });
    if (answer.status !== 200) {
      throw new Error(
        `${url} as the ${page.role} answered ${answer.status}${answer.location ? ` → ${answer.location}` : ""}: ${answer.head.replace(/\s+/g, " ").slice(0, 200)}`,
      );
    }
    return answer;
  };
  const warmup = page.warmup ?? 2;
  let firstMs = Number.NaN;
  for (let i = 0; i < warmup; i++) {
    const answer = await ask();
    if (i === 0) firstMs = answer.totalMs;
  }
  const answers: Answer[] = [];
  const timed = async () => {
    for (let i = 0; i < (runs ?? page.runs ?? 10); i++) answers.push(await ask());
  };
  let memory: HttpResult["memory"];
  if (page.download) {
    const watched = await peakMemory(server.pid, timed);
    memory = { beforeMiB: watched.beforeMiB, peakMiB: watched.peakMiB, how: watched.how };
  } else {
    await timed();
  }
  const last = answers.at(-1)!;
  return {
    total: summarise(answers.map((a) => a.totalMs)),
    firstByte: summarise(answers.map((a) => a.firstByteMs)),
    bytes: { body: last.body, sent: last.sent, encoding: last.encoding },
    firstMs: Number.isNaN(firstMs) ? answers[0]!.totalMs : firstMs,
    memory,
  };
}

// ---------------------------------------------------------------------------------------------
// Accounts, sessions and the pages' ids.

/**
 * The trainer's account (the data set has accounts for the other roles): the trainer who ran the
 * most sessions. Added once, kept; accounts are not people and count in no figure.
 */
async function ensureTrainerAccount(db: Database): Promise<void> {
  const trainer = await queryOne<{ id: number }>(
    db,
    sql`select trainer_person_id as id from course_sessions where trainer_person_id is not null
        group by trainer_person_id order by count(*) desc, trainer_person_id limit 1`,
  );
  if (!trainer) throw new Error("No session in the data set has a trainer");
  await db.execute(sql`insert into accounts (id, person_id, email, display_name, password_hash)
    values ('bench-trainer', ${trainer.id}, 'trainer@bench.example', 'Bench Trainer', '!bench-no-sign-in')
    on conflict (id) do nothing`);
  await db.execute(sql`insert into role_grants (account_id, role)
    select 'bench-trainer', 'trainer' where not exists (
      select 1 from role_grants where account_id = 'bench-trainer' and role = 'trainer')`);
}

/** A session for each role, stored the way lucia stores one (hashed); the runs' earlier sessions go first. */
async function signIn(db: Database): Promise<Record<BenchRole, string>> {
  await db.execute(sql`delete from auth_sessions where user_id like 'bench-%'`);
  const cookies = {} as Record<BenchRole, string>;
  for (const role of ROLES) cookies[role] = (await startSession(db, ACCOUNT_OF[role])).split(";")[0]!;
  return cookies;
}

async function endSessions(db: Database): Promise<void> {
  await db.execute(sql`delete from auth_sessions where user_id like 'bench-%'`);
}

const ZIP_SIZE = 1000;

async function findFixtures(db: Database, dataset: DatasetInfo, auditEvents: number): Promise<Fixtures> {
  const { learnerPersonId, directorateId } = dataset.fixtures;
  // The learner's latest certificate that can be downloaded now (not held for an evaluation).
  const candidates = await queryRows<{ id: number }>(
    db,
    sql`select cp.id::int as id from completions cp join courses c on c.id = cp.course_id
        where cp.person_id = ${learnerPersonId} and cp.revoked_at is null and c.issues_certificate
        order by cp.completed_on desc, cp.id desc limit 20`,
  );
  let certificateId: number | undefined;
  for (const c of candidates) {
    const download = await certificateForDownload(db, { kind: "all" }, c.id);
    if (download && !("awaitingEvaluation" in download)) {
      certificateId = c.id;
      break;
    }
  }
  if (certificateId === undefined) throw new Error("The learner has no certificate to download");

  // The directorate's certificates completed since the latest day that still gives ~1,000.
  const asOf = new Date(`${dataset.asOf}T00:00:00Z`).getTime();
  const dayBefore = (days: number) => new Date(asOf - days * 86_400_000).toISOString().slice(0, 10);
  const countSince = (days: number) =>
    countCertificates(db, { kind: "all" }, { organisationId: directorateId, completedFrom: dayBefore(days) });
  let lo = 0;
  let hi = 3650;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await countSince(mid)) >= ZIP_SIZE) hi = mid;
    else lo = mid;
  }
  const zipCount = await countSince(hi);
  const zipQuery = new URLSearchParams({
    organisationId: String(directorateId),
    completedFrom: dayBefore(hi),
  }).toString();

  // The trainer's latest delivered session with the fullest room.
  const session = await queryOne<{ id: number }>(
    db,
    sql`select s.id from course_sessions s join accounts a on a.person_id = s.trainer_person_id and a.id = 'bench-trainer'
        where s.status = 'delivered' order by s.starts_at desc limit 1`,
  );
  if (!session) throw new Error("The trainer has no delivered session");
  const name = await queryOne<{ family_name: string }>(
    db,
    sql`select family_name from people where id = ${learnerPersonId}`,
  );
  // The issue's deep page (page 15,000 of 50), or the middle of a smaller log: the audit log pages
  // by id (keyset), so the page is the id the "Older events" links would reach there.
  const deep = await queryOne<{ id: number }>(
    db,
    sql`select id::int as id from audit_events order by id desc
        offset ${Math.max(0, Math.min(15_000 * 50, Math.floor(auditEvents / 2)))} limit 1`,
  );
  return {
    certificateId,
    zipQuery,
    zipCount,
    registerSessionId: session.id,
    searchFor: name!.family_name.slice(0, 5),
    auditDeepOlder: deep!.id,
    runningQuarter: quarterKey(quarterOf(todayInLondon())),
    monthAgo: dayBefore(30),
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Times the chosen pages over HTTP. On PGlite the server needs the data folder to itself: `bench`
 * is closed first and `reopen` gives it back afterwards. The server's daily job (reminders,
 * follow-ups) would write to the data set: on PostgreSQL this process holds the job's lock so it
 * never runs; on PGlite it runs once at start, is waited for, and what it wrote to the outbox is
 * removed afterwards.
 */
export async function runHttp(
  bench: BenchDatabase,
  reopen: () => Promise<BenchDatabase>,
  dataset: DatasetInfo,
  options: {
    keys: string[];
    runs?: number;
    rebuild: boolean;
    auditEvents: number;
    dataMedians: Map<string, number>;
  },
): Promise<{ run: HttpRun; bench: BenchDatabase }> {
  const build = await buildIfNeeded(options.rebuild);
  await ensureTrainerAccount(bench.db);
  const fixtures = await findFixtures(bench.db, dataset, options.auditEvents);
  const cookies = await signIn(bench.db);
  const startedAt = await queryOne<{ at: string }>(bench.db, sql`select now()::text as at`);

  let lockHolder: { release: () => Promise<void> } | undefined;
  let current = bench;
  if (bench.engine === "postgresql") {
    lockHolder = await holdDailyJobLock(bench.connection as { url: string });
  } else {
    await bench.close();
  }
  const loadStart = os.loadavg();
  const measurements: HttpMeasurement[] = [];
  let background = "";
  let startSeconds = 0;
  let server: Server | undefined;
  try {
    console.log("Starting the server on the benchmark's data…");
    const started = await startServer(bench);
    server = started.server;
    startSeconds = started.seconds;
    if (bench.engine === "pglite") {
      // Its first daily run starts with the server: waited for, so that it is not timed with the pages.
      const waitUntil = Date.now() + 600_000;
      while (!/Daily messages: done|The daily messages failed/.test(server.output()) && Date.now() < waitUntil) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      background = "the daily job ran once at start (waited for; what it wrote to the outbox removed after)";
    } else {
      background = "the daily job held off (this run holds its lock)";
    }
    console.log(`Server ready in ${startSeconds.toFixed(1)} s (pid ${server.pid}).`);
    for (const page of PAGES) {
      if (!options.keys.includes(page.key)) continue;
      const url = page.path(fixtures);
      process.stdout.write(`HTTP: ${page.label}, as the ${ROLE_WORDS[page.role]} (${url})… `);
      const data =
        page.data && options.dataMedians.has(page.data)
          ? { key: page.data, median: options.dataMedians.get(page.data)! }
          : undefined;
      try {
        const result = await timePage(server, page, url, cookies[page.role], options.runs);
        // A download has a target only where the issue sets one (the PDF of the report has none).
        const target = (page.target ?? (page.download ? undefined : pageTarget))?.(result, bench.engine);
        const note = [
          page.key === "coordinator:zip" ? `${fixtures.zipCount.toLocaleString("en-GB")} certificates` : "",
          `first request ${msText(result.firstMs)}`,
        ]
          .filter(Boolean)
          .join("; ");
        measurements.push({
          key: page.key,
          label: page.label,
          role: page.role,
          path: url,
          status: "ok",
          result,
          data,
          target,
          note,
        });
        console.log(
          `${msText(result.total.median)} median, first byte ${msText(result.firstByte.median)}, ${kib(result.bytes.body)}`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.log(`FAILED: ${message}`);
        measurements.push({
          key: page.key,
          label: page.label,
          role: page.role,
          path: url,
          status: "failed",
          data,
          note: message.slice(0, 300),
        });
      }
    }
  } finally {
    await server?.stop();
    const keptByServer = server?.keptCertificates ?? [];
    await lockHolder?.release();
    if (bench.engine === "pglite") current = await reopen();
    if (bench.engine === "pglite" && startedAt) {
      await current.db.execute(sql`delete from notifications where created_at >= ${startedAt.at}::timestamptz`);
    }
    // The certificates the server kept (decision 016) went with its folder: their rows go too, so
    // every run starts from certificates not yet drawn (the first request's time in the notes).
    if (startedAt && keptByServer.length > 0) {
      await current.db.execute(sql`delete from certificate_files where rendered_at >= ${startedAt.at}::timestamptz
        and file_key = any(${sqlTextArray(keptByServer)})`);
    }
    await endSessions(current.db);
  }
  // What the server did must leave the data set as it was built: its people, sessions, bookings and completions.
  const after = await fingerprint(current.db);
  if (after !== dataset.sizes.fingerprint) {
    throw new Error(
      `The data set changed during the HTTP run: fingerprint ${after}, built as ${dataset.sizes.fingerprint}`,
    );
  }
  console.log(`The data set's fingerprint is as built (${after}).`);
  const failed = measurements.filter((m) => m.status === "failed");
  if (failed.length > 0) {
    console.error(
      `\n${failed.length} page(s) did not answer 200:\n${failed.map((m) => `  ${m.key}: ${m.note}`).join("\n")}`,
    );
  }
  return {
    run: {
      startSeconds,
      build,
      load: { start: loadStart.map(round1), end: os.loadavg().map(round1) },
      auditEvents: options.auditEvents,
      measurements,
      background,
    },
    bench: current,
  };
}

/** Holds the daily job's advisory lock on a connection of its own, so the server's daily job skips its runs. */
async function holdDailyJobLock(connection: { url: string }) {
  const { default: postgres } = await import("postgres");
  const client = postgres(connection.url, { max: 1, onnotice: () => {} });
  const reserved = await client.reserve();
  await reserved`select pg_advisory_lock(${DAILY_JOB_LOCK})`;
  return {
    async release() {
      await reserved`select pg_advisory_unlock(${DAILY_JOB_LOCK})`;
      reserved.release();
      await client.end();
    },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function msText(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (value >= 1_000) return `${(value / 1000).toFixed(value >= 10_000 ? 1 : 2)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

function kib(bytes: number): string {
  if (bytes >= 10 * 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

// ---------------------------------------------------------------------------------------------
// The table.

const HEAD = [
  "Page",
  "As",
  "Median",
  "p95",
  "First byte",
  "Size (sent)",
  "Data",
  "× data",
  "Peak RSS",
  "Target",
  "Notes",
];

function cells(m: HttpMeasurement): string[] {
  const r = m.result;
  if (m.status !== "ok" || !r) return [m.label, ROLE_WORDS[m.role], "failed", "", "", "", "", "", "", "", m.note ?? ""];
  const sent =
    r.bytes.encoding === "identity"
      ? kib(r.bytes.body)
      : `${kib(r.bytes.body)} (${kib(r.bytes.sent)} ${r.bytes.encoding})`;
  return [
    m.label,
    ROLE_WORDS[m.role],
    msText(r.total.median),
    msText(r.total.p95),
    msText(r.firstByte.median),
    sent,
    m.data ? msText(m.data.median) : "",
    m.data ? `${(r.total.median / m.data.median).toFixed(1)}×` : "",
    r.memory ? `${Math.round(r.memory.peakMiB)} MiB (from ${Math.round(r.memory.beforeMiB)})` : "",
    m.target ? `${m.target.text} ${m.target.met ? "✓" : "✗"}` : "",
    m.note ?? "",
  ];
}

export function httpTable(run: HttpRun): string {
  const rows = [HEAD, ...run.measurements.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

export function httpHeader(run: HttpRun): string {
  const load = (l: number[]) => `${l[0]} / ${l[1]} / ${l[2]}`;
  return [
    `Over HTTP: the built server (${BUILD_DIR}, ${run.build}), NODE_ENV=production, answering in ${run.startSeconds.toFixed(1)} s from its start; ` +
      `gzip as a browser asks; ${run.auditEvents.toLocaleString("en-GB")} audit events added; background work: ${run.background}.`,
    `Load average (1 / 5 / 15 min): ${load(run.load.start)} when the HTTP measurements began, ${load(run.load.end)} when they ended.`,
  ].join("\n");
}

/** For results.json: the HTTP measurements beside the data ones, each data median by its key. */
export function dataMediansOf(measurements: readonly Measurement[]): Map<string, number> {
  return new Map(measurements.filter((m) => m.status === "ok" && m.timing).map((m) => [m.key, m.timing!.median]));
}
