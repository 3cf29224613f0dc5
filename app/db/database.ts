import { type ExtractTablesWithRelations, type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

export type Schema = typeof schema;

/**
 * The database handle every domain function takes first: the client itself or a transaction
 * (PgTransaction extends PgDatabase), whichever driver is in use.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/**
 * Runs hand-written SQL and returns its rows, whichever driver answers (PGlite returns
 * `{ rows }`, postgres.js an array). Both hand dates and timestamps back as text; cast counts
 * and sums to int or float8 in the SQL, since postgres.js returns bigint and numeric as strings.
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}

export async function queryOne<Row extends Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<Row | undefined> {
  const rows = await queryRows<Row>(db, query);
  return rows[0];
}

/** A Postgres int[] parameter (drizzle would spread a JS array into a list). */
export function sqlIntArray(values: readonly number[]): SQL {
  for (const v of values) if (!Number.isInteger(v)) throw new TypeError(`Not an integer: ${v}`);
  return sql`${`{${values.join(",")}}`}::int[]`;
}

/** A Postgres text[] parameter, each element quoted. */
export function sqlTextArray(values: readonly string[]): SQL {
  const quoted = values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return sql`${`{${quoted.join(",")}}`}::text[]`;
}
