import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { lockCourse } from "./internal";

/** Scheduled sessions of a course that have not started: they stop a course being retired. */
export async function countUpcomingSessions(db: Database, courseId: number, now: Date = new Date()): Promise<number> {
  const row = await queryOne<{ n: number }>(
    db,
    sql`select count(*)::int as n from course_sessions
        where course_id = ${courseId} and status = 'scheduled' and starts_at > ${now.toISOString()}::timestamptz`,
  );
  return row?.n ?? 0;
}

/**
 * Retires a course: it leaves the catalogue and can get no new sessions or bookings, while its
 * completions, sessions and bookings stay as they are. A course with sessions still to come
 * cannot be retired: cancel them first, so nobody is left booked on a retired course.
 */
export async function retireCourse(
  db: Database,
  courseId: number,
  actor: { accountId: string | null },
  now: Date = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const course = await lockCourse(tx, courseId);
    if (course.retired_at !== null)
      throw new DomainError("This course has already been retired", undefined, "already-retired");
    const upcoming = await countUpcomingSessions(tx, courseId, now);
    if (upcoming > 0) {
      throw new DomainError(
        `This course has ${upcoming === 1 ? "1 session" : `${upcoming} sessions`} still to come. Cancel ${upcoming === 1 ? "it" : "them"} before you retire the course.`,
        undefined,
        "has-upcoming-sessions",
      );
    }
    await tx.execute(
      sql`update courses set retired_at = ${now.toISOString()}::timestamptz, updated_at = now() where id = ${courseId}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: actor.accountId,
      action: "course.retire",
      entityType: "course",
      entityId: courseId,
      before: { retiredAt: null },
      after: { retiredAt: now.toISOString() },
    });
  });
}
