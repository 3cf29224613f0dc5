import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, NotificationBanner, Table, Tag } from "../components";
import { listCourses } from "../domain/catalogue/list-courses";
import { formValues } from "../lib/forms";
import { COURSE_CATEGORY_LABELS, DELIVERY_MODE_LABELS, durationLabel, validityLabel } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { idSchema, readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Courses – Administration");

const Query = z.object({
  saved: idSchema.optional().catch(undefined),
  retired: idSchema.optional().catch(undefined),
  reinstated: idSchema.optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:manage");
  const query = Query.parse(formValues(readQuery(request)));
  const courses = await listCourses(db, { includeRetired: true });
  const named = (id: number | undefined) => courses.find((c) => c.id === id)?.title;
  const banner = query.saved
    ? named(query.saved) && `${named(query.saved)} has been saved`
    : query.retired
      ? named(query.retired) && `${named(query.retired)} has been retired`
      : query.reinstated
        ? named(query.reinstated) && `${named(query.reinstated)} is back in the catalogue`
        : undefined;
  return { courses, banner: banner || null };
}

export default function AdminCourses() {
  const { courses, banner } = useLoaderData<typeof loader>();
  const current = courses.filter((c) => !c.retired);
  const retired = courses.filter((c) => c.retired);
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      {banner ? <NotificationBanner type="success">{banner}</NotificationBanner> : null}
      <h1 className="govuk-heading-l">Courses</h1>
      <Button href="/admin/courses/new">Add a course</Button>
      <CourseTable caption={`In the catalogue (${current.length})`} courses={current} />
      {retired.length > 0 ? <CourseTable caption={`Retired (${retired.length})`} courses={retired} /> : null}
    </>
  );
}

type Course = Awaited<ReturnType<typeof loader>>["courses"][number];

function CourseTable({ caption, courses }: { caption: string; courses: Course[] }) {
  if (courses.length === 0) return null;
  return (
    <Table
      caption={caption}
      captionClassName="govuk-table__caption--m"
      head={[
        { children: "Course" },
        { children: "Category" },
        { children: "Delivery" },
        { children: "Counts for" },
        { children: "Sessions to come", format: "numeric" },
        { children: <span className="govuk-visually-hidden">Actions</span> },
      ]}
      rows={courses.map((course) => [
        {
          children: (
            <>
              <a className="govuk-link" href={`/courses/${course.id}`}>
                {course.title}
              </a>
              <br />
              <span className="govuk-body-s">
                {course.code} · {durationLabel(course.durationMinutes)}
              </span>
              {!course.bookable && !course.retired ? (
                <>
                  {" "}
                  <Tag className="govuk-tag--grey">Not bookable</Tag>
                </>
              ) : null}
            </>
          ),
        },
        { children: COURSE_CATEGORY_LABELS[course.category] },
        { children: DELIVERY_MODE_LABELS[course.deliveryMode] },
        { children: validityLabel(course.validityMonths) },
        { children: String(course.upcomingSessions), format: "numeric" },
        {
          children: course.retired ? (
            <form method="post" action={`/admin/courses/${course.id}/reinstate`}>
              <Button type="submit" secondary className="govuk-!-margin-bottom-0">
                Bring back<span className="govuk-visually-hidden"> {course.title}</span>
              </Button>
            </form>
          ) : (
            <ul className="govuk-list govuk-!-margin-bottom-0">
              <li>
                <a className="govuk-link" href={`/admin/courses/${course.id}/edit`}>
                  Change<span className="govuk-visually-hidden"> {course.title}</span>
                </a>
              </li>
              {course.bookable && (course.deliveryMode === "face_to_face" || course.deliveryMode === "live_online") ? (
                <li>
                  <a className="govuk-link" href={`/admin/sessions/new?course=${course.id}`}>
                    Schedule<span className="govuk-visually-hidden"> a session of {course.title}</span>
                  </a>
                </li>
              ) : null}
              {course.deliveryMode === "hosted_elearning" ? (
                <li>
                  <a className="govuk-link" href={`/admin/courses/${course.id}/package`}>
                    E-learning package<span className="govuk-visually-hidden"> of {course.title}</span>
                  </a>
                </li>
              ) : null}
              <li>
                <a className="govuk-link" href={`/admin/courses/${course.id}/retire`}>
                  Retire<span className="govuk-visually-hidden"> {course.title}</span>
                </a>
              </li>
            </ul>
          ),
        },
      ])}
    />
  );
}
