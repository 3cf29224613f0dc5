import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/session.server";
import { SummaryList } from "../components";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("Your account");

/** One's own account: the pages that look after it, reached from the name in the header. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request);
  return data({ name: user.displayName, email: user.email }, { headers });
}

export default function YourAccount() {
  const { name, email } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your account</h1>
        <SummaryList
          rows={[
            { key: { children: "Name" }, value: { children: name } },
            { key: { children: "E-mail address" }, value: { children: email } },
          ]}
        />
        <ul className="govuk-list govuk-list--spaced">
          <li>
            <a className="govuk-link" href="/account/password">
              Change your password
            </a>
          </li>
          <li>
            <a className="govuk-link" href="/account/two-step">
              Two-step sign-in
            </a>{" "}
            with an authenticator app
          </li>
          <li>
            <a className="govuk-link" href="/account/sessions">
              Where you are signed in
            </a>
          </li>
        </ul>
      </div>
    </div>
  );
}
