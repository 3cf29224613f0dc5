import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { CompletionSource } from "../../lib/values";
import { recordAuditEvent } from "../audit/record-event";
import { newCertificateCode } from "./certificate-code";

export interface RecordCompletionInput {
  personId: number;
  courseId: number;
  completedOn: string;
  expiresOn: string | null;
  source: CompletionSource;
  sessionId: number | null;
  bookingId: number | null;
  actorAccountId: string;
}

/**
 * Records that a person completed a course, with a new certificate code, audited in the same
 * transaction: every way of completing calls this. Does nothing (null) when the booking already
 * has a live completion (the partial unique index completions_one_live_per_booking).
 */
export async function recordCompletion(db: Database, input: RecordCompletionInput): Promise<number | null> {
  const created = await queryOne<{ id: number; certificate_code: string }>(
    db,
    sql`insert into completions (person_id, course_id, completed_on, expires_on, source, session_id,
          booking_id, recorded_by_account_id, certificate_code)
        values (${input.personId}, ${input.courseId}, ${input.completedOn}::date, ${input.expiresOn}::date,
          ${input.source}, ${input.sessionId}, ${input.bookingId}, ${input.actorAccountId}, ${newCertificateCode()})
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
      courseId: input.courseId,
      completedOn: input.completedOn,
      expiresOn: input.expiresOn,
      source: input.source,
      sessionId: input.sessionId,
      bookingId: input.bookingId,
      certificateCode: created.certificate_code,
    },
  });
  return created.id;
}

/** The booking's live completion, if it has one. */
export async function liveCompletionForBooking(db: Database, bookingId: number): Promise<number | null> {
  const live = await queryOne<{ id: number }>(
    db,
    sql`select id::int as id from completions where booking_id = ${bookingId} and revoked_at is null`,
  );
  return live?.id ?? null;
}
