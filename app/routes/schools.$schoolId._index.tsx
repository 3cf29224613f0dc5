import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, NotificationBanner, SummaryList, Table, Tag } from "../components";
import { COMPLIANCE_STATUS_COLOURS, COMPLIANCE_STATUS_LABELS } from "../domain/compliance/labels";
import {
  LAST_SESSION_SOURCE_LABELS,
  RAG_COLOURS,
  SHARE_BASIS_LABELS,
  cellLabel,
  percentLabel,
} from "../domain/coverage/labels";
import { schoolCoverageDetail } from "../domain/coverage/school-coverage-detail";
import { shareBasisReason } from "../domain/coverage/values";
import { listSchoolSessions } from "../domain/sessions/school-sessions";
import { RAG_LABELS } from "../domain/kpis/rag";
import { formatDate, todayInLondon } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { readQuery } from "../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.detail.school.name ?? "School");

const Params = z.object({ schoolId: z.coerce.number().int().positive().max(2_147_483_647) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "schools:view-coverage");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("school");
  const today = todayInLondon();
  const detail = await schoolCoverageDetail(db, parsed.data.schoolId, today);
  if (!detail) notFound("school");
  const query = readQuery(request);
  return {
    detail,
    today,
    canDeclare: can(user, "schools:declare-headcount"),
    declared: query.get("declared") === "1",
    schoolSessions: await listSchoolSessions(db, parsed.data.schoolId),
    canRecordSession: can(user, "school-sessions:record"),
    recorded: query.get("recorded") === "1",
  };
}

const ROLE_LABELS = { dsl: "DSL", deputy_dsl: "Deputy DSL", governor: "Governor" } as const;

