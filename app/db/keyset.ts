import { type SQL, sql } from "drizzle-orm";
import type { KeysetCursor } from "../lib/keyset-cursor";
import { type Database, queryRows } from "./database";

export type { KeysetCursor };

/** A page's ids, newest first, and the cursors of the pages either side (null when there is none). */
export interface KeysetIds {
  ids: number[];
  older: number | null;
  newer: number | null;
}

/**
 * One page of ids from `from` (a table, aliased as the caller likes) matching `where`, newest
 * first by `id` (its column, e.g. sql`e.id`). Reads pageSize + 1 rows to know whether there is a
 * page beyond, and one row to know whether there is one before: each an index range scan when
 * `where` is served by an index ending in the id. No count: a long log is never counted.
 */
export async function keysetIds(
  db: Database,
  options: { from: SQL; id: SQL; where: SQL; cursor: KeysetCursor; pageSize: number },
): Promise<KeysetIds> {
  const { from, id, where, cursor, pageSize } = options;
  const towardsNewer = cursor !== null && "newer" in cursor;
  const bound =
    cursor === null ? sql`true` : "newer" in cursor ? sql`${id} > ${cursor.newer}` : sql`${id} < ${cursor.older}`;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select ${id}::float8 as id from ${from} where ${where} and ${bound}
        order by ${id} ${towardsNewer ? sql`asc` : sql`desc`} limit ${pageSize + 1}`,
  );
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize).map((r) => Number(r.id));
  if (towardsNewer) page.reverse();
  const any = async (condition: SQL) =>
    (await queryRows(db, sql`select 1 from ${from} where ${where} and ${condition} limit 1`)).length > 0;
  if (page.length === 0) {
    // Past either end (a cursor kept from a longer list): offer the way back, if there is anything there.
    if (cursor === null) return { ids: [], older: null, newer: null };
    if ("newer" in cursor) return { ids: [], older: (await any(sql`true`)) ? cursor.newer + 1 : null, newer: null };
    return { ids: [], older: null, newer: (await any(sql`true`)) ? cursor.older - 1 : null };
  }
  const newest = page[0]!;
  const oldest = page.at(-1)!;
  return {
    ids: page,
    older: towardsNewer ? ((await any(sql`${id} < ${oldest}`)) ? oldest : null) : more ? oldest : null,
    newer: towardsNewer
      ? more
        ? newest
        : null
      : cursor === null
        ? null
        : (await any(sql`${id} > ${newest}`))
          ? newest
          : null,
  };
}
