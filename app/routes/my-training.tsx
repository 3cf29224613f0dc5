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
import { getPerson } from "../domain/people/get-person";
import { listBookingsForPerson } from "../domain/sessions/list-bookings-for-person";
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
  const today = todayInLondon();
  const [person, completions, bookings, requirements] = await Promise.all([
    getPerson(db, user.personId),
    listCompletionsForPerson(db, user.personId),
    listBookingsForPerson(db, user.personId),
    requirementsForPerson(db, personScopeFor(user, "record:view"), user.personId, today),
  ]);
  const steps = await nextStepsFor(
    db,
    requirements.map((r) => r.row),
    requirements.map((r) => r.requirement),
  );
  const myRequirements = requirements.map((r) => ({
    id: r.requirement.id,
    name: r.requirement.name,
    description: r.requirement.description,
    status: r.status,
    dueOn: r.dueOn,
    booked: r.booked,
    next: steps.get(r.requirement.id) ?? null,
  }));
  return { person: person!, completions, bookings, today, myRequirements };
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

function NextStep({ next, name }: { next: NextSteps; name: string }) {
  if (next.elearning.length === 0 && next.sessions.length === 0 && next.bookableCourses.length === 0) {
    return <>Ask the Prevent Coordinator how to complete it.</>;
  }
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {next.elearning.map((course) => (
        <li key={`e${course.courseId}`}>
          {course.externalUrl ? (
            <>
              <a className="govuk-link" href={course.externalUrl} target="_blank" rel="noreferrer noopener">
                Start {course.title} (opens in new tab)
              </a>
              , then{" "}
              <a className="govuk-link" href={`/courses/${course.courseId}`}>
                record it<span className="govuk-visually-hidden"> for {name}</span>
              </a>
            </>
          ) : (
            <a className="govuk-link" href={`/courses/${course.courseId}`}>
              Start {course.title}
            </a>
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
  const { person, completions, bookings, today, myRequirements } = useLoaderData<typeof loader>();
  const upcoming = bookings.filter(
    (b) => b.startsAt.slice(0, 10) >= today && b.status !== "attended" && b.status !== "absent",
  );
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
                  <NextStep next={r.next} name={r.name} />
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
                b.sessionStatus === "cancelled" ? (
                  <Tag className="govuk-tag--red">Session cancelled</Tag>
                ) : b.status === "waitlisted" ? (
                  <Tag className="govuk-tag--yellow">Waiting list: number {b.waitlistPosition}</Tag>
                ) : (
                  <Tag>{BOOKING_STATUS_LABELS[b.status]}</Tag>
                ),
            },
          ])}
        />
      )}

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
                !c.revokedAt && c.issuesCertificate ? (
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
