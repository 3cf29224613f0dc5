import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { can } from "../auth/permissions";
import { BackLink, Button, ErrorSummary, InsetText } from "../components";
import { PERSON_FIELD_IDS } from "../domain/people/person-form";
import { updatePerson } from "../domain/people/update-person";
import { todayInLondon } from "../lib/dates";
import { errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { PersonFields } from "./shared/person-fields";
import {
  PERSON_ARRAY_FIELDS,
  personFormOrganisation,
  personFormReach,
  personFormValues,
  readPersonForm,
  requirePersonToEdit,
} from "./shared/person-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Change ${data.person.name}’s details` : "Change a person’s details");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, person, staysIn } = await requirePersonToEdit(request, params);
  const [values, organisation] = await Promise.all([
    personFormValues(db, person),
    personFormOrganisation(db, staysIn, person.organisationId),
  ]);
  return {
    person: { id: person.id, name: person.name, lineManagerName: person.lineManagerName },
    values,
    // Only where they are now: the picker searches for others.
    organisation,
    teamOnly: staysIn !== undefined,
    // A school lead or contract manager keeps their organisation's staff list; a manager their team's details.
    ownStaffOnly: staysIn !== undefined && can(user, "people:keep-staff-list"),
    unnamedLineManager: values.keepLineManager === "yes",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, person, staysIn, lineManagerWithin } = await requirePersonToEdit(request, params);
  const form = await readForm(request);
  const reach = personFormReach(staysIn, person.organisationId);
  const { parsed, organisation } = await readPersonForm(db, reach, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, organisation }, { status: 400 });
  return withFormErrors(
    async () => {
      await updatePerson(
        db,
        person.id,
        parsed.data,
        { accountId: user.accountId },
        { today: todayInLondon(), staysIn, lineManagerWithin },
      );
      throw redirect(`/people/${person.id}`);
    },
    { values: formValues(form, PERSON_ARRAY_FIELDS), organisation },
    // A person gone meanwhile is not the form's to show.
    { field: (error) => (error.code === "not-found" ? undefined : (error.field ?? "form")) },
  );
}

export default function ChangePerson() {
  const { person, values, organisation, teamOnly, ownStaffOnly, unnamedLineManager } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/people/${person.id}`}>{person.name}</BackLink>
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors, PERSON_FIELD_IDS)} /> : null}
        <span className="govuk-caption-l">{person.name}</span>
        <h1 className="govuk-heading-l">Change their details</h1>
        {ownStaffOnly ? (
          <InsetText>You can change the details of your staff, and move them within your organisation.</InsetText>
        ) : teamOnly ? (
          <InsetText>You can change the details of people in your team, and move them within it.</InsetText>
        ) : null}
        <Form method="post" noValidate>
          <PersonFields
            values={result?.values ?? values}
            errors={result?.errors}
            organisation={result?.organisation ?? organisation}
            currentLineManager={person.lineManagerName}
            unnamedLineManager={unnamedLineManager}
          />
          <Button type="submit" disabled={navigation.state === "submitting"} preventDoubleClick>
            Save changes
          </Button>
        </Form>
      </div>
    </div>
  );
}
