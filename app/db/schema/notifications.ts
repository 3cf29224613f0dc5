import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { people } from "./people";
import { NOTIFICATION_STATUSES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { NOTIFICATION_STATUSES, type NotificationStatus } from "../../lib/values";

export const notificationStatusEnum = pgEnum("notification_status", NOTIFICATION_STATUSES);

/**
 * The outbox: messages the service owes people, written in the same transaction as the change
 * that causes them, and sent through GOV.UK Notify by the dispatcher (which carries the row's id
 * as Notify's `reference`, so a send interrupted before it was marked can be found, not repeated).
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
    /**
     * Scheduled messages (reminders, expiry notices, digests) name what they are about, e.g.
     * "reminder-14:booking:123", so a daily job run twice owes each message once.
     */
    dedupeKey: text("dedupe_key"),
    /** Sending attempts made so far, and when the next may be made (back-off after 429 and 5xx). */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** While status is 'sending': until when the dispatcher that claimed it holds it. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true, mode: "date" }),
    /** GOV.UK Notify's id for the message once it took it. */
    notifyId: text("notify_id"),
    /** Why it failed or was skipped, or the last error before a retry; never personal data beyond the address. */
    lastError: text("last_error"),
  },
  (t) => [
    index("notifications_recipient_idx").on(t.recipientPersonId, t.createdAt),
    index("notifications_status_idx").on(t.status, t.createdAt),
    index("notifications_due_idx")
      .on(t.nextAttemptAt)
      // Not "in ('pending', 'sending')": a value added to an enum cannot be used in the transaction that adds it.
      .where(sql`${t.status} not in ('sent', 'failed')`),
    uniqueIndex("notifications_dedupe_key").on(t.dedupeKey),
  ],
);
