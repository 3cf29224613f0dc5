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
  await db.insert(auditEvents).values(auditRow(event));
}

/** Writes many audit events in a few statements (an import's thousands of records). Same transaction rule. */
export async function recordAuditEvents(db: Database, events: readonly AuditEvent[]): Promise<void> {
  // 7 parameters a row: 2,000 rows stay well inside PostgreSQL's 65,535 parameters a statement.
  for (let start = 0; start < events.length; start += 2000) {
    await db.insert(auditEvents).values(events.slice(start, start + 2000).map(auditRow));
  }
}

function auditRow(event: AuditEvent) {
  return {
    actorAccountId: event.actorAccountId,
    action: event.action,
    entityType: event.entityType,
    entityId: String(event.entityId),
    subjectPersonId: event.subjectPersonId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
  };
}
