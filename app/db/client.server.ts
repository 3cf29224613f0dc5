import path from "node:path";
import { env } from "../env.server";
import type { Database } from "./database";
import { isEmpty, openDatabase, type OpenDatabase } from "./open.server";
import { seedDemo } from "./seed/demo.server";

let opening: Promise<OpenDatabase> | undefined;

async function open(): Promise<OpenDatabase> {
  const { DATABASE_URL, DATA_DIR, SEED_DEMO } = env();
  const started = Date.now();
  const opened = await openDatabase({
    url: DATABASE_URL,
    dataDir: path.join(DATA_DIR, "pglite"),
  });
  if (SEED_DEMO && (await isEmpty(opened.db))) {
    console.log("Empty database: seeding the demo council…");
    await seedDemo(opened.db);
  }
  console.log(`Database ready (${opened.engine}) in ${Date.now() - started} ms`);
  registerShutdown(opened);
  return opened;
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
