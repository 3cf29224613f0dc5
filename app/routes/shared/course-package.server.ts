import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { getCourse } from "../../domain/catalogue/get-course";
import { idSchema } from "../../lib/request";
import { fileStorage } from "../../storage/storage.server";

const Params = z.object({ courseId: idSchema });

/** For a course's package page: the coordinator ("elearning:manage-packages"), the course in the URL (or 404). */
export async function requireCourseForPackages(request: Request, params: unknown) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "elearning:manage-packages");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("course");
  const course = await getCourse(db, parsed.data.courseId);
  if (!course) notFound("course");
  return { db, user, course, storage: fileStorage() };
}
