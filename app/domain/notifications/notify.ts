import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";

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
  // The daily job (app/domain/reminders/daily-messages.ts): reminders 14 and 5 days before a
  // session (details.daysBefore), joining instructions 5 days before, training expired, a copy of
  // an expiry notice to the person's manager, and each manager's monthly digest of their team.
  | "session.reminder"
  | "session.joining-instructions"
  | "requirement.expired"
  | "team.requirement-expiring"
  | "team.digest"
  // The trainer told that a register is complete and its certificates have been issued.
  | "register.certificates-issued"
  // A completion's certificate is ready (registers, e-learning, evidence accepted, records by hand).
  | "certificate.issued"
  // Evidence of training done elsewhere, decided: accepted (it counts now) or rejected with a reason.
  | "evidence.accepted"
  | "evidence.rejected"
  // A learner who attended is asked to evaluate the session (details.bookingId); the follow-up about
  // three months later asks whether the training changed their practice (details.stage "follow_up").
  | "evaluation.requested"
  | "evaluation.follow-up"
  // A booked place handed to a colleague: both told (details.role "handed" to the person who had it,
  // "received" to the colleague; details.fromName, details.toName, details.bookingId the recipient's).
  | "booking.substituted"
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
  /**
   * Names what the message is about ("session-reminder-14:booking:123:2026-11-24"), so it is owed
   * once: a second message with the same key is not written (the outbox's unique dedupe_key).
   */
  dedupeKey?: string;
}

/** Why a message to someone without an e-mail address was not sent (the outbox's last_error). */
export const NO_EMAIL_ADDRESS = "No e-mail address";

/**
 * Owes someone a message. Call it with the transaction that makes the change, so a message is
 * stored exactly when the change is. The dispatcher (dispatch.ts) sends pending rows through
 * GOV.UK Notify; a recipient without an e-mail address gets a row marked skipped with the reason,
 * so the outbox says why nothing was sent. Returns false when a message with the same dedupe key
 * was already owed (nothing written).
 */
export async function notify(db: Database, message: Notification): Promise<boolean> {
  // The address is the person's at the time of the change (given, or read in the same statement).
  const email =
    message.recipientEmail !== undefined || message.recipientPersonId === null
      ? sql`${message.recipientEmail ?? null}::text`
      : sql`(select email from people where id = ${message.recipientPersonId})`;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into notifications (kind, recipient_person_id, recipient_email, details, status, last_error, dedupe_key)
        select ${message.kind}, ${message.recipientPersonId}::int, a.email, ${JSON.stringify(message.details)}::jsonb,
          ${outboxStatusSql(sql`a.email`)}, ${outboxReasonSql(sql`a.email`)}, ${message.dedupeKey ?? null}::text
        from (select nullif(btrim(${email}), '') as email) a
        on conflict (dedupe_key) do nothing
        returning id::int as id`,
  );
  return rows.length > 0;
}

/** A new outbox row's status for an address expression: skipped when there is none. */
export function outboxStatusSql(email: SQL): SQL {
  return sql`(case when ${email} is null then 'skipped' else 'pending' end)::notification_status`;
}

/** A new outbox row's last_error for an address expression: why it was skipped, or null. */
export function outboxReasonSql(email: SQL): SQL {
  return sql`(case when ${email} is null then ${NO_EMAIL_ADDRESS}::text end)`;
}
