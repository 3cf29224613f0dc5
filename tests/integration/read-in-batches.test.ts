import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrderedQuery, readInBatches } from "../../app/db/batches";
import { type Database, queryOne, queryRows } from "../../app/db/database";
import { csvStreamResponse } from "../../app/lib/csv";
import { createTestDatabase, type TestDatabase } from "../support/database";

// One connection on PostgreSQL: an export that kept its connection would leave none for the
// next statement, which would then wait for ever (the test's timeout).
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ maxConnections: 1 });
});
afterAll(() => t.close());

const ROWS = 200_000;

/**
 * 200,000 generated rows in order, read by keyset on PGlite (each page starting after the last
 * row, as an index would) and through a cursor on PostgreSQL.
 */
const numbers: OrderedQuery<{ n: number }> = (page) =>
  sql`select g::int as n from generate_series(${(page?.after?.n ?? 0) + 1}::int, ${ROWS}::int) g
      order by g ${page ? sql`limit ${page.limit}` : sql``}`;

describe("readInBatches", () => {
  it("reads every row once, in order, a batch at a time, only as far as it is pulled", async () => {
    let fetched = 0;
    const batches = readInBatches(t.db, numbers, {
      batchSize: 2000,
      expand: async (_db, rows) => {
        fetched += rows.length;
        return rows.map((r) => r.n);
      },
    });
    const first = await batches.next();
    expect(first.value).toHaveLength(2000);
    expect((first.value as number[])[0]).toBe(1);
    // One batch read of 100: the rest waits to be pulled.
    expect(fetched).toBe(2000);
    let count = 2000;
    let last = 2000;
    let inOrder = true;
    for await (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(2000);
      if (batch[0] !== last + 1) inOrder = false;
      last = batch[batch.length - 1]!;
      count += batch.length;
    }
    expect(inOrder).toBe(true);
    expect(count).toBe(ROWS);
    expect(last).toBe(ROWS);
  });

  it("doubles the batches up to growTo when asked", async () => {
    const sizes: number[] = [];
    const query: OrderedQuery<{ n: number }> = (page) =>
      sql`select g::int as n from generate_series(1, 100) g ${page?.after ? sql`where g > ${page.after.n}` : sql``}
          order by g ${page ? sql`limit ${page.limit}` : sql``}`;
    for await (const batch of readInBatches(t.db, query, { batchSize: 5, growTo: 30 })) sizes.push(batch.length);
    expect(sizes).toEqual([5, 10, 20, 30, 30, 5]);
  });

  it("gives the rows of a cancelled download back: the stream stops and the connection is free", async () => {
    let fetched = 0;
    async function* lines() {
      for await (const batch of readInBatches(t.db, numbers, { batchSize: 1000 })) {
        fetched += batch.length;
        yield batch.map((r) => [r.n]);
      }
    }
    const reader = csvStreamResponse(["N"], lines(), "numbers.csv").body!.getReader();
    await reader.read(); // the header
    const firstLines = await reader.read();
    expect(new TextDecoder().decode(firstLines.value).startsWith("1\n2\n")).toBe(true);
    await reader.cancel();
    expect(fetched).toBeLessThanOrEqual(2000);
    // With one connection, this answers only if the export gave it back.
    expect(await queryOne<{ one: number }>(t.db, sql`select 1 as one`)).toEqual({ one: 1 });
  });

  it("stops when the request is aborted, though nobody cancels the stream", async () => {
    let fetched = 0;
    async function* lines() {
      for await (const batch of readInBatches(t.db, numbers, { batchSize: 1000 })) {
        fetched += batch.length;
        yield batch.map((r) => [r.n]);
      }
    }
    const aborted = new AbortController();
    const reader = csvStreamResponse(["N"], lines(), "numbers.csv", aborted.signal).body!.getReader();
    await reader.read();
    await reader.read();
    aborted.abort();
    // Read on as Remix's adapter does: the stream ends instead of running through 200,000 rows.
    let more = 0;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      more++;
    }
    expect(more).toBeLessThanOrEqual(1);
    expect(fetched).toBeLessThanOrEqual(3000);
    expect(await queryOne<{ one: number }>(t.db, sql`select 1 as one`)).toEqual({ one: 1 });
  });

  it("on PostgreSQL, reads from one read-only snapshot through a cursor, and closes it when stopped early", async () => {
    if (t.engine !== "postgresql") return;
    const seen: Array<{ isolation: string; readOnly: string; cursors: number }> = [];
    const inside = async (db: Database) => {
      const row = await queryOne<{ isolation: string; read_only: string; cursors: number }>(
        db,
        sql`select current_setting('transaction_isolation') as isolation,
              current_setting('transaction_read_only') as read_only,
              (select count(*)::int from pg_cursors) as cursors`,
      );
      seen.push({ isolation: row!.isolation, readOnly: row!.read_only, cursors: row!.cursors });
    };
    const batches = readInBatches(t.db, numbers, {
      batchSize: 1000,
      expand: async (db, rows) => {
        await inside(db);
        return rows;
      },
    });
    await batches.next();
    await batches.next();
    await batches.return(undefined);
    expect(seen).toEqual([
      { isolation: "repeatable read", readOnly: "on", cursors: 1 },
      { isolation: "repeatable read", readOnly: "on", cursors: 1 },
    ]);
    // The pool's one connection is back, out of the transaction, with no cursor left open.
    const after = await queryRows<{ isolation: string; cursors: number; in_transaction: boolean }>(
      t.db,
      sql`select current_setting('transaction_isolation') as isolation, (select count(*)::int from pg_cursors) as cursors,
            now() <> statement_timestamp() as in_transaction`,
    );
    expect(after).toEqual([{ isolation: "read committed", cursors: 0, in_transaction: false }]);
  });
});
