import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { forbidden, notFound } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import {
  BackLink,
  Button,
  ErrorSummary,
  InsetText,
  NotificationBanner,
  SummaryList,
  Tag,
  Textarea,
  WarningText,
} from "../components";
import { recordRead } from "../domain/audit/reads";
import { completionExpiresOn } from "../domain/completions/expiry";
import { acceptEvidence, rejectEvidence, withdrawEvidence } from "../domain/evidence/decide-evidence";
import { EvidenceDecisionForm } from "../domain/evidence/evidence-form";
import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_STATUS_COLOURS,
  EVIDENCE_STATUS_LABELS,
  type EvidenceStatus,
} from "../domain/evidence/values";
import { formatDate, formatDateTime } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { badRequest, readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";
import { evidenceInReach, requireEvidence } from "./shared/evidence-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Evidence of ${data.evidence.courseTitle}: ${data.evidence.personName}` : "Evidence");

const DONE: Record<string, string> = {
  sent: "Your evidence has been sent. It will count once it has been checked and accepted.",
  accepted: "Evidence accepted: the completion is recorded and counts from the date it was completed.",
  rejected: "Evidence not accepted. They will see your reason on their training record.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, evidence } = await requireEvidence(request, params);
  const query = readQuery(request);
  // The page of someone else's evidence is a read of their record (decision 010).
  await recordRead(db, user, {
    action: "evidence.viewed",
    entityType: "evidence",
    entityId: evidence.id,
    subjectPersonId: evidence.personId,
    details: {},
  });
  const awaiting = evidence.status === "awaiting_verification";
  const { fileKey: _key, mayVerify, validityMonths, ...shown } = evidence;
  return {
    evidence: shown,
    mayDecide: awaiting && mayVerify,
    mayWithdraw: awaiting && evidence.isOwn,
    withdrawing: awaiting && evidence.isOwn && query.get("withdraw") === "1",
    countsUntil: completionExpiresOn(evidence.completedOn, validityMonths),
    done: DONE[query.get("sent") === "1" ? "sent" : (query.get("decided") ?? "")] ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  // The intent's permission first: a 403 for an action the role never has, whatever the record.
  if (intent === "accept" || intent === "reject") {
    if (!can(user, "evidence:verify")) forbidden("evidence:verify");
  } else if (intent === "withdraw") {
    if (!can(user, "evidence:submit")) forbidden("evidence:submit");
  } else {
    badRequest("The form did not say what to do with the evidence.");
  }
  const { verifier, evidence } = await evidenceInReach(db, user, params);
  const parsed = parseForm(EvidenceDecisionForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: formValues(form) }, { status: 400 });
  const decision = parsed.data;
  if (decision.intent === "withdraw") {
    if (!evidence.isOwn) notFound("evidence");
    return withFormErrors(
      async () => {
        await withdrawEvidence(db, {
          evidenceId: evidence.id,
          personId: evidence.personId,
          actorAccountId: user.accountId,
        });
        throw redirect("/my-training");
      },
      { values: {} },
    );
  }
  if (!verifier || !evidence.mayVerify) notFound("evidence");
  return withFormErrors(
    async () => {
      if (decision.intent === "accept") {
        await acceptEvidence(db, verifier, { evidenceId: evidence.id });
        throw redirect(`/evidence/${evidence.id}?decided=accepted`);
      }
      await rejectEvidence(db, verifier, { evidenceId: evidence.id, reason: decision.reason });
      throw redirect(`/evidence/${evidence.id}?decided=rejected`);
    },
    { values: formValues(form) },
  );
}

function StatusTag({ status }: { status: EvidenceStatus }) {
  return <Tag colour={EVIDENCE_STATUS_COLOURS[status]}>{EVIDENCE_STATUS_LABELS[status]}</Tag>;
}

function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const FILE_KINDS: Record<string, string> = { "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG" };

export default function EvidencePage() {
  const { evidence: e, mayDecide, mayWithdraw, withdrawing, countsUntil, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const values = (result?.values ?? {}) as Record<string, string | string[]>;
  const busy = navigation.state === "submitting";
  const back = e.isOwn
    ? { href: "/my-training", text: "My training" }
    : { href: "/evidence", text: "Evidence to verify" };

  if (withdrawing) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href={`/evidence/${e.id}`}>Back to your evidence</BackLink>
          {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
          <span className="govuk-caption-l">{e.courseTitle}</span>
          <h1 className="govuk-heading-l">Withdraw your evidence?</h1>
          <p className="govuk-body">
            It will no longer wait for verification and will not count. You can send evidence of {e.courseTitle} again
            later.
          </p>
          <Form method="post" action={`/evidence/${e.id}`} noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <div className="govuk-button-group">
              <Button type="submit" warning disabled={busy} preventDoubleClick>
                Withdraw evidence
              </Button>
              <a className="govuk-link" href={`/evidence/${e.id}`}>
                Cancel
              </a>
            </div>
          </Form>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={back.href}>{back.text}</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        {done ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
        <span className="govuk-caption-l">{e.personName}</span>
        <h1 className="govuk-heading-l">Evidence of {e.courseTitle}</h1>
        <SummaryList
          rows={[
            { key: { children: "Status" }, value: { children: <StatusTag status={e.status} /> } },
            e.status === "rejected"
              ? { key: { children: "Why it was not accepted" }, value: { children: e.rejectionReason } }
              : null,
            e.isOwn
              ? null
              : {
                  key: { children: "Person" },
                  value: {
                    children: (
                      <a className="govuk-link" href={`/people/${e.personId}`}>
                        {e.personName}
                      </a>
                    ),
                  },
                },
            { key: { children: "Course" }, value: { children: e.courseTitle } },
            { key: { children: "Completed on" }, value: { children: formatDate(e.completedOn) } },
            { key: { children: "Evidence" }, value: { children: EVIDENCE_KIND_LABELS[e.kind] } },
            e.hasFile
              ? {
                  key: { children: "File" },
                  value: {
                    children: (
                      <a className="govuk-link" href={`/evidence/${e.id}/file`} download>
                        {e.fileName ?? "Certificate"}
                        {e.fileType ? ` (${FILE_KINDS[e.fileType] ?? e.fileType}` : " ("}
                        {e.fileBytes ? `, ${fileSize(e.fileBytes)})` : ")"}
                      </a>
                    ),
                  },
                }
              : null,
            { key: { children: "Provided by" }, value: { children: e.provider ?? "Not given" } },
            e.note ? { key: { children: "Note" }, value: { children: e.note } } : null,
            { key: { children: "Sent" }, value: { children: formatDateTime(e.submittedAt) } },
            e.decidedAt && e.status !== "withdrawn"
              ? {
                  key: { children: "Decided" },
                  value: {
                    children: `${formatDateTime(e.decidedAt)}${e.decidedByName ? ` by ${e.decidedByName}` : ""}`,
                  },
                }
              : null,
            e.status === "withdrawn" && e.decidedAt
              ? { key: { children: "Withdrawn" }, value: { children: formatDateTime(e.decidedAt) } }
              : null,
          ]}
        />
        {e.status === "awaiting_verification" && e.isOwn ? (
          <InsetText>This does not count yet: it will once it has been checked and accepted.</InsetText>
        ) : null}
        {mayWithdraw ? (
          <p className="govuk-body">
            <a className="govuk-link" href={`/evidence/${e.id}?withdraw=1`}>
              Withdraw this evidence
            </a>
          </p>
        ) : null}
        {e.status === "rejected" && e.isOwn ? (
          <p className="govuk-body">
            <a className="govuk-link" href={`/my-training/evidence/new?course=${e.courseId}`}>
              Send evidence of {e.courseTitle} again
            </a>
          </p>
        ) : null}
        {mayDecide ? (
          <>
            <h2 className="govuk-heading-m">Your decision</h2>
            {e.kind === "manager_confirmation" ? (
              <WarningText>
                There is no certificate: accept it only if you can confirm {e.personName} completed {e.courseTitle} on{" "}
                {formatDate(e.completedOn)}.
              </WarningText>
            ) : null}
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="accept" />
              <p className="govuk-body">
                Accepting it records {e.personName}’s completion of {e.courseTitle} on {formatDate(e.completedOn)}
                {countsUntil ? `, counting until ${formatDate(countsUntil)}` : ", which does not expire"}.
              </p>
              <Button type="submit" disabled={busy} preventDoubleClick>
                Accept evidence
              </Button>
            </Form>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reject" />
              <Textarea
                id="reason"
                name="reason"
                label={{ children: "Or, why are you not accepting it?", className: "govuk-label--s" }}
                hint={{
                  children: `${e.personName} will see this reason. For example, the certificate is for a different course.`,
                }}
                value={typeof values.reason === "string" ? values.reason : ""}
                errorMessage={errors?.reason ? { children: errors.reason } : undefined}
              />
              <Button type="submit" secondary disabled={busy} preventDoubleClick>
                Do not accept
              </Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
