import { notifyCertificateIssued } from "../completions/record-completion";
import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { addMonthsToDate, todayInLondon } from "../../lib/dates";
import type { EvaluationStage } from "../../lib/values";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { type EvaluationQuestion, listEvaluationQuestions } from "./questions";
import { FOLLOW_UP_AFTER_MONTHS, MAX_TEXT_ANSWER } from "./values";

/** The booking an evaluation is about, read with the evaluations' own SQL (not through sessions). */
export interface EvaluatedBooking {
  bookingId: number;
  personId: number;
  status: string;
  sessionId: number;
  courseId: number;
  courseTitle: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
  trainerPersonId: number | null;
  /** The session's date in London. */
  sessionDate: string;
  certificateAfterEvaluation: boolean;
  followUpEvaluation: boolean;
  issuesCertificate: boolean;
  /** The live completion the attendance recorded (its certificate), if any. */
  completionId: number | null;
}

async function readBooking(db: Database, bookingId: number, lock = false): Promise<EvaluatedBooking | undefined> {
  const row = await queryOne<{
    id: number;
    person_id: number;
    status: string;
    session_id: number;
    course_id: number;
    title: string;
    starts_at: string;
    ends_at: string;
    venue: string | null;
    trainer_person_id: number | null;
    session_date: string;
    certificate_after_evaluation: boolean;
    follow_up_evaluation: boolean;
    issues_certificate: boolean;
    completion_id: number | null;
  }>(
    db,
    sql`select b.id::int as id, b.person_id, b.status::text as status, s.id::int as session_id, c.id::int as course_id,
          c.title, s.starts_at::text as starts_at, s.ends_at::text as ends_at, s.venue, s.trainer_person_id,
          (s.starts_at at time zone 'Europe/London')::date::text as session_date,
          c.certificate_after_evaluation, c.follow_up_evaluation, c.issues_certificate,
          (select cp.id::int from completions cp where cp.booking_id = b.id and cp.revoked_at is null limit 1) as completion_id
        from bookings b join course_sessions s on s.id = b.session_id join courses c on c.id = s.course_id
        where b.id = ${bookingId}
        ${lock ? sql`for update of b` : sql``}`,
  );
  if (!row) return undefined;
  return {
    bookingId: row.id,
    personId: row.person_id,
    status: row.status,
    sessionId: row.session_id,
    courseId: row.course_id,
    courseTitle: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venue: row.venue,
    trainerPersonId: row.trainer_person_id,
    sessionDate: row.session_date,
    certificateAfterEvaluation: row.certificate_after_evaluation,
    followUpEvaluation: row.follow_up_evaluation,
    issuesCertificate: row.issues_certificate,
    completionId: row.completion_id,
  };
}

/**
 * One of the person's own bookings (any status), for the page that says why it cannot be
 * evaluated yet; undefined for someone else's or none.
 */
export async function ownBooking(
  db: Database,
  bookingId: number,
  personId: number,
): Promise<EvaluatedBooking | undefined> {
  const booking = await readBooking(db, bookingId);
  return booking && booking.personId === personId ? booking : undefined;
}

/** The day a session's follow-up opens: FOLLOW_UP_AFTER_MONTHS after its date. */
export function followUpOpensOn(sessionDate: string): string {
  return addMonthsToDate(sessionDate, FOLLOW_UP_AFTER_MONTHS);
}

export interface EvaluationForm {
  booking: EvaluatedBooking;
  stage: EvaluationStage;
  questions: EvaluationQuestion[];
  /** When the person already answered this stage. */
  submittedAt: string | null;
}

/**
 * The evaluation a person may give for one of their bookings at a stage: only their own booking,
 * only when they attended, the follow-up only where the course asks it and from three months after
 * the session. Undefined otherwise (the page's 404: a booking id reveals nothing).
 */
export async function getEvaluationForm(
  db: Database,
  input: { bookingId: number; personId: number; stage: EvaluationStage; today?: string },
): Promise<EvaluationForm | undefined> {
  const booking = await readBooking(db, input.bookingId);
  if (!booking || booking.personId !== input.personId || booking.status !== "attended") return undefined;
  if (input.stage === "follow_up") {
    const today = input.today ?? todayInLondon();
    if (!booking.followUpEvaluation || followUpOpensOn(booking.sessionDate) > today) return undefined;
  }
  const [questions, response] = await Promise.all([
    listEvaluationQuestions(db, booking.courseId, input.stage),
    queryOne<{ submitted_at: string }>(
      db,
      sql`select submitted_at::text as submitted_at from evaluation_responses
          where booking_id = ${booking.bookingId} and stage = ${input.stage}`,
    ),
  ]);
  return { booking, stage: input.stage, questions, submittedAt: response?.submitted_at ?? null };
}

