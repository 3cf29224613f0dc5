import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, InsetText } from "../components";
import { CourseForm } from "../domain/catalogue/course-form";
import { updateCourse } from "../domain/catalogue/update-course";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { requireCourseToManage } from "./shared/course-route.server";
import { CourseFields } from "./shared/course-fields";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Change ${data.course.title}` : "Change a course");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCourseToManage(request, params);
  return {
    course: {
      id: course.id,
      title: course.title,
      retired: course.retiredAt !== null,
      hosted: course.deliveryMode === "hosted_elearning",
    },
    values: {
      code: course.code,
      title: course.title,
      summary: course.summary,
      category: course.category,
      deliveryMode: course.deliveryMode,
      durationMinutes: String(course.durationMinutes),
      validityMonths: course.validityMonths === null ? "" : String(course.validityMonths),
      externalUrl: course.externalUrl ?? "",
      audienceNote: course.audienceNote ?? "",
      bookable: course.bookable ? "yes" : "",
      issuesCertificate: course.issuesCertificate ? "yes" : "",
      elearningCompletesWhen: course.elearningCompletesWhen,
      managersMayVerifyEvidence: course.managersMayVerifyEvidence ? "yes" : "",
      certificateAfterEvaluation: course.certificateAfterEvaluation ? "yes" : "",
      followUpEvaluation: course.followUpEvaluation ? "yes" : "",
      bookingClosesWorkingDays: String(course.bookingClosesWorkingDays),
      acceptsManagerConfirmation: course.acceptsManagerConfirmation ? "yes" : "",
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, course } = await requireCourseToManage(request, params);
  const form = await readForm(request);
  const parsed = parseForm(CourseForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await updateCourse(db, course.id, parsed.data, { accountId: user.accountId });
      throw redirect(`/admin/courses?saved=${course.id}`);
    },
    { values: formValues(form) },
    // A course gone meanwhile (no field) is not the form's to show.
    { field: (error) => error.field },
  );
}

export default function EditCourse() {
  const { course, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/courses">Courses</BackLink>
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors)} /> : null}
        <span className="govuk-caption-l">{course.title}</span>
        <h1 className="govuk-heading-l">Change the course</h1>
        <InsetText>
          Completions already recorded keep their dates and expiry. A new validity applies to completions recorded from
          now on.
        </InsetText>
        {course.hosted ? (
          <p className="govuk-body">
            <a className="govuk-link" href={`/admin/courses/${course.id}/package`}>
              Upload or replace the e-learning package
            </a>
          </p>
        ) : null}
        <p className="govuk-body">
          <a className="govuk-link" href={`/admin/courses/${course.id}/evaluation`}>
            The course’s evaluation form
          </a>
        </p>
        <Form method="post" noValidate>
          <CourseFields values={result?.values ?? values} errors={result?.errors} />
          <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
            Save changes
          </Button>
        </Form>
      </div>
    </div>
  );
}
