import { sql } from "drizzle-orm";
import { instant } from "./session-lock";
import { type Database, queryRows } from "../../db/database";
import type { BookingStatus, SessionStatus } from "../../db/schema";
import { revokedCompletionSql } from "./list-register";

export interface PersonBooking {
  id: number;
  sessionId: number;
  courseId: number;
  courseTitle: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  online: boolean;
  status: BookingStatus;
  sessionStatus: SessionStatus;
  /** 1 for first in line, when waitlisted. */
  waitlistPosition: number | null;
  bookingClosesAt: string | null;
  /** The course's cut-off in working days (see cancellationCutOff). */
  bookingClosesWorkingDays: number;
  /** Attended, but the completion it recorded was revoked (and none replaced it): when. */
  completionRevokedAt: string | null;
  issuesCertificate: boolean;
  /** Cancelled after the cut-off. */
  lateCancellation: boolean;
  /** Why it was cancelled ("Place handed to …" for a substitution). */
  cancelReason: string | null;
  /** A no-show's or late cancellation's charge, in pence, and the organisation it goes to. */
  chargePence: number | null;
  chargeOrganisationName: string | null;
}

/**
 * Where a booking belongs on the person's pages: "upcoming" only while it still holds a place or a
 * spot on the waiting list on a session that is going ahead; a cancelled booking, or one on a
 * cancelled session, is "cancelled" until the day has gone, then "past" like the rest.
 */
export function bookingSection(
  booking: Pick<PersonBooking, "status" | "sessionStatus" | "startsAt">,
  now: Date,
): "upcoming" | "cancelled" | "past" {
  if (instant(booking.startsAt) <= now) return "past";
  if (booking.status === "cancelled" || booking.sessionStatus === "cancelled") return "cancelled";
  return booking.status === "booked" || booking.status === "waitlisted" ? "upcoming" : "past";
}

/** A person's bookings: upcoming first (soonest first), then past ones (latest first). */
export async function listBookingsForPerson(
  db: Database,
  personId: number,
  options: { includeCancelled?: boolean; now?: Date } = {},
): Promise<PersonBooking[]> {
  const now = (options.now ?? new Date()).toISOString();
  const rows = await queryRows<{
    id: number;
    session_id: number;
    course_id: number;
    course_title: string;
    starts_at: string;
    ends_at: string;
    venue: string | null;
    online: boolean;
    status: BookingStatus;
    session_status: SessionStatus;
    waitlist_position: number | null;
    booking_closes_at: string | null;
    booking_closes_working_days: number;
    completion_revoked_at: string | null;
    issues_certificate: boolean;
    late_cancellation: boolean;
    cancel_reason: string | null;
    charge_pence: number | null;
    charge_organisation_name: string | null;
  }>(
    db,
    sql`select b.id, b.session_id, s.course_id, c.title as course_title,
          s.starts_at::text, s.ends_at::text, s.venue, s.joining_link is not null as online,
          b.status, s.status as session_status, s.booking_closes_at::text, c.booking_closes_working_days,
          ${revokedCompletionSql("b")} as completion_revoked_at, c.issues_certificate,
          b.late_cancellation, b.cancel_reason, b.charge_pence,
          (select name from organisations co where co.id = b.charge_organisation_id) as charge_organisation_name,
          case when b.status = 'waitlisted' then (
            select count(*)::int from bookings w
            where w.session_id = b.session_id and w.status = 'waitlisted'
              and (w.waitlisted_at, w.id) <= (b.waitlisted_at, b.id)
          ) end as waitlist_position
        from bookings b
        join course_sessions s on s.id = b.session_id
        join courses c on c.id = s.course_id
        where b.person_id = ${personId}
          ${options.includeCancelled ? sql`` : sql`and b.status <> 'cancelled'`}
        order by (s.starts_at < ${now}::timestamptz), 
          case when s.starts_at >= ${now}::timestamptz then s.starts_at end asc,
          s.starts_at desc`,
  );
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    courseId: r.course_id,
    courseTitle: r.course_title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
    online: r.online,
    status: r.status,
    sessionStatus: r.session_status,
    waitlistPosition: r.waitlist_position,
    bookingClosesAt: r.booking_closes_at,
    bookingClosesWorkingDays: r.booking_closes_working_days,
    completionRevokedAt: r.completion_revoked_at,
    issuesCertificate: r.issues_certificate,
    lateCancellation: r.late_cancellation,
    cancelReason: r.cancel_reason,
    chargePence: r.charge_pence,
    chargeOrganisationName: r.charge_organisation_name,
  }));
}
