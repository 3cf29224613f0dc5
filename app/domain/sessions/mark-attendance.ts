import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import type { BookingStatus } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { chargeBooking, clearCharge } from "../charges/booking-charge";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import {
  markDeliveredWhenComplete,
  recordAttendanceCompletion,
  revokeAttendanceCompletion,
  sessionDate,
} from "./attendance-completion";
import { checkRegisterIsOpen } from "./register-window";
import { lockSession, sessionDetails } from "./session-lock";

export type AttendanceOutcome = "attended" | "absent";

export interface MarkAttendanceInput {
  sessionId: number;
  /**
   * The bookings to mark, or "everyone" not yet marked ("Mark all as attended"): it never touches
   * anyone already marked, so an absence stands until someone changes it for that one person.
   */
  bookingIds: number[] | "everyone";
  outcome: AttendanceOutcome;
  actorAccountId: string;
  now?: Date;
}

export interface MarkAttendanceResult {
  /** Bookings whose mark changed; marking someone as they already are changes nothing. */
  changed: number[];
  /** The session became delivered: it has ended and everyone is marked. */
  delivered: boolean;
  /** For "everyone": how many people marked absent were left as they are. */
  leftAbsent: number;
}

/**
 * Takes the register. Marking someone attended records one completion of the course on the
 * session's date (expiring after the course's validity); marking them absent revokes it ("Marked
 * absent") and tells their line manager of the no-show. Marking anyone as they already are
 * records nothing, so a register submitted twice counts once. Under the session's row lock, in
 * one transaction, with an audit event for every change.
 */
export async function markAttendance(db: Database, input: MarkAttendanceInput): Promise<MarkAttendanceResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, input.sessionId);
    if (!session) throw new DomainError("This session does not exist.", undefined, "not-found");
    await checkRegisterIsOpen(tx, session.id, now);
    const rows = await queryRows<{
      id: number;
      person_id: number;
      name: string;
      line_manager_id: number | null;
      status: BookingStatus;
    }>(
      tx,
      sql`select b.id, b.person_id, p.given_name || ' ' || p.family_name as name, p.line_manager_id, b.status
          from bookings b join people p on p.id = b.person_id
          where b.session_id = ${session.id}
            and ${
              input.bookingIds === "everyone"
                ? sql`b.status = 'booked'`
                : sql`b.id = any(${sqlIntArray(input.bookingIds)})`
            }
          order by b.id
          for update of b`,
    );
    if (input.bookingIds !== "everyone" && rows.length !== new Set(input.bookingIds).size) {
      throw new DomainError("Someone selected is not booked on this session.", undefined, "not-on-register");
    }
    const notOnRegister = rows.find((r) => r.status === "waitlisted" || r.status === "cancelled");
    if (notOnRegister) {
      throw new DomainError(
        `${notOnRegister.name} is not on the register: their booking is ${notOnRegister.status === "waitlisted" ? "on the waiting list" : "cancelled"}.`,
        undefined,
        "not-on-register",
      );
    }

    const changed: number[] = [];
    for (const booking of rows) {
      if (booking.status === input.outcome) continue;
      await tx.execute(
        sql`update bookings set status = ${input.outcome}, attendance_marked_at = ${now.toISOString()}::timestamptz,
              updated_at = now()
            where id = ${booking.id}`,
      );
      await recordAuditEvent(tx, {
        actorAccountId: input.actorAccountId,
        action: input.outcome === "attended" ? "booking.mark-attended" : "booking.mark-absent",
        entityType: "booking",
        entityId: booking.id,
        subjectPersonId: booking.person_id,
        before: { status: booking.status },
        after: { status: input.outcome },
      });
      if (input.outcome === "attended") {
        await clearCharge(tx, { bookingId: booking.id, actorAccountId: input.actorAccountId });
        await recordAttendanceCompletion(tx, {
          session,
          bookingId: booking.id,
          personId: booking.person_id,
          actorAccountId: input.actorAccountId,
        });
      } else {
        await revokeAttendanceCompletion(tx, { bookingId: booking.id, actorAccountId: input.actorAccountId, now });
        await chargeBooking(tx, { bookingId: booking.id, kind: "no_show", actorAccountId: input.actorAccountId });
        if (booking.line_manager_id !== null) {
          await notify(tx, {
            kind: "attendance.no-show",
            recipientPersonId: booking.line_manager_id,
            details: {
              ...sessionDetails(session),
              bookingId: booking.id,
              personId: booking.person_id,
              personName: booking.name,
              sessionDate: sessionDate(session),
            },
          });
        }
      }
      changed.push(booking.id);
    }
    const delivered = await markDeliveredWhenComplete(tx, { session, actorAccountId: input.actorAccountId, now });
    let leftAbsent = 0;
    if (input.bookingIds === "everyone") {
      const absent = await queryOne<{ n: number }>(
        tx,
        sql`select count(*)::int as n from bookings where session_id = ${session.id} and status = 'absent'`,
      );
      leftAbsent = absent?.n ?? 0;
    }
    return { changed, delivered, leftAbsent };
  });
}
