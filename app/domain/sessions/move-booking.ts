import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { formatDateTime } from "../../lib/dates";
import { DomainError } from "../errors";
import { type BookPlaceResult, bookPlace } from "./book-place";
import { cancelBooking } from "./cancel-booking";
import { lockSession } from "./session-lock";

export interface MoveBookingInput {
  /** The person's live booking on another session of the same course. */
  fromBookingId: number;
  toSessionId: number;
  personId: number;
  actorAccountId: string | null;
  /** As for cancelBooking: only a caller who may cancel after the cut-off may move after it (recorded as late). */
  allowAfterCutOff: boolean;
  now?: Date;
}

/**
 * Moves a person's booking to another session of the same course, in one transaction: the old
 * booking is cancelled by cancelBooking's rules (its cut-off, a late cancellation recorded and
 * charged as any other, the first person waiting promoted) and the new one made by bookPlace's
 * (window, audience, overlap, capacity), each audited and told to the person; if either is
 * refused, neither happens. A place moves only to a place: a full session is refused, unless the
 * old booking was itself on a waiting list, when the person joins the new one's. The manager's
 * agreement given for the first booking carries over.
 */
export async function moveBooking(db: Database, input: MoveBookingInput): Promise<BookPlaceResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const from = await queryOne<{ person_id: number; session_id: number; course_id: number; status: string }>(
      tx,
      sql`select b.person_id, b.session_id, s.course_id, b.status
          from bookings b join course_sessions s on s.id = b.session_id
          where b.id = ${input.fromBookingId}`,
    );
    const to = await queryOne<{ course_id: number }>(
      tx,
      sql`select course_id from course_sessions where id = ${input.toSessionId}`,
    );
    if (!from || from.person_id !== input.personId) {
      throw new DomainError("We could not find that booking.", undefined, "not-found");
    }
    if (!to) throw new DomainError("This session does not exist.", undefined, "not-found");
    if (from.course_id !== to.course_id || from.session_id === input.toSessionId) {
      throw new DomainError(
        "A booking can only move to another session of the same course.",
        undefined,
        "other-course",
      );
    }
    if (from.status !== "booked" && from.status !== "waitlisted") {
      throw new DomainError("That booking is no longer live, so there is nothing to move.", undefined, "not-live");
    }
    // Both sessions locked in id order before either step, so two moves between the same two
    // sessions in opposite directions queue instead of deadlocking.
    for (const id of [from.session_id, input.toSessionId].sort((a, b) => a - b)) await lockSession(tx, id);
    const target = await lockSession(tx, input.toSessionId);
    await cancelBooking(tx, {
      bookingId: input.fromBookingId,
      actorAccountId: input.actorAccountId,
      reason: `Moved to the session on ${formatDateTime(target!.startsAt)}`,
      allowAfterCutOff: input.allowAfterCutOff,
      now,
    });
    return bookPlace(tx, {
      sessionId: input.toSessionId,
      personId: input.personId,
      actorAccountId: input.actorAccountId,
      managerAgreed: true,
      joinWaitingList: from.status === "waitlisted",
      now,
    });
  });
}
