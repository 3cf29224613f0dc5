import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, Checkboxes, ErrorSummary, FileUpload, Input, NotificationBanner } from "../components";
import {
  CertificateBrandingForm,
  getCertificateBrandingSettings,
  saveCertificateBranding,
} from "../domain/certificates/branding";
import { formatDateTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { fileStorage } from "../storage/storage.server";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction = () => pageTitle("Certificate design – Administration");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "certificates:branding");
  const settings = await getCertificateBrandingSettings(db);
  return { ...settings, saved: readQuery(request).get("saved") === "1" };
}

/** The bytes of an uploaded file, or undefined when none was chosen. */
async function chosenFile(form: FormData, name: string): Promise<Uint8Array | undefined> {
  const file = form.get(name);
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return undefined;
  return new Uint8Array(await file.arrayBuffer());
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "certificates:branding");
  const form = await readForm(request);
  const parsed = parseForm(CertificateBrandingForm, form, ["remove"]);
  const values = {
    signatoryName: String(form.get("signatoryName") ?? ""),
    signatoryRole: String(form.get("signatoryRole") ?? ""),
  };
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const [logo, signature] = [await chosenFile(form, "logo"), await chosenFile(form, "signature")];
  return withFormErrors(
    async () => {
      await saveCertificateBranding(db, fileStorage(), {
        logo: parsed.data.remove.includes("logo") ? "remove" : logo,
        signature: parsed.data.remove.includes("signature") ? "remove" : signature,
        signatoryName: parsed.data.signatoryName,
        signatoryRole: parsed.data.signatoryRole,
        actorAccountId: user.accountId,
      });
      throw redirect("/admin/certificate-branding?saved=1");
    },
    { values },
  );
}

export default function CertificateBranding() {
  const settings = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const values = (result?.values ?? settings) as { signatoryName: string | null; signatoryRole: string | null };
  const removable = [
    ...(settings.hasLogo ? [{ value: "logo", children: "Remove the logo" }] : []),
    ...(settings.hasSignature ? [{ value: "signature", children: "Remove the signature" }] : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin">Administration</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        {settings.saved && !errors ? (
          <NotificationBanner type="success" titleId="branding-saved-title">
            <p className="govuk-notification-banner__heading">Certificates issued from now on will carry these</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Certificate design</h1>
        <p className="govuk-body">
          The council’s logo and the signature of the person who signs certificates (usually the Prevent Coordinator).
          Certificates already issued keep the look they were issued with.
        </p>
        <p className="govuk-body">
          <a className="govuk-link" href="/admin/certificate-branding/sample.pdf">
            See a sample certificate (PDF)
          </a>
        </p>
        {settings.updatedAt ? <p className="govuk-body-s">Last changed {formatDateTime(settings.updatedAt)}.</p> : null}
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileUpload
            name="logo"
            label={{ children: settings.hasLogo ? "Replace the logo" : "Logo", className: "govuk-label--s" }}
            hint={{
              children: "A PNG or JPEG image, smaller than 1 MB. It is printed at the top right, 6 cm wide at most.",
            }}
            accept="image/png,image/jpeg"
            errorMessage={errors?.logo ? { children: errors.logo } : undefined}
          />
          <FileUpload
            name="signature"
            label={{
              children: settings.hasSignature ? "Replace the signature" : "Signature",
              className: "govuk-label--s",
            }}
            hint={{
              children: "A PNG or JPEG image of the signature on a white or clear background, smaller than 1 MB.",
            }}
            accept="image/png,image/jpeg"
            errorMessage={errors?.signature ? { children: errors.signature } : undefined}
          />
          <Input
            name="signatoryName"
            label={{ children: "Name of the person who signs", className: "govuk-label--s" }}
            hint={{ children: "Printed under the signature. Leave empty for certificates without a signature." }}
            defaultValue={values.signatoryName ?? ""}
            autoComplete="off"
            spellCheck={false}
            errorMessage={errors?.signatoryName ? { children: errors.signatoryName } : undefined}
          />
          <Input
            name="signatoryRole"
            label={{ children: "Their role", className: "govuk-label--s" }}
            hint={{ children: "For example, Prevent Coordinator" }}
            defaultValue={values.signatoryRole ?? ""}
            errorMessage={errors?.signatoryRole ? { children: errors.signatoryRole } : undefined}
          />
          {removable.length > 0 ? (
            <Checkboxes
              name="remove"
              fieldset={{ legend: { children: "Remove", className: "govuk-fieldset__legend--s" } }}
              items={removable}
              className="govuk-checkboxes--small"
            />
          ) : null}
          <Button type="submit">Save</Button>
        </Form>
      </div>
    </div>
  );
}
