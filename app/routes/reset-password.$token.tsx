import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { resetPassword } from "../auth/passwords.server";
import { getOptionalUser } from "../auth/session.server";
import { Button, ErrorSummary } from "../components";
import { passwordResetAccount } from "../domain/accounts/password-reset";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { isLinkToken, NewPasswordField } from "./shared/set-password-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data && "email" in data ? "Choose a new password" : "This password reset link does not work");

/** Public: the reset link's token is the proof (one use, 1 hour). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const account = isLinkToken(params.token) ? await passwordResetAccount(db, params.token) : null;
  if (!account) return data({ dead: true as const }, { status: 404 });
  return { email: account.email };
}

const ResetForm = z.object({ password: z.string() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await getOptionalUser(request);
  if (!isLinkToken(params.token)) throw new Response("Not Found", { status: 404 });
  const token = params.token;
  const parsed = parseForm(ResetForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  return withFormErrors(() => resetPassword(db, request, { token, password: parsed.data.password }), {});
}

export default function ResetPassword() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = (result && "errors" in result ? result.errors : undefined) as Record<string, string> | undefined;
  if (!("email" in loaded)) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This password reset link does not work</h1>
          <p className="govuk-body">A password reset link works once, for 1 hour, and only the latest one sent.</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/forgotten-password">
              Ask for a new link
            </a>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Choose a new password</h1>
        <p className="govuk-body">
          For the account {loaded.email}. When you save it, you will be signed out everywhere else.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="username" autoComplete="username" value={loaded.email} />
          <NewPasswordField error={errors?.password} />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            Save password
          </Button>
        </Form>
      </div>
    </div>
  );
}
