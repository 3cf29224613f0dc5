import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clientAddress } from "../auth/client-address";
import { getOptionalUser } from "../auth/session.server";
import { requestSignInLink } from "../auth/sign-in-links.server";
import { BackLink, Button, ErrorSummary, Input } from "../components";
import { formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { safeRedirect } from "../lib/safe-redirect";

/**
 * Asking for a sign-in link (people of schools, contractors and partners). The sign-in page's
 * "Email me a sign-in link" button posts its e-mail (and password, redirectTo: ignored) here; this
 * page's own form asks again. The answer is the same, in the same time, whoever the e-mail is.
 */

export const meta: MetaFunction = () => pageTitle("Sign in with a link");

/** Public: anyone may ask; the answer never says whether the e-mail has an account. */
export async function loader(_args: LoaderFunctionArgs) {
  return null;
}

const LinkForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(320, "Enter an email address in the correct format, like name@example.com")
    .email("Enter an email address in the correct format, like name@example.com"),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const parsed = parseForm(LinkForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, email: String(parsed.values.email ?? "") }, { status: 400 });
  // Where the person was going rides in the link; an overlong one is dropped rather than refused.
  const asked = parsed.data.redirectTo ?? "/";
  const redirectTo = asked.length <= 2000 ? safeRedirect(asked, new URL(request.url).origin) : "/";
  const result = await requestSignInLink(db, {
    email: parsed.data.email,
    address: clientAddress(context),
    redirectTo,
  });
  const headers = { "Set-Cookie": result.setCookie };
  if (!result.ok) {
    return data(
      {
        errors: {
          email: `There have been too many requests from this network. Try again after ${formatTime(result.until)}.`,
        },
        email: parsed.data.email,
      },
      { status: 429, headers },
    );
  }
  return data({ sentTo: parsed.data.email }, { headers });
}

export default function SignInLink() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  if (result && "sentTo" in result) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">
            If {result.sentTo} can sign in with a link, we have sent one; it works for 15 minutes, in this browser.
          </p>
          <p className="govuk-body">
            Open the link in this browser on this device. It works once: if you ask again, only the newest link works.
          </p>
          <p className="govuk-body">
            Sign-in links are for people who work for schools, contractors and partners. If you work for the council,
            sign in with your council account or your password.
          </p>
          <p className="govuk-body">
            If nothing arrives, check the address and your junk folder, or{" "}
            <a className="govuk-link" href="/sign-in/link">
              ask for a new link
            </a>
            .
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
        <h1 className="govuk-heading-l">Sign in with a link</h1>
        <p className="govuk-body">
          If you work for a school, a contractor or a partner, we can email you a link that signs you in once, in this
          browser, within 15 minutes.
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
            Email me a sign-in link
          </Button>
        </Form>
      </div>
    </div>
  );
}
