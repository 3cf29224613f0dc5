import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import type { Database } from "../../db/database";
import { getCourse } from "../../domain/catalogue/get-course";
import { listPackageVersions } from "../../domain/elearning/packages/packages";
import { uploadPackage } from "../../domain/elearning/packages/upload-package";
import { idSchema } from "../../lib/request";
import type { FileStorage } from "../../storage/file-storage";
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

export function packagesOfCourse(db: Database, courseId: number) {
  return listPackageVersions(db, courseId);
}

export function uploadCoursePackage(
  db: Database,
  storage: FileStorage,
  input: { courseId: number; fileName: string; bytes: Uint8Array; actorAccountId: string },
) {
  return uploadPackage(db, storage, { ...input, now: new Date() });
}
