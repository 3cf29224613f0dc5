import { type SQL, sql } from "drizzle-orm";
import type { ReservedSql, Sql } from "postgres";
import { type Database, queryRows } from "./database";

/**
 * A query read in order a batch at a time. Called with null, it gives the whole result in order
 * (read through a cursor); called with the last row read and a limit, the rows after that one
 * (keyset paging over the order's columns, for PGlite; `offset`, the rows read so far, for an
 * order no keyset follows, on a small table).
 */
export type OrderedQuery<Row> = (page: { after: Row | null; limit: number; offset: number } | null) => SQL;

export interface BatchOptions<Row, Out> {
  /** Rows fetched at a time. */
  batchSize?: number;
  /**
   * When given, each batch is twice the one before, up to this: a small first batch leaves soon,
   * larger ones after it cost less a row (for a query whose plan changes with the batch's size).
   */
  growTo?: number;
  /**
   * Turns each batch into what is yielded, on the same snapshot: for example the lines of the
   * people in a batch of people.
   */
  expand?: (db: Database, rows: Row[]) => Promise<Out[]>;
}

export const DEFAULT_BATCH_SIZE = 2000;

let cursors = 0;

const ownConnectionDatabases = new WeakMap<object, (connection: ReservedSql) => Database>();

/**
 * How to make a drizzle database over one reserved connection of `db`'s pool: given by
 * app/db/open.server.ts, which holds the driver, so that this module (which domain modules
 * shared with pages import) keeps postgres.js out of the browser's bundle.
 */
export function provideOwnConnectionDatabase(db: Database, make: (connection: ReservedSql) => Database): void {
  ownConnectionDatabases.set(db, make);
}

/** The postgres.js client under a drizzle database, or null (PGlite, or a transaction). */
function postgresClient(db: Database): Sql | null {
  const client = (db as { $client?: unknown }).$client;
  return typeof client === "function" && "reserve" in client ? (client as Sql) : null;
}

/**
 * A large result, a batch at a time, for an export written while it is read: only a batch is
 * ever held, and the next is read when the last has been taken.
 *
 * On PostgreSQL: a connection of its own, in a REPEATABLE READ READ ONLY transaction (one
 * snapshot from the first row to the last, whatever is written meanwhile), the query read
 * through a cursor. Stopping early (`return()`, which a cancelled download calls) closes the
 * transaction and gives the connection back to the pool.
 *
 * On PGlite, which has one connection for the whole service and holds every other request
 * while a transaction is open, each batch is a statement of its own (keyset paging): other
 * requests go between batches, and a batch sees what was committed before it.
 */
export async function* readInBatches<Row extends Record<string, unknown>, Out = Row>(
  db: Database,
  query: OrderedQuery<Row>,
  options: BatchOptions<Row, Out> = {},
): AsyncGenerator<Out[]> {
  let batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const grow = () => {
    if (options.growTo) batchSize = Math.min(batchSize * 2, Math.max(options.growTo, batchSize));
  };
  const expand = options.expand ?? (async (_db: Database, rows: Row[]) => rows as unknown as Out[]);
  const client = postgresClient(db);
  const onOwnConnection = ownConnectionDatabases.get(db);
  if (!client || !onOwnConnection) {
    let after: Row | null = null;
    let offset = 0;
    for (;;) {
      const rows: Row[] = await queryRows<Row>(db, query({ after, limit: batchSize, offset }));
      if (rows.length > 0) yield await expand(db, rows);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!;
      offset += rows.length;
      grow();
    }
  }
  const connection: ReservedSql = await client.reserve();
  try {
    const snapshot = onOwnConnection(connection);
    await snapshot.execute(sql`begin isolation level repeatable read, read only`);
    try {
      const cursor = sql.raw(`export_cursor_${++cursors}`);
      await snapshot.execute(sql`declare ${cursor} no scroll cursor for ${query(null)}`);
      for (;;) {
        const rows = await queryRows<Row>(snapshot, sql`fetch forward ${sql.raw(String(batchSize))} from ${cursor}`);
        if (rows.length > 0) yield await expand(snapshot, rows);
        if (rows.length < batchSize) return;
        grow();
      }
    } finally {
      // Nothing was written: ending the transaction closes the cursor.
      await snapshot.execute(sql`rollback`);
    }
  } finally {
    connection.release();
  }
}
