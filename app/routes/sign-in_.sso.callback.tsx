import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { clientAddress } from "../auth/client-address";
import { completeSignIn } from "../auth/complete-sign-in.server";
import { getOptionalUser } from "../auth/session.server";
import { recordSingleSignOnFailure, signInWithSingleSignOn } from "../auth/single-sign-on-account.server";
import { clearedStateCookie, finishSingleSignOn, singleSignOnSettings } from "../auth/single-sign-on.server";
import { env } from "../env.server";
import { pageTitle } from "../lib/page-title";
import { readQuery } from "../lib/request";

/**
 * Where the council's provider sends the browser back (single sign-on). openid-client checks the
 * state, the code (with PKCE) and the ID token's nonce; the e-mail the provider vouches for finds
 * the account, or the person in the training records to make one for. Every refusal is a page
 * that says what to do, and an audit event.
 */

type Refusal =
  | "no-pending-sign-in"
  | "wrong-state"
  | "provider-error"
  | "code-refused"
  | "no-verified-email"
  | "no-person-record"
  | "left"
  | "account-disabled";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data?.refusal === "no-person-record" ? "We cannot find you in the training records" : "You could not be signed in",
  );

export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = singleSignOnSettings();
  if (!settings) throw new Response("Not found", { status: 404 });
  // Reads the query through the one checked reader (a control character is a 400 before the provider sees it).
  readQuery(new URL(request.url));
  const { db } = await getOptionalUser(request);
  const address = clientAddress(context);
  const headers = new Headers({ "Set-Cookie": clearedStateCookie() });
  const refuse = (refusal: Refusal, email: string | null, status: number) =>
    data({ refusal, email, ssoName: settings.name, councilName: env().COUNCIL_NAME }, { status, headers });

  const finished = await finishSingleSignOn(request);
  if (!finished.ok) {
    await recordSingleSignOnFailure(db, { reason: finished.reason, address });
    return refuse(finished.reason, null, 400);
  }
  const account = await signInWithSingleSignOn(db, { email: finished.email, address });
  if (!account.ok) return refuse(account.reason, finished.email, 403);
  const response = await completeSignIn(db, request, account.accountId, "sso", { redirectTo: finished.redirectTo });
  response.headers.append("Set-Cookie", clearedStateCookie());
  throw response;
}

function Explanation({ refusal, ssoName, councilName }: { refusal: Refusal; ssoName: string; councilName: string }) {
  switch (refusal) {
    case "no-person-record":
      return (
        <>
          <p className="govuk-body">
            Your {ssoName} worked, but its email address is not in {councilName}’s Prevent training records, so we
            cannot tell which training is yours.
          </p>
          <p className="govuk-body">
            Ask your manager or the Prevent Coordinator to add you to the training records with this email address. Then
            sign in again.
          </p>
        </>
      );
    case "left":
      return (
        <p className="govuk-body">
          The training records show that you have left {councilName}. If that is wrong, contact the Prevent Coordinator.
        </p>
      );
    case "account-disabled":
      return (
        <p className="govuk-body">
          Your Prevent Training Tracker account has been switched off. Contact the Prevent Coordinator if you still need
          it.
        </p>
      );
    case "no-verified-email":
      return (
        <p className="govuk-body">
          Your {ssoName} did not tell us an email address we can use. Contact your council’s IT service desk, or the
          Prevent Coordinator.
        </p>
      );
    case "provider-error":
      return (
        <p className="govuk-body">
          Signing in with your {ssoName} was stopped or refused. Sign in again; if it keeps happening, contact your
          council’s IT service desk.
        </p>
      );
    default:
      // no-pending-sign-in, wrong-state, code-refused: the return did not match a sign-in begun in this browser.
      return (
        <p className="govuk-body">
          This sign-in was not started in this browser, took too long, or was already used. Sign in again from the
          start.
        </p>
      );
  }
}

export default function SingleSignOnRefused() {
  const { refusal, email, ssoName, councilName } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">
          {refusal === "no-person-record" ? "We cannot find you in the training records" : "You could not be signed in"}
        </h1>
        {email ? (
          <p className="govuk-body">
            Email address: <strong>{email}</strong>
          </p>
        ) : null}
        <Explanation refusal={refusal} ssoName={ssoName} councilName={councilName} />
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Sign in again
          </Link>
        </p>
      </div>
    </div>
  );
}
