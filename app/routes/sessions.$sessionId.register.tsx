import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission, requireSessionAccess } from "../auth/guards.server";
import { type CurrentUser, can, personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import {
  BackLink,
  Button,
  ErrorSummary,
  InsetText,
  Input,
  NotificationBanner,
  SummaryList,
  Table,
  Tag,
  Textarea,
} from "../components";
import { addWalkIn } from "../domain/sessions/add-walk-in";
import { getSession } from "../domain/sessions/get-session";
import { listRegister } from "../domain/sessions/list-register";
import { markAttendance } from "../domain/sessions/mark-attendance";
import { getRegisterWindow, whyRegisterIsShut } from "../domain/sessions/register-window";
import { REGISTER_CLOSES_AFTER_DAYS, REGISTER_REOPEN_DAYS } from "../domain/sessions/values";
import { reopenRegister } from "../domain/sessions/reopen-register";
import { type WalkInReach, findWalkInCandidates } from "../domain/sessions/walk-in-candidates";
import { formatDate, formatDateTime, formatTime } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { BOOKING_STATUS_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { revokedCompletionText } from "../lib/revoked-completion";
import { readForm, readQuery } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(loaded ? `Register: ${loaded.session.courseTitle}, ${formatDate(loaded.session.startsAt)}` : "Register");

const id = z.coerce.number().int().positive().max(2_147_483_647);
const Params = z.object({ sessionId: id });
const Query = z.object({
  q: z.string().trim().max(100).catch(""),
  done: z.enum(["attended", "absent", "all", "walk-in", "reopened"]).optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(10_000).optional().catch(undefined),
  absent: z.coerce.number().int().min(0).max(10_000).optional().catch(undefined),
  // The booking just marked: named in the message, and the page opens at its row.
  booking: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
});

const RegisterForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("mark"), bookingId: id, outcome: z.enum(["attended", "absent"]) }),
  z.object({ intent: z.literal("mark-all") }),
  z.object({ intent: z.literal("walk-in"), personId: id }),
  z.object({ intent: z.literal("reopen"), reason: z.string().max(10_000) }),
]);

/**
 * A trainer adds walk-ins only from the people the session's course is for; whoever may reach
 * every record (the coordinator) from anyone the session is open to (walk-in-candidates.ts).
 */
function walkInReach(user: CurrentUser): WalkInReach {
  return personScopeFor(user, "register:take").kind === "all" ? "session-audience" : "course-audience";
}

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const { db, user } = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("session");
  const session = await getSession(db, parsed.data.sessionId);
  if (!session) notFound("session");
  requireSessionAccess(user, "register:take", session);
  return { db, user, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, session } = await load(request, params);
  const query = Query.parse(formValues(readQuery(request)));
  const register = await listRegister(db, session.id);
  const window = await getRegisterWindow(db, session.id, new Date());
  if (!window) notFound("session");
  const open = window.state === "open";
  const reach = walkInReach(user);
  const walkInHint = session.audienceOrganisationName
    ? `You can find the staff of ${session.audienceOrganisationName}, whom this session is for.`
    : reach === "course-audience"
      ? "You can find the people this course is required for, and anyone who booked this session."
      : "You can find anyone on the staff on the day of the session.";
  const found =
    open && query.q
      ? (
          await findWalkInCandidates(db, { sessionId: session.id, sessionDate: session.date, reach, search: query.q })
        ).map((p) => ({ ...p, onRegister: register.some((r) => r.personId === p.id && r.status !== "waitlisted") }))
      : [];
  return {
    session,
    register,
    open,
    window,
    shut: whyRegisterIsShut(window),
    canReopen: window.state === "closed" && can(user, "register:reopen"),
    walkInHint,
    query,
    found,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, session } = await load(request, params);
  const parsed = parseForm(RegisterForm, await readForm(request));
  if (!parsed.ok) return data({ errors: { register: "Choose who to mark and how" } }, { status: 400 });
  const form = parsed.data;
  return withFormErrors(
    async () => {
      if (form.intent === "reopen") {
        requirePermission(user, "register:reopen");
        await reopenRegister(db, { sessionId: session.id, reason: form.reason, actorAccountId: user.accountId });
        throw redirect(`/sessions/${session.id}/register?done=reopened`);
      }
      if (form.intent === "walk-in") {
        await addWalkIn(db, {
          sessionId: session.id,
          personId: form.personId,
          reach: walkInReach(user),
          actorAccountId: user.accountId,
        });
        throw redirect(`/sessions/${session.id}/register?done=walk-in`);
      }
      const result = await markAttendance(db, {
        sessionId: session.id,
        bookingIds: form.intent === "mark" ? [form.bookingId] : "everyone",
        outcome: form.intent === "mark" ? form.outcome : "attended",
        actorAccountId: user.accountId,
      });
      if (form.intent === "mark") {
        // Back at the row just marked (its anchor), not the top of a long register.
        throw redirect(
          `/sessions/${session.id}/register?done=${form.outcome}&n=${result.changed.length}&booking=${form.bookingId}#booking-${form.bookingId}`,
        );
      }
      throw redirect(
        `/sessions/${session.id}/register?done=all&n=${result.changed.length}&absent=${result.leftAbsent}`,
      );
    },
    {},
    { field: (error) => (form.intent === "reopen" && error.field === "reason" ? "reason" : "register") },
  );
}

