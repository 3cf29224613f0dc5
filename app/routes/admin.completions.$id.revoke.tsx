import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, SummaryList, Textarea, WarningText } from "../components";
import { formatCertificateNumber } from "../domain/certificates/certificate-number";
import { getCompletionInScope } from "../domain/certificates/get-certificate";
import { revokeCompletion } from "../domain/completions/revoke-completion";
import { formatDate, formatDateTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { COMPLETION_SOURCE_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader, Record<string, unknown>> = ({ data: loaded }) =>
  pageTitle(
    loaded && "completion" in loaded && loaded.completion.revokedAt ? "Completion revoked" : "Revoke a completion",
    {
      hasErrors: Boolean(loaded && "errors" in loaded),
    },
  );

const Params = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const RevokeForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "Enter why the completion is being revoked")
    .max(500, "The reason must be 500 characters or fewer"),
});

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "completion:revoke");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("completion");
  const completion = await getCompletionInScope(db, personScopeFor(user, "completion:revoke"), parsed.data.id);
  if (!completion) notFound("completion");
  return { db, user, completion };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { completion } = await load(request, params);
  return { completion };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, completion } = await load(request, params);
  const parsed = parseForm(RevokeForm, await readForm(request));
  if (!parsed.ok) {
    return data({ errors: parsed.errors, reason: String(parsed.values.reason ?? "") }, { status: 400 });
  }
  return withFormErrors(
    async () => {
      await revokeCompletion(db, {
        completionId: completion.completionId,
        actorAccountId: user.accountId,
        reason: parsed.data.reason,
      });
      throw redirect(`/people/${completion.personId}`);
    },
    { reason: parsed.data.reason },
    { field: () => "reason" },
  );
}

export default function RevokeCompletion() {
  const { completion } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const back = `/people/${completion.personId}`;
  const summary = (
    <SummaryList
      rows={[
        { key: { children: "Person" }, value: { children: completion.personName } },
        { key: { children: "Course" }, value: { children: completion.courseTitle } },
        { key: { children: "Completed on" }, value: { children: formatDate(completion.completedOn) } },
        {
          key: { children: "Counts until" },
          value: { children: completion.expiresOn ? formatDate(completion.expiresOn) : "Does not expire" },
        },
        { key: { children: "How" }, value: { children: COMPLETION_SOURCE_LABELS[completion.source] } },
        completion.issuesCertificate
          ? { key: { children: "Certificate number" }, value: { children: formatCertificateNumber(completion.code) } }
          : null,
      ]}
    />
  );

  if (completion.revokedAt) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href={back}>Back to {completion.personName}</BackLink>
          <span className="govuk-caption-l">{completion.personName}</span>
          <h1 className="govuk-heading-l">Completion revoked</h1>
          <p className="govuk-body">
            This completion was revoked on {formatDateTime(completion.revokedAt)}. Reason: {completion.revokeReason}
          </p>
          {summary}
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={back}>Back to {completion.personName}</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <span className="govuk-caption-l">{completion.personName}</span>
        <h1 className="govuk-heading-l">Revoke this completion</h1>
        {summary}
        <WarningText>
          Revoke a completion only when it was recorded in error. It will stop counting towards the person’s training
          requirements and{" "}
          {completion.issuesCertificate
            ? "its certificate will show as revoked to anyone who checks it"
            : "it will be marked as revoked"}
          . Nothing is deleted: the record, who revoked it and your reason are kept.
        </WarningText>
        <Form method="post" noValidate>
          <Textarea
            id="reason"
            name="reason"
            label={{ children: "Why is this completion being revoked?", className: "govuk-label--m" }}
            hint={{ children: "For example, the wrong person was marked as attending. This is kept in the audit log." }}
            value={result?.reason ?? ""}
            errorMessage={errors?.reason ? { children: errors.reason } : undefined}
          />
          <div className="govuk-button-group">
            <Button type="submit" warning disabled={navigation.state === "submitting"} preventDoubleClick>
              Revoke completion
            </Button>
            <a className="govuk-link" href={back}>
              Cancel
            </a>
          </div>
        </Form>
      </div>
    </div>
  );
}
