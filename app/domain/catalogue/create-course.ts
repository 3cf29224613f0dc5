import type { Database } from "../../db/database";
import { courses } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import type { CourseInput } from "./course-form";
import type { Course } from "./get-course";
import { isUniqueViolation } from "../../db/unique-violation";
import { CODE_TAKEN_MESSAGE, courseCodeTaken, courseColumns, courseSnapshot } from "./internal";

/**
 * Adds a course to the catalogue. The code is unique whatever its case: a clash is a
 * DomainError on the `code` field, also when another request takes the code at the same moment.
 */
export async function createCourse(
  db: Database,
  input: CourseInput,
  actor: { accountId: string | null },
): Promise<Course> {
  try {
    return await db.transaction(async (tx) => {
      if (await courseCodeTaken(tx, input.code)) throw new DomainError(CODE_TAKEN_MESSAGE, "code", "code-taken");
      const [course] = await tx.insert(courses).values(courseColumns(input)).returning();
      await recordAuditEvent(tx, {
        actorAccountId: actor.accountId,
        action: "course.create",
        entityType: "course",
        entityId: course!.id,
        after: courseSnapshot(course!),
      });
      return course!;
    });
  } catch (error) {
    if (isUniqueViolation(error, "courses_code_key")) throw new DomainError(CODE_TAKEN_MESSAGE, "code", "code-taken");
    throw error;
  }
}
