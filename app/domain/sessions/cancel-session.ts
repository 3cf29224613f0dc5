import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { instant, lockSession, sessionDetails } from "./session-lock";

export const SESSION_CANCELLED_REASON = "Session cancelled";

/**
 * Cancels a session that has not yet taken place: its status, time and reason are recorded and
 * its calendar SEQUENCE goes up; every live booking (booked or waiting) ends with the reason
 * "Session cancelled" and its own SEQUENCE up by one, and each person is told
 * ("session.cancelled"). All in one transaction, audited, under the session's row lock.
 * Returns the bookings it ended.
 */
export async function cancelSession(
  db: Database,
  sessionId: number,
  input: { reason: string },
  actor: { accountId: string | null },
  now: Date = new Date(),
): Promise<{ endedBookingIds: number[] }> {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("Enter why the session is cancelled", "reason", "invalid");
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (!session) throw new DomainError("This session does not exist", undefined, "not-found");
    if (session.status === "cancelled") {
      throw new DomainError("This session has already been cancelled", undefined, "session-cancelled");
    }
    const attendance = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from bookings where session_id = ${sessionId} and status in ('attended', 'absent')`,
    );
    if (session.status === "delivered" || instant(session.endsAt) <= now || (attendance[0]?.n ?? 0) > 0) {
      throw new DomainError(
        "This session has already taken place, so it cannot be cancelled",
        undefined,
        "session-delivered",
      );
    }
    await tx.execute(
      sql`update course_sessions set status = 'cancelled', cancelled_at = ${now.toISOString()}::timestamptz,
            cancel_reason = ${reason}, calendar_sequence = calendar_sequence + 1, updated_at = now()
          where id = ${sessionId}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: actor.accountId,
      action: "session.cancel",
      entityType: "session",
      entityId: sessionId,
      before: { status: session.status },
      after: { status: "cancelled", cancelledAt: now.toISOString(), cancelReason: reason },
    });
    const ended = await queryRows<{ id: number; person_id: number; status: string; email: string | null }>(
      tx,
      sql`with ended as (
            update bookings b set status = 'cancelled', cancelled_at = ${now.toISOString()}::timestamptz,
              cancel_reason = ${SESSION_CANCELLED_REASON}, calendar_sequence = b.calendar_sequence + 1,
              updated_at = now()
            from bookings old
            where old.id = b.id and b.session_id = ${sessionId} and b.status in ('booked', 'waitlisted')
            returning b.id, b.person_id, old.status::text as status
          )
          select ended.id, ended.person_id, ended.status, p.email
          from ended join people p on p.id = ended.person_id
          order by ended.id`,
    );
    for (const booking of ended) {
      await recordAuditEvent(tx, {
        actorAccountId: actor.accountId,
        action: "booking.cancel",
        entityType: "booking",
        entityId: booking.id,
        subjectPersonId: booking.person_id,
        before: { status: booking.status },
        after: { status: "cancelled", cancelReason: SESSION_CANCELLED_REASON },
      });
      await notify(tx, {
        kind: "session.cancelled",
        recipientPersonId: booking.person_id,
        recipientEmail: booking.email,
        details: { ...sessionDetails(session), bookingId: booking.id, reason },
      });
    }
    return { endedBookingIds: ended.map((b) => b.id) };
  });
}
