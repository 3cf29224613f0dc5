import path from "node:path";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { provideOwnConnectionDatabase } from "./batches";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import * as schema from "./schema";
import type { Database } from "./database";

export interface OpenDatabase {
  db: Database;
  engine: "pglite" | "postgresql";
  close(): Promise<void>;
  /** The connections this process holds and how many are running a statement (the operators' metrics). */
  poolUse?(): Promise<PoolUse>;
  /** PGlite only: a consistent copy of its data folder, taken between transactions (`npm run backup`). */
  dumpDataDir?(): Promise<Blob>;
}

export interface PoolUse {
  max: number;
  open: number;
  active: number;
}

/**
 * What PostgreSQL's pg_stat_activity calls this process's connections: postgres.js does not count
 * its pool aloud, so the pool's use is read there, by this name (63 characters at most).
 */
const APPLICATION_NAME = `ptt ${hostname()} ${process.pid}`.slice(0, 63);

export const MIGRATIONS_FOLDER = path.resolve(process.env.MIGRATIONS_DIR ?? "drizzle");

/** An arbitrary constant: the advisory lock that stops two app instances migrating at once. */
const MIGRATION_LOCK = 72_311_001;

/**
 * Opens PostgreSQL when a URL is given, otherwise PGlite (embedded) in `dataDir`, or in memory
 * when dataDir is "memory://". Applies the migrations in drizzle/ before returning.
 */
export async function openDatabase(options: {
  url?: string;
  dataDir?: string;
  migrate?: boolean;
  maxConnections?: number;
  /**
   * PGlite: a migrated empty database (scripts/fresh-database.mjs, made by the build) to unpack
   * into a data folder that holds none yet, instead of creating one and migrating it.
   */
  freshDatabaseFile?: string;
}): Promise<OpenDatabase> {
  const migrateNow = options.migrate ?? true;
  if (options.url) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // JIT compilation added up to half a second to reporting queries (DESIGN.md); none pay for it here.
      connection: { jit: "off", TimeZone: "UTC", application_name: APPLICATION_NAME },
    });
    const max = options.maxConnections ?? 10;
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    // Exports read through a cursor on a connection of their own, with drizzle's handling of
    // types (set in the client's options, which a reserved connection shares but does not expose).
    provideOwnConnectionDatabase(
      db,
      (connection) => drizzlePostgres(Object.assign(connection, { options: client.options })) as unknown as Database,
    );
    if (migrateNow) {
      const lockClient = postgres(options.url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: MIGRATIONS_FOLDER });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK})`;
      } finally {
        await lockClient.end();
      }
    }
    return {
      db,
      engine: "postgresql",
      close: () => client.end({ timeout: 5 }),
      async poolUse() {
        const [row] = await client<{ open: number; active: number }[]>`
          select count(*)::int as open, (count(*) filter (where state = 'active' and pid <> pg_backend_pid()))::int as active
          from pg_stat_activity where application_name = ${APPLICATION_NAME}`;
        return { max, open: row?.open ?? 0, active: row?.active ?? 0 };
      },
    };
  }

  const dataDir = options.dataDir ?? "memory://";
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const fresh = options.freshDatabaseFile;
  const unpack = !inMemory && fresh && !existsSync(path.join(dataDir, "PG_VERSION")) && existsSync(fresh);
  // pg_trgm serves people search (migration 0021 creates the extension).
  const client = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    loadDataDir: unpack ? new Blob([readFileSync(fresh)]) : undefined,
  });
  await client.exec("set time zone 'UTC'");
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  if (migrateNow) {
    await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return {
    db,
    engine: "pglite",
    close: () => client.close(),
    // One connection, in this process; the question itself is the one statement running.
    poolUse: async () => ({ max: 1, open: client.closed ? 0 : 1, active: 0 }),
    // The files as of one moment between two statements (PGlite runs one at a time): what a crash
    // would leave, which PostgreSQL recovers from its WAL when the copy is opened (decision 019).
    dumpDataDir: async () => {
      await client.exec("checkpoint");
      return client.dumpDataDir("gzip");
    },
  };
}

/** True when the database holds no organisations yet (a fresh install). */
export async function isEmpty(db: Database): Promise<boolean> {
  const result = await db.select({ n: sql<number>`count(*)::int` }).from(schema.organisations);
  return (result[0]?.n ?? 0) === 0;
}