function people(n: number): string {
  return n === 1 ? "1 person" : `${n} people`;
}

function whom(name: string | undefined): string {
  return name ? `${name} ` : "";
}

function doneMessage(done: string, n: number | undefined, absent: number | undefined, who?: string): string {
  switch (done) {
    case "walk-in":
      return "Walk-in added and marked as attended.";
    case "reopened":
      return "Register reopened.";
    case "all": {
      const marked = `${people(n ?? 0)} not yet marked ${n === 1 ? "was" : "were"} marked as attended.`;
      if (!absent) return marked;
      return `${marked} ${people(absent)} marked absent ${absent === 1 ? "was" : "were"} left as absent: if they did attend, mark them one at a time.`;
    }
    case "absent":
      return n ? `Marked ${whom(who)}as absent.` : "Already marked as absent: nothing changed.";
    default:
      return n ? `Marked ${whom(who)}as attended.` : "Already marked as attended: nothing changed.";
  }
}

export default function Register() {
  const { session, register, open, window, shut, canReopen, walkInHint, query, found } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const placed = register.filter((r) => r.status !== "waitlisted");
  const waiting = register.filter((r) => r.status === "waitlisted");
  const unmarked = placed.filter((r) => r.status === "booked").length;
  const busy = navigation.state === "submitting";
  const marked = query.booking === undefined ? undefined : placed.find((r) => r.bookingId === query.booking);
  return (
    <>
      <BackLink href={`/sessions/${session.id}`}>Back to the session</BackLink>
      {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
      {query.done && !errors ? (
        // After one person's mark the page opens at their row (the URL's anchor): the banner, at the
        // top, must not take the focus (GOV.UK's default for success) and pull the page back up.
        <NotificationBanner type="success" disableAutoFocus={marked ? true : undefined}>
          {doneMessage(query.done, query.n, query.absent, marked?.name)}
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{session.courseTitle}</span>
      <h1 className="govuk-heading-l">Register</h1>
      <SummaryList
        rows={[
          {
            key: { children: "Date" },
            value: {
              children: `${formatDate(session.startsAt)}, ${formatTime(session.startsAt)} to ${formatTime(session.endsAt)}`,
            },
          },
          { key: { children: "Where" }, value: { children: session.online ? "Online" : (session.venue ?? "") } },
          { key: { children: "Trainer" }, value: { children: session.trainerName ?? "Not recorded" } },
          {
            key: { children: "Attendance" },
            value: { children: `${session.attended} attended, ${session.noShows} absent, ${unmarked} not yet marked` },
          },
          ...(window.state === "open" || window.state === "not-started"
            ? [
                {
                  key: { children: "Register closes" },
                  value: {
                    children: window.reopened
                      ? `${formatDateTime(window.closesAt)} (reopened by the training coordinator: ${window.reopened.reason})`
                      : `${formatDateTime(window.closesAt)}, ${REGISTER_CLOSES_AFTER_DAYS} days after the session`,
                  },
                },
              ]
            : []),
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`/sessions/${session.id}/register.pdf`} download>
          Download the sign-in sheet (PDF)
        </a>
      </p>
      {shut ? <InsetText>{shut.message}</InsetText> : null}
      {canReopen ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="reopen" />
          <Textarea
            name="reason"
            rows={3}
            label={{ children: "Why does the register need reopening?", className: "govuk-label--s" }}
            hint={{
              children: `It reopens for ${REGISTER_REOPEN_DAYS} days, then closes again. The reason is kept in the audit trail.`,
            }}
            errorMessage={errors?.reason ? { children: errors.reason } : undefined}
          />
          <Button type="submit" secondary disabled={busy}>
            Reopen the register
          </Button>
        </Form>
      ) : null}
      <div id="register">
        {placed.length === 0 ? (
          <p className="govuk-body">Nobody is booked on this session.</p>
        ) : (
          <Table
            caption={`People booked (${placed.length})`}
            captionClassName="govuk-table__caption--m"
            head={[
              { children: "Name" },
              { children: "Organisation" },
              { children: "Status" },
              ...(open ? [{ children: "Mark as" }] : []),
            ]}
            rows={placed.map((r) => [
              {
                id: `booking-${r.bookingId}`,
                children: (
                  <>
                    {r.name}
                    {r.walkIn ? <span className="govuk-body-s"> (walk-in)</span> : null}
                  </>
                ),
              },
              { children: r.organisationName },
              {
                children: (
                  <>
                    <Tag
                      className={
                        r.status === "attended"
                          ? "govuk-tag--green"
                          : r.status === "absent"
                            ? "govuk-tag--red"
                            : "govuk-tag--grey"
                      }
                    >
                      {r.status === "booked" ? "Not marked" : BOOKING_STATUS_LABELS[r.status]}
                    </Tag>
                    {revokedCompletionText(r) ? (
                      <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                        {revokedCompletionText(r)}
                      </p>
                    ) : null}
                  </>
                ),
              },
              ...(open
                ? [
                    {
                      children: (
                        <Form method="post" className="app-register-actions">
                          <input type="hidden" name="intent" value="mark" />
                          <input type="hidden" name="bookingId" value={r.bookingId} />
                          <div className="govuk-button-group govuk-!-margin-bottom-0">
                            <Button
                              type="submit"
                              name="outcome"
                              value="attended"
                              secondary
                              className="govuk-!-margin-bottom-0"
                              disabled={busy || r.status === "attended"}
                            >
                              Attended<span className="govuk-visually-hidden">: {r.name}</span>
                            </Button>
                            <Button
                              type="submit"
                              name="outcome"
                              value="absent"
                              secondary
                              className="govuk-!-margin-bottom-0"
                              disabled={busy || r.status === "absent"}
                            >
                              Absent<span className="govuk-visually-hidden">: {r.name}</span>
                            </Button>
                          </div>
                        </Form>
                      ),
                    },
                  ]
                : []),
            ])}
          />
        )}
      </div>
      {open && unmarked > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="mark-all" />
          <p className="govuk-body">
            Everyone not yet marked is marked as attended. Anyone already marked absent stays absent. Then mark anyone
            who did not come as absent.
          </p>
          <Button type="submit" disabled={busy}>
            Mark all as attended
          </Button>
        </Form>
      ) : null}

      {open ? (
        <>
          <h2 className="govuk-heading-m">Add a walk-in</h2>
          <p className="govuk-body">
            Someone who came without a place is added as attended, even if the session is full. {walkInHint}
          </p>
          <form method="get" role="search" aria-label="People">
            <Input
              id="q"
              name="q"
              type="search"
              label={{ children: "Search by name, email or HR number", className: "govuk-label--s" }}
              value={query.q}
              className="govuk-!-width-one-half"
            />
            <Button type="submit" secondary>
              Search
            </Button>
          </form>
          {query.q ? (
            found.length === 0 ? (
              <p className="govuk-body" role="status">
                No people found.
              </p>
            ) : (
              <Table
                caption="People found"
                captionClassName="govuk-table__caption--s"
                head={[
                  { children: "Name" },
                  { children: "Organisation" },
                  { children: <span className="govuk-visually-hidden">Action</span> },
                ]}
                rows={found.map((p) => [
                  {
                    children: (
                      <>
                        {p.name}
                        {p.jobTitle ? <span className="govuk-body-s">, {p.jobTitle}</span> : null}
                      </>
                    ),
                  },
                  { children: p.organisationName },
                  {
                    children: p.onRegister ? (
                      "On the register"
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="walk-in" />
                        <input type="hidden" name="personId" value={p.id} />
                        <Button type="submit" secondary className="govuk-!-margin-bottom-0" disabled={busy}>
                          Add as walk-in<span className="govuk-visually-hidden">: {p.name}</span>
                        </Button>
                      </Form>
                    ),
                  },
                ])}
              />
            )
          ) : null}
        </>
      ) : null}

      {waiting.length > 0 ? (
        <Table
          caption={`Waiting list (${waiting.length})`}
          captionClassName="govuk-table__caption--m"
          head={[{ children: "Number", format: "numeric" }, { children: "Name" }, { children: "Organisation" }]}
          rows={waiting.map((r) => [
            { children: String(r.waitlistPosition), format: "numeric" },
            { children: r.name },
            { children: r.organisationName },
          ])}
        />
      ) : null}
    </>
  );
}
