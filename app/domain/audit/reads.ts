import type { Database } from "../../db/database";
import { recordAuditEvent } from "./record-event";
import type { ReadAction } from "./values";

export { READ_ACTIONS, type ReadAction, isReadAction } from "./values";

export interface ReadEvent {
  action: ReadAction;
  entityType: string;
  entityId: string | number;
  /** The one person whose record was read, for their audit trail; null for a list. */
  subjectPersonId?: number | null;
  /** What was read: how many rows or certificates, the filters used, the file. */
  details: Record<string, unknown>;
}

/**
 * Records that the signed-in reader looked at or downloaded personal data: one insert. A person
 * reading their own record is not recorded (decision 010): the council asks who saw someone
 * else's records, and people reading their own would fill the log.
 */
export async function recordRead(
  db: Database,
  reader: { accountId: string; personId: number | null },
  event: ReadEvent,
): Promise<void> {
  if (event.subjectPersonId != null && event.subjectPersonId === reader.personId) return;
  await recordAuditEvent(db, {
    actorAccountId: reader.accountId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    subjectPersonId: event.subjectPersonId ?? null,
    after: withoutEmpty(event.details),
  });
}

/** Filters left empty are left out, so the log shows only those that were used; no details, no JSON. */
function withoutEmpty(details: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(details).filter(([, value]) => value !== undefined && value !== "");
  return kept.length > 0 ? Object.fromEntries(kept) : null;
}