export default function SchoolPage() {
  const { detail, today, canDeclare, declared, schoolSessions, canRecordSession, recorded } =
    useLoaderData<typeof loader>();
  const { school, staff, declarations } = detail;
  return (
    <>
      <BackLink href="/schools">All schools</BackLink>
      {declared ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">The declared figures have been recorded.</p>
        </NotificationBanner>
      ) : null}
      {recorded ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">The training delivered in the school has been recorded.</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{[school.phase, school.type].filter(Boolean).join(" · ")}</span>
      <h1 className="govuk-heading-l">{school.name}</h1>
      <SummaryList
        rows={[
          { key: { children: "URN" }, value: { children: school.urn ?? "Not recorded" } },
          {
            key: { children: "Status today" },
            value: { children: <Tag colour={RAG_COLOURS[school.status]}>{RAG_LABELS[school.status]}</Tag> },
          },
          {
            key: { children: "Trained DSL" },
            value: {
              children:
                school.dsls === 0
                  ? "No DSL recorded"
                  : `${school.dslsTrained} of ${school.dsls} DSLs and deputies trained`,
            },
          },
          {
            key: { children: "Staff with current Prevent awareness (evidenced)" },
            value: {
              children: school.prevent.applicable > 0 ? cellLabel(school.prevent) : "No staff recorded one by one",
            },
          },
          {
            key: { children: "Declared figures" },
            value: {
              children: school.declaration
                ? `${percentLabel(school.declaration.percent)}: ${school.declaration.declaredTrained} of ${school.declaration.headcount} staff trained, declared on ${formatDate(school.declaration.declaredOn)}`
                : "None declared",
            },
          },
          {
            key: { children: "Status judged on" },
            value: {
              children: (
                <>
                  {SHARE_BASIS_LABELS[school.shareBasis]}
                  <br />
                  <span className="govuk-body-s">{shareBasisReason(school)}</span>
                </>
              ),
            },
          },
          {
            key: { children: "Last session" },
            value: {
              children: school.lastSession
                ? `${formatDate(school.lastSession.on)} (${LAST_SESSION_SOURCE_LABELS[school.lastSession.source]})`
                : "None recorded",
            },
          },
        ]}
      />
      {canDeclare ? (
        <Button href={`/schools/${school.id}/declare`} secondary>
          Record a declared headcount
        </Button>
      ) : null}

      <h2 className="govuk-heading-m">Staff</h2>
      {staff.length === 0 ? (
        <p className="govuk-body">No staff are recorded one by one for this school on {formatDate(today)}.</p>
      ) : (
        <Table
          label={`Staff at ${school.name}`}
          caption={`Staff at ${school.name} and their Prevent training, DSLs first`}
          captionClassName="govuk-visually-hidden"
          head={[
            { children: "Name" },
            { children: "Job title" },
            { children: "Role" },
            { children: "Prevent awareness" },
            { children: "DSL: Prevent and DSL training" },
          ]}
          rows={staff.map((s) => [
            {
              children: (
                <a className="govuk-link" href={`/people/${s.personId}`}>
                  {s.name}
                </a>
              ),
            },
            { children: s.jobTitle ?? "" },
            { children: s.roles.map((r) => ROLE_LABELS[r]).join(", ") },
            {
              children: s.preventStatus ? (
                <>
                  <Tag colour={COMPLIANCE_STATUS_COLOURS[s.preventStatus]}>
                    {COMPLIANCE_STATUS_LABELS[s.preventStatus]}
                  </Tag>
                  {s.preventValidUntil && (s.preventStatus === "current" || s.preventStatus === "expiring") ? (
                    <>
                      <br />
                      <span className="govuk-body-s">until {formatDate(s.preventValidUntil)}</span>
                    </>
                  ) : null}
                </>
              ) : (
                "Not required"
              ),
            },
            {
              children:
                s.dslHoldsPrevent === null ? (
                  ""
                ) : s.dslHoldsPrevent && s.dslHoldsDslTraining ? (
                  <Tag colour="green">Trained</Tag>
                ) : (
                  <>
                    <Tag colour="red">Not trained</Tag>
                    <br />
                    <span className="govuk-body-s">
                      {[
                        !s.dslHoldsPrevent ? "no current Prevent awareness" : null,
                        !s.dslHoldsDslTraining ? "DSL training not current" : null,
                      ]
                        .filter(Boolean)
                        .join("; ")}
                    </span>
                  </>
                ),
            },
          ])}
        />
      )}

      <h2 className="govuk-heading-m" id="training-in-school">
        Training delivered in the school
      </h2>
      {schoolSessions.length === 0 ? (
        <p className="govuk-body">No training delivered in the school has been recorded.</p>
      ) : (
        <Table
          caption={`Training delivered in ${school.name}, newest first`}
          captionClassName="govuk-visually-hidden"
          head={[
            { children: "Date" },
            { children: "Course" },
            { children: "Attended", format: "numeric" },
            { children: "Named", format: "numeric" },
            { children: "Delivered by" },
          ]}
          rows={schoolSessions.map((s) => [
            { children: formatDate(s.deliveredOn) },
            { children: s.courseTitle },
            { children: String(s.attendeeCount), format: "numeric" },
            { children: String(s.named), format: "numeric" },
            { children: s.trainerName ?? "" },
          ])}
        />
      )}
      {canRecordSession ? (
        <Button href={`/schools/${school.id}/sessions/new`} secondary>
          Record training delivered in the school
        </Button>
      ) : null}

      <h2 className="govuk-heading-m">Declared figures</h2>
      {declarations.length === 0 ? (
        <p className="govuk-body">This school has not declared a headcount.</p>
      ) : (
        <Table
          caption={`Headcounts declared by ${school.name}, newest first`}
          captionClassName="govuk-visually-hidden"
          head={[
            { children: "Declared on" },
            { children: "Headcount", format: "numeric" },
            { children: "Trained", format: "numeric" },
            { children: "Note" },
            { children: "Recorded by" },
          ]}
          rows={declarations.map((d) => [
            { children: formatDate(d.declaredOn) },
            { children: String(d.headcount), format: "numeric" },
            { children: String(d.declaredTrained), format: "numeric" },
            { children: d.note ?? "" },
            { children: d.declaredBy ?? "" },
          ])}
        />
      )}
    </>
  );
}
