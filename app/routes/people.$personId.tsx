import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePersonAccess } from "../auth/guards.server";
import { can, personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, SummaryList, Table, Tag } from "../components";
import { accountInvitationState } from "../domain/accounts/list-invitations";
import { listAuditForPerson } from "../domain/audit/list-audit-for-person";
import { recordRead } from "../domain/audit/reads";
import { listCompletionsForPerson } from "../domain/completions/list-completions-for-person";
import { certificatesAwaitingEvaluation } from "../domain/evaluations/certificate-release";
import { COMPLIANCE_STATUS_COLOURS, COMPLIANCE_STATUS_LABELS } from "../domain/compliance/labels";
import { requirementsForPerson } from "../domain/compliance/requirements-for-person";
import { listEvidenceForPerson } from "../domain/evidence/list-evidence";
import { EVIDENCE_KIND_LABELS, EVIDENCE_STATUS_COLOURS, EVIDENCE_STATUS_LABELS } from "../domain/evidence/values";
import { getPerson } from "../domain/people/get-person";
import { isPersonInScope } from "../domain/people/scope";
import { formatPence } from "../domain/charges/values";
import { listBookingsForPerson } from "../domain/sessions/list-bookings-for-person";
import { formatDate, formatDateTime, formatTime, todayInLondon } from "../lib/dates";
import { BOOKING_STATUS_LABELS, COMPLETION_SOURCE_LABELS, SECTOR_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { revokedCompletionText } from "../lib/revoked-completion";
import { idSchema } from "../lib/request";
import { verifierFor } from "./shared/evidence-route.server";
import { mayEditPerson, mayManagePerson } from "./shared/person-route.server";

function plural(n: number, one: string, many: string): string {
  return `${n === 0 ? "No" : n} ${n === 1 ? one : many}`;
}

/** A booking's status on the record: an absence is a no-show; a cancellation after the cut-off is late. */
function bookingStatusText(b: { status: keyof typeof BOOKING_STATUS_LABELS; lateCancellation: boolean }): string {
  if (b.status === "absent") return "No-show";
  if (b.status === "cancelled" && b.lateCancellation) return "Cancelled late";
  return BOOKING_STATUS_LABELS[b.status];
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.person.name ?? "Person");

const Params = z.object({ personId: idSchema });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("person");
  const { personId } = parsed.data;
  await requirePersonAccess(db, user, "record:view", personId);
  const [person, completions, bookings, evidenceRows] = await Promise.all([
    getPerson(db, personId),
    listCompletionsForPerson(db, personId),
    listBookingsForPerson(db, personId, { includeCancelled: true }),
    listEvidenceForPerson(db, personId, verifierFor(user)),
  ]);
  if (!person) notFound("person");
  const certificates = {
    download:
      can(user, "certificate:download") &&
      (await isPersonInScope(db, personScopeFor(user, "certificate:download"), personId)),
    bulk:
      can(user, "certificates:bulk-download") &&
      (await isPersonInScope(db, personScopeFor(user, "certificates:bulk-download"), personId)),
    revoke: can(user, "completion:revoke"),
    record: can(user, "completion:record"),
  };
  // Their evidence of training done elsewhere and where it stands; a link for those who may open it.
  const evidence = evidenceRows.map((e) => ({
    id: e.id,
    courseTitle: e.courseTitle,
    completedOn: e.completedOn,
    kind: e.kind,
    status: e.status,
    submittedAt: e.submittedAt,
    rejectionReason: e.rejectionReason,
    link: e.mayVerify || e.personId === user.personId,
  }));
  const changes = {
    edit: await mayEditPerson(db, user, personId),
    manage: await mayManagePerson(db, user, personId),
  };
  const canBook =
    can(user, "booking:manage") && (await isPersonInScope(db, personScopeFor(user, "booking:manage"), personId));
  // Their requirements, as whoever may see the record sees them; the audit trail for their
  // manager and the coordinator (those who see team compliance for this person). The view is
  // audited (decision 010) once the record is known to exist and be in scope.
  const [requirements, auditVisible] = await Promise.all([
    requirementsForPerson(db, personScopeFor(user, "record:view"), personId, todayInLondon()),
    isPersonInScope(db, personScopeFor(user, "team:view-compliance"), personId),
    recordRead(db, user, {
      action: "person.viewed",
      entityType: "person",
      entityId: personId,
      subjectPersonId: personId,
      details: {},
    }),
  ]);
  const compliance = requirements.map((r) => ({
    id: r.requirement.id,
    name: r.requirement.name,
    status: r.status,
    dueOn: r.dueOn,
    completion: r.completion,
    booked: r.booked,
  }));
  const audit = auditVisible
    ? await Promise.all([
        listAuditForPerson(db, personId, { limit: 50, kind: "changes" }),
        listAuditForPerson(db, personId, { limit: 50, kind: "reads" }),
      ]).then(([changes, reads]) => ({ changes, reads }))
    : null;
  // Their account, and an invitation to make one, for whoever may invite them.
  const account =
    can(user, "accounts:invite") && (await isPersonInScope(db, personScopeFor(user, "accounts:invite"), personId))
      ? await accountInvitationState(db, personId)
      : null;
  // Certificates of sessions released once the learner has evaluated them: no download until then.
  const awaitingEvaluation = [
    ...(
      await certificatesAwaitingEvaluation(
        db,
        completions.map((c) => c.id),
      )
    ).keys(),
  ];
  return {
    person,
    completions,
    bookings,
    certificates,
    compliance,
    audit,
    canBook,
    changes,
    account,
    evidence,
    awaitingEvaluation,
  };
}

