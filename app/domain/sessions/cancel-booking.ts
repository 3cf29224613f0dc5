import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { BookingStatus } from "../../db/schema";
import { formatDateTime } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { chargeBooking } from "../charges/booking-charge";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { sessionCutOff } from "./cut-off";

export { cancellationCutOff } from "./cut-off";
import { promoteFromWaitingList } from "./promote-from-waiting-list";
import { lockSession, sessionDetails } from "./session-lock";

export interface CancelBookingInput {
  bookingId: number;
  actorAccountId: string | null;
  reason?: string | null;
  /**
   * The caller may cancel after the booking cut-off (a coordinator); such a cancellation of a
   * place is recorded as late. Others are stopped at the cut-off.
   */
  allowAfterCutOff: boolean;
  now?: Date;
}

export interface CancelBookingResult {
  /** A place was given up after the cut-off. */
  late: boolean;
  /** Bookings promoted from the waiting list into the freed place. */
  promotedBookingIds: number[];
}

/**
 * Cancels a booking or takes someone off a waiting list. Giving up a place promotes the first
 * person waiting in the same transaction. Raises the booking's calendar SEQUENCE (its
 * calendar file becomes a cancellation), writes the audit event and tells the person.
 */
export async function cancelBooking(db: Database, input: CancelBookingInput): Promise<CancelBookingResult> {
  const now = input.now ?? new Date();
  const found = await queryOne<{ session_id: number }>(
    db,
    sql`select session_id from bookings where id = ${input.bookingId}`,
  );
  if (!found) throw new DomainError("We could not find that booking.", undefined, "not-found");
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, found.session_id);
    const booking = await queryOne<{
      id: number;
      person_id: number;
      status: BookingStatus;
      late_cancellation: boolean;
      calendar_sequence: number;
    }>(
      tx,
      sql`select id, person_id, status, late_cancellation, calendar_sequence
          from bookings where id = ${input.bookingId} for update`,
    );
    if (!session || !booking) throw new DomainError("We could not find that booking.", undefined, "not-found");
    if (booking.status === "cancelled") {
      throw new DomainError("This booking has already been cancelled.", undefined, "already-cancelled");
    }
    if (booking.status === "attended" || booking.status === "absent") {
      throw new DomainError(
        "Attendance has been recorded for this booking, so it cannot be cancelled.",
        undefined,
        "attendance-recorded",
      );
    }
    if (session.status !== "scheduled") {
      throw new DomainError(
        session.status === "cancelled" ? "This session has been cancelled." : "This session has already taken place.",
        undefined,
        "session-closed",
      );
    }
    const heldPlace = booking.status === "booked";
    const cutOff = await sessionCutOff(tx, session);
    const late = heldPlace && now >= cutOff;
    if (late && !input.allowAfterCutOff) {
      throw new DomainError(
        `This booking can no longer be cancelled here: the cut-off was ${formatDateTime(cutOff)}. Contact the Prevent Coordinator.`,
        undefined,
        "cut-off",
      );
    }
    const reason = input.reason?.trim() || null;
    await tx.execute(
      sql`update bookings set status = 'cancelled', cancelled_at = ${now.toISOString()}::timestamptz,
            cancel_reason = ${reason}, late_cancellation = ${late},
            calendar_sequence = calendar_sequence + 1, updated_at = now()
          where id = ${booking.id}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "booking.cancel",
      entityType: "booking",
      entityId: booking.id,
      subjectPersonId: booking.person_id,
      before: { status: booking.status, calendarSequence: booking.calendar_sequence },
      after: {
        status: "cancelled",
        cancelReason: reason,
        lateCancellation: late,
        calendarSequence: booking.calendar_sequence + 1,
      },
    });
    if (late)
      await chargeBooking(tx, {
        bookingId: booking.id,
        kind: "late_cancellation",
        actorAccountId: input.actorAccountId,
      });
    await notify(tx, {
      kind: "booking.cancelled",
      recipientPersonId: booking.person_id,
      details: { ...sessionDetails(session), bookingId: booking.id, wasWaitlisted: !heldPlace, reason },
    });
    const promotedBookingIds = heldPlace
      ? await promoteFromWaitingList(tx, { sessionId: session.id, actorAccountId: input.actorAccountId, now })
      : [];
    return { late, promotedBookingIds };
  });
}
