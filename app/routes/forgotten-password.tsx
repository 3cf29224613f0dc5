import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clientAddress } from "../auth/client-address";
import { requestPasswordReset } from "../auth/passwords.server";
import { getOptionalUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, Input } from "../components";
import { formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Reset your password");

/** Public: anyone may ask; the answer is the same whether or not the e-mail has an account. */
export async function loader(_args: LoaderFunctionArgs) {
  return null;
}

const ForgottenForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(320, "Enter an email address in the correct format, like name@example.com")
    .email("Enter an email address in the correct format, like name@example.com"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const parsed = parseForm(ForgottenForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, email: String(parsed.values.email ?? "") }, { status: 400 });
  const result = await requestPasswordReset(db, { email: parsed.data.email, address: clientAddress(context) });
  if (!result.ok) {
    return data(
      {
        errors: {
          email: `There have been too many requests from this network. Try again after ${formatTime(result.until)}.`,
        },
        email: parsed.data.email,
      },
      { status: 429 },
    );
  }
  return { sentTo: parsed.data.email };
}

export default function ForgottenPassword() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  if (result && "sentTo" in result) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">
            If {result.sentTo} has an account, we have sent a link to it to reset the password. The link works once, for
            1 hour.
          </p>
          <p className="govuk-body">
            If nothing arrives, check the address and your junk folder, or{" "}
            <a className="govuk-link" href="/forgotten-password">
              ask again
            </a>
            . Council staff who sign in with their council account reset their password with the council.
          </p>
          <p className="govuk-body">
            <a className="govuk-link" href="/sign-in">
              Back to sign in
            </a>
          </p>
        </div>
      </div>
    );
  }
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/sign-in">Sign in</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">
          Enter the email address you sign in with. We will send you a link to choose a new password.
        </p>
        <Form method="post" noValidate>
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            spellCheck={false}
            label={{ children: "Email address", className: "govuk-label--s" }}
            defaultValue={result?.email ?? ""}
            errorMessage={errors?.email ? { children: errors.email } : undefined}
          />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            Send the link
          </Button>
        </Form>
      </div>
    </div>
  );
}
