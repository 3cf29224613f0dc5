import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission, requirePersonAccess } from "../auth/guards.server";
import { type CurrentUser, can, canActOnSession, personScopeFor } from "../auth/permissions";
import { type SignedIn, requireUser } from "../auth/session.server";
import {
  BackLink,
  Button,
  Checkboxes,
  ErrorSummary,
  InsetText,
  NotificationBanner,
  SummaryList,
  Table,
  Tag,
  WarningText,
} from "../components";
import { getPerson } from "../domain/people/get-person";
import { isPersonInScope } from "../domain/people/scope";
import { bookPlace } from "../domain/sessions/book-place";
import { whyNotBookable } from "../domain/sessions/booking-rules";
import { bookingWarnings } from "../domain/sessions/booking-warnings";
import { moveBooking } from "../domain/sessions/move-booking";
import { getLiveBooking } from "../domain/sessions/get-booking";
import { getSession } from "../domain/sessions/get-session";
import { listRegister } from "../domain/sessions/list-register";
import { sessionFigures } from "../domain/sessions/session-figures";
import { instant } from "../domain/sessions/session-lock";
import { formatPence } from "../domain/charges/values";
import { overlappingBooking } from "../domain/sessions/overlapping-booking";
import { formatDate, formatDateTime, formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { BOOKING_STATUS_LABELS, SESSION_STATUS_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(loaded ? `${loaded.session.courseTitle}, ${formatDate(loaded.session.startsAt)}` : "Training session");

const id = z.coerce.number().int().positive().max(2_147_483_647);
const Params = z.object({ sessionId: id });
const Query = z.object({
  for: id.optional().catch(undefined),
  booked: z.enum(["booked", "waitlisted"]).optional().catch(undefined),
  cancelled: z.literal("1").optional().catch(undefined),
  substituted: z.literal("1").optional().catch(undefined),
  promoted: z.coerce.number().int().min(0).max(1000).optional().catch(undefined),
});

/** Whose booking the page is about: the signed-in person's own, or someone they book for (`?for=`). */
async function subjectOf(db: SignedIn["db"], user: CurrentUser, forPersonId: number | undefined) {
  if (forPersonId !== undefined && forPersonId !== user.personId) {
    await requirePersonAccess(db, user, "booking:manage", forPersonId);
    const person = await getPerson(db, forPersonId);
    if (!person) notFound("person");
    return { id: person.id, name: person.name, self: false };
  }
  if (user.personId !== null && can(user, "booking:manage")) {
    return { id: user.personId, name: user.displayName, self: true };
  }
  return null;
}

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:view");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("session");
  const session = await getSession(db, parsed.data.sessionId);
  if (!session) notFound("session");
  return { db, user, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, session } = await load(request, params);
  const query = Query.parse(Object.fromEntries(readQuery(request)));
  const subject = await subjectOf(db, user, query.for);
  const booking = subject ? await getLiveBooking(db, session.id, subject.id) : undefined;
  const closed = whyNotBookable(session);
  // Said before the form is filled in, not after: booking would be refused for it.
  const clash = subject && !booking && !closed ? await overlappingBooking(db, subject.id, session) : null;
  // Before booking, not after: a second session of a course they are already on, or one after their training runs out.
  const warnings = subject && !booking && !closed && !clash ? await bookingWarnings(db, subject.id, session) : null;
  const canTakeRegister = canActOnSession(user, "register:take", session);
  // A manager (or coordinator, school lead, contract manager) may hand a booked place to a colleague.
  const canSubstitute =
    booking?.status === "booked" &&
    session.status === "scheduled" &&
    instant(session.startsAt) > new Date() &&
    subject != null &&
    can(user, "booking:substitute") &&
    (await isPersonInScope(db, personScopeFor(user, "booking:substitute"), subject.id));
  const staff = canTakeRegister || can(user, "sessions:view-all");
  let people: Array<Awaited<ReturnType<typeof listRegister>>[number] & { mayCancel: boolean }> = [];
  if (staff) {
    const scope = personScopeFor(user, "booking:manage");
    const register = await listRegister(db, session.id);
    people = await Promise.all(
      register.map(async (entry) => ({
        ...entry,
        mayCancel:
          (entry.status === "booked" || entry.status === "waitlisted") &&
          (scope.kind === "all" || (await isPersonInScope(db, scope, entry.personId))),
      })),
    );
  }
  return {
    session,
    subject,
    booking: booking ?? null,
    closed,
    clash,
    warnings,
    notice: {
      booked: query.booked,
      cancelled: query.cancelled === "1",
      promoted: query.promoted ?? 0,
      substituted: query.substituted === "1",
    },
    canSubstitute,
    figures: staff ? await sessionFigures(db, session.id) : null,
    staff,
    canTakeRegister,
    canBookMany: can(user, "sessions:manage"),
    people,
  };
}

const BookForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.enum(["book", "wait"]),
    personId: id.optional(),
    managerAgreed: z.literal("yes").optional(),
  }),
  // Moving the person's booking on another session of this course here, instead of booking twice.
  z.object({ intent: z.literal("move"), personId: id.optional(), fromBookingId: id }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, session } = await load(request, params);
  const parsed = parseForm(BookForm, await readForm(request));
  if (!parsed.ok) return data({ errors: { booking: "Choose how to book" }, managerAgreed: false }, { status: 400 });
  const subject = await subjectOf(db, user, parsed.data.personId);
  if (!subject) notFound("person");
  await requirePersonAccess(db, user, "booking:manage", subject.id);
  const form = parsed.data;
  const managerAgreed = subject.self && form.intent !== "move" ? form.managerAgreed === "yes" : true;
  const done = (result: { bookingId: number; status: "booked" | "waitlisted" }) =>
    subject.self
      ? redirect(`/my-bookings?${result.status}=${result.bookingId}`)
      : redirect(`/sessions/${session.id}?for=${subject.id}&booked=${result.status}`);
  if (form.intent === "move") {
    const fromBookingId = form.fromBookingId;
    return withFormErrors(
      async () => {
        throw done(
          await moveBooking(db, {
            fromBookingId,
            toSessionId: session.id,
            personId: subject.id,
            actorAccountId: user.accountId,
            // As on the cancel page: only the training team may give up a place after the cut-off.
            allowAfterCutOff: can(user, "sessions:manage"),
          }),
        );
      },
      { managerAgreed: false },
      { field: () => "booking" },
    );
  }
  return withFormErrors(
    async () => {
      const result = await bookPlace(db, {
        sessionId: session.id,
        personId: subject.id,
        actorAccountId: user.accountId,
        managerAgreed,
        joinWaitingList: form.intent === "wait",
      });
      throw done(result);
    },
    { managerAgreed },
    { field: (error) => error.field ?? "booking" },
  );
}

