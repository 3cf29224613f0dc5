/**
 * The benchmark's own database: `ptt_bench` on the PostgreSQL server named by DATABASE_URL (the
 * app's database itself is never touched), the database BENCH_DATABASE_URL names (dedicated to
 * the benchmark), or PGlite in ./data/bench (BENCH_DATA_DIR) when neither is set.
 */
import path from "node:path";
import { existsSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { queryOne } from "../app/db/database";
import { openDatabase, type OpenDatabase } from "../app/db/open.server";

export const BENCH_DATABASE_NAME = "ptt_bench";

export interface BenchDatabase extends OpenDatabase {
  /** "PostgreSQL 15.20" or "PGlite 0.5.16 (PostgreSQL 18.0)". */
  version: string;
  /** Where the data lives, without credentials. */
  location: string;
  /** Connections in the pool (PGlite: one, so concurrent work is serialised). */
  poolSize: number;
  /** How the app's server reaches the same data (bench/http.ts): the URL, or PGlite's folder. */
  connection: { url: string } | { dataDir: string };
}

function redact(url: URL): string {
  const copy = new URL(url.toString());
  copy.password = "";
  copy.username = copy.username ? copy.username : "";
  return `${copy.protocol}//${copy.username ? `${copy.username}@` : ""}${copy.host}${copy.pathname}`;
}

/** The pool size the app uses (app/db/open.server.ts). */
const APP_POOL_SIZE = 10;

/**
 * `statementTimeoutSeconds` stops a runaway query on PostgreSQL (set on the benchmark database, so
 * every connection has it); PGlite cannot interrupt a statement, so there it has no effect.
 */
export async function openBenchDatabase(options: {
  fresh: boolean;
  statementTimeoutSeconds: number;
}): Promise<BenchDatabase> {
  const benchUrl = process.env.BENCH_DATABASE_URL;
  const appUrl = process.env.DATABASE_URL;
  if (benchUrl || appUrl) {
    const target = new URL(benchUrl ?? appUrl!);
    if (!benchUrl) target.pathname = `/${BENCH_DATABASE_NAME}`;
    const name = decodeURIComponent(target.pathname.slice(1));
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Unusable database name for the benchmark: ${name}`);
    // Create (or with --fresh, drop and create) it from the server's maintenance database.
    const admin = new URL(target.toString());
    admin.pathname = "/postgres";
    const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
    try {
      if (options.fresh) await client.unsafe(`drop database if exists ${name} with (force)`);
      const found = await client`select 1 from pg_database where datname = ${name}`;
      if (found.length === 0) await client.unsafe(`create database ${name}`);
      try {
        await client.unsafe(
          `alter database ${name} set statement_timeout = '${Math.round(options.statementTimeoutSeconds)}s'`,
        );
      } catch (error) {
        console.warn(
          `Could not set a statement timeout on ${name} (${error instanceof Error ? error.message : error}): a runaway query will not be stopped.`,
        );
      }
    } finally {
      await client.end();
    }
    const opened = await openDatabase({ url: target.toString(), maxConnections: APP_POOL_SIZE });
    const row = await queryOne<{ v: string }>(opened.db, sql`select current_setting('server_version') as v`);
    return {
      ...opened,
      version: `PostgreSQL ${row?.v ?? "?"}`,
      location: redact(target),
      poolSize: APP_POOL_SIZE,
      connection: { url: target.toString() },
    };
  }

  const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? "data/bench");
  await putBackPgliteFolder(dataDir);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  const opened = await openDatabase({ dataDir });
  const row = await queryOne<{ v: string }>(opened.db, sql`select current_setting('server_version') as v`);
  return {
    ...opened,
    version: `PGlite ${await pgliteRelease()} (PostgreSQL ${row?.v ?? "?"})`,
    location: dataDir,
    poolSize: 1,
    connection: { dataDir },
  };
}

async function pgliteRelease(): Promise<string> {
  try {
    const file = path.resolve("node_modules/@electric-sql/pglite/package.json");
    return (JSON.parse(await readFile(file, "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

/** Where the PGlite folder lives while the server has it. */
export function serverFolderOf(dataDir: string): { from: string; to: string } {
  return { from: dataDir, to: path.join(`${dataDir}.http-server`, "pglite") };
}

/** A run stopped while the server had the PGlite folder leaves it moved: put it back. */
export async function putBackPgliteFolder(dataDir: string): Promise<void> {
  const { from, to } = serverFolderOf(dataDir);
  if (!existsSync(from) && existsSync(to)) {
    console.log(`Putting the bench's PGlite folder back from ${to} (a run over HTTP was stopped).`);
    await rename(to, from);
    await rm(path.dirname(to), { recursive: true, force: true });
  }
}
