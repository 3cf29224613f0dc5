import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { finishPendingSignIn, readPendingSignIn } from "../auth/complete-sign-in.server";
import { getOptionalUser } from "../auth/session.server";
import { confirmSetUp, setUpDetails } from "../auth/two-step.server";
import { Button, ErrorSummary, Input } from "../components";
import { formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { RecoveryCodes } from "./shared/recovery-codes";
import { CodeForm, WRONG_APP_CODE } from "./shared/two-step-code";

export const meta: MetaFunction = () => pageTitle("Set up two-step sign-in");

/**
 * Who is setting up: the signed-in account (turning it on by choice), or a sign-in held back
 * because the account's roles require two-step sign-in (no session until it is set up).
 */
async function whoIsSettingUp(request: Request) {
  const { db, user, headers } = await getOptionalUser(request);
  if (user) return { db, accountId: user.accountId, pending: null, headers };
  const pending = await readPendingSignIn(db, request);
  if (pending?.next === "set-up") return { db, accountId: pending.accountId, pending, headers };
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent("/account/two-step/set-up")}`);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, accountId, pending } = await whoIsSettingUp(request);
  const details = await setUpDetails(db, accountId);
  // Already on (also just after confirming, when Remix reloads this loader): the page says so.
  if (!details) return { secret: null, qrSvg: null, required: pending !== null };
  const qrSvg = await QRCode.toString(details.uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  // Spaced in fours, as the apps show and ask for it.
  return { secret: details.secret.replace(/(.{4})/g, "$1 ").trim(), qrSvg, required: pending !== null };
}

export async function action({ request }: ActionFunctionArgs) {
  // The body first: a malformed one is a 400 whoever sends it.
  const form = await readForm(request);
  const { db, accountId, pending, headers } = await whoIsSettingUp(request);
  const parsed = parseForm(CodeForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, recoveryCodes: null, continueTo: null }, { status: 400 });
  const result = await confirmSetUp(db, accountId, parsed.data.code);
  if (!result.ok) {
    const message =
      result.reason === "limited"
        ? `There have been too many attempts to enter a code. Try again after ${formatTime(result.until!)}.`
        : WRONG_APP_CODE;
    return data(
      { errors: { code: message }, recoveryCodes: null, continueTo: null },
      { status: result.reason === "limited" ? 429 : 400 },
    );
  }
  if (pending) {
    const finished = await finishPendingSignIn(db, request, pending);
    if (!finished) throw redirect("/sign-in");
    return data(
      { errors: null, recoveryCodes: result.recoveryCodes, continueTo: finished.redirectTo },
      { headers: finished.headers },
    );
  }
  return data({ errors: null, recoveryCodes: result.recoveryCodes, continueTo: "/account/two-step" }, { headers });
}

export default function SetUpTwoStep() {
  const { secret, qrSvg, required } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!result?.recoveryCodes && (secret === null || qrSvg === null)) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Two-step sign-in is already on</h1>
          <p className="govuk-body">
            <Link className="govuk-link" to="/account/two-step">
              See your two-step sign-in
            </Link>
          </p>
        </div>
      </div>
    );
  }
  if (result?.recoveryCodes) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Two-step sign-in is on</h1>
          </div>
          <h2 className="govuk-heading-m">Your recovery codes</h2>
          <RecoveryCodes codes={result.recoveryCodes} />
          <Link className="govuk-button" to={result.continueTo ?? "/"}>
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
        <h1 className="govuk-heading-l">Set up two-step sign-in</h1>
        {required ? (
          <p className="govuk-body">
            Your account can see personal information about many people, so you need to use two-step sign-in. You will
            be signed in once it is set up.
          </p>
        ) : null}
        <p className="govuk-body">
          You will need an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator.
        </p>
        <h2 className="govuk-heading-m">1. Add Prevent Training Tracker to your app</h2>
        <p className="govuk-body">In your authenticator app, choose to add an account and scan this QR code.</p>
        <div
          className="govuk-!-margin-bottom-4"
          style={{ maxWidth: "200px" }}
          role="img"
          aria-label="QR code to add Prevent Training Tracker to your authenticator app"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG the qrcode package drew on the server from our own otpauth URI
          dangerouslySetInnerHTML={{ __html: qrSvg ?? "" }}
        />
        <p className="govuk-body">If you cannot scan the QR code, enter this key in your app instead:</p>
        <p className="govuk-body">
          <code className="govuk-!-font-size-24" id="two-step-key">
            {secret}
          </code>
        </p>
        <h2 className="govuk-heading-m">2. Enter the code your app shows</h2>
        <Form method="post" noValidate>
          <Input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            className="govuk-input--width-10"
            label={{ children: "Code from your authenticator app", className: "govuk-label--s" }}
            hint={{ children: "The 6-digit code, for example 123456" }}
            errorMessage={errors?.code ? { children: errors.code } : undefined}
          />
          <Button type="submit">Turn on two-step sign-in</Button>
        </Form>
      </div>
    </div>
  );
}
