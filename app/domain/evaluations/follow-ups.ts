import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { addDaysToDate, addMonthsToDate } from "../../lib/dates";
import { notify } from "../notifications/notify";
import { FOLLOW_UP_AFTER_MONTHS } from "./values";

/** A follow-up is asked for sessions whose three months ran out within this many days (a missed day catches up). */
const CATCH_UP_DAYS = 14;

export interface DueFollowUp {
  bookingId: number;
  personId: number;
  sessionId: number;
  courseTitle: string;
  startsAt: string;
  endsAt: string;
  venue: string | null;
}

/**
 * The follow-ups owed today: attended bookings on courses that ask one, whose session was three
 * months ago (up to two weeks more, so a missed day catches up), with no follow-up answered yet.
 */
export async function dueFollowUps(db: Database, today: string): Promise<DueFollowUp[]> {
  const latest = addMonthsToDate(today, -FOLLOW_UP_AFTER_MONTHS);
  const earliest = addDaysToDate(latest, -CATCH_UP_DAYS);
  const rows = await queryRows<{
    booking_id: number;
    person_id: number;
    session_id: number;
    title: string;
    starts_at: string;
    ends_at: string;
    venue: string | null;
  }>(
    db,
    sql`select b.id::int as booking_id, b.person_id, s.id::int as session_id, c.title,
          s.starts_at::text as starts_at, s.ends_at::text as ends_at, s.venue
        from bookings b join course_sessions s on s.id = b.session_id join courses c on c.id = s.course_id
        where c.follow_up_evaluation and b.status = 'attended'
          and s.starts_at >= (${earliest}::date::timestamp at time zone 'Europe/London')
          and s.starts_at < ((${latest}::date + 1)::timestamp at time zone 'Europe/London')
          and not exists (select 1 from evaluation_responses r where r.booking_id = b.id and r.stage = 'follow_up')
        order by s.starts_at, b.id`,
  );
  return rows.map((r) => ({
    bookingId: r.booking_id,
    personId: r.person_id,
    sessionId: r.session_id,
    courseTitle: r.title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
  }));
}

/**
 * Owes each due follow-up's person the message asking for it, once per booking (dedupe key), so
 * the daily job may run it as often as it likes. Returns how many messages were written.
 */
export async function requestDueFollowUps(db: Database, today: string): Promise<number> {
  let written = 0;
  for (const f of await dueFollowUps(db, today)) {
    const wrote = await notify(db, {
      kind: "evaluation.follow-up",
      recipientPersonId: f.personId,
      details: {
        bookingId: f.bookingId,
        sessionId: f.sessionId,
        courseTitle: f.courseTitle,
        startsAt: new Date(f.startsAt).toISOString(),
        endsAt: new Date(f.endsAt).toISOString(),
        venue: f.venue,
        stage: "follow_up",
      },
      dedupeKey: `evaluation-follow-up:booking:${f.bookingId}`,
    });
    if (wrote) written++;
  }
  return written;
}
