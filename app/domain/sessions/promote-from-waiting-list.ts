import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";
import { recordAuditEvent } from "../audit/record-event";
import { notify } from "../notifications/notify";
import { instant, lockSession, sessionDetails } from "./session-lock";

/**
 * Fills free places from the waiting list, first come first served (waitlisted_at, then id),
 * while fewer places are taken than the capacity. Call it after a place frees up: a
 * cancellation, a larger capacity, an attendee removed. Each promoted person is told
 * ("booking.promoted"). Runs in the caller's transaction when given one (as a savepoint), and
 * takes the session's row lock, so it never promotes past the capacity. Only a scheduled
 * session that has not started promotes anyone. Returns the promoted booking ids, in order.
 */
export async function promoteFromWaitingList(
  db: Database,
  input: { sessionId: number; actorAccountId: string | null; now?: Date },
): Promise<number[]> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, input.sessionId);
    if (session?.status !== "scheduled" || instant(session.startsAt) <= now) return [];
    const free = session.capacity - session.occupied;
    if (free <= 0 || session.waiting === 0) return [];
    const ordered = await queryRows<{ id: number; person_id: number; waitlisted_at: string }>(
      tx,
      sql`select id, person_id, waitlisted_at::text from bookings
          where session_id = ${session.id} and status = 'waitlisted'
          order by waitlisted_at, id
          limit ${free}
          for update`,
    );
    await tx.execute(
      sql`update bookings set status = 'booked', calendar_sequence = calendar_sequence + 1, updated_at = now()
          where id = any(${sqlIntArray(ordered.map((b) => b.id))})`,
    );
    for (const booking of ordered) {
      await recordAuditEvent(tx, {
        actorAccountId: input.actorAccountId,
        action: "booking.promote",
        entityType: "booking",
        entityId: booking.id,
        subjectPersonId: booking.person_id,
        before: { status: "waitlisted", waitlistedAt: booking.waitlisted_at },
        after: { status: "booked" },
      });
      await notify(tx, {
        kind: "booking.promoted",
        recipientPersonId: booking.person_id,
        details: { ...sessionDetails(session), bookingId: booking.id },
      });
    }
    return ordered.map((b) => b.id);
  });
}
