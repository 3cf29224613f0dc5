import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { bookings } from "../../db/schema";
import { formatDateTime, todayInLondon } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { whyNotBookable } from "./booking-rules";
import { sessionCutOff } from "./cut-off";
import { overlappingBooking } from "./overlapping-booking";
import { lockSession, sessionDetails } from "./session-lock";

export interface BookPlaceInput {
  sessionId: number;
  personId: number;
  actorAccountId: string | null;
  /** The learner ticked "My manager has agreed"; true by definition when a manager or coordinator books. */
  managerAgreed: boolean;
  /** Join the waiting list when the session is full (otherwise a full session is an error). */
  joinWaitingList: boolean;
  now?: Date;
}

export interface BookPlaceResult {
  bookingId: number;
  status: "booked" | "waitlisted";
  /** 1 for first in line, when waitlisted. */
  waitlistPosition: number | null;
}

type LockedPerson = {
  id: number;
  name: string;
  leaving_date: string | null;
  in_audience: boolean;
  is_actor: boolean;
};

/**
 * Books a person on a session, or puts them on its waiting list when it is full and they asked
 * to wait. One transaction: the session row is locked first (so places are counted one booking
 * at a time and the capacity is never exceeded), then the person row (so two bookings of one
 * person cannot both pass the overlap check). Every rule broken is a DomainError with a message
 * for the form. Writes the audit event and tells the person ("booking.confirmed" or
 * "booking.waitlisted") in the same transaction.
 */
export async function bookPlace(db: Database, input: BookPlaceInput): Promise<BookPlaceResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, input.sessionId);
    if (!session) throw new DomainError("This session does not exist.", undefined, "not-found");
    const closed = whyNotBookable(
      {
        ...session,
        courseBookable: session.courseBookable && !session.courseRetired,
        bookingClosesAt: (await sessionCutOff(tx, session)).toISOString(),
      },
      now,
    );
    if (closed) throw new DomainError(closed.message, undefined, closed.code);

    const person = await queryOne<LockedPerson>(
      tx,
      sql`select p.id, p.given_name || ' ' || p.family_name as name, p.leaving_date::text,
            ${
              session.audienceOrganisationId === null
                ? sql`true`
                : sql`exists (
              select 1 from organisations a
              where a.id = ${session.audienceOrganisationId} and o.path like a.path || '%')`
            } as in_audience,
            exists (select 1 from accounts ac
              where ac.id = ${input.actorAccountId} and ac.person_id = p.id) as is_actor
          from people p join organisations o on o.id = p.organisation_id
          where p.id = ${input.personId}
          for update of p`,
    );
    if (!person) throw new DomainError("We could not find that person.", undefined, "not-found");
    const who = person.is_actor ? "You" : person.name;
    if (person.leaving_date !== null && person.leaving_date <= todayInLondon(now)) {
      throw new DomainError(`${person.name} has left, so cannot be booked.`, undefined, "leaver");
    }
    if (!person.in_audience) {
      const audience = await queryOne<{ name: string }>(
        tx,
        sql`select name from organisations where id = ${session.audienceOrganisationId}`,
      );
      throw new DomainError(
        `This session is only for staff of ${audience?.name ?? "another organisation"}.`,
        undefined,
        "audience",
      );
    }

    const existing = await queryOne<{ id: number; status: string; position: number | null }>(
      tx,
      sql`select b.id, b.status,
            case when b.status = 'waitlisted' then (
              select count(*)::int from bookings w
              where w.session_id = b.session_id and w.status = 'waitlisted'
                and (w.waitlisted_at, w.id) <= (b.waitlisted_at, b.id)) end as position
          from bookings b
          where b.session_id = ${session.id} and b.person_id = ${person.id} and b.status <> 'cancelled'`,
    );
    if (existing?.status === "waitlisted") {
      throw new DomainError(
        `${who} ${person.is_actor ? "are" : "is"} already on the waiting list for this session (number ${existing.position}).`,
        undefined,
        "already-waiting",
      );
    }
    if (existing) {
      throw new DomainError(
        `${who} already ${person.is_actor ? "have" : "has"} a place on this session.`,
        undefined,
        "already-booked",
      );
    }

    const clash = await overlappingBooking(tx, person.id, session);
    if (clash) {
      throw new DomainError(
        `${who} already ${person.is_actor ? "have" : "has"} a booking at that time: ${clash.courseTitle} on ${formatDateTime(clash.startsAt)}.`,
        undefined,
        "overlap",
      );
    }

    if (!input.managerAgreed) {
      throw new DomainError(
        "Confirm that your manager has agreed to you attending",
        "managerAgreed",
        "manager-agreement",
      );
    }

    const full = session.occupied >= session.capacity;
    if (full && !input.joinWaitingList) {
      throw new DomainError("This session is full. Join the waiting list instead.", undefined, "full");
    }
    const status = full ? ("waitlisted" as const) : ("booked" as const);
    const [created] = await tx
      .insert(bookings)
      .values({
        sessionId: session.id,
        personId: person.id,
        status,
        managerAgreed: true,
        bookedByAccountId: input.actorAccountId,
        // clock_timestamp(), not now(): now() is when the transaction began, before it waited
        // for the lock, and the waiting list is in the order the lock was granted.
        waitlistedAt: full ? sql`clock_timestamp()` : null,
      })
      .returning({ id: bookings.id, waitlistedAt: bookings.waitlistedAt });
    const bookingId = created!.id;
    const waitlistPosition = full ? session.waiting + 1 : null;

    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: full ? "booking.waitlist" : "booking.book",
      entityType: "booking",
      entityId: bookingId,
      subjectPersonId: person.id,
      before: null,
      after: {
        sessionId: session.id,
        personId: person.id,
        status,
        managerAgreed: true,
        waitlistedAt: created!.waitlistedAt?.toISOString() ?? null,
        waitlistPosition,
      },
    });
    await notify(tx, {
      kind: full ? "booking.waitlisted" : "booking.confirmed",
      recipientPersonId: person.id,
      details: { ...sessionDetails(session), bookingId, waitlistPosition },
    });
    return { bookingId, status, waitlistPosition };
  });
}
