import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { todayInLondon } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { liveCompletionForBooking, recordCompletion } from "../completions/record-completion";
import { revokeCompletion } from "../completions/revoke-completion";
import { completionExpiresOn } from "../completions/expiry";
import { notify } from "../notifications/notify";
import { type LockedSession, instant, sessionDetails } from "./session-lock";

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
  const expiresOn = completionExpiresOn(completedOn, input.session.validityMonths);
  await askForEvaluation(db, input);
  return recordCompletion(db, {
    personId: input.personId,
    courseId: input.session.courseId,
    completedOn,
    expiresOn,
    source: "attendance",
    sessionId: input.session.id,
    bookingId: input.bookingId,
    actorAccountId: input.actorAccountId,
    notifyLearner: true,
  });
}

/**
 * Someone who attended is asked to evaluate the session (once per booking, however often the
 * register is changed): the form is on My training, and where the course holds the certificate
 * until the evaluation is done the message says so.
 */
async function askForEvaluation(
  db: Database,
  input: { session: LockedSession; bookingId: number; personId: number },
): Promise<void> {
  const course = await queryOne<{ certificate_after_evaluation: boolean; issues_certificate: boolean }>(
    db,
    sql`select certificate_after_evaluation, issues_certificate from courses where id = ${input.session.courseId}`,
  );
  await notify(db, {
    kind: "evaluation.requested",
    recipientPersonId: input.personId,
    details: {
      ...sessionDetails(input.session),
      bookingId: input.bookingId,
      certificateAfterEvaluation: Boolean(course?.certificate_after_evaluation && course.issues_certificate),
    },
    dedupeKey: `evaluation-requested:booking:${input.bookingId}`,
  });
}

/** Revokes the booking's live completion, if it has one ("Marked absent"). */
export async function revokeAttendanceCompletion(
  db: Database,
  input: { bookingId: number; actorAccountId: string; now: Date },
): Promise<number | null> {
  const live = await liveCompletionForBooking(db, input.bookingId);
  if (live === null) return null;
  await revokeCompletion(db, {
    completionId: live,
    actorAccountId: input.actorAccountId,
    reason: "Marked absent",
    now: input.now,
  });
  return live;
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
  await tellTrainerCertificatesIssued(db, session);
  return true;
}

/**
 * The trainer is told, once per session, that its register is complete and the certificates of
 * everyone who attended have been issued (when the course issues certificates and someone attended).
 */
async function tellTrainerCertificatesIssued(db: Database, session: LockedSession): Promise<void> {
  if (session.trainerPersonId === null) return;
  const issued = await queryOne<{ n: number }>(
    db,
    sql`select count(*)::int as n from completions c join courses co on co.id = c.course_id
        where c.session_id = ${session.id} and c.revoked_at is null and co.issues_certificate`,
  );
  if ((issued?.n ?? 0) === 0) return;
  await notify(db, {
    kind: "register.certificates-issued",
    recipientPersonId: session.trainerPersonId,
    details: { ...sessionDetails(session), certificates: issued!.n },
    dedupeKey: `register-certificates:session:${session.id}`,
  });
}