/** The form field of a question's answer. */
export function answerField(questionId: number): string {
  return `q${questionId}`;
}

export interface SubmitEvaluationInput {
  bookingId: number;
  personId: number;
  stage: EvaluationStage;
  /** Answers by field name (`q12`): "1"–"5" for a scale question, words for a text one. */
  answers: Record<string, string | undefined>;
  actorAccountId: string;
  now?: Date;
}

/**
 * Records a person's evaluation of a session they attended: one response per booking and stage
 * (a second is refused), every required question answered, scores 1–5, with the session's trainer
 * then. Releases the certificate where the course holds it for the evaluation. Audited.
 */
export async function submitEvaluation(db: Database, input: SubmitEvaluationInput): Promise<number> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const form = await getEvaluationForm(tx, { ...input, today: todayInLondon(now) });
    if (!form) throw new DomainError("You cannot evaluate this session.", undefined, "not-found");
    // Lock the booking so two submissions at once are decided one after the other.
    await readBooking(tx, input.bookingId, true);
    if (form.submittedAt !== null) throw new DomainError("You have already completed this evaluation.");

    const answers: Array<{ questionId: number; score: number | null; answer: string | null }> = [];
    for (const q of form.questions) {
      const field = answerField(q.id);
      const raw = (input.answers[field] ?? "").trim();
      if (raw === "") {
        if (q.required) {
          throw new DomainError(q.kind === "scale" ? "Select a score from 1 to 5" : "Enter your answer", field);
        }
        continue;
      }
      if (q.kind === "scale") {
        if (!/^[1-5]$/.test(raw)) throw new DomainError("Select a score from 1 to 5", field);
        answers.push({ questionId: q.id, score: Number(raw), answer: null });
      } else {
        if (raw.length > MAX_TEXT_ANSWER) {
          throw new DomainError(
            `Your answer must be ${MAX_TEXT_ANSWER.toLocaleString("en-GB")} characters or fewer`,
            field,
          );
        }
        answers.push({ questionId: q.id, score: null, answer: raw });
      }
    }

    const response = await queryOne<{ id: number }>(
      tx,
      sql`insert into evaluation_responses (booking_id, person_id, session_id, course_id, trainer_person_id, stage, submitted_at)
          values (${form.booking.bookingId}, ${form.booking.personId}, ${form.booking.sessionId}, ${form.booking.courseId},
            ${form.booking.trainerPersonId}, ${input.stage}, ${now.toISOString()}::timestamptz)
          on conflict (booking_id, stage) do nothing
          returning id::int as id`,
    );
    if (!response) throw new DomainError("You have already completed this evaluation.");
    for (const a of answers) {
      await tx.execute(
        sql`insert into evaluation_answers (response_id, question_id, score, answer)
            values (${response.id}, ${a.questionId}, ${a.score}, ${a.answer})`,
      );
    }
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "evaluation.submit",
      entityType: "evaluation_response",
      entityId: response.id,
      subjectPersonId: form.booking.personId,
      after: { bookingId: form.booking.bookingId, stage: input.stage, answers: answers.length },
    });
    if (input.stage === "after") await announceReleasedCertificate(tx, form.booking.bookingId);
    return response.id;
  });
}

/** The session's certificate, held for this evaluation, is now ready: its person is told. */
async function announceReleasedCertificate(db: Database, bookingId: number): Promise<void> {
  const released = await queryOne<{
    person_id: number;
    title: string;
    completed_on: string;
    expires_on: string | null;
    id: number;
    certificate_code: string;
  }>(
    db,
    sql`select c.person_id, co.title, c.completed_on::text, c.expires_on::text, c.id::int as id, c.certificate_code
        from completions c join courses co on co.id = c.course_id
        where c.booking_id = ${bookingId} and c.revoked_at is null
          and co.issues_certificate and co.certificate_after_evaluation`,
  );
  if (!released) return;
  await notifyCertificateIssued(db, {
    personId: released.person_id,
    courseTitle: released.title,
    completedOn: released.completed_on,
    expiresOn: released.expires_on,
    completionId: released.id,
    certificateCode: released.certificate_code,
  });
}
