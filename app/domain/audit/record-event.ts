import type { Database } from "../../db/database";
import { auditEvents } from "../../db/schema";

export interface AuditEvent {
  /** Null for the system or a signed-out visitor. */
  actorAccountId: string | null;
  /** Dotted verb, e.g. "booking.cancel". */
  action: string;
  entityType: string;
  entityId: string | number;
  subjectPersonId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes an audit event. Call it with the transaction that makes the change. */
export async function recordAuditEvent(db: Database, event: AuditEvent): Promise<void> {
  await db.insert(auditEvents).values({
    actorAccountId: event.actorAccountId,
    action: event.action,
    entityType: event.entityType,
    entityId: String(event.entityId),
    subjectPersonId: event.subjectPersonId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
  });
}
