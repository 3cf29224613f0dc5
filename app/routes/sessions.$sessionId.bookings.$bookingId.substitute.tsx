import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission, requirePersonAccess } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, Input, InsetText, SummaryList } from "../components";
import { getBooking } from "../domain/sessions/get-booking";
import { instant } from "../domain/sessions/session-lock";
import { findColleague, substituteBooking } from "../domain/sessions/substitute-booking";
import { formatDateTime } from "../lib/dates";
import { errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { idSchema, readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction = () => pageTitle("Give the place to a colleague");

const Params = z.object({ sessionId: idSchema, bookingId: idSchema });

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "booking:substitute");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("booking");
  const booking = await getBooking(db, parsed.data.bookingId);
  if (!booking || booking.sessionId !== parsed.data.sessionId) notFound("booking");
  await requirePersonAccess(db, user, "booking:substitute", booking.personId);
  return { db, user, booking };
}

/** Why the place cannot be handed over now, or null. */
function whyNot(booking: { status: string; sessionStatus: string; startsAt: string }, now = new Date()) {
  if (booking.sessionStatus === "cancelled") return "This session has been cancelled.";
  if (booking.sessionStatus !== "scheduled" || instant(booking.startsAt) <= now) {
    return "This session has started, so the place can no longer be given to someone else.";
  }
  if (booking.status === "waitlisted") return "This is a place on the waiting list, not a booked place.";
  if (booking.status !== "booked") return "This booking is no longer a booked place.";
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { booking } = await load(request, params);
  return { booking, problem: whyNot(booking) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, booking } = await load(request, params);
  const form = formValues(await readForm(request));
  const colleague = typeof form.colleague === "string" ? form.colleague.trim().slice(0, 320) : "";
  if (!colleague) {
    return data(
      { errors: { colleague: "Enter the colleague’s email address or HR number" }, colleague },
      { status: 400 },
    );
  }
  const found = await findColleague(db, personScopeFor(user, "booking:substitute"), colleague);
  if (!found) {
    return data(
      { errors: { colleague: "No one in your team or organisation has this email address or HR number" }, colleague },
      { status: 400 },
    );
  }
  return withFormErrors(
    async () => {
      await substituteBooking(db, {
        bookingId: booking.id,
        colleaguePersonId: found.id,
        actorAccountId: user.accountId,
      });
      throw redirect(`/sessions/${booking.sessionId}?for=${found.id}&substituted=1`);
    },
    { colleague },
    { field: (error) => (error.field === "colleague" ? "colleague" : "form") },
  );
}

export default function SubstituteBooking() {
  const { booking, problem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const back = `/sessions/${booking.sessionId}?for=${booking.personId}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={back}>Back to the session</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors, { form: "colleague" })} /> : null}
        <span className="govuk-caption-l">{booking.personName}</span>
        <h1 className="govuk-heading-l">Give the place to a colleague</h1>
        <SummaryList
          rows={[
            { key: { children: "Course" }, value: { children: booking.courseTitle } },
            { key: { children: "When" }, value: { children: formatDateTime(booking.startsAt) } },
            { key: { children: "Place held by" }, value: { children: booking.personName } },
          ]}
        />
        {problem ? (
          <p className="govuk-body">{problem}</p>
        ) : (
          <>
            <p className="govuk-body">
              The colleague takes {booking.personName}’s place on this session: nobody on the waiting list is moved, and
              the booking is not counted as a late cancellation or charged. Both of them are told.
            </p>
            <InsetText>
              You can give a place to someone in your team or organisation until the session starts.
            </InsetText>
            <Form method="post" noValidate>
              <Input
                id="colleague"
                name="colleague"
                spellCheck={false}
                autoComplete="off"
                className="govuk-!-width-two-thirds"
                label={{ children: "Colleague’s email address or HR number", className: "govuk-label--s" }}
                value={result?.colleague ?? ""}
                errorMessage={
                  errors?.colleague || errors?.form ? { children: errors.colleague ?? errors.form } : undefined
                }
              />
              <Button type="submit" preventDoubleClick>
                Give the place
              </Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
