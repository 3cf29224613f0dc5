import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { Table, Tag } from "../components";
import { listCompletionsForPerson } from "../domain/completions/list-completions-for-person";
import { getPerson } from "../domain/people/get-person";
import { listBookingsForPerson } from "../domain/sessions/list-bookings-for-person";
import { formatDate, formatTime, todayInLondon } from "../lib/dates";
import { BOOKING_STATUS_LABELS, COMPLETION_SOURCE_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("My training");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  if (user.personId === null) {
    throw new Response("Your account is not linked to a training record.", { status: 404 });
  }
  await requirePersonAccess(db, user, "record:view", user.personId);
  const [person, completions, bookings] = await Promise.all([
    getPerson(db, user.personId),
    listCompletionsForPerson(db, user.personId),
    listBookingsForPerson(db, user.personId),
  ]);
  return { person: person!, completions, bookings, today: todayInLondon() };
}

export default function MyTraining() {
  const { person, completions, bookings, today } = useLoaderData<typeof loader>();
  const upcoming = bookings.filter((b) => b.startsAt.slice(0, 10) >= today && b.status !== "attended" && b.status !== "absent");
  return (
    <>
      <span className="govuk-caption-l">{person.name}</span>
      <h1 className="govuk-heading-l">My training</h1>

      <h2 className="govuk-heading-m">My bookings</h2>
      {upcoming.length === 0 ? (
        <p className="govuk-body">
          You have no upcoming bookings. <a className="govuk-link" href="/courses">Find a course</a>.
        </p>
      ) : (
        <Table
          caption="My bookings"
          captionClassName="govuk-visually-hidden"
          head={[{ children: "Course" }, { children: "Date" }, { children: "Where" }, { children: "Status" }]}
          rows={upcoming.map((b) => [
            { children: <a className="govuk-link" href={`/sessions/${b.sessionId}`}>{b.courseTitle}</a> },
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
          head={[{ children: "Course" }, { children: "Completed" }, { children: "Counts until" }, { children: "How" }]}
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
          ])}
        />
      )}
    </>
  );
}
