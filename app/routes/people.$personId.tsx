import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, SummaryList, Table, Tag } from "../components";
import { listCompletionsForPerson } from "../domain/completions/list-completions-for-person";
import { getPerson } from "../domain/people/get-person";
import { listBookingsForPerson } from "../domain/sessions/list-bookings-for-person";
import { formatDate, formatTime } from "../lib/dates";
import { BOOKING_STATUS_LABELS, COMPLETION_SOURCE_LABELS, SECTOR_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.person.name ?? "Person");

const Params = z.object({ personId: z.coerce.number().int().positive() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("person");
  const { personId } = parsed.data;
  await requirePersonAccess(db, user, "record:view", personId);
  const [person, completions, bookings] = await Promise.all([
    getPerson(db, personId),
    listCompletionsForPerson(db, personId),
    listBookingsForPerson(db, personId, { includeCancelled: true }),
  ]);
  if (!person) notFound("person");
  return { person, completions, bookings };
}

export default function PersonRecord() {
  const { person, completions, bookings } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href="/people">People</BackLink>
      <span className="govuk-caption-l">{person.organisationName}</span>
      <h1 className="govuk-heading-l">{person.name}</h1>
      <SummaryList
        rows={[
          { key: { children: "Job title" }, value: { children: person.jobTitle ?? "Not recorded" } },
          { key: { children: "Organisation" }, value: { children: `${person.organisationName} (${SECTOR_LABELS[person.sector]})` } },
          { key: { children: "Line manager" }, value: { children: person.lineManagerName ?? "None recorded" } },
          { key: { children: "Email" }, value: { children: person.email ?? "Not recorded" } },
          { key: { children: "Profile" }, value: { children: person.profileTags.length ? person.profileTags.join(", ") : "None" } },
          { key: { children: "Started" }, value: { children: formatDate(person.startDate) } },
          ...(person.leavingDate ? [{ key: { children: "Left" }, value: { children: formatDate(person.leavingDate) } }] : []),
        ]}
      />
      <h2 className="govuk-heading-m">Completed training</h2>
      {completions.length === 0 ? (
        <p className="govuk-body">No training recorded.</p>
      ) : (
        <Table
          caption="Completed training"
          captionClassName="govuk-visually-hidden"
          head={[{ children: "Course" }, { children: "Completed" }, { children: "Counts until" }, { children: "How" }]}
          rows={completions.map((c) => [
            { children: <>{c.courseTitle}{c.revokedAt ? <> <Tag className="govuk-tag--red">Revoked</Tag></> : null}</> },
            { children: formatDate(c.completedOn) },
            { children: c.expiresOn ? formatDate(c.expiresOn) : "Does not expire" },
            { children: COMPLETION_SOURCE_LABELS[c.source] },
          ])}
        />
      )}
      <h2 className="govuk-heading-m">Bookings</h2>
      {bookings.length === 0 ? (
        <p className="govuk-body">No bookings.</p>
      ) : (
        <Table
          caption="Bookings"
          captionClassName="govuk-visually-hidden"
          head={[{ children: "Course" }, { children: "Date" }, { children: "Status" }]}
          rows={bookings.map((b) => [
            { children: b.courseTitle },
            { children: `${formatDate(b.startsAt)}, ${formatTime(b.startsAt)}` },
            { children: BOOKING_STATUS_LABELS[b.status] },
          ])}
        />
      )}
    </>
  );
}
