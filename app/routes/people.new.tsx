import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary } from "../components";
import { addPerson } from "../domain/people/add-person";
import { PERSON_FIELD_IDS } from "../domain/people/person-form";
import { todayInLondon } from "../lib/dates";
import { errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { NO_ORGANISATION, PersonFields } from "./shared/person-fields";
import {
  PERSON_ARRAY_FIELDS,
  personFormReach,
  readPersonForm,
  requireStaffListKeeping,
} from "./shared/person-route.server";

export const meta: MetaFunction = () => pageTitle("Add a person");

// The coordinator adds anyone anywhere; a school lead or contract manager their own organisation's staff.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const staysIn = requireStaffListKeeping(user);
  return { ownStaffOnly: staysIn !== undefined };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  const staysIn = requireStaffListKeeping(user);
  const form = await readForm(request);
  const { parsed, organisation } = await readPersonForm(db, personFormReach(staysIn), form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, organisation }, { status: 400 });
  return withFormErrors(
    async () => {
      const personId = await addPerson(
        db,
        parsed.data,
        { accountId: user.accountId },
        { today: todayInLondon(), staysIn },
      );
      throw redirect(`/people/${personId}`);
    },
    { values: formValues(form, PERSON_ARRAY_FIELDS), organisation },
  );
}

export default function AddPerson() {
  const { ownStaffOnly } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/people">People</BackLink>
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors, PERSON_FIELD_IDS)} /> : null}
        <h1 className="govuk-heading-l">Add a person</h1>
        {ownStaffOnly ? (
          <p className="govuk-body">Add a member of your staff, so their training is tracked.</p>
        ) : (
          <p className="govuk-body">
            Add someone whose training is tracked. People in the HR roster are better added by importing it.
          </p>
        )}
        <Form method="post" noValidate>
          <PersonFields
            values={result?.values ?? { employmentType: "permanent" }}
            errors={result?.errors}
            organisation={result?.organisation ?? NO_ORGANISATION}
          />
          <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
            Add the person
          </Button>
        </Form>
      </div>
    </div>
  );
}
