import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { people } from "./people";
import { NOTIFICATION_STATUSES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { NOTIFICATION_STATUSES } from "../../lib/values";

export const notificationStatusEnum = pgEnum("notification_status", NOTIFICATION_STATUSES);

/**
 * Messages the service owes people, written in the same transaction as the change that causes
 * them. Until GOV.UK Notify is connected they stay pending and are shown in the app.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").notNull(),
    recipientPersonId: integer("recipient_person_id").references(() => people.id, {
      onDelete: "set null",
    }),
    recipientEmail: text("recipient_email"),
    details: jsonb("details").notNull(),
    status: notificationStatusEnum("status").notNull().default("pending"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("notifications_recipient_idx").on(t.recipientPersonId, t.createdAt),
    index("notifications_status_idx").on(t.status, t.createdAt),
  ],
);
