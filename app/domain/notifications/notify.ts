import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { notifications } from "../../db/schema";

/** Every kind of message the service sends. */
export type NotificationKind =
  | "booking.confirmed"
  | "booking.cancelled"
  | "booking.waitlisted"
  | "booking.promoted"
  | "session.changed"
  | "session.cancelled"
  | "attendance.no-show"
  | "requirement.expiring"
  // A completion's certificate is ready (registers, e-learning, evidence accepted, records by hand).
  | "certificate.issued"
  // Evidence of training done elsewhere, decided: accepted (it counts now) or rejected with a reason.
  | "evidence.accepted"
  | "evidence.rejected"
  // Accounts (issue 18). A link's message carries the link itself in `details.link`: until GOV.UK
  // Notify is connected (issue 20) the sender reads it from there, and it is the one copy of the token.
  | "account.invitation"
  | "account.password-reset"
  | "account.sign-in-link"
  | "account.password-changed";

export interface Notification {
  kind: NotificationKind;
  recipientPersonId: number | null;
  recipientEmail?: string | null;
  /** What the message template needs: course title, session time, place, reason… */
  details: Record<string, unknown>;
}

/**
 * Owes someone a message. Call it with the transaction that makes the change, so a message is
 * stored exactly when the change is. Until GOV.UK Notify is connected (a later issue) messages
 * stay pending and can be read in the app; the sender will pick up pending rows.
 */
export async function notify(db: Database, message: Notification): Promise<void> {
  // The address is the person's at the time of the change (given, or read in the same statement).
  const email =
    message.recipientEmail !== undefined || message.recipientPersonId === null
      ? sql`${message.recipientEmail ?? null}::text`
      : sql`(select email from people where id = ${message.recipientPersonId})`;
  await db.insert(notifications).values({
    kind: message.kind,
    recipientPersonId: message.recipientPersonId,
    recipientEmail: email,
    details: message.details,
  });
}
