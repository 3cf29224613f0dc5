import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "../auth/session.server";
import { SummaryList, Tag, WarningText } from "../components";
import { certificateCodeSchema, formatCertificateNumber } from "../domain/certificates/certificate-number";
import { type CertificateStatus, verifyCertificate } from "../domain/certificates/verify-certificate";
import { hitRateLimit } from "../domain/rate-limits/hit-rate-limit";
import { formatDate, formatTime, todayInLondon } from "../lib/dates";
import { clientAddress } from "../auth/client-address";
import { pageTitle } from "../lib/page-title";

/** Lookups one address may make in a window: plenty for an inspector, hopeless for guessing 80-bit codes. */
const VERIFY_LOOKUPS_PER_WINDOW = 30;
const VERIFY_WINDOW_SECONDS = 10 * 60;

const HEADINGS: Record<CertificateStatus, string> = {
  valid: "This certificate is valid",
  expired: "This certificate has expired",
  superseded: "This certificate has been replaced by a newer one",
  revoked: "This certificate has been revoked",
};

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => {
  const title = !loaded
    ? "Check a certificate"
    : loaded.kind === "found"
      ? HEADINGS[loaded.status]
      : loaded.kind === "too-many"
        ? "Too many attempts"
        : "Certificate not found";
  return [...pageTitle(title), { name: "robots", content: "noindex" }];
};

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/**
 * Public: anyone may check a certificate. Every answer is a page that says what happened:
 * found (with its status), not found, not a certificate number, or too many attempts.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = await getOptionalUser(request);
  const limit = await hitRateLimit(
    db,
    `verify:${clientAddress(context)}`,
    VERIFY_LOOKUPS_PER_WINDOW,
    VERIFY_WINDOW_SECONDS,
  );
  if (!limit.allowed) {
    return data({ kind: "too-many" as const, resetsAt: limit.resetsAt.toISOString() }, { status: 429 });
  }
  const typed = (params.code ?? "").slice(0, 40);
  const parsed = certificateCodeSchema.safeParse(params.code ?? "");
  if (!parsed.success) return data({ kind: "malformed" as const, typed }, { status: 404 });
  const today = todayInLondon();
  const result = await verifyCertificate(db, parsed.data, today);
  if (!result.found)
    return data({ kind: "not-found" as const, typed: formatCertificateNumber(parsed.data) }, { status: 404 });
  return { kind: "found" as const, today, ...result };
}

function CheckAnother() {
  return (
    <p className="govuk-body">
      <a className="govuk-link" href="/verify">
        Check another certificate
      </a>
    </p>
  );
}

export default function VerifyCertificate() {
  const result = useLoaderData<typeof loader>();

  if (result.kind === "too-many") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Too many attempts</h1>
          <p className="govuk-body">
            There have been too many certificate checks from your network. Try again after {formatTime(result.resetsAt)}{" "}
            on {formatDate(result.resetsAt)}.
          </p>
          <p className="govuk-body">
            If you need to check many certificates, ask the Prevent Coordinator at the council that issued them.
          </p>
        </div>
      </div>
    );
  }

  if (result.kind === "malformed" || result.kind === "not-found") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">We could not find that certificate</h1>
          {result.kind === "malformed" ? (
            <p className="govuk-body">
              “{result.typed}” is not a certificate number. A certificate number has 16 letters and numbers, for example
              7K3M-Q9TR-2XWD-HB4N.
            </p>
          ) : (
            <p className="govuk-body">
              No certificate has the number {result.typed}. Check the number against the certificate: it is printed at
              the bottom, beside the QR code.
            </p>
          )}
          <p className="govuk-body">
            A certificate that cannot be found may not be genuine. Ask the person for their certificate again, or
            contact the Prevent Coordinator at the council that issued it.
          </p>
          <CheckAnother />
        </div>
      </div>
    );
  }

  const tag =
    result.status === "valid" ? (
      <Tag colour="green">Valid</Tag>
    ) : result.status === "expired" ? (
      <Tag colour="orange">Expired</Tag>
    ) : result.status === "superseded" ? (
      <Tag colour="grey">Replaced</Tag>
    ) : (
      <Tag colour="red">Revoked</Tag>
    );

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Certificate {formatCertificateNumber(result.code)}</span>
        <h1 className="govuk-heading-l">{HEADINGS[result.status]}</h1>
        {result.status === "valid" ? (
          <p className="govuk-body">
            The council issued this certificate and it is still valid today, {formatDate(result.today)}.
          </p>
        ) : result.status === "expired" ? (
          <p className="govuk-body">
            The council issued this certificate, but it was valid only until{" "}
            {formatDate(result.expiresOn ?? result.today)}. The person needs to complete the course again.
          </p>
        ) : result.status === "superseded" ? (
          <p className="govuk-body">
            The person completed this course again and the council issued a newer certificate, which replaces this one.
            Ask them for their latest certificate.
          </p>
        ) : (
          <WarningText iconFallbackText="Warning">
            The council revoked this certificate because the training was recorded in error. It does not show that the
            person completed the course.
          </WarningText>
        )}
        <SummaryList
          rows={[
            { key: { children: "Status" }, value: { children: tag } },
            { key: { children: "Name" }, value: { children: result.personName } },
            { key: { children: "Course" }, value: { children: result.courseTitle } },
            { key: { children: "Completed on" }, value: { children: formatDate(result.completedOn) } },
            {
              key: { children: "Valid until" },
              value: { children: result.expiresOn ? formatDate(result.expiresOn) : "Does not expire" },
            },
            ...(result.recordedFrom
              ? [{ key: { children: "How it was recorded" }, value: { children: result.recordedFrom } }]
              : []),
            { key: { children: "Certificate number" }, value: { children: formatCertificateNumber(result.code) } },
          ]}
        />
        <p className="govuk-body">
          Check that the name and course match the certificate you were shown. This page shows only what is printed on
          the certificate.
        </p>
        <CheckAnother />
      </div>
    </div>
  );
}
