import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { BackLink, Button, WarningText } from "../components";
import { retireRequirement } from "../domain/requirements/retire-requirement";
import { pageTitle } from "../lib/page-title";
import { requireRequirement } from "./shared/requirement-form.server";
import { onDomainError } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(`Retire ${data?.name ?? "requirement"}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requirement } = await requireRequirement(request, params, { live: true });
  return { id: requirement.id, name: requirement.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, requirement } = await requireRequirement(request, params, { live: true });
  // Retired meanwhile by someone else: the list says so either way.
  await onDomainError(
    () => retireRequirement(db, requirement.id, user.accountId),
    () => undefined,
  );
  throw redirect(`/admin/requirements?retired=${requirement.id}`);
}

export default function RetireRequirement() {
  const { id, name } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/admin/requirements/${id}`}>Back</BackLink>
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Are you sure you want to retire this requirement?</h1>
        <p className="govuk-body">
          From today it will apply to no one: it leaves everyone’s training page, the team pages and the coverage
          figures. Compliance on earlier dates still counts it, and nobody’s completions change.
        </p>
        <WarningText>You cannot bring a retired requirement back. To apply it again, add a new one.</WarningText>
        <Form method="post">
          <div className="govuk-button-group">
            <Button type="submit" warning disabled={navigation.state === "submitting"} preventDoubleClick>
              Retire requirement
            </Button>
            <a className="govuk-link" href={`/admin/requirements/${id}`}>
              Cancel
            </a>
          </div>
        </Form>
      </div>
    </div>
  );
}
