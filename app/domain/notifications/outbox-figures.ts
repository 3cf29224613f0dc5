import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

/** The outbox as the operators' metrics show it (issue 24): how much waits, and for how long. */
export interface OutboxFigures {
  /** Messages waiting to be sent (pending, or claimed by a dispatcher and being sent). */
  waiting: number;
  /** Seconds since the oldest waiting message was written; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/** Served by notifications_status_idx (status, created_at). */
export async function outboxFigures(db: Database): Promise<OutboxFigures> {
  const row = await queryOne<{ waiting: number; oldest: number | null }>(
    db,
    sql`select count(*)::int as waiting,
               extract(epoch from now() - min(created_at))::float8 as oldest
        from notifications where status in ('pending', 'sending')`,
  );
  return { waiting: row?.waiting ?? 0, oldestWaitingSeconds: Math.max(0, row?.oldest ?? 0) };
}