export default function SessionPage() {
  const {
    session,
    subject,
    booking,
    closed,
    clash,
    warnings,
    notice,
    staff,
    canTakeRegister,
    canBookMany,
    people,
    canSubstitute,
    figures,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const forParam = subject && !subject.self ? `?for=${subject.id}` : "";
  const full = session.placesLeft === 0;
  const placed = people.filter((p) => p.status !== "waitlisted");
  const waiting = people.filter((p) => p.status === "waitlisted");
  const you = subject?.self ? "You" : (subject?.name ?? "");

  return (
    <>
      <BackLink href={`/sessions${forParam}`}>Find a training session</BackLink>
      {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
      {notice.booked ? (
        <NotificationBanner type="success">
          {notice.booked === "booked"
            ? `${subject?.name ?? "They"} now has a place on this session.`
            : `${subject?.name ?? "They"} is on the waiting list.`}
        </NotificationBanner>
      ) : null}
      {notice.substituted ? (
        <NotificationBanner type="success">
          The place has been given to {subject?.name ?? "your colleague"}. Both of them have been told.
        </NotificationBanner>
      ) : null}
      {notice.cancelled ? (
        <NotificationBanner type="success">
          {notice.promoted > 0
            ? `The booking has been cancelled. ${notice.promoted === 1 ? "The first person waiting now has the place and has been told." : `${notice.promoted} people from the waiting list now have places and have been told.`}`
            : "The booking has been cancelled."}
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">
        {subject && !subject.self ? `Booking for ${subject.name}` : "Training session"}
      </span>
      <h1 className="govuk-heading-l">{session.courseTitle}</h1>
      {session.status === "cancelled" ? (
        <WarningText>
          This session has been cancelled.{session.cancelReason ? ` ${session.cancelReason}` : ""}
        </WarningText>
      ) : null}
      <SummaryList
        rows={[
          { key: { children: "Date" }, value: { children: formatDate(session.startsAt) } },
          {
            key: { children: "Time" },
            value: { children: `${formatTime(session.startsAt)} to ${formatTime(session.endsAt)}` },
          },
          {
            key: { children: "Where" },
            value: {
              children: session.online ? (
                booking && (booking.status === "booked" || staff) ? (
                  <a className="govuk-link" href={session.joiningLink ?? undefined} rel="noreferrer noopener">
                    Join online
                  </a>
                ) : (
                  "Online: the joining link is shown to people with a place"
                )
              ) : (
                (session.venue ?? "")
              ),
            },
          },
          { key: { children: "Trainer" }, value: { children: session.trainerName ?? "To be confirmed" } },
          {
            key: { children: "Places" },
            value: {
              children: full
                ? `Full (${session.capacity} places)${session.waiting > 0 ? `, ${session.waiting} on the waiting list` : ""}`
                : `${session.placesLeft} of ${session.capacity} left`,
            },
          },
          session.bookingClosesAt
            ? { key: { children: "Booking closes" }, value: { children: formatDateTime(session.bookingClosesAt) } }
            : null,
          session.audienceOrganisationName
            ? {
                key: { children: "Who can book" },
                value: { children: `Only staff of ${session.audienceOrganisationName}` },
              }
            : null,
          session.notes ? { key: { children: "Notes" }, value: { children: session.notes } } : null,
          session.status !== "scheduled"
            ? { key: { children: "Status" }, value: { children: SESSION_STATUS_LABELS[session.status] } }
            : null,
        ]}
      />

      {subject ? (
        <>
          <h2 className="govuk-heading-m">{subject.self ? "Your booking" : `${subject.name}’s booking`}</h2>
          {booking ? (
            <>
              <p className="govuk-body">
                {booking.status === "waitlisted" ? (
                  <Tag className="govuk-tag--yellow">Waiting list: number {booking.waitlistPosition}</Tag>
                ) : (
                  <Tag className="govuk-tag--blue">{BOOKING_STATUS_LABELS[booking.status]}</Tag>
                )}
              </p>
              {booking.status === "waitlisted" ? (
                <p className="govuk-body">
                  {you} {subject.self ? "are" : "is"} number {booking.waitlistPosition} on the waiting list. If a place
                  becomes free, the first person waiting gets it and is told.
                </p>
              ) : null}
              <ul className="govuk-list">
                {booking.status === "booked" ? (
                  <li>
                    <a className="govuk-link" href={`/bookings/${booking.id}/calendar.ics`} download>
                      {subject.self ? "Add to your calendar" : "Add to their calendar"} (.ics file)
                    </a>
                  </li>
                ) : null}
                {canSubstitute ? (
                  <li>
                    <a className="govuk-link" href={`/sessions/${session.id}/bookings/${booking.id}/substitute`}>
                      Give {subject.self ? "my" : "this"} place to a colleague
                    </a>
                  </li>
                ) : null}
                {(booking.status === "booked" || booking.status === "waitlisted") && session.status === "scheduled" ? (
                  <li>
                    <a className="govuk-link" href={`/sessions/${session.id}/bookings/${booking.id}/cancel`}>
                      {booking.status === "waitlisted"
                        ? subject.self
                          ? "Leave the waiting list"
                          : `Take ${subject.name} off the waiting list`
                        : subject.self
                          ? "Cancel my booking"
                          : `Cancel ${subject.name}’s booking`}
                    </a>
                  </li>
                ) : null}
              </ul>
            </>
          ) : closed ? (
            <InsetText>{closed.message}</InsetText>
          ) : clash ? (
            <InsetText>
              {subject.self ? "You already have" : `${subject.name} already has`} a booking at that time:{" "}
              <a
                className="govuk-link"
                href={`/sessions/${clash.sessionId}${subject.self ? "" : `?for=${subject.id}`}`}
              >
                {clash.courseTitle} on {formatDateTime(clash.startsAt)}
              </a>
              . To book this session, cancel that booking first.
            </InsetText>
          ) : (
            <>
              {warnings ? (
                <BookingWarningsPanel
                  warnings={warnings}
                  subject={subject}
                  full={full}
                  submitting={navigation.state === "submitting"}
                />
              ) : null}
              <Form method="post" noValidate id="booking">
                {subject.self ? null : <input type="hidden" name="personId" value={subject.id} />}
                {full ? (
                  <p className="govuk-body">
                    This session is full. {subject.self ? "You" : subject.name} can join the waiting list: if a place
                    becomes free, the first person waiting gets it and is told.
                  </p>
                ) : null}
                {subject.self ? (
                  <Checkboxes
                    name="managerAgreed"
                    idPrefix="managerAgreed"
                    fieldset={{
                      legend: { children: "Your manager’s agreement", className: "govuk-fieldset__legend--s" },
                    }}
                    errorMessage={errors?.managerAgreed ? { children: errors.managerAgreed } : undefined}
                    items={[
                      {
                        value: "yes",
                        children: "My manager has agreed to me attending",
                        checked: result?.managerAgreed ?? false,
                      },
                    ]}
                  />
                ) : (
                  <p className="govuk-body">
                    As you are booking for {subject.name}, their manager’s agreement is recorded as given.
                  </p>
                )}
                <Button
                  type="submit"
                  name="intent"
                  value={full ? "wait" : "book"}
                  disabled={navigation.state === "submitting"}
                >
                  {`${full ? "Join the waiting list" : "Book a place"}${warnings?.sameCourse || warnings?.afterExpiry ? " anyway" : ""}`}
                </Button>
              </Form>
            </>
          )}
        </>
      ) : null}

      {staff ? (
        <>
          <h2 className="govuk-heading-m">People booked</h2>
          {figures ? (
            <SummaryList
              className="govuk-summary-list--no-border"
              rows={[
                { key: { children: "Booked" }, value: { children: String(figures.booked) } },
                { key: { children: "Attended" }, value: { children: String(figures.attended) } },
                { key: { children: "No-shows" }, value: { children: String(figures.noShows) } },
                { key: { children: "On the waiting list" }, value: { children: String(figures.waiting) } },
                {
                  key: { children: "Cancelled" },
                  value: {
                    children: `${figures.cancelled}${figures.lateCancellations > 0 ? `, ${figures.lateCancellations} late` : ""}${
                      figures.handedOver > 0 ? `, ${figures.handedOver} handed to a colleague` : ""
                    }`,
                  },
                },
                figures.chargedPence > 0
                  ? { key: { children: "Charged" }, value: { children: formatPence(figures.chargedPence) } }
                  : null,
              ]}
            />
          ) : null}
          <ul className="govuk-list">
            {canTakeRegister ? (
              <>
                <li>
                  <a className="govuk-link" href={`/sessions/${session.id}/register`}>
                    Take the register
                  </a>
                </li>
                <li>
                  <a className="govuk-link" href={`/sessions/${session.id}/register.pdf`} download>
                    Download the sign-in sheet (PDF)
                  </a>
                </li>
              </>
            ) : null}
            {canBookMany && session.status === "scheduled" ? (
              <li>
                <a className="govuk-link" href={`/sessions/${session.id}/book-others`}>
                  Book several people
                </a>
              </li>
            ) : null}
          </ul>
          {placed.length === 0 ? (
            <p className="govuk-body">Nobody has a place yet.</p>
          ) : (
            <Table
              caption={`People with a place (${placed.length} of ${session.capacity})`}
              captionClassName="govuk-table__caption--s"
              head={[
                { children: "Name" },
                { children: "Organisation" },
                { children: "Status" },
                { children: <span className="govuk-visually-hidden">Action</span> },
              ]}
              rows={placed.map((p) => [
                { children: p.name },
                { children: p.organisationName },
                { children: BOOKING_STATUS_LABELS[p.status] + (p.walkIn ? " (walk-in)" : "") },
                {
                  children: p.mayCancel ? (
                    <a className="govuk-link" href={`/sessions/${session.id}/bookings/${p.bookingId}/cancel`}>
                      Cancel<span className="govuk-visually-hidden"> {p.name}’s booking</span>
                    </a>
                  ) : null,
                },
              ])}
            />
          )}
          {waiting.length > 0 ? (
            <Table
              caption={`Waiting list (${waiting.length})`}
              captionClassName="govuk-table__caption--s"
              head={[
                { children: "Number", format: "numeric" },
                { children: "Name" },
                { children: "Organisation" },
                { children: <span className="govuk-visually-hidden">Action</span> },
              ]}
              rows={waiting.map((p) => [
                { children: String(p.waitlistPosition), format: "numeric" },
                { children: p.name },
                { children: p.organisationName },
                {
                  children: p.mayCancel ? (
                    <a className="govuk-link" href={`/sessions/${session.id}/bookings/${p.bookingId}/cancel`}>
                      Remove<span className="govuk-visually-hidden"> {p.name} from the waiting list</span>
                    </a>
                  ) : null,
                },
              ])}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/**
 * Said before booking (GOV.UK warning text): the person already has a booking on another session
 * of this course, which they can move here in one step; or this session is on or after the day
 * their training stops counting, with the earlier sessions that would keep it current.
 */
function BookingWarningsPanel({
  warnings,
  subject,
  full,
  submitting,
}: {
  warnings: NonNullable<Loaded["warnings"]>;
  subject: NonNullable<Loaded["subject"]>;
  full: boolean;
  submitting: boolean;
}) {
  const forParam = subject.self ? "" : `?for=${subject.id}`;
  const { sameCourse, afterExpiry } = warnings;
  // A place moves only to a place; a place on a waiting list may move to another waiting list.
  const movable = sameCourse !== null && (!full || sameCourse.status === "waitlisted");
  return (
    <>
      {sameCourse ? (
        <>
          <WarningText>
            {subject.self ? "You are" : `${subject.name} is`} already{" "}
            {sameCourse.status === "waitlisted" ? "on the waiting list for" : "booked on"} this course:{" "}
            <a className="govuk-link" href={`/sessions/${sameCourse.sessionId}${forParam}`}>
              {formatDateTime(sameCourse.startsAt)}
            </a>
            .{" "}
            {movable
              ? "Move that booking here instead of booking twice."
              : "This session is full, so that place cannot move here."}
          </WarningText>
          {movable ? (
            <Form method="post" noValidate id="move-booking">
              {subject.self ? null : <input type="hidden" name="personId" value={subject.id} />}
              <input type="hidden" name="fromBookingId" value={sameCourse.bookingId} />
              <p className="govuk-body">
                The booking on {formatDate(sameCourse.startsAt)} is cancelled and this one made in the same step
                {subject.self ? "; your manager’s agreement carries over" : ""}.
              </p>
              <Button type="submit" name="intent" value="move" disabled={submitting}>
                {subject.self ? "Move my booking to this session" : `Move ${subject.name}’s booking to this session`}
              </Button>
            </Form>
          ) : null}
        </>
      ) : null}
      {afterExpiry ? (
        <>
          <WarningText>
            {subject.self ? "Your" : `${subject.name}’s`} {afterExpiry.requirementName} training runs out on{" "}
            {formatDate(afterExpiry.runsOutOn)}, before this session.
            {afterExpiry.earlier.length > 0
              ? " Book an earlier session to stay up to date."
              : " There is no earlier session of this course with a place."}
          </WarningText>
          {afterExpiry.earlier.length > 0 ? (
            <>
              <h3 className="govuk-heading-s">Earlier sessions of this course</h3>
              <ul className="govuk-list" id="earlier-sessions">
                {afterExpiry.earlier.map((e) => (
                  <li key={e.sessionId}>
                    <a className="govuk-link" href={`/sessions/${e.sessionId}${forParam}`}>
                      {formatDateTime(e.startsAt)}
                    </a>
                    , {e.online ? "online" : (e.venue ?? "")} ({e.placesLeft} {e.placesLeft === 1 ? "place" : "places"}{" "}
                    left)
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      {sameCourse || afterExpiry ? <h3 className="govuk-heading-s">Or book this session anyway</h3> : null}
    </>
  );
}
