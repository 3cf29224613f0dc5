import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("You have signed out");

export default function SignedOut() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You have signed out</h1>
        <p className="govuk-body">
          <a className="govuk-link" href="/sign-in">
            Sign in again
          </a>
        </p>
      </div>
    </div>
  );
}
