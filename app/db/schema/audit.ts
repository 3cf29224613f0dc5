import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Who did what, when, with the record before and after. Written in the same transaction as the change. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Null for the system (seeding, scheduled jobs) or a signed-out visitor. */
    actorAccountId: text("actor_account_id"),
    /** Dotted verb, e.g. "booking.cancel". */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    /** The person whose record this touches, for their audit trail. */
    subjectPersonId: integer("subject_person_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
    index("audit_events_subject_idx").on(t.subjectPersonId, t.occurredAt),
    index("audit_events_occurred_idx").on(t.occurredAt),
    // Keyset pages newest first (by id), filtered by actor, action or person (issue 22).
    index("audit_events_actor_id_idx").on(t.actorAccountId, t.id),
    index("audit_events_action_id_idx").on(t.action, t.id),
    index("audit_events_subject_id_idx").on(t.subjectPersonId, t.id),
  ],
);
