import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { BackLink, Button, ErrorSummary } from "../../components";
import { listSchedulingChoices, scheduleSessions, sessionPlanForm } from "../../domain/sessions/schedule-sessions";
import { formValues, parseForm } from "../../lib/forms";
import { pageTitle } from "../../lib/page-title";
import { SessionFields, sessionErrorList } from "../shared/session-fields";
import { readForm, readQuery } from "../../lib/request";
import { withFormErrors } from "../shared/domain-errors.server";

export const meta: MetaFunction = () => pageTitle("Schedule a session");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "sessions:manage");
  const choices = await listSchedulingChoices(db);
  const course = readQuery(request).get("course") ?? "";
  const preselected = choices.courses.some((c) => String(c.id) === course) ? course : "";
  return { choices, values: { courseId: preselected, repeat: "once" } as Record<string, string> };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "sessions:manage");
  const form = await readForm(request);
  const now = new Date();
  const parsed = parseForm(sessionPlanForm(now), form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      const created = (await scheduleSessions(db, parsed.data, { accountId: user.accountId }, now)).sessionIds.length;
      throw redirect(`/admin/sessions?when=upcoming&course=${parsed.data.courseId}&scheduled=${created}`);
    },
    { values: formValues(form) },
  );
}

export default function ScheduleSession() {
  const { choices, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/sessions">Sessions</BackLink>
        {result?.errors ? <ErrorSummary errorList={sessionErrorList(result.errors)} /> : null}
        <h1 className="govuk-heading-l">Schedule a session</h1>
        <Form method="post" noValidate>
          <SessionFields values={result?.values ?? values} errors={result?.errors} choices={choices} schedule />
          <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
            Schedule
          </Button>
        </Form>
      </div>
    </div>
  );
}
