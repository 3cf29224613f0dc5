import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { bookings } from "../../db/schema";
import type { BookingStatus } from "../../db/schema";
import { formatDateTime, todayInLondon } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { overlappingBooking } from "./overlapping-booking";
import { instant, lockSession, sessionDetails } from "./session-lock";

export interface SubstituteBookingInput {
  bookingId: number;
  /** The colleague who takes the place (the caller has checked they are in the actor's scope). */
  colleaguePersonId: number;
  actorAccountId: string;
  now?: Date;
}

/**
 * Hands a booked place to a colleague, until the session starts (the booking cut-off does not
 * apply: the place stays taken). The original booking is cancelled — not late, not charged, reason
 * "Place handed to …" — and the colleague gets a booked place on the same session with
 * substitutes_booking_id, in one transaction under the session's lock: the waiting list neither
 * moves nor is jumped. Audited ("booking.substitute" on both bookings); both people told.
 */
export async function substituteBooking(
  db: Database,
  input: SubstituteBookingInput,
): Promise<{ newBookingId: number }> {
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
      name: string;
      status: BookingStatus;
      calendar_sequence: number;
    }>(
      tx,
      sql`select b.id, b.person_id, p.given_name || ' ' || p.family_name as name, b.status, b.calendar_sequence
          from bookings b join people p on p.id = b.person_id
          where b.id = ${input.bookingId} for update of b`,
    );
    if (!session || !booking) throw new DomainError("We could not find that booking.", undefined, "not-found");
    if (session.status !== "scheduled" || instant(session.startsAt) <= now) {
      throw new DomainError(
        session.status === "cancelled"
          ? "This session has been cancelled."
          : "This session has started, so the place can no longer be handed to someone else.",
        undefined,
        "session-closed",
      );
    }
    if (booking.status !== "booked") {
      throw new DomainError(
        booking.status === "waitlisted"
          ? "Only a booked place can be handed to a colleague, not a place on the waiting list."
          : "This booking is no longer a booked place.",
        undefined,
        "not-booked",
      );
    }
    if (input.colleaguePersonId === booking.person_id) {
      throw new DomainError(`Choose someone other than ${booking.name}.`, "colleague", "same-person");
    }
    const colleague = await queryOne<{ id: number; name: string; leaving_date: string | null; in_audience: boolean }>(
      tx,
      sql`select p.id, p.given_name || ' ' || p.family_name as name, p.leaving_date::text,
            ${
              session.audienceOrganisationId === null
                ? sql`true`
                : sql`exists (select 1 from organisations a
                      where a.id = ${session.audienceOrganisationId} and o.path like a.path || '%')`
            } as in_audience
          from people p join organisations o on o.id = p.organisation_id
          where p.id = ${input.colleaguePersonId}
          for update of p`,
    );
    if (!colleague) throw new DomainError("Choose a colleague from the list.", "colleague", "not-found");
    if (colleague.leaving_date !== null && colleague.leaving_date <= todayInLondon(now)) {
      throw new DomainError(`${colleague.name} has left, so cannot take the place.`, "colleague", "leaver");
    }
    if (!colleague.in_audience) {
      throw new DomainError(`This session is not open to ${colleague.name}.`, "colleague", "audience");
    }
    const existing = await queryOne<{ status: BookingStatus }>(
      tx,
      sql`select status from bookings
          where session_id = ${session.id} and person_id = ${colleague.id} and status <> 'cancelled'`,
    );
    if (existing) {
      throw new DomainError(
        existing.status === "waitlisted"
          ? `${colleague.name} is on the waiting list for this session. Take them off it first, or choose someone else.`
          : `${colleague.name} already has a place on this session.`,
        "colleague",
        "already-booked",
      );
    }
    const clash = await overlappingBooking(tx, colleague.id, session);
    if (clash) {
      throw new DomainError(
        `${colleague.name} already has a booking at that time: ${clash.courseTitle} on ${formatDateTime(clash.startsAt)}.`,
        "colleague",
        "overlap",
      );
    }

    const reason = `Place handed to ${colleague.name}`;
    await tx.execute(
      sql`update bookings set status = 'cancelled', cancelled_at = ${now.toISOString()}::timestamptz,
            cancel_reason = ${reason}, late_cancellation = false, charge_pence = null, charge_organisation_id = null,
            calendar_sequence = calendar_sequence + 1, updated_at = now()
          where id = ${booking.id}`,
    );
    const [created] = await tx
      .insert(bookings)
      .values({
        sessionId: session.id,
        personId: colleague.id,
        status: "booked",
        managerAgreed: true,
        bookedByAccountId: input.actorAccountId,
        substitutesBookingId: booking.id,
      })
      .returning({ id: bookings.id });
    const newBookingId = created!.id;

    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "booking.substitute",
      entityType: "booking",
      entityId: booking.id,
      subjectPersonId: booking.person_id,
      before: { status: "booked", calendarSequence: booking.calendar_sequence },
      after: {
        status: "cancelled",
        cancelReason: reason,
        lateCancellation: false,
        calendarSequence: booking.calendar_sequence + 1,
        handedToPersonId: colleague.id,
        handedToBookingId: newBookingId,
      },
    });
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "booking.substitute",
      entityType: "booking",
      entityId: newBookingId,
      subjectPersonId: colleague.id,
      before: null,
      after: {
        sessionId: session.id,
        personId: colleague.id,
        status: "booked",
        managerAgreed: true,
        substitutesBookingId: booking.id,
      },
    });
    const details = sessionDetails(session);
    await notify(tx, {
      kind: "booking.substituted",
      recipientPersonId: booking.person_id,
      details: { ...details, bookingId: booking.id, role: "handed", fromName: booking.name, toName: colleague.name },
    });
    await notify(tx, {
      kind: "booking.substituted",
      recipientPersonId: colleague.id,
      details: {
        ...details,
        bookingId: newBookingId,
        role: "received",
        fromName: booking.name,
        toName: colleague.name,
      },
    });
    return { newBookingId };
  });
}

/** A colleague by e-mail address or HR number among the people in a scope, or null. */
export async function findColleague(
  db: Database,
  scope: PersonScope,
  identifier: string,
): Promise<{ id: number; name: string } | null> {
  const key = identifier.trim().toLowerCase();
  if (!key) return null;
  const found = await queryOne<{ id: number; name: string }>(
    db,
    sql`select p.id, p.given_name || ' ' || p.family_name as name
        from people p join organisations o on o.id = p.organisation_id
        where (lower(p.email) = ${key} or lower(p.external_ref) = ${key})
          and ${personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` })}
        order by (lower(p.email) = ${key}) desc, p.id
        limit 1`,
  );
  return found ?? null;
}
