import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { updateRequirement } from "../domain/requirements/update-requirement";
import { pageTitle } from "../lib/page-title";
import { RequirementFormPage } from "./shared/requirement-fields";
import {
  loadRequirementFormOptions,
  requireRequirement,
  requirementFormAction,
  requirementFormValues,
} from "./shared/requirement-form.server";
import { readForm } from "../lib/request";

/** The error summary adds "Error: " to the title when a save fails. */
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(`Change ${data?.name ?? "requirement"}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, requirement } = await requireRequirement(request, params, { live: true });
  return {
    id: requirement.id,
    name: requirement.name,
    values: requirementFormValues(requirement),
    options: await loadRequirementFormOptions(
      db,
      requirement.courses.map((c) => c.id),
    ),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, requirement } = await requireRequirement(request, params, { live: true });
  return requirementFormAction(db, await readForm(request), async (input) => {
    await updateRequirement(db, requirement.id, input, user.accountId);
    return requirement.id;
  });
}

export default function EditRequirement() {
  const { id, name, options, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <RequirementFormPage
      backHref={`/admin/requirements/${id}`}
      caption={name}
      heading="Change requirement"
      intro="Changes apply to everyone’s status straight away, on every date, including past ones."
      values={result?.values ?? values}
      errors={result?.errors}
      options={options}
      preview={result?.preview}
      saveLabel="Save changes"
      cancelHref={`/admin/requirements/${id}`}
    />
  );
}
