import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { addMonthsToDate, todayInLondon } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { revokeCompletion } from "../certificates/revoke-completion";
import { newCertificateCode } from "../completions/certificate-code";
import { type LockedSession, instant } from "./session-lock";

/** The session's date in the council's calendar: the completion date of everyone who attended. */
export function sessionDate(session: Pick<LockedSession, "startsAt">): string {
  return todayInLondon(instant(session.startsAt));
}

/**
 * Records that the person on a booking completed the session's course on the session's date,
 * with its expiry from the course's validity. Does nothing when the booking already has a live
 * completion (the partial unique index completions_one_live_per_booking also guards it).
 */
export async function recordAttendanceCompletion(
  db: Database,
  input: { session: LockedSession; bookingId: number; personId: number; actorAccountId: string },
): Promise<number | null> {
  const completedOn = sessionDate(input.session);
  const expiresOn =
    input.session.validityMonths === null ? null : addMonthsToDate(completedOn, input.session.validityMonths);
  const created = await queryOne<{ id: number; certificate_code: string }>(
    db,
    sql`insert into completions (person_id, course_id, completed_on, expires_on, source, session_id,
          booking_id, recorded_by_account_id, certificate_code)
        values (${input.personId}, ${input.session.courseId}, ${completedOn}::date, ${expiresOn}::date,
          'attendance', ${input.session.id}, ${input.bookingId}, ${input.actorAccountId}, ${newCertificateCode()})
        on conflict (booking_id) where revoked_at is null do nothing
        returning id::int as id, certificate_code`,
  );
  if (!created) return null;
  await recordAuditEvent(db, {
    actorAccountId: input.actorAccountId,
    action: "completion.record",
    entityType: "completion",
    entityId: created.id,
    subjectPersonId: input.personId,
    before: null,
    after: {
      courseId: input.session.courseId,
      completedOn,
      expiresOn,
      source: "attendance",
      sessionId: input.session.id,
      bookingId: input.bookingId,
      certificateCode: created.certificate_code,
    },
  });
  return created.id;
}

/** Revokes the booking's live completion, if it has one ("Marked absent"). */
export async function revokeAttendanceCompletion(
  db: Database,
  input: { bookingId: number; actorAccountId: string; now: Date },
): Promise<number | null> {
  const live = await queryOne<{ id: number }>(
    db,
    sql`select id::int as id from completions where booking_id = ${input.bookingId} and revoked_at is null`,
  );
  if (!live) return null;
  await revokeCompletion(db, {
    completionId: live.id,
    actorAccountId: input.actorAccountId,
    reason: "Marked absent",
    now: input.now,
  });
  return live.id;
}

/**
 * Once a session has ended and nobody on it is left unmarked, it has been delivered. Call it
 * after a register change, under the session's lock.
 */
export async function markDeliveredWhenComplete(
  db: Database,
  input: { session: LockedSession; actorAccountId: string; now: Date },
): Promise<boolean> {
  const { session } = input;
  if (session.status !== "scheduled" || instant(session.endsAt) > input.now) return false;
  const unmarked = await queryOne<{ n: number }>(
    db,
    sql`select count(*)::int as n from bookings where session_id = ${session.id} and status = 'booked'`,
  );
  if ((unmarked?.n ?? 0) > 0) return false;
  await db.execute(sql`update course_sessions set status = 'delivered', updated_at = now() where id = ${session.id}`);
  await recordAuditEvent(db, {
    actorAccountId: input.actorAccountId,
    action: "session.deliver",
    entityType: "session",
    entityId: session.id,
    before: { status: "scheduled" },
    after: { status: "delivered" },
  });
  return true;
}
