import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../app/db/database";
import { type OpenDatabase, openDatabase } from "../../app/db/open.server";
import { TEMPLATE_DATABASE, withDatabase } from "./postgres-url";

export interface TestDatabase {
  db: Database;
  engine: "pglite" | "postgresql";
  /** The pool's connections, as the operators' metrics count them. */
  poolUse: OpenDatabase["poolUse"];
  /** Empties every table and restarts identities: call in beforeEach. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A database of this test file's own: in-memory PGlite, or with TEST_DATABASE_URL a fresh
 * PostgreSQL database copied from the migrated template.
 */
export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  let opened: OpenDatabase;
  let drop = async () => {};
  if (url) {
    const name = `ptt_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${TEMPLATE_DATABASE}`);
    await admin.end();
    opened = await openDatabase({
      url: withDatabase(url, name),
      migrate: false,
      maxConnections: options.maxConnections ?? 4,
    });
    drop = async () => {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    opened = await openDatabase({ dataDir: "memory://" });
  }
  const { db, engine } = opened;
  return {
    db,
    engine,
    poolUse: opened.poolUse,
    async reset() {
      const tables = await queryRows<{ name: string }>(
        db,
        sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
      );
      await db.execute(sql.raw(`truncate ${tables.map((t) => t.name).join(", ")} restart identity cascade`));
    },
    async close() {
      await opened.close();
      await drop();
    },
  };
}
