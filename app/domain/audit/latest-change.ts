import { sql } from "drizzle-orm";
import { type Database, queryOne, sqlTextArray } from "../../db/database";
import { READ_ACTIONS } from "./values";

/**
 * The id of the newest audit event that records a change (not a view or download), 0 for none:
 * every change to the records writes one in its own transaction, so a kept figure computed when
 * this was N is current while it still is (decision 017). The newest thousand events are looked
 * at first (the usual case: a change among them, found on the primary key); a longer run of reads
 * than that asks each action in the (action, id) index for its newest id, about a hundred probes.
 */
export async function latestChangeId(db: Database): Promise<number> {
  const reads = sqlTextArray(READ_ACTIONS);
  const recent = await queryOne<{ id: number | null }>(
    db,
    sql`select max(id)::float8 as id from (select id, action from audit_events order by id desc limit 1000) newest
        where action <> all(${reads})`,
  );
  if (recent?.id != null) return Number(recent.id);
  const any = await queryOne<{ id: number | null }>(
    db,
    sql`with recursive actions(action) as (
          select min(action) from audit_events
          union all
          select (select min(e.action) from audit_events e where e.action > a.action) from actions a where a.action is not null
        )
        select max((select max(e.id) from audit_events e where e.action = a.action))::float8 as id
        from actions a where a.action is not null and a.action <> all(${reads})`,
  );
  return Number(any?.id ?? 0);
}
