import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, ErrorSummary, Input } from "../components";
import { certificateCodeSchema } from "../domain/certificates/certificate-number";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaded }) => [
  ...pageTitle("Check a certificate", { hasErrors: Boolean(loaded && "errors" in loaded) }),
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** Public: anyone may check a certificate, signed in or not. */
export async function loader({ request }: LoaderFunctionArgs) {
  const code = readQuery(request).get("code") ?? "";
  return { code: code.slice(0, 40) };
}

const VerifyForm = z.object({ code: certificateCodeSchema });

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(VerifyForm, form);
  if (!parsed.ok) {
    return data({ errors: parsed.errors, code: String(parsed.values.code ?? "").slice(0, 40) }, { status: 400 });
  }
  throw redirect(`/verify/${parsed.data.code}`);
}

export default function VerifyStart() {
  const { code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <h1 className="govuk-heading-l">Check a certificate</h1>
        <p className="govuk-body">
          Use this page to check a training certificate issued through the Prevent Training Tracker: whether it is
          genuine, and whether it is still valid. You do not need to sign in.
        </p>
        <p className="govuk-body">
          The certificate number is printed at the bottom of the certificate. You can also scan the certificate’s QR
          code, which opens the same check.
        </p>
        <Form method="post" noValidate>
          <Input
            id="code"
            name="code"
            className="govuk-input--width-20"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            label={{ children: "Certificate number", className: "govuk-label--m" }}
            hint={{ children: "16 letters and numbers, for example 7K3M-Q9TR-2XWD-HB4N" }}
            defaultValue={result?.code ?? code}
            errorMessage={errors?.code ? { children: errors.code } : undefined}
          />
          <Button type="submit">Check certificate</Button>
        </Form>
      </div>
    </div>
  );
}
