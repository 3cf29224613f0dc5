import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BackLink, Button, ErrorSummary, InsetText, SummaryList, Textarea, WarningText } from "../components";
import { cancelSession } from "../domain/sessions/cancel-session";
import { instant } from "../domain/sessions/session-lock";
import { formatDate, formatTime } from "../lib/dates";
import { parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { requireSessionToManage } from "./shared/session-route.server";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Cancel the session of ${data.session.courseTitle}` : "Cancel a session");

const CancelForm = z.object({
  reason: z
    .string({ error: "Enter why the session is cancelled" })
    .trim()
    .min(1, "Enter why the session is cancelled")
    .max(500, "The reason must be 500 characters or fewer"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await requireSessionToManage(request, params);
  const cancellable =
    session.status === "scheduled" && session.attended + session.noShows === 0 && instant(session.endsAt) > new Date();
  return { session, cancellable };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, session } = await requireSessionToManage(request, params);
  const form = await readForm(request);
  const parsed = parseForm(CancelForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, reason: String(parsed.values.reason ?? "") }, { status: 400 });
  return withFormErrors(
    async () => {
      await cancelSession(db, session.id, parsed.data, { accountId: user.accountId });
      throw redirect(`/admin/sessions?cancelled=${session.id}`);
    },
    { reason: parsed.data.reason },
  );
}

export default function CancelSessionPage() {
  const { session, cancellable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const told = session.booked + session.waiting;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/sessions">Sessions</BackLink>
        {result?.errors ? (
          <ErrorSummary
            errorList={Object.entries(result.errors).map(([field, text]) =>
              field === "form" ? { text } : { text, href: `#${field}` },
            )}
          />
        ) : null}
        <span className="govuk-caption-l">{session.courseTitle}</span>
        <h1 className="govuk-heading-l">Are you sure you want to cancel this session?</h1>
        <SummaryList
          rows={[
            { key: { children: "Course" }, value: { children: session.courseTitle } },
            { key: { children: "Date" }, value: { children: formatDate(session.startsAt) } },
            {
              key: { children: "Time" },
              value: { children: `${formatTime(session.startsAt)} to ${formatTime(session.endsAt)}` },
            },
            { key: { children: "Where" }, value: { children: session.venue ?? "Online" } },
            { key: { children: "Booked" }, value: { children: `${session.booked} of ${session.capacity} places` } },
            { key: { children: "Waiting list" }, value: { children: String(session.waiting) } },
          ]}
        />
        {!cancellable ? (
          <InsetText>
            {session.status === "cancelled"
              ? "This session has already been cancelled."
              : "This session has already taken place, so it cannot be cancelled."}
          </InsetText>
        ) : (
          <Form method="post" noValidate>
            <WarningText>
              {told === 0
                ? "Nobody is booked on this session."
                : `${told === 1 ? "The person" : `All ${told} people`} booked or on the waiting list will be told, and ${told === 1 ? "their booking" : "their bookings"} will end.`}
            </WarningText>
            <Textarea
              name="reason"
              rows={3}
              label={{ children: "Why is the session cancelled?", className: "govuk-label--s" }}
              hint={{ children: "This is included in the message to the people booked." }}
              value={result?.reason ?? ""}
              errorMessage={result?.errors?.reason ? { children: result.errors.reason } : undefined}
            />
            <div className="govuk-button-group">
              <Button type="submit" warning preventDoubleClick>
                Cancel session
              </Button>
              <a className="govuk-link" href="/admin/sessions">
                Keep the session
              </a>
            </div>
          </Form>
        )}
      </div>
    </div>
  );
}
