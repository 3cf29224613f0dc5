import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryOne } from "./db/database";
import { getOpenDatabase } from "./db/client.server";
import { MIGRATIONS_FOLDER } from "./db/open.server";
import { keptCoverageStaleness } from "./domain/kept-coverage/staleness";
import { outboxFigures } from "./domain/notifications/outbox-figures";
import { env } from "./env.server";

/**
 * What the production server (server/*.mjs) asks of the app to run it (issue 24, decision 019):
 * its settings, readiness, the figures behind the metrics, whether an error means the database
 * is away, and the embedded database's backup. entry.server exports it as `operations`, so the
 * server reaches the same modules (and the same open database) as the pages.
 */

const unsetIfEmpty = (v: unknown) => (v === "" ? undefined : v);

const settingsSchema = z.object({
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  /** Behind a proxy that terminates TLS: "true" (trust X-Forwarded-*), or the proxy's address or hop count. */
  TRUST_PROXY: z.preprocess(unsetIfEmpty, z.string().default("false")),
  /** The operations port: metrics, health and the embedded database's backup, never the public's. */
  OPERATIONS_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).default(9464)),
  OPERATIONS_HOST: z.preprocess(unsetIfEmpty, z.string().min(1).default("127.0.0.1")),
  OPERATIONS_TOKEN: z.preprocess(unsetIfEmpty, z.string().min(32, "at least 32 characters").optional()),
});

export interface OperationsSettings {
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Express's "trust proxy" value: false, true, a hop count or addresses. */
  trustProxy: boolean | number | string;
  operationsPort: number;
  operationsHost: string;
  operationsToken: string | undefined;
  dataDir: string;
  /** The database this build will open: PostgreSQL when DATABASE_URL is set. */
  engine: "pglite" | "postgresql";
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** The server's settings, checked with the app's own (env.server): one message naming every bad variable. */
export function parseOperationsSettings(source: Record<string, string | undefined>): OperationsSettings {
  const { DATA_DIR, DATABASE_URL, NODE_ENV } = env();
  const result = settingsSchema.safeParse(source);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (result.success && !LOOPBACK.has(result.data.OPERATIONS_HOST) && !result.data.OPERATIONS_TOKEN) {
    problems.push(
      `OPERATIONS_TOKEN: required when the operations port listens beyond this machine (OPERATIONS_HOST=${result.data.OPERATIONS_HOST}); set it to a random value of at least 32 characters and give it to the metrics scraper`,
    );
  }
  if (!result.success || problems.length > 0) throw new Error(`Invalid environment: ${problems.join("; ")}`);
  const data = result.data;
  const proxy = data.TRUST_PROXY;
  return {
    logLevel: NODE_ENV === "test" && !source.LOG_LEVEL ? "silent" : data.LOG_LEVEL,
    trustProxy: proxy === "true" ? true : proxy === "false" ? false : /^\d+$/.test(proxy) ? Number(proxy) : proxy,
    operationsPort: data.OPERATIONS_PORT,
    operationsHost: data.OPERATIONS_HOST,
    operationsToken: data.OPERATIONS_TOKEN,
    dataDir: DATA_DIR,
    engine: DATABASE_URL ? "postgresql" : "pglite",
  };
}

/** Error codes that mean the database cannot be reached now, rather than that a statement is wrong. */
const UNREACHABLE_CODES = new Set([
  // Node's sockets (postgres.js passes them on).
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // postgres.js's own.
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // PostgreSQL shutting down, starting up, or out of connections (SQLSTATE).
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** Whether an error (or one of its causes) says the database is away: the page is a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; typeof current === "object" && current !== null && depth < 5; depth++) {
    const { code, errno, message } = current as { code?: unknown; errno?: unknown; message?: unknown };
    if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof errno === "string" && UNREACHABLE_CODES.has(errno)) return true;
    // Several addresses refused at once (localhost as ::1 and 127.0.0.1).
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    if (typeof message === "string" && /^PGlite is clos(ed|ing)$/.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The newest migration this build ships (drizzle's journal): the database must have it. */
let expectedMigration: number | undefined;
function expectedMigrationMillis(): number {
  if (expectedMigration === undefined) {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
      entries: { when: number }[];
    };
    expectedMigration = Math.max(...journal.entries.map((e) => e.when));
  }
  return expectedMigration;
}

export interface Readiness {
  ready: boolean;
  /** "ready", "database unavailable", "migrations behind this build" or "starting" (nothing personal). */
  status: string;
  engine: "pglite" | "postgresql";
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("Timed out"), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready when the database answers and holds the newest migration this build ships (a newer one,
 * from a newer instance mid-upgrade, is fine: migrations only add). One indexed query, bounded
 * by a timeout, so a load balancer may ask every few seconds. It also reopens a database that
 * could not be opened at start.
 */
export async function readiness(timeoutMs = 2_000): Promise<Readiness> {
  const engine = env().DATABASE_URL ? "postgresql" : "pglite";
  try {
    return await withTimeout(
      (async () => {
        const opened = await getOpenDatabase();
        const row = await queryOne<{ newest: string | null }>(
          opened.db,
          sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`,
        );
        const migrated = Number(row?.newest ?? 0) >= expectedMigrationMillis();
        return {
          ready: migrated,
          status: migrated ? "ready" : "migrations behind this build",
          engine: opened.engine,
        };
      })(),
      timeoutMs,
    );
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { ready: false, status: "database unavailable", engine };
    throw error;
  }
}

export interface OperationalFigures {
  pool: { max: number; open: number; active: number } | undefined;
  keptCoverage: { peopleWaiting: number; everyoneWaiting: boolean };
  outbox: { waiting: number; oldestWaitingSeconds: number };
}

/** The figures behind the metrics (server/metrics.mjs), read at each scrape: three small queries. */
export async function operationalFigures(): Promise<OperationalFigures> {
  const opened = await getOpenDatabase();
  const [pool, keptCoverage, outbox] = await Promise.all([
    opened.poolUse?.(),
    keptCoverageStaleness(opened.db),
    outboxFigures(opened.db),
  ]);
  return { pool, keptCoverage, outbox };
}

/** The embedded database's folder as a gzipped tar, taken between transactions; null on PostgreSQL. */
export async function backupEmbeddedDatabase(): Promise<Uint8Array | null> {
  const opened = await getOpenDatabase();
  if (!opened.dumpDataDir) return null;
  return new Uint8Array(await (await opened.dumpDataDir()).arrayBuffer());
}
