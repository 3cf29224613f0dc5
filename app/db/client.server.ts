import path from "node:path";
import { env, type Env } from "../env.server";
import type { Database } from "./database";
import { isEmpty, openDatabase, type OpenDatabase } from "./open.server";
import { demoAccountsMessage, demoAccountsWithDemoPassword } from "./seed/demo-accounts-check.server";
import { seedDemo } from "./seed/demo.server";

let opening: Promise<OpenDatabase> | undefined;

/**
 * The service's own start-up work once its database is open, migrated and seeded (KPI definitions,
 * freezing the quarter that ended), so that no page load writes. Set by entry.server: this layer
 * may not call the domain.
 */
let startUpWork: ((db: Database) => Promise<void>) | undefined;

export function onDatabaseOpened(work: (db: Database) => Promise<void>): void {
  startUpWork = work;
}

async function open(): Promise<OpenDatabase> {
  const { DATABASE_URL, DATA_DIR } = env();
  const started = Date.now();
  const opened = await openDatabase({
    url: DATABASE_URL,
    dataDir: path.join(DATA_DIR, "pglite"),
  });
  try {
    await prepareDatabase(opened.db, env());
    await startUpWork?.(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  console.log(`Database ready (${opened.engine}) in ${Date.now() - started} ms`);
  registerShutdown(opened);
  return opened;
}

/**
 * Seeds the demo council into an empty database when SEED_DEMO says so, and refuses a production
 * database whose demo accounts still open with the published password (unless SEED_DEMO=true).
 */
export async function prepareDatabase(
  db: Database,
  settings: Pick<Env, "NODE_ENV" | "SEED_DEMO" | "SEED_DEMO_REQUESTED">,
  seed: (db: Database) => Promise<unknown> = seedDemo,
): Promise<void> {
  if (settings.SEED_DEMO && (await isEmpty(db))) {
    console.log("Empty database: seeding the demo council…");
    await seed(db);
  }
  if (settings.NODE_ENV === "production" && !settings.SEED_DEMO_REQUESTED) {
    const open = await demoAccountsWithDemoPassword(db);
    if (open.length > 0) throw new Error(demoAccountsMessage(open));
  }
}

/** Closes the database on SIGTERM/SIGINT; PGlite otherwise keeps the process alive. */
function registerShutdown(opened: OpenDatabase) {
  const shutdown = (signal: NodeJS.Signals) => {
    void opened.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/** The app's database, opened, migrated and (when empty) seeded on first use. */
export async function getDatabase(): Promise<Database> {
  opening ??= open().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return (await opening).db;
}

/** Tests hand their own database to the loaders and actions they drive. */
export function provideDatabaseForTests(db: Database): void {
  opening = Promise.resolve({ db, engine: "pglite", close: async () => {} });
}
