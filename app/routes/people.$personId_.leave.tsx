import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BackLink, Button, DateInput, ErrorSummary, InsetText } from "../components";
import { markLeaver } from "../domain/people/mark-leaver";
import { LeaverForm } from "../domain/people/person-form";
import { formatDate, todayInLondon } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { requirePersonToManage } from "./shared/person-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Mark ${data.person.name} as a leaver` : "Mark a leaver");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, user } = await requirePersonToManage(request, params);
  const [year, month, day] = todayInLondon().split("-");
  return {
    person: { id: person.id, name: person.name, startDate: person.startDate, leavingDate: person.leavingDate },
    own: person.id === user.personId,
    values: {
      "leavingDate-day": String(Number(day)),
      "leavingDate-month": String(Number(month)),
      "leavingDate-year": year,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, person } = await requirePersonToManage(request, params);
  const form = await readForm(request);
  const parsed = parseForm(LeaverForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await markLeaver(db, person.id, parsed.data.leavingDate, { accountId: user.accountId, personId: user.personId });
      throw redirect(`/people/${person.id}`);
    },
    { values: formValues(form) },
    { field: (error) => (error.code === "not-found" ? undefined : (error.field ?? "form")) },
  );
}

export default function MarkLeaver() {
  const { person, own, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shown: Record<string, string | string[] | undefined> = result?.values ?? values;
  const text = (name: string) => {
    const value = shown[name];
    return typeof value === "string" ? value : "";
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/people/${person.id}`}>{person.name}</BackLink>
        {result?.errors ? (
          <ErrorSummary errorList={errorList(result.errors, { leavingDate: "leavingDate-day" })} />
        ) : null}
        <span className="govuk-caption-l">{person.name}</span>
        <h1 className="govuk-heading-l">Mark as a leaver</h1>
        {own ? (
          <p className="govuk-body">
            This is your own record. You cannot mark yourself as a leaver: ask the Prevent Coordinator to do it.
          </p>
        ) : person.leavingDate ? (
          <>
            <p className="govuk-body">
              {person.name} is already marked as leaving on {formatDate(person.leavingDate)}.
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/people/${person.id}/return`}>
                Bring {person.name} back
              </a>
            </p>
          </>
        ) : (
          <>
            <InsetText>
              Their training records, bookings and certificates are kept. From their leaving day they no longer count in
              coverage figures or reports, and they leave the lists of people.
            </InsetText>
            <Form method="post" noValidate>
              <DateInput
                id="leavingDate"
                namePrefix="leavingDate"
                fieldset={{ legend: { children: "Leaving date", className: "govuk-fieldset__legend--s" } }}
                hint={{
                  children: `Their last day is the day before. They started on ${formatDate(person.startDate)}. For example, 31 3 2027`,
                }}
                values={{
                  day: text("leavingDate-day"),
                  month: text("leavingDate-month"),
                  year: text("leavingDate-year"),
                }}
                errorMessage={result?.errors?.leavingDate ? { children: result.errors.leavingDate } : undefined}
              />
              <Button type="submit" warning disabled={navigation.state === "submitting"} preventDoubleClick>
                Mark as a leaver
              </Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
