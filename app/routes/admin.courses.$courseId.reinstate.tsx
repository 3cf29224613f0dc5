import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { reinstateCourse } from "../domain/catalogue/reinstate-course";
import { idSchema } from "../lib/request";
import { onDomainError } from "./shared/domain-errors.server";

const Params = z.object({ courseId: idSchema });

/** Brings a retired course back (a button on the courses page); nothing to show on its own. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:manage");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("course");
  // Not retired (reinstated meanwhile): the list says so either way.
  await onDomainError(
    () => reinstateCourse(db, parsed.data.courseId, { accountId: user.accountId }),
    (error) => {
      if (error.code === "not-found") notFound("course");
    },
  );
  throw redirect(`/admin/courses?reinstated=${parsed.data.courseId}`);
}

export async function loader() {
  throw redirect("/admin/courses");
}
