import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePersonAccess } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { Table, Tag } from "../components";
import { listCompletionsForPerson } from "../domain/completions/list-completions-for-person";
import type { ComplianceStatus } from "../domain/compliance/compliance-query";
import { COMPLIANCE_STATUS_COLOURS, COMPLIANCE_STATUS_LABELS } from "../domain/compliance/labels";
import { type NextSteps, nextStepsFor } from "../domain/compliance/next-steps";
import { requirementsForPerson } from "../domain/compliance/requirements-for-person";
import { latestAttempt } from "../domain/elearning/attempts/attempts";
import { certificatesAwaitingEvaluation } from "../domain/evaluations/certificate-release";
import { evaluationsForPerson } from "../domain/evaluations/person-evaluations";
import { COMPLETE_EVALUATION_TO_GET_CERTIFICATE } from "../domain/evaluations/values";
import { listEvidenceForPerson } from "../domain/evidence/list-evidence";
import { EVIDENCE_STATUS_COLOURS, EVIDENCE_STATUS_LABELS } from "../domain/evidence/values";
import { getPerson } from "../domain/people/get-person";
import { bookingSection, listBookingsForPerson } from "../domain/sessions/list-bookings-for-person";
import { formatDate, formatDateTime, formatTime, todayInLondon } from "../lib/dates";
import { BOOKING_STATUS_LABELS, COMPLETION_SOURCE_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("My training");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  if (user.personId === null) {
    throw new Response("Your account is not linked to a training record.", { status: 404 });
  }
  await requirePersonAccess(db, user, "record:view", user.personId);
  const now = new Date();
  const today = todayInLondon(now);
  const [person, completions, bookings, requirements, evidence] = await Promise.all([
    getPerson(db, user.personId),
    listCompletionsForPerson(db, user.personId),
    listBookingsForPerson(db, user.personId),
    requirementsForPerson(db, personScopeFor(user, "record:view"), user.personId, today),
    listEvidenceForPerson(db, user.personId),
  ]);
  const steps = await nextStepsFor(
    db,
    requirements.map((r) => r.row),
    requirements.map((r) => r.requirement),
  );
  // Hosted e-learning offered as a next step: "Resume" where an attempt is open and has begun.
  const hostedCourseIds = [
    ...new Set([...steps.values()].flatMap((next) => next.elearning.filter((c) => c.hosted).map((c) => c.courseId))),
  ];
  const personId = user.personId;
  const attempts = await Promise.all(hostedCourseIds.map((courseId) => latestAttempt(db, { personId, courseId })));
  const startedCourseIds = attempts.flatMap((a) => (a?.begun && a.closedAt === null ? [a.courseId] : []));
  const myRequirements = requirements.map((r) => ({
    id: r.requirement.id,
    name: r.requirement.name,
    description: r.requirement.description,
    status: r.status,
    dueOn: r.dueOn,
    booked: r.booked,
    next: steps.get(r.requirement.id) ?? null,
  }));
  // Evidence still to be decided, and the latest word on each course where it was not accepted
  // (until evidence of that course is sent again): never shown as training that counts.
  const seen = new Set<number>();
  const myEvidence = evidence
    .filter((e) => {
      if (e.status === "awaiting_verification") return true;
      if (e.status !== "rejected" || seen.has(e.courseId)) return false;
      return !evidence.some((later) => later.courseId === e.courseId && later.submittedAt > e.submittedAt);
    })
    .map((e) => {
      seen.add(e.courseId);
      return {
        id: e.id,
        courseId: e.courseId,
        courseTitle: e.courseTitle,
        completedOn: e.completedOn,
        status: e.status,
        submittedAt: e.submittedAt,
        rejectionReason: e.rejectionReason,
      };
    });
  // Evaluations asked of the sessions attended; certificates that wait for one link to it instead.
  const [evaluations, awaiting] = await Promise.all([
    evaluationsForPerson(db, personId, today),
    certificatesAwaitingEvaluation(
      db,
      completions.map((c) => c.id),
    ),
  ]);
  const waitingCertificates = Object.fromEntries(awaiting);
  return {
    person: person!,
    completions,
    upcoming: bookings.filter((b) => bookingSection(b, now) === "upcoming"),
    today,
    myRequirements,
    myEvidence,
    startedCourseIds,
    evaluations,
    waitingCertificates,
  };
}

