import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { changeOwnPassword } from "../auth/passwords.server";
import { requireUser } from "../auth/session.server";
import { Button, ErrorSummary, NotificationBanner, PasswordInput } from "../components";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { NewPasswordField } from "./shared/set-password-fields";

export const meta: MetaFunction = () => pageTitle("Change your password");

/** Any signed-in account's own password; others are sent to sign in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const changed = formValues(readQuery(request)).changed === "1";
  return { email: user.email, changed };
}

const ChangeForm = z.object({
  currentPassword: z.string().min(1, "Enter your current password"),
  password: z.string(),
});

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  const parsed = parseForm(ChangeForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  return withFormErrors(async () => {
    const cookie = await changeOwnPassword(db, user, parsed.data);
    throw redirect("/account/password?changed=1", { headers: { "Set-Cookie": cookie } });
  }, {});
}

export default function ChangePassword() {
  const { email, changed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = (result && "errors" in result ? result.errors : undefined) as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {changed && !errors ? (
          <NotificationBanner type="success">
            Your password has been changed. You have been signed out everywhere else.
          </NotificationBanner>
        ) : null}
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Change your password</h1>
        <p className="govuk-body">When you change it, you will be signed out everywhere else.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="username" autoComplete="username" value={email} />
          <PasswordInput
            id="currentPassword"
            name="currentPassword"
            autoComplete="current-password"
            label={{ children: "Current password", className: "govuk-label--s" }}
            errorMessage={errors?.currentPassword ? { children: errors.currentPassword } : undefined}
          />
          <NewPasswordField label="New password" error={errors?.password} />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            Change password
          </Button>
        </Form>
      </div>
    </div>
  );
}
