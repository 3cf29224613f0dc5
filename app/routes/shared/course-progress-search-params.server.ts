import { redirect } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { personScopeFor } from "../../auth/permissions";
import { requireUser } from "../../auth/session.server";
import { getCourse } from "../../domain/catalogue/get-course";
import { PROGRESS_STATUSES } from "../../domain/elearning/progress/values";
import { formValues } from "../../lib/forms";
import { pageSchema } from "../../lib/pagination";
import { idSchema, readQuery } from "../../lib/request";

const Params = z.object({ courseId: idSchema });

const ProgressQuerySchema = z.object({
  status: z.enum(PROGRESS_STATUSES).optional().catch(undefined),
  page: pageSchema,
});

/**
 * For a hosted course's progress page and its CSV: someone who may see e-learning progress
 * ("elearning:view-progress": managers their team, school leads and contract managers their
 * organisation, the coordinator everyone), the course in the URL (404 if there is none; another
 * course than hosted e-learning leads to the course's page), their scope, and the page's filter
 * from the query string (anything unreadable ignored).
 */
export async function requireCourseProgress(request: Request, params: unknown) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "elearning:view-progress");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("course");
  const course = await getCourse(db, parsed.data.courseId);
  if (!course) notFound("course");
  // Only hosted e-learning has progress to show: any other course's page is where to go.
  if (course.deliveryMode !== "hosted_elearning") throw redirect(`/courses/${course.id}`);
  const query = ProgressQuerySchema.parse(formValues(readQuery(request)));
  return { db, user, course, scope: personScopeFor(user, "elearning:view-progress"), query };
}
