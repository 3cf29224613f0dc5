import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, InsetText, WarningText } from "../components";
import { listSchedulingChoices, sessionDetailsForm, sessionFormValues } from "../domain/sessions/schedule-sessions";
import { updateSession } from "../domain/sessions/update-session";
import { formatDateTime } from "../lib/dates";
import { formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { requireSessionToManage } from "./shared/session-route.server";
import { SessionFields, sessionErrorList } from "./shared/session-fields";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Change the session of ${data.session.courseTitle}` : "Change a session");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, session } = await requireSessionToManage(request, params);
  const choices = await listSchedulingChoices(db);
  return {
    session,
    changeable: session.status === "scheduled" && !session.started,
    choices: { trainers: choices.trainers, organisations: choices.organisations },
    values: sessionFormValues(session),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, session } = await requireSessionToManage(request, params);
  const form = await readForm(request);
  const now = new Date();
  const parsed = parseForm(sessionDetailsForm(now), form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await updateSession(db, session.id, parsed.data, { accountId: user.accountId }, now);
      throw redirect(`/admin/sessions?updated=${session.id}`);
    },
    { values: formValues(form) },
  );
}

export default function EditSession() {
  const { session, changeable, choices, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const told = session.booked + session.waiting;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/sessions">Sessions</BackLink>
        {result?.errors ? <ErrorSummary errorList={sessionErrorList(result.errors)} /> : null}
        <span className="govuk-caption-l">
          {session.courseTitle}, {formatDateTime(session.startsAt)}
        </span>
        <h1 className="govuk-heading-l">Change the session</h1>
        {!changeable ? (
          <InsetText>
            {session.status === "cancelled"
              ? "This session has been cancelled, so it cannot be changed."
              : "This session has already started, so it cannot be changed."}
          </InsetText>
        ) : (
          <>
            {told > 0 ? (
              <WarningText>
                {told === 1 ? "1 person is" : `${told} people are`} booked or waiting. If you change the date, the times
                or the place, they will be told and their calendars updated.
              </WarningText>
            ) : null}
            <Form method="post" noValidate>
              <SessionFields
                values={result?.values ?? values}
                errors={result?.errors}
                choices={choices}
                schedule={false}
              />
              <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
                Save changes
              </Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
