import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound } from "../auth/guards.server";
import { BackLink, Button, ErrorSummary, WarningText } from "../components";
import { deactivateAccount } from "../domain/accounts/deactivate-account";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { requireAccountToManage } from "./shared/account-admin.server";
import { onDomainError } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Deactivate ${data.account.displayName}` : "Deactivate an account");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { account, user, headers } = await requireAccountToManage(request, params);
  if (account.disabledAt) throw redirect(`/admin/accounts/${encodeURIComponent(account.id)}`, { headers });
  return data(
    { account: { id: account.id, displayName: account.displayName }, own: account.id === user.accountId },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, account, headers } = await requireAccountToManage(request, params);
  await readForm(request);
  return onDomainError(
    async () => {
      const done = await deactivateAccount(db, { accountId: account.id, actorAccountId: user.accountId });
      if (!done) notFound("account");
      throw redirect(`/admin/accounts/${encodeURIComponent(account.id)}?done=deactivated`, { headers });
    },
    (error) => data({ error: error.message }, { status: 400, headers }),
  );
}

export default function DeactivateAccount() {
  const { account, own } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/admin/accounts/${encodeURIComponent(account.id)}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={back}>{account.displayName}</BackLink>
        {result?.error ? <ErrorSummary errorList={[{ text: result.error }]} /> : null}
        <h1 className="govuk-heading-l">Are you sure you want to deactivate {account.displayName}’s account?</h1>
        {own ? (
          <p className="govuk-body">
            This is your own account. You cannot deactivate it: ask another coordinator to do it.
          </p>
        ) : (
          <>
            <p className="govuk-body">A deactivated account:</p>
            <ul className="govuk-list govuk-list--bullet">
              <li>is signed out everywhere at once</li>
              <li>cannot sign in, by any way of signing in</li>
              <li>keeps its roles, its person’s training record and its history, so you can reactivate it later</li>
            </ul>
            <WarningText>The person will not be told. Tell them if they need to know.</WarningText>
            <Form method="post">
              <div className="govuk-button-group">
                <Button type="submit" warning preventDoubleClick>
                  Deactivate account
                </Button>
                <a className="govuk-link" href={back}>
                  Keep the account active
                </a>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
