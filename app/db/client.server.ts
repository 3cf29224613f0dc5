import { existsSync } from "node:fs";
import path from "node:path";
import { env } from "../env.server";
import { logInfo } from "../lib/log-error";
import type { Database } from "./database";
import { openDatabase, type OpenDatabase } from "./open.server";

let opening: Promise<OpenDatabase> | undefined;

/**
 * The service's own start-up work once its database is open and migrated (the demo council when
 * asked for, KPI definitions, freezing the quarter that ended), so that no page load writes. Set by
 * entry.server: this layer may not call the domain or the demo.
 */
let startUpWork: ((db: Database) => Promise<void>) | undefined;

export function onDatabaseOpened(work: (db: Database) => Promise<void>): void {
  startUpWork = work;
}

/** Work to finish before the database closes at shutdown (the background work's stop). Set by entry.server. */
let shutdownWork: (() => Promise<void>) | undefined;

export function onDatabaseClosing(work: () => Promise<void>): void {
  shutdownWork = work;
}

async function open(): Promise<OpenDatabase> {
  const { DATABASE_URL, DATA_DIR } = env();
  const started = Date.now();
  const dataDir = path.join(DATA_DIR, "pglite");
  if (!DATABASE_URL && !existsSync(path.join(dataDir, "PG_VERSION")))
    console.log(`Creating the database in ${dataDir}…`);
  const opened = await openDatabase({
    url: DATABASE_URL,
    dataDir,
    // Beside the server's build (server/index.mjs reads BUILD_DIR too).
    freshDatabaseFile: path.resolve(process.env.BUILD_DIR ?? "build", "fresh-database.tar.gz"),
  });
  try {
    await startUpWork?.(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  logInfo(`Database ready (${opened.engine}) in ${Date.now() - started} ms`, { engine: opened.engine });
  registerShutdown(opened);
  return opened;
}

/**
 * Closes the database on SIGTERM/SIGINT, once the background work has stopped (so no send is cut
 * off between Notify's answer and its mark); PGlite otherwise keeps the process alive.
 */
function registerShutdown(opened: OpenDatabase) {
  const shutdown = (signal: NodeJS.Signals) => {
    void Promise.resolve()
      .then(() => shutdownWork?.())
      .catch(() => {})
      .finally(() => opened.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 0)));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/**
 * The app's database, opened, migrated and prepared (entry.server's start-up work) on first use.
 * A failed opening (PostgreSQL away at start) is forgotten, so the next caller tries again.
 */
export async function getOpenDatabase(): Promise<OpenDatabase> {
  opening ??= open().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

export async function getDatabase(): Promise<Database> {
  return (await getOpenDatabase()).db;
}

/** Tests hand their own database to the loaders and actions they drive (and, for the operations tests, its pool). */
export function provideDatabaseForTests(db: Database, opened: Partial<Omit<OpenDatabase, "db">> = {}): void {
  opening = Promise.resolve({ db, engine: "pglite", close: async () => {}, ...opened });
}
