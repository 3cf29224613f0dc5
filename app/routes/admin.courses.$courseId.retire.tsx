import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, WarningText } from "../components";
import { countUpcomingSessions, retireCourse } from "../domain/catalogue/retire-course";
import { pageTitle } from "../lib/page-title";
import { requireCourseToManage } from "./shared/course-route.server";
import { onDomainError } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Retire ${data.course.title}` : "Retire a course");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, course } = await requireCourseToManage(request, params);
  if (course.retiredAt !== null) throw redirect("/admin/courses");
  return {
    course: { id: course.id, code: course.code, title: course.title },
    upcomingSessions: await countUpcomingSessions(db, course.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, course } = await requireCourseToManage(request, params);
  // The page shows one message, not a form's: `error` rather than `errors`.
  return onDomainError(
    async () => {
      await retireCourse(db, course.id, { accountId: user.accountId });
      throw redirect(`/admin/courses?retired=${course.id}`);
    },
    (error) => data({ error: error.message }, { status: 400 }),
  );
}

export default function RetireCourse() {
  const { course, upcomingSessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/courses">Courses</BackLink>
        {result?.error ? <ErrorSummary errorList={[{ text: result.error }]} /> : null}
        <span className="govuk-caption-l">{course.code}</span>
        <h1 className="govuk-heading-l">Are you sure you want to retire {course.title}?</h1>
        {upcomingSessions > 0 ? (
          <>
            <p className="govuk-body">
              This course has {upcomingSessions === 1 ? "1 session" : `${upcomingSessions} sessions`} still to come.
              Cancel {upcomingSessions === 1 ? "it" : "them"} before you retire the course, so that nobody stays booked
              on a retired course.
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/admin/sessions?when=upcoming&course=${course.id}`}>
                See the course’s sessions
              </a>
            </p>
          </>
        ) : (
          <>
            <p className="govuk-body">A retired course:</p>
            <ul className="govuk-list govuk-list--bullet">
              <li>is no longer shown in the catalogue</li>
              <li>cannot be booked or have new sessions</li>
              <li>keeps its past sessions and everyone’s completions, which still count until they expire</li>
            </ul>
            <WarningText>You can bring the course back later if you need to.</WarningText>
            <Form method="post">
              <div className="govuk-button-group">
                <Button type="submit" warning preventDoubleClick>
                  Retire course
                </Button>
                <a className="govuk-link" href="/admin/courses">
                  Keep the course
                </a>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
