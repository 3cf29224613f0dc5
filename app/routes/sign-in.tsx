import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clientAddress } from "../auth/client-address";
import { completeSignIn } from "../auth/complete-sign-in.server";
import { getOptionalUser } from "../auth/session.server";
import { attemptSignIn } from "../auth/sign-in.server";
import { isSingleSignOnEmail, singleSignOnSettings, startSingleSignOn } from "../auth/single-sign-on.server";
import { Button, ErrorSummary, Input } from "../components";
import { formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { safeRedirect } from "../lib/safe-redirect";

/**
 * Signing in, e-mail first. An address in SSO_EMAIL_DOMAINS goes to the council's provider
 * (single sign-on); any other gets the password step, whether or not it has an account, so the
 * page says nothing about which e-mails are known. The password step also offers a sign-in link
 * by e-mail (/sign-in/link) and a password reset (/forgotten-password).
 */

export const meta: MetaFunction = () => pageTitle("Sign in");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await getOptionalUser(request);
  const url = new URL(request.url);
  const redirectTo = safeRedirect(readQuery(url).get("redirectTo"), url.origin);
  if (user) throw redirect(redirectTo);
  return { redirectTo, ssoName: singleSignOnSettings()?.name };
}

const email = z
  .string()
  .trim()
  .min(1, "Enter your email address")
  .email("Enter an email address in the correct format, like name@example.com");

const EmailStep = z.object({ email, redirectTo: z.string().optional() });
const PasswordStep = z.object({
  email,
  password: z.string().min(1, "Enter your password"),
  redirectTo: z.string().optional(),
});

type Step = "email" | "password";

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const form = await readForm(request);
  const origin = new URL(request.url).origin;
  // The password step sends a password field (empty or not); the first step does not.
  const step: Step = form.has("password") ? "password" : "email";
  const parsed = parseForm(step === "password" ? PasswordStep : EmailStep, form);
  if (!parsed.ok) {
    return data({ errors: parsed.errors, email: String(parsed.values.email ?? ""), step }, { status: 400 });
  }
  const redirectTo = safeRedirect(parsed.data.redirectTo ?? "/", origin);

  if (isSingleSignOnEmail(parsed.data.email)) {
    const started = await startSingleSignOn({ email: parsed.data.email, redirectTo });
    if (!started) {
      return data(
        {
          errors: {
            email: `${singleSignOnSettings()?.name ?? "Your council account"} cannot be reached at the moment. Try again in a few minutes.`,
          },
          email: parsed.data.email,
          step: "email" as Step,
        },
        { status: 503 },
      );
    }
    throw redirect(started.location, { headers: { "Set-Cookie": started.cookie } });
  }
  if (step === "email") return { errors: undefined, email: parsed.data.email, step: "password" as Step };

  const password = (parsed.data as z.infer<typeof PasswordStep>).password;
  const result = await attemptSignIn(db, { email: parsed.data.email, password, address: clientAddress(context) });
  if (!result.ok) {
    const message =
      result.reason === "invalid"
        ? "Enter a correct email address and password"
        : `There have been too many attempts to sign in from this network. Try again after ${formatTime(result.until)}.`;
    return data(
      { errors: { email: message }, email: parsed.data.email, step: "password" as Step },
      { status: result.reason === "invalid" ? 400 : 429 },
    );
  }
  throw await completeSignIn(db, request, result.accountId, "password", { redirectTo });
}

export default function SignIn() {
  const { redirectTo, ssoName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const step: Step = result?.step ?? "email";
  const email = result?.email ?? "";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        {step === "email" ? (
          <p className="govuk-body">
            Enter your email address.
            {ssoName ? ` If you work for the council, you will sign in with your ${ssoName}.` : null}
          </p>
        ) : (
          <p className="govuk-body">Enter the password for your Prevent Training Tracker account.</p>
        )}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            spellCheck={false}
            label={{ children: "Email address", className: "govuk-label--s" }}
            defaultValue={email}
            errorMessage={errors?.email ? { children: errors.email } : undefined}
          />
          {step === "password" ? (
            <Input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              label={{ children: "Password", className: "govuk-label--s" }}
              errorMessage={errors?.password ? { children: errors.password } : undefined}
            />
          ) : null}
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {step === "password" ? "Sign in" : "Continue"}
          </Button>
          {step === "password" ? (
            <>
              <p className="govuk-body">
                <Link className="govuk-link" to="/forgotten-password">
                  Forgotten your password?
                </Link>
              </p>
              <h2 className="govuk-heading-m">Sign in without a password</h2>
              <p className="govuk-body">
                We can email you a link that signs you in once, in this browser, within 15 minutes.
              </p>
              {/* The same form's e-mail, as typed, goes to the sign-in links route. */}
              <Button type="submit" formAction="/sign-in/link" secondary disabled={navigation.state === "submitting"}>
                Email me a sign-in link
              </Button>
            </>
          ) : null}
        </Form>
      </div>
    </div>
  );
}
