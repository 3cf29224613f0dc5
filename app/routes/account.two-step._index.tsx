import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/session.server";
import { regenerateRecoveryCodes, turnOffTwoStep, twoStepStatus } from "../auth/two-step.server";
import { Button, ErrorSummary, Input } from "../components";
import { formatDate, formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { RecoveryCodes } from "./shared/recovery-codes";
import { CodeForm, WRONG_CODE } from "./shared/two-step-code";

export const meta: MetaFunction = () => pageTitle("Two-step sign-in");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, headers } = await requireUser(request);
  const status = await twoStepStatus(db, user.accountId);
  return data(
    {
      enabledOn: status.enabledAt ? formatDate(status.enabledAt) : null,
      required: status.required,
      recoveryCodesLeft: status.recoveryCodesLeft,
    },
    { headers },
  );
}

const ActionForm = CodeForm.extend({ intent: z.enum(["regenerate", "turn-off"]) });

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, headers } = await requireUser(request);
  const parsed = parseForm(ActionForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, recoveryCodes: null }, { status: 400, headers });
  const { intent, code } = parsed.data;
  const result =
    intent === "regenerate"
      ? await regenerateRecoveryCodes(db, user.accountId, code)
      : await turnOffTwoStep(db, user.accountId, code);
  if (!result.ok) {
    const message =
      result.reason === "limited"
        ? `There have been too many attempts to enter a code. Try again after ${formatTime(result.until!)}.`
        : result.reason === "required"
          ? "Two-step sign-in is required for your role and cannot be turned off"
          : WRONG_CODE;
    return data(
      { errors: { code: message }, recoveryCodes: null },
      { status: result.reason === "limited" ? 429 : result.reason === "required" ? 403 : 400, headers },
    );
  }
  const recoveryCodes: string[] | null = "recoveryCodes" in result ? (result.recoveryCodes as string[]) : null;
  if (recoveryCodes) return data({ errors: null, recoveryCodes }, { headers });
  throw redirect("/account/two-step", { headers });
}

export default function TwoStep() {
  const { enabledOn, required, recoveryCodesLeft } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.recoveryCodes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Your new recovery codes</h1>
          <p className="govuk-body">Your earlier recovery codes no longer work.</p>
          <RecoveryCodes codes={result.recoveryCodes} />
          <Link className="govuk-button" to="/account/two-step">
            Continue
          </Link>
        </div>
      </div>
    );
  }
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Two-step sign-in</h1>
        <p className="govuk-body">
          With two-step sign-in, you enter a code from an authenticator app on your phone after your password, so nobody
          can sign in as you with your password alone.
        </p>
        {required ? <p className="govuk-body">Your role requires two-step sign-in.</p> : null}
        {enabledOn ? (
          <>
            <p className="govuk-body">
              Two-step sign-in is on, since {enabledOn}. You have {recoveryCodesLeft} unused recovery{" "}
              {recoveryCodesLeft === 1 ? "code" : "codes"}.
            </p>
            <Form method="post" noValidate>
              <Input
                id="code"
                name="code"
                autoComplete="one-time-code"
                spellCheck={false}
                className="govuk-input--width-10"
                label={{ children: "Code from your authenticator app", className: "govuk-label--s" }}
                hint={{
                  children: required
                    ? "Enter a code to get new recovery codes."
                    : "Enter a code to get new recovery codes or to turn two-step sign-in off.",
                }}
                errorMessage={errors?.code ? { children: errors.code } : undefined}
              />
              <div className="govuk-button-group">
                <Button type="submit" name="intent" value="regenerate" secondary>
                  Get new recovery codes
                </Button>
                {required ? null : (
                  <Button type="submit" name="intent" value="turn-off" warning>
                    Turn off two-step sign-in
                  </Button>
                )}
              </div>
            </Form>
          </>
        ) : (
          <>
            <p className="govuk-body">Two-step sign-in is off.</p>
            <Link className="govuk-button" to="/account/two-step/set-up">
              Set up two-step sign-in
            </Link>
          </>
        )}
      </div>
    </div>
  );
}
