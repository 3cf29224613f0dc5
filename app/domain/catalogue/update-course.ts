import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { courses } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import type { CourseInput } from "./course-form";
import type { Course } from "./get-course";
import { isUniqueViolation } from "../../db/unique-violation";
import { CODE_TAKEN_MESSAGE, courseCodeTaken, courseColumns, courseSnapshot } from "./internal";

/**
 * Changes a course's catalogue entry. Its completions keep their dates and expiry: a new
 * validity applies to completions recorded from now on.
 */
export async function updateCourse(
  db: Database,
  courseId: number,
  input: CourseInput,
  actor: { accountId: string | null },
): Promise<Course> {
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(courses).where(eq(courses.id, courseId)).for("update");
      if (!before) throw new DomainError("This course does not exist", undefined, "not-found");
      if (await courseCodeTaken(tx, input.code, courseId)) {
        throw new DomainError(CODE_TAKEN_MESSAGE, "code", "code-taken");
      }
      const [after] = await tx.update(courses).set(courseColumns(input)).where(eq(courses.id, courseId)).returning();
      await recordAuditEvent(tx, {
        actorAccountId: actor.accountId,
        action: "course.update",
        entityType: "course",
        entityId: courseId,
        before: courseSnapshot(before),
        after: courseSnapshot(after!),
      });
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error, "courses_code_key")) throw new DomainError(CODE_TAKEN_MESSAGE, "code", "code-taken");
    throw error;
  }
}
