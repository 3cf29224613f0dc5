import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePersonAccess } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText, SummaryList, Textarea, WarningText } from "../components";
import { cancelBooking, cancellationCutOff } from "../domain/sessions/cancel-booking";
import { getBooking } from "../domain/sessions/get-booking";
import { bankHolidaySet } from "../domain/working-days/bank-holidays";
import { formatDate, formatDateTime, formatTime } from "../lib/dates";
import { errorList, parseForm } from "../lib/forms";
import { BOOKING_STATUS_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(loaded?.booking.status === "waitlisted" ? "Leave the waiting list" : "Cancel a booking");

const id = z.coerce.number().int().positive().max(2_147_483_647);
const Params = z.object({ sessionId: id, bookingId: id });

const CancelForm = z.object({
  reason: z.string().trim().max(500, "The reason must be 500 characters or fewer").optional(),
});

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const { db, user } = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("booking");
  const booking = await getBooking(db, parsed.data.bookingId);
  if (!booking || booking.sessionId !== parsed.data.sessionId) notFound("booking");
  await requirePersonAccess(db, user, "booking:manage", booking.personId);
  const self = booking.personId === user.personId;
  // Only the training team may cancel after the cut-off; it is then recorded as a late cancellation.
  const allowAfterCutOff = can(user, "sessions:manage");
  return { db, user, booking, self, allowAfterCutOff };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, booking, self, allowAfterCutOff } = await load(request, params);
  const cutOff = cancellationCutOff(booking, await bankHolidaySet(db));
  const pastCutOff = booking.status === "booked" && cutOff <= new Date();
  return { booking, self, allowAfterCutOff, cutOff: cutOff.toISOString(), pastCutOff };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, booking, self, allowAfterCutOff } = await load(request, params);
  const parsed = parseForm(CancelForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, reason: String(parsed.values.reason ?? "") }, { status: 400 });
  return withFormErrors(
    async () => {
      const result = await cancelBooking(db, {
        bookingId: booking.id,
        actorAccountId: user.accountId,
        reason: parsed.data.reason,
        allowAfterCutOff,
      });
      if (self) throw redirect(`/my-bookings?cancelled=${booking.id}`);
      throw redirect(`/sessions/${booking.sessionId}?cancelled=1&promoted=${result.promotedBookingIds.length}`);
    },
    { reason: parsed.data.reason ?? "" },
    { field: () => "reason" },
  );
}

export default function CancelBooking() {
  const { booking, self, allowAfterCutOff, cutOff, pastCutOff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const back = self ? "/my-bookings" : `/sessions/${booking.sessionId}`;
  const waitlisted = booking.status === "waitlisted";
  const title = waitlisted
    ? self
      ? "Leave the waiting list"
      : `Take ${booking.personName} off the waiting list`
    : self
      ? "Cancel your booking"
      : `Cancel ${booking.personName}’s booking`;
  const live = booking.status === "booked" || waitlisted;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={back}>Back</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <span className="govuk-caption-l">{booking.courseTitle}</span>
        <h1 className="govuk-heading-l">{live ? title : "This booking cannot be cancelled"}</h1>
        <SummaryList
          rows={[
            { key: { children: "Person" }, value: { children: booking.personName } },
            { key: { children: "Course" }, value: { children: booking.courseTitle } },
            {
              key: { children: "Date" },
              value: {
                children: `${formatDate(booking.startsAt)}, ${formatTime(booking.startsAt)} to ${formatTime(booking.endsAt)}`,
              },
            },
            { key: { children: "Where" }, value: { children: booking.joiningLink ? "Online" : (booking.venue ?? "") } },
            {
              key: { children: "Status" },
              value: {
                children: waitlisted
                  ? `Waiting list: number ${booking.waitlistPosition}`
                  : BOOKING_STATUS_LABELS[booking.status],
              },
            },
          ]}
        />
        {!live || booking.sessionStatus !== "scheduled" ? (
          <InsetText>
            {booking.status === "cancelled"
              ? "This booking has already been cancelled."
              : booking.sessionStatus !== "scheduled"
                ? "This session is no longer open for changes."
                : "Attendance has been recorded for this booking."}
          </InsetText>
        ) : pastCutOff && !allowAfterCutOff ? (
          <InsetText>
            The cut-off for cancelling was {formatDateTime(cutOff)}. To cancel now, contact the Prevent Coordinator.
          </InsetText>
        ) : (
          <Form method="post" noValidate>
            {pastCutOff ? (
              <WarningText>
                The cut-off was {formatDateTime(cutOff)}. This will be recorded as a late cancellation, which may be
                charged to the person’s organisation.
              </WarningText>
            ) : null}
            {!waitlisted ? (
              <p className="govuk-body">The place will go to the first person on the waiting list, if there is one.</p>
            ) : null}
            <Textarea
              id="reason"
              name="reason"
              rows={3}
              label={{ children: "Reason (optional)", className: "govuk-label--s" }}
              value={result?.reason ?? ""}
              errorMessage={errors?.reason ? { children: errors.reason } : undefined}
            />
            <div className="govuk-button-group">
              <Button type="submit" warning disabled={navigation.state === "submitting"}>
                {waitlisted ? (self ? "Leave the waiting list" : "Remove from the waiting list") : "Cancel booking"}
              </Button>
              <a className="govuk-link" href={back}>
                Keep {waitlisted ? "the place on the list" : "the booking"}
              </a>
            </div>
          </Form>
        )}
      </div>
    </div>
  );
}
