import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound } from "../auth/guards.server";
import { BackLink, Button, ErrorSummary } from "../components";
import { removeRole } from "../domain/accounts/remove-role";
import { ROLE_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { idSchema, readForm } from "../lib/request";
import { requireAccountToManage } from "./shared/account-admin.server";
import { onDomainError } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Remove the role ${data.grant.role} from ${data.account.displayName}` : "Remove a role");

async function requireGrant(request: Request, params: { accountId?: string; grantId?: string }) {
  const found = await requireAccountToManage(request, params);
  const grantId = idSchema.safeParse(params.grantId ?? "");
  if (!grantId.success) notFound("role");
  const grant = found.account.grants.find((g) => g.id === grantId.data);
  if (!grant) notFound("role");
  return { ...found, grant };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { account, grant, user, headers } = await requireGrant(request, params);
  const scope =
    grant.role === "manager"
      ? grant.personName
        ? `the reports of ${grant.personName}`
        : `everyone in ${grant.organisationName ?? "an organisation"}`
      : grant.organisationName;
  return data(
    {
      account: { id: account.id, displayName: account.displayName },
      grant: { id: grant.id, role: ROLE_LABELS[grant.role], scope },
      // The one thing refused here: taking away one's own coordinator role (removeRole says so too).
      ownCoordinatorRole: grant.role === "coordinator" && account.id === user.accountId,
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, account, grant, headers } = await requireGrant(request, params);
  await readForm(request);
  return onDomainError(
    async () => {
      const removed = await removeRole(db, {
        accountId: account.id,
        grantId: grant.id,
        actorAccountId: user.accountId,
      });
      if (!removed) notFound("role");
      throw redirect(`/admin/accounts/${encodeURIComponent(account.id)}?done=removed`, { headers });
    },
    (error) => data({ error: error.message }, { status: 400, headers }),
  );
}

export default function RemoveRole() {
  const { account, grant, ownCoordinatorRole } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/admin/accounts/${encodeURIComponent(account.id)}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={back}>{account.displayName}</BackLink>
        {result?.error ? <ErrorSummary errorList={[{ text: result.error }]} /> : null}
        <span className="govuk-caption-l">{account.displayName}</span>
        <h1 className="govuk-heading-l">Are you sure you want to remove the role {grant.role}?</h1>
        {grant.scope ? <p className="govuk-body">It covers {grant.scope}.</p> : null}
        {ownCoordinatorRole ? (
          <p className="govuk-body">
            This is your own coordinator role. You cannot remove it: ask another coordinator to do it.
          </p>
        ) : (
          <>
            <p className="govuk-body">
              The account loses what the role lets it see and do the next time it opens a page.
            </p>
            <Form method="post">
              <div className="govuk-button-group">
                <Button type="submit" warning preventDoubleClick>
                  Remove role
                </Button>
                <a className="govuk-link" href={back}>
                  Keep the role
                </a>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
