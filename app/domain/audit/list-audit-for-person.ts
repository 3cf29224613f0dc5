import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";

export interface PersonAuditEvent {
  id: number;
  occurredAt: string;
  /** The account's display name; null for the system. */
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
}

/** The audit trail of one person's record (events whose subject they are), newest first. */
export async function listAuditForPerson(
  db: Database,
  personId: number,
  options: { limit?: number } = {},
): Promise<PersonAuditEvent[]> {
  const rows = await queryRows<{
    id: number;
    occurred_at: string;
    actor_name: string | null;
    action: string;
    entity_type: string;
    entity_id: string;
  }>(
    db,
    sql`select e.id::int as id, e.occurred_at::text, a.display_name as actor_name, e.action,
          e.entity_type, e.entity_id
        from audit_events e
        left join accounts a on a.id = e.actor_account_id
        where e.subject_person_id = ${personId}
        order by e.occurred_at desc, e.id desc
        limit ${Math.min(Math.max(options.limit ?? 50, 1), 500)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
  }));
}
