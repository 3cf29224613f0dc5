import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser } from "../auth/session.server";
import { landingPageFor } from "../auth/navigation";
import { Button } from "../components";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("Prevent and safeguarding training");

/** Signed-in people go straight to their own work (sign-in ends here unless asked to return elsewhere); visitors see what the service is. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await getOptionalUser(request);
  if (user) throw redirect(landingPageFor(user));
  return null;
}

export default function Start() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Prevent and safeguarding training</h1>
        <p className="govuk-body-l">
          Book Prevent, WRAP and safeguarding training, keep your training record and download your certificates.
        </p>
        <p className="govuk-body">Use this service to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>find and book a training session</li>
          <li>see which training your role needs and when it is due</li>
          <li>download a certificate of training you have completed</li>
          <li>see your team’s or your school’s training</li>
        </ul>
        <Button href="/sign-in" isStartButton>
          Sign in
        </Button>
        <h2 className="govuk-heading-m">Check a certificate</h2>
        <p className="govuk-body">
          If someone has shown you a training certificate from us, you can{" "}
          <a className="govuk-link" href="/verify">
            check that it is genuine
          </a>{" "}
          without signing in.
        </p>
      </div>
    </div>
  );
}
