import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { clearPendingCookie, finishPendingSignIn, readPendingSignIn } from "../auth/complete-sign-in.server";
import { getOptionalUser } from "../auth/session.server";
import { checkSecondStep } from "../auth/two-step.server";
import { Button, ErrorSummary, Input } from "../components";
import { formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { CodeForm, WRONG_CODE } from "./shared/two-step-code";

export const meta: MetaFunction = () => pageTitle("Enter the code from your authenticator app");

/** Without a pending sign-in (none, expired, or used), back to the start of signing in. */
function startAgain(): never {
  throw redirect("/sign-in", { headers: { "Set-Cookie": clearPendingCookie() } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const pending = await readPendingSignIn(db, request);
  if (pending?.next !== "two-step") startAgain();
  return {};
}

export async function action({ request }: ActionFunctionArgs) {
  // The body first: a malformed one is a 400 whoever sends it.
  const form = await readForm(request);
  const { db } = await getOptionalUser(request);
  const pending = await readPendingSignIn(db, request);
  if (pending?.next !== "two-step") startAgain();
  const parsed = parseForm(CodeForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const check = await checkSecondStep(db, pending.accountId, parsed.data.code);
  if (!check.ok) {
    const message =
      check.reason === "limited"
        ? `There have been too many attempts to enter a code. Try again after ${formatTime(check.until!)}.`
        : WRONG_CODE;
    return data({ errors: { code: message } }, { status: check.reason === "limited" ? 429 : 400 });
  }
  const finished = await finishPendingSignIn(db, request, pending);
  if (!finished) startAgain();
  throw redirect(finished.redirectTo, { headers: finished.headers });
}

export default function SignInTwoStep() {
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <Form method="post" noValidate>
          <Input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            className="govuk-input--width-10"
            label={{
              children: "Enter the code from your authenticator app",
              className: "govuk-label--l",
              isPageHeading: true,
            }}
            hint={{
              children:
                "Open the app on your phone and enter the 6-digit code it shows for Prevent Training Tracker. If you do not have your phone, enter one of your recovery codes.",
            }}
            errorMessage={errors?.code ? { children: errors.code } : undefined}
          />
          <Button type="submit">Continue</Button>
        </Form>
        <p className="govuk-body">
          If you have lost your phone and your recovery codes, contact the Prevent Coordinator.
        </p>
      </div>
    </div>
  );
}
