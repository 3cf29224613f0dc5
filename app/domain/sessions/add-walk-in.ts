import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { type BookingStatus, bookings } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { markDeliveredWhenComplete, recordAttendanceCompletion, sessionDate } from "./attendance-completion";
import { checkRegisterIsOpen } from "./register-window";
import { lockSession } from "./session-lock";
import { type WalkInReach, walkInCandidateCondition } from "./walk-in-candidates";

export interface AddWalkInInput {
  sessionId: number;
  personId: number;
  /** Whom the one adding may add (walk-in-candidates.ts): a trainer only the course's audience. */
  reach: WalkInReach;
  actorAccountId: string;
  now?: Date;
}

/**
 * Adds someone who turned up on the day without a place: a booking marked attended (walk_in),
 * even when the session is full, since they were there; or, for someone on the waiting list,
 * their waiting booking becomes the attended one. Records the completion like any attendance.
 * Only while the register is open (register-window.ts), and only someone the session is for
 * (walk-in-candidates.ts).
 */
export async function addWalkIn(db: Database, input: AddWalkInInput): Promise<{ bookingId: number }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, input.sessionId);
    if (!session) throw new DomainError("This session does not exist.", undefined, "not-found");
    await checkRegisterIsOpen(tx, session.id, now);
    // Someone outside the session's audience gets the same answer as someone who does not
    // exist, so a trainer cannot learn about people by trying ids.
    const person = await queryOne<{ id: number; name: string }>(
      tx,
      sql`select p.id, p.given_name || ' ' || p.family_name as name
          from people p join organisations o on o.id = p.organisation_id
          where p.id = ${input.personId}
            and ${walkInCandidateCondition(input.reach, session.id, sessionDate(session))}
          for update of p`,
    );
    if (!person) {
      throw new DomainError(
        "We could not find that person among the people this session is for.",
        "personId",
        "not-found",
      );
    }
    const existing = await queryOne<{ id: number; status: BookingStatus }>(
      tx,
      sql`select id, status from bookings
          where session_id = ${session.id} and person_id = ${person.id} and status <> 'cancelled'
          for update`,
    );
    if (existing && existing.status !== "waitlisted") {
      throw new DomainError(
        `${person.name} is already on the register. Mark them there.`,
        "personId",
        "already-booked",
      );
    }
    const marked = { status: "attended" as const, walkIn: true, attendanceMarkedAt: now };
    let bookingId: number;
    if (existing) {
      await tx.execute(
        sql`update bookings set status = 'attended', walk_in = true,
              attendance_marked_at = ${now.toISOString()}::timestamptz, updated_at = now()
            where id = ${existing.id}`,
      );
      bookingId = existing.id;
    } else {
      const [created] = await tx
        .insert(bookings)
        .values({ sessionId: session.id, personId: person.id, bookedByAccountId: input.actorAccountId, ...marked })
        .returning({ id: bookings.id });
      bookingId = created!.id;
    }
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "booking.walk-in",
      entityType: "booking",
      entityId: bookingId,
      subjectPersonId: person.id,
      before: existing ? { status: existing.status } : null,
      after: { sessionId: session.id, personId: person.id, status: "attended", walkIn: true },
    });
    await recordAttendanceCompletion(tx, {
      session,
      bookingId,
      personId: person.id,
      actorAccountId: input.actorAccountId,
    });
    await markDeliveredWhenComplete(tx, { session, actorAccountId: input.actorAccountId, now });
    return { bookingId };
  });
}
