import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { promoteFromWaitingList } from "./promote-from-waiting-list";
import {
  type SessionDetails,
  assertReferencesExist,
  sessionInstants,
  sessionRuleErrors,
  sessionSnapshot,
} from "./schedule-sessions";
import { type LockedSession, instant, lockSession } from "./session-lock";

export interface SessionUpdate {
  /** Whether the date, times, venue or joining link changed (and so calendars and people were told). */
  timeOrPlaceChanged: boolean;
  /** People booked or waiting who were told of the change. */
  notifiedPersonIds: number[];
  /** Bookings moved from the waiting list into places a larger capacity freed. */
  promotedBookingIds: number[];
}

/**
 * Changes a session that has not started. When its time or place changes, its calendar
 * SEQUENCE and that of every live booking go up by one and everyone booked or waiting is told
 * ("session.changed"). A larger capacity promotes people from the waiting list; a capacity below
 * the places already taken is refused. All in one transaction, under the session's row lock.
 */
export async function updateSession(
  db: Database,
  sessionId: number,
  details: SessionDetails,
  actor: { accountId: string | null },
  now: Date = new Date(),
): Promise<SessionUpdate> {
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (!session) throw new DomainError("This session does not exist", undefined, "not-found");
    assertChangeable(session, now);
    const [field, message] = Object.entries(sessionRuleErrors(details, now, { changing: true }))[0] ?? [];
    if (field && message) throw new DomainError(message, field, "invalid");
    if (details.capacity < session.occupied) {
      throw new DomainError(
        `The number of places cannot be fewer than the ${session.occupied} ${session.occupied === 1 ? "person" : "people"} already booked`,
        "capacity",
        "capacity-below-booked",
      );
    }
    await assertReferencesExist(tx, details);

    const instants = sessionInstants(details);
    const timeOrPlaceChanged =
      instants.startsAt.getTime() !== instant(session.startsAt).getTime() ||
      instants.endsAt.getTime() !== instant(session.endsAt).getTime() ||
      details.venue !== session.venue ||
      details.joiningLink !== session.joiningLink;
    const before = sessionSnapshot({ ...session, notes: await currentNotes(tx, sessionId) });

    await tx.execute(
      sql`update course_sessions set
            starts_at = ${instants.startsAt.toISOString()}::timestamptz,
            ends_at = ${instants.endsAt.toISOString()}::timestamptz,
            venue = ${details.venue},
            joining_link = ${details.joiningLink},
            capacity = ${details.capacity},
            trainer_person_id = ${details.trainerPersonId},
            booking_opens_at = ${instants.bookingOpensAt?.toISOString() ?? null}::timestamptz,
            booking_closes_at = ${instants.bookingClosesAt.toISOString()}::timestamptz,
            audience_organisation_id = ${details.audienceOrganisationId},
            notes = ${details.notes},
            calendar_sequence = calendar_sequence + ${timeOrPlaceChanged ? 1 : 0},
            updated_at = now()
          where id = ${sessionId}`,
    );
    const after = sessionSnapshot({
      courseId: session.courseId,
      ...instants,
      venue: details.venue,
      joiningLink: details.joiningLink,
      capacity: details.capacity,
      trainerPersonId: details.trainerPersonId,
      audienceOrganisationId: details.audienceOrganisationId,
      notes: details.notes,
    });
    await recordAuditEvent(tx, {
      actorAccountId: actor.accountId,
      action: "session.update",
      entityType: "session",
      entityId: sessionId,
      before,
      after,
    });

    const notifiedPersonIds: number[] = [];
    if (timeOrPlaceChanged) {
      const live = await queryRows<{ id: number; person_id: number; status: string; email: string | null }>(
        tx,
        sql`update bookings b set calendar_sequence = b.calendar_sequence + 1, updated_at = now()
            from people p
            where b.session_id = ${sessionId} and b.status in ('booked', 'waitlisted') and p.id = b.person_id
            returning b.id, b.person_id, b.status::text, p.email`,
      );
      for (const booking of live.sort((a, b) => a.id - b.id)) {
        await notify(tx, {
          kind: "session.changed",
          recipientPersonId: booking.person_id,
          recipientEmail: booking.email,
          details: {
            sessionId,
            bookingId: booking.id,
            bookingStatus: booking.status,
            courseTitle: session.courseTitle,
            before: {
              startsAt: before.startsAt,
              endsAt: before.endsAt,
              venue: before.venue,
              joiningLink: before.joiningLink,
            },
            after: {
              startsAt: after.startsAt,
              endsAt: after.endsAt,
              venue: after.venue,
              joiningLink: after.joiningLink,
            },
          },
        });
        notifiedPersonIds.push(booking.person_id);
      }
    }

    const promotedBookingIds =
      details.capacity > session.capacity && session.waiting > 0
        ? await promoteFromWaitingList(tx, { sessionId, actorAccountId: actor.accountId, now })
        : [];
    return { timeOrPlaceChanged, notifiedPersonIds, promotedBookingIds };
  });
}

function assertChangeable(session: LockedSession, now: Date) {
  if (session.status === "cancelled") {
    throw new DomainError("This session has been cancelled, so it cannot be changed", undefined, "session-cancelled");
  }
  if (session.status === "delivered" || instant(session.startsAt) <= now) {
    throw new DomainError("This session has already started, so it cannot be changed", undefined, "session-started");
  }
}

async function currentNotes(db: Database, sessionId: number): Promise<string | null> {
  const [row] = await queryRows<{ notes: string | null }>(
    db,
    sql`select notes from course_sessions where id = ${sessionId}`,
  );
  return row?.notes ?? null;
}
