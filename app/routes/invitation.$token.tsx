import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { acceptInvitationAndSignIn } from "../auth/passwords.server";
import { getOptionalUser } from "../auth/session.server";
import { Button, ErrorSummary } from "../components";
import { invitedPerson } from "../domain/accounts/accept-invitation";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { isLinkToken, NewPasswordField } from "./shared/set-password-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data && "person" in data ? "Create your account" : "This invitation link does not work");

/** Public: the invitation's token is the proof (one use, 7 days); its page shows only the invited person's own name and e-mail. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const person = isLinkToken(params.token) ? await invitedPerson(db, params.token) : null;
  if (!person) return data({ dead: true as const }, { status: 404 });
  return { person: { name: person.name, email: person.email } };
}

const AcceptForm = z.object({ password: z.string() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await getOptionalUser(request);
  if (!isLinkToken(params.token)) throw new Response("Not Found", { status: 404 });
  const token = params.token;
  const parsed = parseForm(AcceptForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  return withFormErrors(() => acceptInvitationAndSignIn(db, request, { token, password: parsed.data.password }), {});
}

export default function AcceptInvitation() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = (result && "errors" in result ? result.errors : undefined) as Record<string, string> | undefined;
  if (!("person" in loaded)) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This invitation link does not work</h1>
          <p className="govuk-body">
            An invitation link works once, for 7 days, and only the latest one sent to you works.
          </p>
          <p className="govuk-body">
            If you have already created your account,{" "}
            <a className="govuk-link" href="/sign-in">
              sign in
            </a>
            . Otherwise ask your manager or the Prevent coordinator to send you a new invitation.
          </p>
        </div>
      </div>
    );
  }
  const { person } = loaded;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Create your account</h1>
        <p className="govuk-body">
          You have been invited to create an account for Prevent Training Tracker, to book training and see your
          training record.
        </p>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Name</dt>
            <dd className="govuk-summary-list__value">{person.name}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Email address</dt>
            <dd className="govuk-summary-list__value">{person.email}</dd>
          </div>
        </dl>
        <p className="govuk-body">You will sign in with this email address.</p>
        <Form method="post" noValidate>
          {/* The e-mail, for password managers to save with the new password. */}
          <input type="hidden" name="username" autoComplete="username" value={person.email} />
          <NewPasswordField error={errors?.password} />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            Create account
          </Button>
        </Form>
      </div>
    </div>
  );
}
