import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlTextArray } from "../../db/database";
import { READ_ACTIONS } from "./reads";

export interface PersonAuditEvent {
  id: number;
  occurredAt: string;
  /** The account's display name; null for the system. */
  actorName: string | null;
  action: string;
  /** What was read (rows, filters, file) for a view or download; null for a change. */
  details: Record<string, unknown> | null;
  entityType: string;
  entityId: string;
}

/**
 * The audit trail of one person's record (events whose subject they are), newest first: the
 * changes, or the views and downloads (kind "reads", decision 010), so neither crowds out the other.
 */
export async function listAuditForPerson(
  db: Database,
  personId: number,
  options: { limit?: number; kind?: "reads" | "changes" } = {},
): Promise<PersonAuditEvent[]> {
  const kind =
    options.kind === "reads"
      ? sql`and e.action = any(${sqlTextArray(READ_ACTIONS)})`
      : options.kind === "changes"
        ? sql`and e.action <> all(${sqlTextArray(READ_ACTIONS)})`
        : sql``;
  const rows = await queryRows<{
    id: number;
    occurred_at: string;
    actor_name: string | null;
    action: string;
    entity_type: string;
    entity_id: string;
    details: string | null;
  }>(
    db,
    sql`select e.id::int as id, e.occurred_at::text, a.display_name as actor_name, e.action,
          e.entity_type, e.entity_id, case when e.action = any(${sqlTextArray(READ_ACTIONS)}) then e.after::text end as details
        from audit_events e
        left join accounts a on a.id = e.actor_account_id
        where e.subject_person_id = ${personId} ${kind}
        order by e.occurred_at desc, e.id desc
        limit ${Math.min(Math.max(options.limit ?? 50, 1), 500)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorName: r.actor_name,
    action: r.action,
    details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
    entityType: r.entity_type,
    entityId: r.entity_id,
  }));
}