export default function PersonRecord() {
  const {
    person,
    completions,
    bookings,
    certificates,
    compliance,
    audit,
    canBook,
    changes,
    account,
    evidence,
    awaitingEvaluation,
  } = useLoaderData<typeof loader>();
  const waiting = new Set(awaitingEvaluation);
  return (
    <>
      <BackLink href="/people">People</BackLink>
      <span className="govuk-caption-l">{person.organisationName}</span>
      <h1 className="govuk-heading-l">{person.name}</h1>
      <SummaryList
        rows={[
          { key: { children: "Job title" }, value: { children: person.jobTitle ?? "Not recorded" } },
          {
            key: { children: "Organisation" },
            value: { children: `${person.organisationName} (${SECTOR_LABELS[person.sector]})` },
          },
          { key: { children: "Line manager" }, value: { children: person.lineManagerName ?? "None recorded" } },
          { key: { children: "Email" }, value: { children: person.email ?? "Not recorded" } },
          {
            key: { children: "Profile" },
            value: { children: person.profileTags.length ? person.profileTags.join(", ") : "None" },
          },
          { key: { children: "Started" }, value: { children: formatDate(person.startDate) } },
          ...(person.leavingDate
            ? [{ key: { children: "Left" }, value: { children: formatDate(person.leavingDate) } }]
            : []),
        ]}
      />
      {changes.edit || changes.manage ? (
        <ul className="govuk-list">
          {changes.edit ? (
            <li>
              <a className="govuk-link" href={`/people/${person.id}/edit`}>
                Change their details<span className="govuk-visually-hidden">: {person.name}</span>
              </a>
            </li>
          ) : null}
          {changes.manage ? (
            <li>
              <a className="govuk-link" href={`/people/${person.id}/${person.leavingDate ? "return" : "leave"}`}>
                {person.leavingDate ? "Bring back" : "Mark as a leaver"}
                <span className="govuk-visually-hidden">: {person.name}</span>
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
      {account ? <AccountSection person={person} account={account} /> : null}
      <h2 className="govuk-heading-m">Requirements</h2>
      {compliance.length === 0 ? (
        <p className="govuk-body">No training requirements apply to {person.name} today.</p>
      ) : (
        <Table
          caption="Requirements"
          captionClassName="govuk-visually-hidden"
          head={[
            { children: "Requirement" },
            { children: "Status" },
            { children: "Date" },
            { children: "Counting completion" },
          ]}
          rows={compliance.map((r) => [
            { children: r.name },
            {
              children: (
                <>
                  <Tag colour={COMPLIANCE_STATUS_COLOURS[r.status]}>{COMPLIANCE_STATUS_LABELS[r.status]}</Tag>
                  {r.booked ? (
                    <>
                      {" "}
                      <Tag>Booked {formatDate(r.booked.startsAt)}</Tag>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              children:
                r.status === "current" || r.status === "expiring"
                  ? r.dueOn
                    ? `Renew by ${formatDate(r.dueOn)}`
                    : "Does not expire"
                  : r.status === "expired"
                    ? `Expired ${formatDate(r.dueOn!)}`
                    : `Due by ${formatDate(r.dueOn!)}`,
            },
            {
              children: r.completion ? `${r.completion.courseTitle}, ${formatDate(r.completion.completedOn)}` : "None",
            },
          ])}
        />
      )}
      <h2 className="govuk-heading-m">Completed training</h2>
      {completions.length === 0 ? (
        <p className="govuk-body">No training recorded.</p>
      ) : (
        <Table
          caption="Completed training"
          captionClassName="govuk-visually-hidden"
          head={[
            { children: "Course" },
            { children: "Completed" },
            { children: "Counts until" },
            { children: "How" },
            { children: "Certificate" },
          ]}
          rows={completions.map((c) => [
            {
              children: (
                <>
                  {c.courseTitle}
                  {c.revokedAt ? (
                    <>
                      {" "}
                      <Tag className="govuk-tag--red">Revoked</Tag>
                    </>
                  ) : null}
                </>
              ),
            },
            { children: formatDate(c.completedOn) },
            { children: c.expiresOn ? formatDate(c.expiresOn) : "Does not expire" },
            { children: COMPLETION_SOURCE_LABELS[c.source] },
            {
              children: c.revokedAt ? null : (
                <>
                  {certificates.download && c.issuesCertificate && waiting.has(c.id) ? (
                    <span className="govuk-body-s">Waiting for the learner’s evaluation</span>
                  ) : certificates.download && c.issuesCertificate ? (
                    <a className="govuk-link" href={`/certificates/${c.id}.pdf`} download>
                      Download
                      <span className="govuk-visually-hidden">
                        {" "}
                        certificate for {c.courseTitle}, {formatDate(c.completedOn)}
                      </span>
                    </a>
                  ) : null}
                  {certificates.revoke ? (
                    <>
                      {certificates.download && c.issuesCertificate ? <br /> : null}
                      <a className="govuk-link" href={`/admin/completions/${c.id}/revoke`}>
                        Revoke
                        <span className="govuk-visually-hidden">
                          {" "}
                          {c.courseTitle}, {formatDate(c.completedOn)}
                        </span>
                      </a>
                    </>
                  ) : null}
                </>
              ),
            },
          ])}
        />
      )}
      {certificates.record ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/admin/completions/new?person=${person.id}`}>
            Record a completion<span className="govuk-visually-hidden">: {person.name}</span>
          </a>
        </p>
      ) : null}
      {certificates.bulk && completions.some((c) => !c.revokedAt && c.issuesCertificate) ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/certificates/bulk?personId=${person.id}`}>
            Download all certificates<span className="govuk-visually-hidden"> of {person.name}</span>
          </a>
        </p>
      ) : null}
      <h2 className="govuk-heading-m">Evidence of training done elsewhere</h2>
      {evidence.length === 0 ? (
        <p className="govuk-body">{person.name} has not sent any evidence of training done elsewhere.</p>
      ) : (
        <Table
          caption="Evidence of training done elsewhere"
          captionClassName="govuk-visually-hidden"
          head={[
            { children: "Course" },
            { children: "Completed" },
            { children: "Evidence" },
            { children: "Status" },
            { children: "Sent" },
          ]}
          rows={evidence.map((e) => [
            {
              children: e.link ? (
                <a className="govuk-link" href={`/evidence/${e.id}`}>
                  {e.courseTitle}
                  <span className="govuk-visually-hidden">, sent {formatDate(e.submittedAt)}</span>
                </a>
              ) : (
                e.courseTitle
              ),
            },
            { children: formatDate(e.completedOn) },
            { children: EVIDENCE_KIND_LABELS[e.kind] },
            {
              children: (
                <>
                  <Tag colour={EVIDENCE_STATUS_COLOURS[e.status]}>{EVIDENCE_STATUS_LABELS[e.status]}</Tag>
                  {e.status === "rejected" && e.rejectionReason ? (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      Reason: {e.rejectionReason}
                    </span>
                  ) : null}
                </>
              ),
            },
            { children: formatDate(e.submittedAt) },
          ])}
        />
      )}
      <h2 className="govuk-heading-m">Bookings</h2>
      {canBook ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/sessions?for=${person.id}`}>
            Book on a session<span className="govuk-visually-hidden">: {person.name}</span>
          </a>
        </p>
      ) : null}
      {bookings.length === 0 ? (
        <p className="govuk-body">No bookings.</p>
      ) : (
        <>
          <p className="govuk-body" data-testid="no-shows">
            {plural(bookings.filter((b) => b.status === "absent").length, "no-show", "no-shows")},{" "}
            {plural(
              bookings.filter((b) => b.status === "cancelled" && b.lateCancellation).length,
              "late cancellation",
              "late cancellations",
            )}
            .
          </p>
          <Table
            caption="Bookings"
            captionClassName="govuk-visually-hidden"
            head={[{ children: "Course" }, { children: "Date" }, { children: "Status" }]}
            rows={bookings.map((b) => [
              { children: b.courseTitle },
              { children: `${formatDate(b.startsAt)}, ${formatTime(b.startsAt)}` },
              {
                children: (
                  <>
                    {bookingStatusText(b)}
                    {revokedCompletionText(b) ? (
                      <span className="govuk-body-s">: {revokedCompletionText(b)}</span>
                    ) : null}
                    {b.status === "cancelled" && b.cancelReason?.startsWith("Place handed to ") ? (
                      <span className="govuk-body-s">: {b.cancelReason.toLowerCase()}</span>
                    ) : null}
                    {b.chargePence ? (
                      <span className="govuk-body-s">
                        {" "}
                        (charged {formatPence(b.chargePence)}
                        {b.chargeOrganisationName ? ` to ${b.chargeOrganisationName}` : ""})
                      </span>
                    ) : null}
                  </>
                ),
              },
            ])}
          />
        </>
      )}
      {audit ? (
        <>
          <h2 className="govuk-heading-m">Audit trail</h2>
          {audit.changes.length === 0 ? (
            <p className="govuk-body">No changes have been recorded for {person.name}.</p>
          ) : (
            <Table
              caption={`Audit trail: the latest ${audit.changes.length === 1 ? "change" : `${audit.changes.length} changes`}, newest first`}
              captionClassName="govuk-table__caption--s"
              head={[{ children: "When" }, { children: "What" }, { children: "Who" }]}
              rows={audit.changes.map((e) => [
                { children: formatDateTime(e.occurredAt) },
                { children: auditActionLabel(e.action) },
                { children: e.actorName ?? "The system" },
              ])}
            />
          )}
          {audit.reads.length === 0 ? (
            <p className="govuk-body">
              No one else’s views or downloads of {person.name}’s records have been recorded.
            </p>
          ) : (
            <Table
              caption={`Views and downloads: the latest ${audit.reads.length === 1 ? "one" : audit.reads.length}, newest first`}
              captionClassName="govuk-table__caption--s"
              head={[{ children: "When" }, { children: "What" }, { children: "Who" }]}
              rows={audit.reads.map((e) => [
                { children: formatDateTime(e.occurredAt) },
                { children: readLabel(e.action, e.details) },
                { children: e.actorName ?? "The system" },
              ])}
            />
          )}
        </>
      ) : null}
    </>
  );
}

/** A view or download of this person's records, in words (decision 010). */
function readLabel(action: string, details: Record<string, unknown> | null): string {
  const count = typeof details?.certificates === "number" ? details.certificates : null;
  switch (action) {
    case "person.viewed":
      return "Viewed the record";
    case "certificate.downloaded":
      return "Downloaded a certificate";
    case "certificates.zip-downloaded":
      return count === null
        ? "Downloaded certificates (zip)"
        : `Downloaded ${count === 1 ? "1 certificate" : `${count} certificates`} (zip)`;
    case "evidence.viewed":
      return "Viewed evidence of training done elsewhere";
    case "evidence.downloaded":
      return "Downloaded a certificate sent as evidence";
    case "export.downloaded":
      return `Downloaded ${typeof details?.file === "string" ? details.file : "a file"}`;
    default:
      return auditActionLabel(action);
  }
}

/** "booking.cancel" → "Booking: cancel", for the audit trail. */
function auditActionLabel(action: string): string {
  const [entity = "", ...verb] = action.split(".");
  const words = (text: string) => text.replace(/[_-]/g, " ");
  const subject = words(entity);
  return `${subject.charAt(0).toUpperCase()}${subject.slice(1)}${verb.length ? `: ${words(verb.join(" "))}` : ""}`;
}

type AccountState = Awaited<ReturnType<typeof accountInvitationState>>;

/** Whether they have an account; if not, their invitation and a button to send one (people.invitations.tsx sends it). */
function AccountSection({
  person,
  account,
}: {
  person: { id: number; name: string; email: string | null; leavingDate: string | null };
  account: AccountState;
}) {
  const { invitation } = account;
  let state: string;
  if (account.hasAccount) state = `${person.name} has an account.`;
  else if (!invitation) state = `${person.name} has no account and has not been invited to make one.`;
  else if (invitation.status === "pending")
    state = `Invited on ${formatDate(invitation.sentAt)}. The link works until ${formatDateTime(invitation.expiresAt)}.`;
  else if (invitation.status === "expired")
    state = `Invited on ${formatDate(invitation.sentAt)}. The link expired without being used.`;
  else state = `${person.name} has an account.`;
  const mayInvite = !account.hasAccount && invitation?.status !== "accepted";
  return (
    <>
      <h2 className="govuk-heading-m">Account</h2>
      <p className="govuk-body">{state}</p>
      {mayInvite && !person.email ? (
        <p className="govuk-body">Add an email address to their details to invite them.</p>
      ) : null}
      {mayInvite && person.email ? (
        <Form method="post" action="/people/invitations">
          <input type="hidden" name="intent" value="people" />
          <input type="hidden" name="personId" value={person.id} />
          <input type="hidden" name="returnTo" value={`/people/${person.id}`} />
          <Button type="submit" secondary>
            {invitation ? "Send the invitation again" : "Invite them to create an account"}
          </Button>
        </Form>
      ) : null}
    </>
  );
}
