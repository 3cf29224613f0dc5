import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { DomainError } from "../errors";
import type { CourseInput } from "./course-form";
import type { Course } from "./get-course";

/** Whether another course already uses this code, whatever its case. */
export async function courseCodeTaken(db: Database, code: string, exceptCourseId?: number): Promise<boolean> {
  const row = await queryOne<{ taken: boolean }>(
    db,
    sql`select exists (
          select 1 from courses
          where upper(code) = upper(${code}) ${exceptCourseId !== undefined ? sql`and id <> ${exceptCourseId}` : sql``}
        ) as taken`,
  );
  return row?.taken ?? false;
}

export const CODE_TAKEN_MESSAGE = "A course with this code already exists: enter a different code";

/** The fields of a course the audit log keeps, before and after a change. */
export function courseSnapshot(course: Course) {
  return {
    code: course.code,
    title: course.title,
    summary: course.summary,
    category: course.category,
    deliveryMode: course.deliveryMode,
    durationMinutes: course.durationMinutes,
    validityMonths: course.validityMonths,
    bookable: course.bookable,
    issuesCertificate: course.issuesCertificate,
    externalUrl: course.externalUrl,
    audienceNote: course.audienceNote,
    elearningCompletesWhen: course.elearningCompletesWhen,
    managersMayVerifyEvidence: course.managersMayVerifyEvidence,
    acceptsManagerConfirmation: course.acceptsManagerConfirmation,
    certificateAfterEvaluation: course.certificateAfterEvaluation,
    followUpEvaluation: course.followUpEvaluation,
    bookingClosesWorkingDays: course.bookingClosesWorkingDays,
    retiredAt: course.retiredAt ? course.retiredAt.toISOString() : null,
  };
}

/** A course's columns as the form sets them, for insert and update alike. */
export function courseColumns(input: CourseInput) {
  return {
    code: input.code,
    title: input.title,
    summary: input.summary,
    category: input.category,
    deliveryMode: input.deliveryMode,
    durationMinutes: input.durationMinutes,
    validityMonths: input.validityMonths,
    bookable: input.bookable,
    issuesCertificate: input.issuesCertificate,
    externalUrl: input.externalUrl,
    audienceNote: input.audienceNote,
    elearningCompletesWhen: input.elearningCompletesWhen,
    managersMayVerifyEvidence: input.managersMayVerifyEvidence,
    acceptsManagerConfirmation: input.acceptsManagerConfirmation,
    certificateAfterEvaluation: input.certificateAfterEvaluation,
    followUpEvaluation: input.followUpEvaluation,
    bookingClosesWorkingDays: input.bookingClosesWorkingDays,
  };
}

/** Locks a course's row for a change, or throws "not-found". */
export async function lockCourse(db: Database, courseId: number): Promise<{ id: number; retired_at: string | null }> {
  const course = await queryOne<{ id: number; retired_at: string | null }>(
    db,
    sql`select id, retired_at::text from courses where id = ${courseId} for update`,
  );
  if (!course) throw new DomainError("This course does not exist", undefined, "not-found");
  return course;
}
