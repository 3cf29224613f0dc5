import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { completeSignIn } from "../auth/complete-sign-in.server";
import { getOptionalUser } from "../auth/session.server";
import { attemptSignIn } from "../auth/sign-in.server";
import { clientAddress } from "../auth/client-address";
import { Button, ErrorSummary, Input } from "../components";
import { formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { safeRedirect } from "../lib/safe-redirect";
import { readForm, readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Sign in");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await getOptionalUser(request);
  const url = new URL(request.url);
  const redirectTo = safeRedirect(readQuery(url).get("redirectTo"), url.origin);
  if (user) throw redirect(redirectTo);
  return { redirectTo };
}

const SignInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .email("Enter an email address in the correct format, like name@example.com"),
  password: z.string().min(1, "Enter your password"),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const form = await readForm(request);
  const parsed = parseForm(SignInForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, email: String(parsed.values.email ?? "") }, { status: 400 });

  const address = clientAddress(context);
  const result = await attemptSignIn(db, { email: parsed.data.email, password: parsed.data.password, address });
  if (!result.ok) {
    const message =
      result.reason === "invalid"
        ? "Enter a correct email address and password"
        : `There have been too many attempts to sign in from this network. Try again after ${formatTime(result.until)}.`;
    return data(
      { errors: { email: message }, email: parsed.data.email },
      { status: result.reason === "invalid" ? 400 : 429 },
    );
  }
  throw await completeSignIn(db, request, result.accountId, "password", { redirectTo: parsed.data.redirectTo });
}

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">Use the email address and password for your Prevent Training Tracker account.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            spellCheck={false}
            label={{ children: "Email address", className: "govuk-label--s" }}
            defaultValue={result?.email ?? ""}
            errorMessage={errors?.email ? { children: errors.email } : undefined}
          />
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            label={{ children: "Password", className: "govuk-label--s" }}
            errorMessage={errors?.password ? { children: errors.password } : undefined}
          />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            Sign in
          </Button>
        </Form>
        <p className="govuk-body">If you have forgotten your password, contact the Prevent Coordinator.</p>
      </div>
    </div>
  );
}
