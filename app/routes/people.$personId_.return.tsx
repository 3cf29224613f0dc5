import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, InsetText } from "../components";
import { bringBack } from "../domain/people/bring-back";
import { formatDate } from "../lib/dates";
import { errorList } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { requirePersonToManage } from "./shared/person-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Bring ${data.person.name} back` : "Bring a leaver back");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, user } = await requirePersonToManage(request, params);
  return {
    person: { id: person.id, name: person.name, leavingDate: person.leavingDate },
    own: person.id === user.personId,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, person } = await requirePersonToManage(request, params);
  await readForm(request);
  return withFormErrors(
    async () => {
      await bringBack(db, person.id, { accountId: user.accountId, personId: user.personId });
      throw redirect(`/people/${person.id}`);
    },
    {},
    { field: (error) => (error.code === "not-found" ? undefined : (error.field ?? "form")) },
  );
}

export default function BringBack() {
  const { person, own } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/people/${person.id}`}>{person.name}</BackLink>
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors)} /> : null}
        <span className="govuk-caption-l">{person.name}</span>
        <h1 className="govuk-heading-l">Bring back a leaver</h1>
        {own ? (
          <p className="govuk-body">
            This is your own record. You cannot bring yourself back: ask the Prevent Coordinator to do it.
          </p>
        ) : person.leavingDate ? (
          <>
            <p className="govuk-body">
              {person.name} is marked as leaving on {formatDate(person.leavingDate)}. Bringing them back clears their
              leaving date.
            </p>
            <InsetText>
              They count again in coverage figures and reports from today, with the training records kept while they
              were away.
            </InsetText>
            <Form method="post">
              <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
                Bring {person.name} back
              </Button>
            </Form>
          </>
        ) : (
          <p className="govuk-body">{person.name} is not marked as a leaver.</p>
        )}
      </div>
    </div>
  );
}
