import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { DomainError } from "../domain/errors";
import { reinstateCourse } from "../domain/catalogue/reinstate-course";
import { idSchema } from "../lib/request";

const Params = z.object({ courseId: idSchema });

/** Brings a retired course back (a button on the courses page); nothing to show on its own. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:manage");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("course");
  try {
    await reinstateCourse(db, parsed.data.courseId, { accountId: user.accountId });
  } catch (error) {
    if (error instanceof DomainError && error.code === "not-found") notFound("course");
    if (!(error instanceof DomainError)) throw error;
  }
  throw redirect(`/admin/courses?reinstated=${parsed.data.courseId}`);
}

export async function loader() {
  throw redirect("/admin/courses");
}