function StatusDate({ status, dueOn }: { status: ComplianceStatus; dueOn: string | null }) {
  switch (status) {
    case "current":
      return <>{dueOn ? `Renew by ${formatDate(dueOn)}` : "Does not expire"}</>;
    case "expiring":
      return <>Expires {formatDate(dueOn!)}</>;
    case "expired":
      return <>Expired {formatDate(dueOn!)}</>;
    case "missing":
      return <>Was due {formatDate(dueOn!)}</>;
    default:
      return <>Due by {formatDate(dueOn!)}</>;
  }
}

function NextStep({ next, name, started }: { next: NextSteps; name: string; started: Set<number> }) {
  if (next.elearning.length === 0 && next.sessions.length === 0 && next.bookableCourses.length === 0) {
    return <>Ask the Prevent Coordinator how to complete it.</>;
  }
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {next.elearning.map((course) => (
        <li key={`e${course.courseId}`}>
          {course.hosted ? (
            <a className="govuk-link" href={`/elearning/${course.courseId}`}>
              {started.has(course.courseId) ? "Resume" : "Start"} {course.title}
            </a>
          ) : (
            <>
              {course.externalUrl ? (
                <a className="govuk-link" href={course.externalUrl} target="_blank" rel="noreferrer noopener">
                  Start {course.title} (opens in new tab)
                </a>
              ) : (
                <a className="govuk-link" href={`/courses/${course.courseId}`}>
                  {course.title}
                </a>
              )}
              , then{" "}
              <a className="govuk-link" href={`/my-training/evidence/new?course=${course.courseId}`}>
                send your certificate<span className="govuk-visually-hidden"> for {name}</span>
              </a>
            </>
          )}
        </li>
      ))}
      {next.sessions.map((session) => (
        <li key={`s${session.sessionId}`}>
          <a className="govuk-link" href={`/sessions/${session.sessionId}`}>
            Book {session.courseTitle}, {formatDateTime(session.startsAt)}
          </a>{" "}
          ({session.online ? "online" : (session.venue ?? "venue to be confirmed")}
          {session.placesLeft > 0 ? "" : ", waiting list"})
        </li>
      ))}
      {next.sessions.length === 0
        ? next.bookableCourses.map((course) => (
            <li key={`c${course.courseId}`}>
              No {course.title} sessions are open for booking.{" "}
              <a className="govuk-link" href={`/courses/${course.courseId}`}>
                See the course<span className="govuk-visually-hidden"> {course.title}</span>
              </a>
            </li>
          ))
        : null}
    </ul>
  );
}

