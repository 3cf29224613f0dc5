import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { BackLink, Button, ErrorSummary } from "../../components";
import { CourseForm } from "../../domain/catalogue/course-form";
import { createCourse } from "../../domain/catalogue/create-course";
import { errorList, formValues, parseForm } from "../../lib/forms";
import { pageTitle } from "../../lib/page-title";
import { CourseFields } from "../shared/course-fields";
import { readForm } from "../../lib/request";
import { withFormErrors } from "../shared/domain-errors.server";

export const meta: MetaFunction = () => pageTitle("Add a course");

/** A new course starts bookable and with a certificate: most are. */
const NEW_COURSE = {
  bookable: "yes",
  issuesCertificate: "yes",
  elearningCompletesWhen: "completed",
  certificateAfterEvaluation: "yes",
  bookingClosesWorkingDays: "3",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  requirePermission(user, "catalogue:manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:manage");
  const form = await readForm(request);
  const parsed = parseForm(CourseForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      const course = await createCourse(db, parsed.data, { accountId: user.accountId });
      throw redirect(`/admin/courses?saved=${course.id}`);
    },
    { values: formValues(form) },
    { field: (error) => error.field },
  );
}

export default function NewCourse() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/courses">Courses</BackLink>
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors)} /> : null}
        <h1 className="govuk-heading-l">Add a course</h1>
        <Form method="post" noValidate>
          <CourseFields values={result?.values ?? NEW_COURSE} errors={result?.errors} />
          <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
            Add course
          </Button>
        </Form>
      </div>
    </div>
  );
}
