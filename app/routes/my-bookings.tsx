import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { NotificationBanner, Table, Tag } from "../components";
import { cancellationCutOff } from "../domain/sessions/cancel-booking";
import { bankHolidaySet } from "../domain/working-days/bank-holidays";
import { type BookingView, getBooking } from "../domain/sessions/get-booking";
import { type PersonBooking, bookingSection, listBookingsForPerson } from "../domain/sessions/list-bookings-for-person";
import { formatDate, formatDateTime, formatTime } from "../lib/dates";
import { BOOKING_STATUS_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { revokedCompletionText } from "../lib/revoked-completion";
import { readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("My bookings");

const id = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
const Query = z.object({ booked: id, waitlisted: id, cancelled: id });

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  if (user.personId === null) {
    throw new Response("Your account is not linked to a training record.", { status: 404 });
  }
  await requirePersonAccess(db, user, "booking:manage", user.personId);
  const query = Query.parse(Object.fromEntries(readQuery(request)));
  const now = new Date();
  const bookings = await listBookingsForPerson(db, user.personId, { includeCancelled: true, now });
  const noticeId = query.booked ?? query.waitlisted ?? query.cancelled;
  let notice: { kind: "booked" | "waitlisted" | "cancelled"; booking: BookingView } | null = null;
  if (noticeId !== undefined) {
    const booking = await getBooking(db, noticeId);
    if (booking && booking.personId === user.personId) {
      notice = { kind: query.booked ? "booked" : query.waitlisted ? "waitlisted" : "cancelled", booking };
    }
  }
  const holidays = await bankHolidaySet(db);
  const withActions = (b: PersonBooking) => {
    const live = (b.status === "booked" || b.status === "waitlisted") && b.sessionStatus === "scheduled";
    const cutOff = cancellationCutOff(b, holidays);
    return {
      ...b,
      canCancel: live && (b.status === "waitlisted" || now < cutOff),
      cutOff: cutOff.toISOString(),
      calendar: b.status === "booked" || b.status === "cancelled" || b.sessionStatus === "cancelled",
    };
  };
  const inSection = (section: ReturnType<typeof bookingSection>) =>
    bookings.filter((b) => bookingSection(b, now) === section).map(withActions);
  return { notice, upcoming: inSection("upcoming"), cancelled: inSection("cancelled"), past: inSection("past") };
}

function StatusTag({ booking }: { booking: PersonBooking }) {
  if (booking.sessionStatus === "cancelled") return <Tag className="govuk-tag--red">Session cancelled</Tag>;
  if (booking.status === "waitlisted")
    return <Tag className="govuk-tag--yellow">Waiting list: number {booking.waitlistPosition}</Tag>;
  const colour =
    booking.status === "cancelled" || booking.status === "absent"
      ? "govuk-tag--grey"
      : booking.status === "attended"
        ? "govuk-tag--green"
        : "govuk-tag--blue";
  const revoked = revokedCompletionText(booking);
  return (
    <>
      <Tag className={colour}>{BOOKING_STATUS_LABELS[booking.status]}</Tag>
      {revoked ? <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{revoked}</p> : null}
    </>
  );
}

export default function MyBookings() {
  const { notice, upcoming, cancelled, past } = useLoaderData<typeof loader>();
  type Row = (typeof upcoming)[number];
  const rows = (list: Row[], withActions: boolean) =>
    list.map((b) => [
      {
        children: (
          <a className="govuk-link" href={`/sessions/${b.sessionId}`}>
            {b.courseTitle}
            <span className="govuk-visually-hidden"> on {formatDate(b.startsAt)}</span>
          </a>
        ),
      },
      { children: `${formatDate(b.startsAt)}, ${formatTime(b.startsAt)} to ${formatTime(b.endsAt)}` },
      { children: b.online ? "Online" : (b.venue ?? "") },
      { children: <StatusTag booking={b} /> },
      ...(withActions
        ? [
            {
              children: (
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {b.calendar ? (
                    <li>
                      <a className="govuk-link" href={`/bookings/${b.id}/calendar.ics`} download>
                        {b.status === "booked" && b.sessionStatus !== "cancelled"
                          ? "Add to calendar"
                          : "Remove from calendar"}
                        <span className="govuk-visually-hidden">
                          : {b.courseTitle} on {formatDate(b.startsAt)}
                        </span>
                      </a>
                    </li>
                  ) : null}
                  {b.canCancel ? (
                    <li>
                      <a className="govuk-link" href={`/sessions/${b.sessionId}/bookings/${b.id}/cancel`}>
                        {b.status === "waitlisted" ? "Leave waiting list" : "Cancel"}
                        <span className="govuk-visually-hidden">
                          : {b.courseTitle} on {formatDate(b.startsAt)}
                        </span>
                      </a>
                    </li>
                  ) : b.status === "booked" && b.sessionStatus === "scheduled" ? (
                    <li className="govuk-body-s">Cut-off for cancelling was {formatDateTime(b.cutOff)}</li>
                  ) : null}
                </ul>
              ),
            },
          ]
        : []),
    ]);
  const head = (withActions: boolean) => [
    { children: "Course" },
    { children: "Date" },
    { children: "Where" },
    { children: "Status" },
    ...(withActions ? [{ children: <span className="govuk-visually-hidden">Actions</span> }] : []),
  ];
  return (
    <>
      {notice ? (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">
            {notice.kind === "booked"
              ? `You have a place on ${notice.booking.courseTitle} on ${formatDate(notice.booking.startsAt)}.`
              : notice.kind === "waitlisted"
                ? `You are number ${notice.booking.waitlistPosition ?? ""} on the waiting list for ${notice.booking.courseTitle} on ${formatDate(notice.booking.startsAt)}.`
                : `Your booking on ${notice.booking.courseTitle} on ${formatDate(notice.booking.startsAt)} has been cancelled.`}
          </p>
          {notice.kind !== "waitlisted" ? (
            <p className="govuk-body">
              <a
                className="govuk-notification-banner__link"
                href={`/bookings/${notice.booking.id}/calendar.ics`}
                download
              >
                {notice.kind === "booked" ? "Add it to your calendar" : "Remove it from your calendar"}
              </a>
            </p>
          ) : (
            <p className="govuk-body">If a place becomes free, the first person waiting gets it and is told.</p>
          )}
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">My bookings</h1>
      <p className="govuk-body">
        <a className="govuk-link" href="/sessions">
          Find a training session
        </a>{" "}
        ·{" "}
        <a className="govuk-link" href="/messages">
          Your messages
        </a>
      </p>
      <h2 className="govuk-heading-m">Upcoming</h2>
      {upcoming.length === 0 ? (
        <p className="govuk-body">You have no upcoming bookings.</p>
      ) : (
        <Table
          caption="Upcoming bookings"
          captionClassName="govuk-visually-hidden"
          head={head(true)}
          rows={rows(upcoming, true)}
        />
      )}
      {cancelled.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Cancelled</h2>
          <Table
            caption="Cancelled bookings"
            captionClassName="govuk-visually-hidden"
            head={head(true)}
            rows={rows(cancelled, true)}
          />
        </>
      ) : null}
      <h2 className="govuk-heading-m">Past</h2>
      {past.length === 0 ? (
        <p className="govuk-body">You have no past bookings.</p>
      ) : (
        <Table
          caption="Past bookings"
          captionClassName="govuk-visually-hidden"
          head={head(false)}
          rows={rows(past, false)}
        />
      )}
    </>
  );
}
