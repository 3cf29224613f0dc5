import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";

export interface CompletionKey {
  personId: number;
  courseId: number;
  completedOn: string;
}

/** "personId:courseId:YYYY-MM-DD", the key heldCompletions answers with. */
export function completionKey(key: CompletionKey): string {
  return `${key.personId}:${key.courseId}:${key.completedOn}`;
}

/**
 * Which of these completions are already held, not revoked (the same person, course and date):
 * an import counts them as unchanged rather than adding them twice. Answers their keys.
 */
export async function heldCompletions(db: Database, keys: readonly CompletionKey[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (let start = 0; start < keys.length; start += 5000) {
    const batch = keys.slice(start, start + 5000);
    const rows = await queryRows<{ person_id: number; course_id: number; completed_on: string }>(
      db,
      sql`select distinct cp.person_id, cp.course_id, cp.completed_on::text as completed_on
          from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as k("personId" int, "courseId" int, "completedOn" date)
          join completions cp on cp.person_id = k."personId" and cp.course_id = k."courseId"
            and cp.completed_on = k."completedOn" and cp.revoked_at is null`,
    );
    for (const r of rows)
      held.add(completionKey({ personId: r.person_id, courseId: r.course_id, completedOn: r.completed_on }));
  }
  return held;
}
