import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { lockCourse } from "./internal";

/** Brings a retired course back into the catalogue, so it can be scheduled and booked again. */
export async function reinstateCourse(
  db: Database,
  courseId: number,
  actor: { accountId: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    const course = await lockCourse(tx, courseId);
    if (course.retired_at === null) throw new DomainError("This course is not retired", undefined, "not-retired");
    await tx.execute(sql`update courses set retired_at = null, updated_at = now() where id = ${courseId}`);
    await recordAuditEvent(tx, {
      actorAccountId: actor.accountId,
      action: "course.reinstate",
      entityType: "course",
      entityId: courseId,
      before: { retiredAt: course.retired_at },
      after: { retiredAt: null },
    });
  });
}
