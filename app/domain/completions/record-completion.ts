import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import type { CompletionSource } from "../../lib/values";
import { recordAuditEvents } from "../audit/record-event";
import { notify } from "../notifications/notify";
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
  /** What the record came with (an import's provider and notes), kept with the completion. */
  evidenceNote?: string | null;
  /** Who delivered training done elsewhere (recorded by hand, or evidence accepted). */
  provider?: string | null;
  /** The storage key of the evidence it was recorded from (a certificate the learner sent). */
  evidenceFileKey?: string | null;
  /**
   * Tell the person their certificate is ready ("certificate.issued"), when the course issues one:
   * for training finished now (a register, e-learning, evidence accepted, a record by hand), not
   * for history brought in by an import.
   */
  notifyLearner?: boolean;
}

/**
 * Records that a person completed a course, with a new certificate code, audited in the same
 * transaction: every way of completing calls this (or recordCompletions for many). Does nothing
 * (null) when the booking already has a live completion (the partial unique index
 * completions_one_live_per_booking).
 */
export async function recordCompletion(db: Database, input: RecordCompletionInput): Promise<number | null> {
  const [id] = await recordCompletions(db, [input]);
  return id ?? null;
}

/** Rows a statement: 12 values each, passed as one JSON parameter. */
const BATCH = 2000;

/**
 * Records many completions set-based (an import's thousands of rows): one insert and one audit
 * insert a batch, each with its own certificate code and audit event, in the caller's
 * transaction. Returns each input's new completion id, in order, or null where its booking
 * already had a live completion.
 */
export async function recordCompletions(
  db: Database,
  inputs: readonly RecordCompletionInput[],
): Promise<Array<number | null>> {
  const ids: Array<number | null> = [];
  for (let start = 0; start < inputs.length; start += BATCH) {
    const batch = inputs.slice(start, start + BATCH);
    const codes = batch.map(() => newCertificateCode());
    const records = batch.map((input, i) => ({
      person_id: input.personId,
      course_id: input.courseId,
      completed_on: input.completedOn,
      expires_on: input.expiresOn,
      source: input.source,
      session_id: input.sessionId,
      booking_id: input.bookingId,
      recorded_by_account_id: input.actorAccountId,
      certificate_code: codes[i],
      evidence_note: input.evidenceNote ?? null,
      provider: input.provider ?? null,
      evidence_file_key: input.evidenceFileKey ?? null,
    }));
    const created = await queryRows<{ id: number; certificate_code: string }>(
      db,
      sql`insert into completions (person_id, course_id, completed_on, expires_on, source, session_id,
            booking_id, recorded_by_account_id, certificate_code, evidence_note, provider, evidence_file_key)
          select r.person_id, r.course_id, r.completed_on, r.expires_on, r.source, r.session_id,
            r.booking_id, r.recorded_by_account_id, r.certificate_code, r.evidence_note, r.provider,
            r.evidence_file_key
          from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(person_id int, course_id int,
            completed_on date, expires_on date, source completion_source, session_id int, booking_id int,
            recorded_by_account_id text, certificate_code text, evidence_note text, provider text,
            evidence_file_key text)
          on conflict (booking_id) where revoked_at is null do nothing
          returning id::int as id, certificate_code`,
    );
    const idOfCode = new Map(created.map((row) => [row.certificate_code, row.id]));
    const batchIds = codes.map((code) => idOfCode.get(code) ?? null);
    await recordAuditEvents(
      db,
      batch.flatMap((input, i) => {
        const id = batchIds[i];
        if (id == null) return [];
        return [
          {
            actorAccountId: input.actorAccountId,
            action: "completion.record",
            entityType: "completion",
            entityId: id,
            subjectPersonId: input.personId,
            before: null,
            after: {
              courseId: input.courseId,
              completedOn: input.completedOn,
              expiresOn: input.expiresOn,
              source: input.source,
              sessionId: input.sessionId,
              bookingId: input.bookingId,
              certificateCode: codes[i],
              ...(input.evidenceNote ? { evidenceNote: input.evidenceNote } : {}),
              ...(input.provider ? { provider: input.provider } : {}),
              ...(input.evidenceFileKey ? { evidenceFileKey: input.evidenceFileKey } : {}),
            },
          },
        ];
      }),
    );
    await notifyCertificatesIssued(
      db,
      batch.flatMap((input, i) => {
        const id = batchIds[i];
        return id != null && input.notifyLearner ? [{ input, completionId: id, certificateCode: codes[i]! }] : [];
      }),
    );
    ids.push(...batchIds);
  }
  return ids;
}

async function notifyCertificatesIssued(
  db: Database,
  issued: Array<{ input: RecordCompletionInput; completionId: number; certificateCode: string }>,
): Promise<void> {
  if (issued.length === 0) return;
  const courseIds = [...new Set(issued.map((i) => i.input.courseId))];
  const courses = await queryRows<{ id: number; title: string; held: boolean }>(
    db,
    sql`select id, title, certificate_after_evaluation as held from courses
        where issues_certificate and id in ${sql.raw(`(${courseIds.map(Number).join(",")})`)}`,
  );
  const courseOf = new Map(courses.map((c) => [c.id, c]));
  for (const { input, completionId, certificateCode } of issued) {
    const course = courseOf.get(input.courseId);
    // A session's certificate held for its evaluation is announced when the evaluation releases it.
    if (course === undefined || (course.held && input.bookingId !== null)) continue;
    await notifyCertificateIssued(db, {
      personId: input.personId,
      courseTitle: course.title,
      completedOn: input.completedOn,
      expiresOn: input.expiresOn,
      completionId,
      certificateCode,
    });
  }
}

/** Tells a person their certificate is ready to download ("certificate.issued"). */
export async function notifyCertificateIssued(
  db: Database,
  certificate: {
    personId: number;
    courseTitle: string;
    completedOn: string;
    expiresOn: string | null;
    completionId: number;
    certificateCode: string;
  },
): Promise<void> {
  const { personId, ...details } = certificate;
  await notify(db, {
    kind: "certificate.issued",
    recipientPersonId: personId,
    details: {
      ...details,
      // Relative to the service's address (PUBLIC_URL), which the sender puts in front.
      certificatePath: `/certificates/${certificate.completionId}.pdf`,
    },
  });
}

/** The booking's live completion, if it has one. */
export async function liveCompletionForBooking(db: Database, bookingId: number): Promise<number | null> {
  const live = await queryOne<{ id: number }>(
    db,
    sql`select id::int as id from completions where booking_id = ${bookingId} and revoked_at is null`,
  );
  return live?.id ?? null;
}
