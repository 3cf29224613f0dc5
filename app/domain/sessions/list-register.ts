import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import type { BookingStatus } from "../../db/schema";

/**
 * For an attended booking (alias `b`) left with no live completion, when its latest completion
 * was revoked, as text; null otherwise. Pages say so beside "Attended".
 */
export function revokedCompletionSql(bookingAlias: string): SQL {
  const b = sql.raw(bookingAlias);
  return sql`case when ${b}.status = 'attended'
      and not exists (select 1 from completions lc where lc.booking_id = ${b}.id and lc.revoked_at is null)
    then (select max(rc.revoked_at)::text from completions rc where rc.booking_id = ${b}.id) end`;
}

export interface RegisterEntry {
  bookingId: number;
  personId: number;
  name: string;
  jobTitle: string | null;
  organisationName: string;
  email: string | null;
  status: BookingStatus;
  walkIn: boolean;
  /** 1 for first in line, when waitlisted. */
  waitlistPosition: number | null;
  /** The live completion recorded from this booking's attendance. */
  completionId: number | null;
  /** Attended, but the completion it recorded was revoked (and none replaced it): when. */
  completionRevokedAt: string | null;
  issuesCertificate: boolean;
}

/**
 * Everyone with a live booking on a session: those with a place (booked, attended, absent) by
 * family name, then the waiting list in its order.
 */
export async function listRegister(db: Database, sessionId: number): Promise<RegisterEntry[]> {
  const rows = await queryRows<{
    booking_id: number;
    person_id: number;
    name: string;
    job_title: string | null;
    organisation_name: string;
    email: string | null;
    status: BookingStatus;
    walk_in: boolean;
    waitlist_position: number | null;
    completion_id: number | null;
    completion_revoked_at: string | null;
    issues_certificate: boolean;
  }>(
    db,
    sql`select b.id as booking_id, p.id as person_id, p.given_name || ' ' || p.family_name as name, p.job_title,
          o.name as organisation_name, p.email, b.status, b.walk_in,
          case when b.status = 'waitlisted'
            then (row_number() over (partition by b.status = 'waitlisted' order by b.waitlisted_at, b.id))::int
          end as waitlist_position,
          (select cp.id::int from completions cp where cp.booking_id = b.id and cp.revoked_at is null) as completion_id,
          ${revokedCompletionSql("b")} as completion_revoked_at,
          c.issues_certificate
        from bookings b
        join course_sessions s on s.id = b.session_id
        join courses c on c.id = s.course_id
        join people p on p.id = b.person_id
        join organisations o on o.id = p.organisation_id
        where b.session_id = ${sessionId} and b.status <> 'cancelled'
        order by b.status = 'waitlisted', case when b.status = 'waitlisted' then b.waitlisted_at end,
          lower(p.family_name), lower(p.given_name), b.id`,
  );
  return rows.map((r) => ({
    bookingId: r.booking_id,
    personId: r.person_id,
    name: r.name,
    jobTitle: r.job_title,
    organisationName: r.organisation_name,
    email: r.email,
    status: r.status,
    walkIn: r.walk_in,
    waitlistPosition: r.waitlist_position,
    completionId: r.completion_id,
    completionRevokedAt: r.completion_revoked_at,
    issuesCertificate: r.issues_certificate,
  }));
}
