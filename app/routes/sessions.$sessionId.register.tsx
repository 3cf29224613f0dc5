import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireSessionAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, InsetText, Input, NotificationBanner, SummaryList, Table, Tag } from "../components";
import { DomainError } from "../domain/errors";
import { listPeople } from "../domain/people/list-people";
import { addWalkIn } from "../domain/sessions/add-walk-in";
import { getSession } from "../domain/sessions/get-session";
import { listRegister } from "../domain/sessions/list-register";
import { markAttendance } from "../domain/sessions/mark-attendance";
import { formatDate, formatTime, todayInLondon } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { BOOKING_STATUS_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(loaded ? `Register: ${loaded.session.courseTitle}, ${formatDate(loaded.session.startsAt)}` : "Register");

const id = z.coerce.number().int().positive().max(2_147_483_647);
const Params = z.object({ sessionId: id });
const Query = z.object({
  q: z.string().trim().max(100).catch(""),
  done: z.enum(["attended", "absent", "all", "walk-in"]).optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(10_000).optional().catch(undefined),
});

const RegisterForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("mark"), bookingId: id, outcome: z.enum(["attended", "absent"]) }),
  z.object({ intent: z.literal("mark-all") }),
  z.object({ intent: z.literal("walk-in"), personId: id }),
]);

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
  const { db, session } = await load(request, params);
  const query = Query.parse(formValues(readQuery(request)));
  const register = await listRegister(db, session.id);
  const open = session.status !== "cancelled" && session.date <= todayInLondon();
  // A walk-in can be anyone who turned up, so the trainer searches everyone (names and organisations only).
  const found =
    open && query.q
      ? (await listPeople(db, { kind: "all" }, { search: query.q, pageSize: 10 })).rows.map((p) => ({
          id: p.id,
          name: p.name,
          jobTitle: p.jobTitle,
          organisationName: p.organisationName,
          onRegister: register.some((r) => r.personId === p.id && r.status !== "waitlisted"),
        }))
      : [];
  return { session, register, open, query, found };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, session } = await load(request, params);
  const parsed = parseForm(RegisterForm, await readForm(request));
  if (!parsed.ok) return data({ errors: { register: "Choose who to mark and how" } }, { status: 400 });
  const form = parsed.data;
  try {
    if (form.intent === "walk-in") {
      await addWalkIn(db, { sessionId: session.id, personId: form.personId, actorAccountId: user.accountId });
      throw redirect(`/sessions/${session.id}/register?done=walk-in`);
    }
    const result = await markAttendance(db, {
      sessionId: session.id,
      bookingIds: form.intent === "mark" ? [form.bookingId] : "everyone",
      outcome: form.intent === "mark" ? form.outcome : "attended",
      actorAccountId: user.accountId,
    });
    const done = form.intent === "mark" ? form.outcome : "all";
    throw redirect(`/sessions/${session.id}/register?done=${done}&n=${result.changed.length}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ errors: { register: error.message } }, { status: 400 });
  }
}

function doneMessage(done: string, n: number | undefined): string {
  switch (done) {
    case "walk-in":
      return "Walk-in added and marked as attended.";
    case "all":
      return n === 1 ? "1 person marked as attended." : `${n ?? 0} people marked as attended.`;
    case "absent":
      return n ? "Marked as absent." : "Already marked as absent: nothing changed.";
    default:
      return n ? "Marked as attended." : "Already marked as attended: nothing changed.";
  }
}

export default function Register() {
  const { session, register, open, query, found } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  const placed = register.filter((r) => r.status !== "waitlisted");
  const waiting = register.filter((r) => r.status === "waitlisted");
  const unmarked = placed.filter((r) => r.status === "booked").length;
  const busy = navigation.state === "submitting";
  return (
    <>
      <BackLink href={`/sessions/${session.id}`}>Back to the session</BackLink>
      {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
      {query.done && !errors ? <NotificationBanner type="success">{doneMessage(query.done, query.n)}</NotificationBanner> : null}
      <span className="govuk-caption-l">{session.courseTitle}</span>
      <h1 className="govuk-heading-l">Register</h1>
      <SummaryList
        rows={[
          { key: { children: "Date" }, value: { children: `${formatDate(session.startsAt)}, ${formatTime(session.startsAt)} to ${formatTime(session.endsAt)}` } },
          { key: { children: "Where" }, value: { children: session.online ? "Online" : (session.venue ?? "") } },
          { key: { children: "Trainer" }, value: { children: session.trainerName ?? "Not recorded" } },
          {
            key: { children: "Attendance" },
            value: { children: `${session.attended} attended, ${session.noShows} absent, ${unmarked} not yet marked` },
          },
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`/sessions/${session.id}/register.pdf`} download>
          Download the sign-in sheet (PDF)
        </a>
      </p>
      {session.status === "cancelled" ? (
        <InsetText>This session has been cancelled, so it has no register.</InsetText>
      ) : !open ? (
        <InsetText>You can take the register from {formatDate(session.startsAt)}, the day of the session.</InsetText>
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
                  <Tag className={r.status === "attended" ? "govuk-tag--green" : r.status === "absent" ? "govuk-tag--red" : "govuk-tag--grey"}>
                    {r.status === "booked" ? "Not marked" : BOOKING_STATUS_LABELS[r.status]}
                  </Tag>
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
                            <Button type="submit" name="outcome" value="attended" secondary className="govuk-!-margin-bottom-0" disabled={busy || r.status === "attended"}>
                              Attended<span className="govuk-visually-hidden">: {r.name}</span>
                            </Button>
                            <Button type="submit" name="outcome" value="absent" secondary className="govuk-!-margin-bottom-0" disabled={busy || r.status === "absent"}>
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
      {open && placed.some((r) => r.status !== "attended") ? (
        <Form method="post">
          <input type="hidden" name="intent" value="mark-all" />
          <p className="govuk-body">Everyone on the register is marked as attended. Then mark anyone who did not come as absent.</p>
          <Button type="submit" disabled={busy}>
            Mark all as attended
          </Button>
        </Form>
      ) : null}

      {open ? (
        <>
          <h2 className="govuk-heading-m">Add a walk-in</h2>
          <p className="govuk-body">Someone who came without a place is added as attended, even if the session is full.</p>
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
              <p className="govuk-body" role="status">No people found.</p>
            ) : (
              <Table
                caption="People found"
                captionClassName="govuk-table__caption--s"
                head={[{ children: "Name" }, { children: "Organisation" }, { children: <span className="govuk-visually-hidden">Action</span> }]}
                rows={found.map((p) => [
                  { children: <>{p.name}{p.jobTitle ? <span className="govuk-body-s">, {p.jobTitle}</span> : null}</> },
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
