import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { createRequirement } from "../../domain/requirements/create-requirement";
import { pageTitle } from "../../lib/page-title";
import { RequirementFormPage } from "../shared/requirement-fields";
import {
  loadRequirementFormOptions,
  requirementFormAction,
  requirementFormValues,
} from "../shared/requirement-form.server";
import { readForm } from "../../lib/request";

/** The error summary adds "Error: " to the title when a save fails. */
export const meta: MetaFunction = () => pageTitle("Add a requirement");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "requirements:manage");
  return { options: await loadRequirementFormOptions(db), values: requirementFormValues() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "requirements:manage");
  return requirementFormAction(db, await readForm(request), (input) => createRequirement(db, input, user.accountId));
}

export default function NewRequirement() {
  const { options, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <RequirementFormPage
      backHref="/admin/requirements"
      heading="Add a requirement"
      intro="A requirement says who must hold which training, by when, and how often they renew it."
      values={result?.values ?? values}
      errors={result?.errors}
      options={options}
      preview={result?.preview}
      saveLabel="Save requirement"
    />
  );
}
