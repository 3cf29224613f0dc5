import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";

/**
 * "This completion's certificate waits for its evaluation", for a completion `completion` of a
 * course `course` (SQL aliases): the course releases certificates only once the evaluation is done,
 * the completion came from attending a session (it has a booking), and that booking has no
 * response after the session yet. Every certificate download (one, a zip) asks it.
 */
export function certificateAwaitingEvaluationSql(completion: SQL = sql.raw("cp"), course: SQL = sql.raw("c")): SQL {
  return sql`(${course}.certificate_after_evaluation and ${completion}.booking_id is not null
    and not exists (select 1 from evaluation_responses er_release
                    where er_release.booking_id = ${completion}.booking_id and er_release.stage = 'after'))`;
}

/** Of these completions, those whose certificate waits for an evaluation, with the booking to evaluate. */
export async function certificatesAwaitingEvaluation(
  db: Database,
  completionIds: readonly number[],
): Promise<Map<number, number>> {
  if (completionIds.length === 0) return new Map();
  const rows = await queryRows<{ id: number; booking_id: number }>(
    db,
    sql`select cp.id::int as id, cp.booking_id::int as booking_id
        from completions cp join courses c on c.id = cp.course_id
        where cp.id = any(${sqlIntArray([...completionIds])}) and ${certificateAwaitingEvaluationSql()}`,
  );
  return new Map(rows.map((r) => [r.id, r.booking_id]));
}
