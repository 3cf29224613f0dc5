import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { addMonthsToDate } from "../../lib/dates";
import { FOLLOW_UP_AFTER_MONTHS } from "./values";

export interface PersonEvaluation {
  bookingId: number;
  courseTitle: string;
  sessionDate: string;
  /** The evaluation after the session is done. */
  afterDone: boolean;
  /** The course holds the certificate until it is done. */
  certificateWaits: boolean;
  /** The follow-up: null when the course asks none or it has not opened yet. */
  followUp: "due" | "done" | null;
}

/**
 * The evaluations a person is asked for (My training): each session they attended in the last
 * year whose evaluation is still to do, or whose follow-up is due. Done ones are left out unless
 * `includeDone`.
 */
export async function evaluationsForPerson(
  db: Database,
  personId: number,
  today: string,
  options: { includeDone?: boolean } = {},
): Promise<PersonEvaluation[]> {
  const rows = await queryRows<{
    booking_id: number;
    title: string;
    session_date: string;
    after_done: boolean;
    certificate_waits: boolean;
    follow_up_evaluation: boolean;
    follow_up_done: boolean;
  }>(
    db,
    sql`select b.id::int as booking_id, c.title, (s.starts_at at time zone 'Europe/London')::date::text as session_date,
          exists (select 1 from evaluation_responses r where r.booking_id = b.id and r.stage = 'after') as after_done,
          c.certificate_after_evaluation and c.issues_certificate as certificate_waits,
          c.follow_up_evaluation,
          exists (select 1 from evaluation_responses r where r.booking_id = b.id and r.stage = 'follow_up') as follow_up_done
        from bookings b join course_sessions s on s.id = b.session_id join courses c on c.id = s.course_id
        where b.person_id = ${personId} and b.status = 'attended'
          and s.starts_at >= (${addMonthsToDate(today, -12)}::date::timestamp at time zone 'Europe/London')
        order by s.starts_at desc, b.id desc`,
  );
  const followUpOpenBy = addMonthsToDate(today, -FOLLOW_UP_AFTER_MONTHS);
  return rows
    .map((r) => ({
      bookingId: r.booking_id,
      courseTitle: r.title,
      sessionDate: r.session_date,
      afterDone: r.after_done,
      certificateWaits: r.certificate_waits && !r.after_done,
      followUp:
        r.follow_up_evaluation && r.session_date <= followUpOpenBy
          ? r.follow_up_done
            ? ("done" as const)
            : ("due" as const)
          : null,
    }))
    .filter((e) => options.includeDone || !e.afterDone || e.followUp === "due");
}
