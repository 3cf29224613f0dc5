import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";
import { AUDIENCES_CHANGED, SECTORS_CHANGED } from "../../db/schema/kept-coverage";

/**
 * What the triggers (drizzle/0007) marked stale in stale_person_requirements, in words. They
 * write person ids, and two ids that are no person: AUDIENCES_CHANGED (0: a requirement or the
 * organisation tree's shape changed, so everyone's person_requirements rows are stale) and
 * SECTORS_CHANGED (-1: an organisation's sector changed, so every kept row is stale). Nothing
 * else reads the ids.
 */
export interface StaleMarks {
  /** Everyone is stale, and why: "sectors" when every kept row is, "audiences" when everyone's person_requirements are. */
  everyone: "audiences" | "sectors" | null;
  /** The people marked one by one. */
  people: number[];
}

function marksFrom(ids: number[]): StaleMarks {
  return {
    everyone: ids.includes(SECTORS_CHANGED) ? "sectors" : ids.includes(AUDIENCES_CHANGED) ? "audiences" : null,
    people: ids.filter((id) => id > 0),
  };
}

/** The marks as they stand, or null when nothing is stale. */
export async function staleMarks(db: Database): Promise<StaleMarks | null> {
  const rows = await queryRows<{ person_id: number }>(
    db,
    sql`select person_id from stale_person_requirements order by person_id`,
  );
  return rows.length === 0 ? null : marksFrom(rows.map((r) => r.person_id));
}

/**
 * Takes the marks (null when none) to redo what they say. Locks their rows first, in person_id
 * order as the triggers do (drizzle/0007): a writer still holding a mark is waited for.
 */
export async function takeStaleMarks(db: Database): Promise<StaleMarks | null> {
  const stale = await queryRows<{ person_id: number }>(
    db,
    sql`select person_id from stale_person_requirements order by person_id for update`,
  );
  if (stale.length === 0) return null;
  const ids = stale.map((s) => s.person_id);
  await db.execute(sql`delete from stale_person_requirements where person_id = any(${sqlIntArray(ids)})`);
  return marksFrom(ids);
}

/** Whether anything is marked stale: one indexed look-up. */
export async function anyStale(db: Database): Promise<boolean> {
  return (await queryRows(db, sql`select 1 from stale_person_requirements limit 1`)).length > 0;
}

/** The marks as a relation (person_id), for a statement that compares kept rows with the records. */
export const STALE_MARKS_RELATION: SQL = sql`select person_id from stale_person_requirements`;
/** "One of `marks` (a relation with person_id) stands for everyone": the ids that are no person. */
export function marksEveryoneSql(marks: SQL): SQL {
  return sql`exists (select 1 from ${marks} where person_id <= 0)`;
}