export default function MyTraining() {
  const {
    person,
    completions,
    upcoming,
    today,
    myRequirements,
    myEvidence,
    startedCourseIds,
    evaluations,
    waitingCertificates,
  } = useLoaderData<typeof loader>();
  const started = new Set(startedCourseIds);
  return (
    <>
      <span className="govuk-caption-l">{person.name}</span>
      <h1 className="govuk-heading-l">My training</h1>

      <h2 className="govuk-heading-m">What I must complete</h2>
      {myRequirements.length === 0 ? (
        <p className="govuk-body">No training requirements apply to you at the moment.</p>
      ) : (
        <>
          <Table
            caption="What I must complete"
            captionClassName="govuk-visually-hidden"
            head={[
              { children: "Requirement" },
              { children: "Status" },
              { children: "Date" },
              { children: "Next step" },
            ]}
            rows={myRequirements.map((r) => [
              {
                header: true,
                children: (
                  <>
                    {r.name}
                    {r.description ? (
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
                        {r.description}
                      </span>
                    ) : null}
                  </>
                ),
              },
              {
                children: (
                  <>
                    <Tag colour={COMPLIANCE_STATUS_COLOURS[r.status]}>{COMPLIANCE_STATUS_LABELS[r.status]}</Tag>
                    {r.booked ? (
                      <>
                        {" "}
                        <Tag className="govuk-!-margin-top-1">Booked</Tag>
                      </>
                    ) : null}
                  </>
                ),
              },
              { children: <StatusDate status={r.status} dueOn={r.dueOn} /> },
              {
                children: r.booked ? (
                  <>
                    Booked on{" "}
                    <a className="govuk-link" href={`/sessions/${r.booked.sessionId}`}>
                      {r.booked.courseTitle}, {formatDateTime(r.booked.startsAt)}
                    </a>
                  </>
                ) : r.next ? (
                  <NextStep next={r.next} name={r.name} started={started} />
                ) : (
                  "Nothing to do yet"
                ),
              },
            ])}
          />
          <p className="govuk-body-s">
            Expiry is counted from the completion date: completing a course again starts a new cycle from that day.
          </p>
        </>
      )}

      <h2 className="govuk-heading-m">My bookings</h2>
      {upcoming.length === 0 ? (
        <p className="govuk-body">
          You have no upcoming bookings.{" "}
          <a className="govuk-link" href="/courses">
            Find a course
          </a>
          .
        </p>
      ) : (
        <Table
          caption="My bookings"
          captionClassName="govuk-visually-hidden"
          head={[{ children: "Course" }, { children: "Date" }, { children: "Where" }, { children: "Status" }]}
          rows={upcoming.map((b) => [
            {
              children: (
                <a className="govuk-link" href={`/sessions/${b.sessionId}`}>
                  {b.courseTitle}
                </a>
              ),
            },
            { children: `${formatDate(b.startsAt)}, ${formatTime(b.startsAt)}` },
            { children: b.online ? "Online" : (b.venue ?? "") },
            {
              children:
                b.status === "waitlisted" ? (
                  <Tag className="govuk-tag--yellow">Waiting list: number {b.waitlistPosition}</Tag>
                ) : (
                  <Tag>{BOOKING_STATUS_LABELS[b.status]}</Tag>
                ),
            },
          ])}
        />
      )}

      <h2 className="govuk-heading-m">Training done elsewhere</h2>
      {myEvidence.length === 0 ? (
        <p className="govuk-body">You have no evidence waiting to be checked.</p>
      ) : (
        <Table
          caption="Evidence of training done elsewhere"
          captionClassName="govuk-visually-hidden"
          head={[{ children: "Course" }, { children: "Completed" }, { children: "Status" }, { children: "Sent" }]}
          rows={myEvidence.map((e) => [
            {
              children: (
                <a className="govuk-link" href={`/evidence/${e.id}`}>
                  {e.courseTitle}
                </a>
              ),
            },
            { children: formatDate(e.completedOn) },
            {
              children: (
                <>
                  <Tag colour={EVIDENCE_STATUS_COLOURS[e.status]}>{EVIDENCE_STATUS_LABELS[e.status]}</Tag>
                  {e.status === "rejected" ? (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      Reason: {e.rejectionReason}{" "}
                      <a className="govuk-link" href={`/my-training/evidence/new?course=${e.courseId}`}>
                        Send it again<span className="govuk-visually-hidden">: {e.courseTitle}</span>
                      </a>
                    </span>
                  ) : null}
                </>
              ),
            },
            { children: formatDate(e.submittedAt) },
          ])}
        />
      )}
      <p className="govuk-body">
        <a className="govuk-link" href="/my-training/evidence/new">
          Record training done elsewhere
        </a>
      </p>

      {evaluations.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Evaluations to complete</h2>
          <ul className="govuk-list">
            {evaluations.map((e) => (
              <li key={e.bookingId}>
                {!e.afterDone ? (
                  <a className="govuk-link" href={`/my-training/evaluations/${e.bookingId}`}>
                    Evaluate {e.courseTitle}, {formatDate(e.sessionDate)}
                  </a>
                ) : (
                  <a className="govuk-link" href={`/my-training/evaluations/${e.bookingId}?stage=follow_up`}>
                    Follow-up: {e.courseTitle}, {formatDate(e.sessionDate)}
                  </a>
                )}
                {e.certificateWaits ? (
                  <span className="govuk-body-s"> ({COMPLETE_EVALUATION_TO_GET_CERTIFICATE.toLowerCase()})</span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="govuk-heading-m">Completed training</h2>
      {completions.length === 0 ? (
        <p className="govuk-body">You have no training recorded yet.</p>
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
            {
              children: c.expiresOn ? (
                <>
                  {formatDate(c.expiresOn)}
                  {!c.revokedAt && !c.superseded && c.expiresOn < today ? (
                    <>
                      {" "}
                      <Tag className="govuk-tag--red">Expired</Tag>
                    </>
                  ) : null}
                </>
              ) : (
                "Does not expire"
              ),
            },
            { children: COMPLETION_SOURCE_LABELS[c.source] },
            {
              children:
                !c.revokedAt && c.issuesCertificate && waitingCertificates[c.id] !== undefined ? (
                  <a className="govuk-link" href={`/my-training/evaluations/${waitingCertificates[c.id]}`}>
                    {COMPLETE_EVALUATION_TO_GET_CERTIFICATE}
                    <span className="govuk-visually-hidden"> for {c.courseTitle}</span>
                  </a>
                ) : !c.revokedAt && c.issuesCertificate ? (
                  <a className="govuk-link" href={`/certificates/${c.id}.pdf`} download>
                    Download certificate
                    <span className="govuk-visually-hidden">
                      {" "}
                      for {c.courseTitle}, {formatDate(c.completedOn)}
                    </span>
                  </a>
                ) : null,
            },
          ])}
        />
      )}
    </>
  );
}
