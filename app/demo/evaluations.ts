/**
 * The demo's evaluations: most people who attended a past session have evaluated it (confidence
 * before 2–3 and after 3–5, with some words), so the results page and the KPI have figures on day
 * one. The demo manager attended the latest Prevent workshop and has not evaluated it yet: their
 * certificate waits for it ("Complete the evaluation to get your certificate").
 */
import { sql } from "drizzle-orm";
import { type Database, queryOne, sqlTextArray } from "../db/database";
import { recordCompletion } from "../domain/completions/record-completion";
import { completionExpiresOn } from "../domain/completions/expiry";
import { ensureDefaultEvaluationQuestions } from "../domain/evaluations/questions";
import { COURSE_CODES } from "./catalogue";
import type { IsoDate } from "./plan";

const MOST_USEFUL = [
  "The case studies made it real.",
  "Knowing exactly who to call and when.",
  "Talking through the referral form step by step.",
  "Hearing how Channel works in practice.",
  "The discussion with colleagues from other services.",
];
const WHAT_TO_CHANGE = [
  "A little more time for questions.",
  "Send the slides beforehand.",
  "More examples from schools.",
  "Nothing, it was well paced.",
];

export async function writeDemoEvaluations(tx: Database, input: { today: IsoDate }): Promise<void> {
  await ensureDefaultEvaluationQuestions(tx);
  const manager = await queryOne<{ person_id: number }>(
    tx,
    sql`select person_id from accounts where id = 'demo-manager'`,
  );
  if (!manager) throw new Error("seedDemo: the demo manager is missing");
  // The latest delivered Prevent workshop: the demo manager was there.
  const workshop = await queryOne<{ id: number; course_id: number; validity_months: number | null; day: string }>(
    tx,
    sql`select s.id::int as id, s.course_id, c.validity_months, (s.starts_at at time zone 'Europe/London')::date::text as day
        from course_sessions s join courses c on c.id = s.course_id
        where c.code = ${COURSE_CODES.preventWorkshop} and s.status = 'delivered'
          and s.starts_at < (${input.today}::date::timestamp at time zone 'Europe/London')
          and not exists (select 1 from bookings b where b.session_id = s.id and b.person_id = ${manager.person_id})
        order by s.starts_at desc limit 1`,
  );
  let keptBack: number | null = null;
  if (workshop) {
    // Booked a fortnight before (times from the session, so the same day seeds the same rows).
    const booking = await queryOne<{ id: number }>(
      tx,
      sql`insert into bookings (session_id, person_id, status, manager_agreed, booked_by_account_id, attendance_marked_at,
            created_at, updated_at)
          select ${workshop.id}, ${manager.person_id}, 'attended', true, 'demo-manager', s.ends_at,
            s.starts_at - interval '14 days', s.ends_at
          from course_sessions s where s.id = ${workshop.id}
          returning id::int as id`,
    );
    keptBack = booking!.id;
    const completionId = await recordCompletion(tx, {
      personId: manager.person_id,
      courseId: workshop.course_id,
      completedOn: workshop.day,
      expiresOn: completionExpiresOn(workshop.day, workshop.validity_months),
      source: "attendance",
      sessionId: workshop.id,
      bookingId: booking!.id,
      actorAccountId: "demo-trainer",
    });
    // A fixed code and the session's end as when it was recorded, as for the rest of the demo's history.
    await tx.execute(
      sql`update completions c set certificate_code = ${`DEMMANAGER${String(booking!.id).padStart(6, "0")}`},
            recorded_at = s.ends_at
          from course_sessions s where c.id = ${completionId} and s.id = ${workshop.id}`,
    );
  }

  // Everyone else who attended a past session, but about one in six, evaluated it the next day.
  await tx.execute(
    sql`insert into evaluation_responses (booking_id, person_id, session_id, course_id, trainer_person_id, stage, submitted_at)
        select b.id, b.person_id, s.id, s.course_id, s.trainer_person_id, 'after', s.ends_at + interval '1 day'
        from bookings b join course_sessions s on s.id = b.session_id
        where b.status = 'attended' and s.ends_at < (${input.today}::date::timestamp at time zone 'Europe/London')
          and b.id <> ${keptBack ?? 0} and b.id % 6 <> 0
        on conflict (booking_id, stage) do nothing`,
  );
  // Scores from the booking's id: before 2–3, after one or two points higher; words from some.
  await tx.execute(
    sql`insert into evaluation_answers (response_id, question_id, score, answer)
        select r.id, q.id,
          case q.key
            when 'confidence_recognising_before' then 2 + (r.booking_id % 2)
            when 'confidence_referring_before' then 2 + ((r.booking_id / 2) % 2)
            when 'confidence_recognising_after' then least(5, 3 + (r.booking_id % 2) + ((r.booking_id / 3) % 2))
            when 'confidence_referring_after' then least(5, 3 + ((r.booking_id / 2) % 2) + ((r.booking_id / 5) % 2))
          end,
          case q.key
            when 'most_useful' then (${sqlTextArray(MOST_USEFUL)})[1 + (r.booking_id % ${MOST_USEFUL.length})]
            when 'what_to_change' then (${sqlTextArray(WHAT_TO_CHANGE)})[1 + ((r.booking_id / 3) % ${WHAT_TO_CHANGE.length})]
          end
        from evaluation_responses r
        join evaluation_questions q on q.course_id is null and q.stage = 'after'
        where (q.kind = 'scale' or (q.key = 'most_useful' and r.booking_id % 3 = 0)
               or (q.key = 'what_to_change' and r.booking_id % 4 = 1))
        on conflict do nothing`,
  );
}
