import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import {
  BackLink,
  Button,
  ErrorSummary,
  InsetText,
  SummaryList,
  Table,
  Tag,
  Textarea,
  WarningText,
} from "../components";
import { type BookManyWarning, bookMany, bookManyWarnings, parseIdentifiers } from "../domain/sessions/book-many";
import { whyNotBookable } from "../domain/sessions/booking-rules";
import { getSession } from "../domain/sessions/get-session";
import { formatDate, formatDateTime, formatTime } from "../lib/dates";
import { errorList } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(loaded ? `Book several people: ${loaded.session.courseTitle}` : "Book several people");

const Params = z.object({ sessionId: z.coerce.number().int().positive().max(2_147_483_647) });
const MAX_LINES = 200;

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const { db, user } = await requireUser(request);
  // Adding people from a list is the training team's job; managers book their people one by one.
  requirePermission(user, "sessions:manage");
  requirePermission(user, "booking:manage");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("session");
  const session = await getSession(db, parsed.data.sessionId);
  if (!session) notFound("session");
  return { db, user, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await load(request, params);
  return { session, closed: whyNotBookable(session) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, session } = await load(request, params);
  const form = await readForm(request);
  const people = String(form.get("people") ?? "");
  const lines = parseIdentifiers(people);
  if (lines.length === 0) {
    return data(
      { errors: { people: "Enter at least one email address or HR number" }, people, results: null, warnings: null },
      { status: 400 },
    );
  }
  if (lines.length > MAX_LINES) {
    return data(
      { errors: { people: `Enter ${MAX_LINES} people or fewer at a time` }, people, results: null, warnings: null },
      { status: 400 },
    );
  }
  const scope = personScopeFor(user, "booking:manage");
  // First what booking each of them on their own would warn of; the same list sent again
  // (`checked`, as its lines) books them anyway. A list changed since is checked again.
  const checked = parseIdentifiers(String(form.get("checked") ?? ""));
  if (checked.join("\n") !== lines.join("\n")) {
    const warnings = await bookManyWarnings(db, { session, lines, scope });
    // `checked` is the list as checked, sent back with "Book these people anyway" (made here: the
    // page's code reaching book-many would bring the database's modules into the browser).
    if (warnings.length > 0) return { errors: null, people, results: null, warnings, checked: lines.join("\n") };
  }
  const results = await bookMany(db, { sessionId: session.id, lines, actorAccountId: user.accountId, scope });
  return { errors: null, people: "", results, warnings: null };
}

const OUTCOME_TAGS = {
  booked: ["Booked", "govuk-tag--green"],
  waitlisted: ["Waiting list", "govuk-tag--yellow"],
  "already-booked": ["Already booked", "govuk-tag--grey"],
  "not-found": ["Not found", "govuk-tag--red"],
  refused: ["Not booked", "govuk-tag--red"],
} as const;

export default function BookOthers() {
  const { session, closed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = (result?.errors ?? undefined) as Record<string, string> | undefined;
  const results = result?.results ?? null;
  const warnings = result?.warnings ?? null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/sessions/${session.id}`}>Back to the session</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
        <span className="govuk-caption-l">{session.courseTitle}</span>
        <h1 className="govuk-heading-l">Book several people</h1>
        <SummaryList
          rows={[
            {
              key: { children: "Date" },
              value: {
                children: `${formatDate(session.startsAt)}, ${formatTime(session.startsAt)} to ${formatTime(session.endsAt)}`,
              },
            },
            { key: { children: "Where" }, value: { children: session.online ? "Online" : (session.venue ?? "") } },
            {
              key: { children: "Places left" },
              value: {
                children: `${session.placesLeft} of ${session.capacity}${session.waiting ? `, ${session.waiting} waiting` : ""}`,
              },
            },
          ]}
        />
        {results ? (
          <Table
            caption="What happened"
            captionClassName="govuk-table__caption--m"
            head={[{ children: "You entered" }, { children: "Person" }, { children: "Result" }]}
            rows={results.map((r) => [
              { children: r.line },
              { children: r.personName ?? "" },
              {
                children: (
                  <>
                    <Tag className={OUTCOME_TAGS[r.outcome][1]}>{OUTCOME_TAGS[r.outcome][0]}</Tag>
                    {r.outcome !== "booked" ? <span className="govuk-body-s"> {r.message}</span> : null}
                  </>
                ),
              },
            ])}
          />
        ) : null}
        {closed ? (
          <InsetText>{closed.message}</InsetText>
        ) : (
          <Form method="post" noValidate>
            {warnings ? <PeopleWarnings warnings={warnings} sessionId={session.id} /> : null}
            {warnings ? (
              <input type="hidden" name="checked" value={result && "checked" in result ? result.checked : ""} />
            ) : null}
            <Textarea
              id="people"
              name="people"
              rows={8}
              spellCheck={false}
              label={{
                children: warnings ? "The people to book" : results ? "Book more people" : "Who do you want to book?",
                className: "govuk-label--m",
              }}
              hint={{
                children:
                  "Enter one email address or HR number a line. Once the session is full, people join the waiting list. Their managers’ agreement is recorded as given.",
              }}
              value={result?.people ?? ""}
              errorMessage={errors?.people ? { children: errors.people } : undefined}
            />
            <Button type="submit" disabled={navigation.state === "submitting"}>
              {warnings ? "Book these people anyway" : "Book these people"}
            </Button>
          </Form>
        )}
      </div>
    </div>
  );
}

/**
 * Said before booking, per person (as booking them on their own says, GOV.UK warning text): a
 * live booking on another session of the course, or training that runs out by this session.
 */
function PeopleWarnings({ warnings, sessionId }: { warnings: BookManyWarning[]; sessionId: number }) {
  return (
    <>
      <h2 className="govuk-heading-m">Check before you book</h2>
      <p className="govuk-body">
        {warnings.length === 1 ? "1 person" : `${warnings.length} people`} on the list should know something first. You
        can still book them all, or take someone off the list (it is checked again).
      </p>
      {warnings.map(({ line, personId, personName, warnings: { sameCourse, afterExpiry } }) => (
        <div key={personId} className="govuk-!-margin-bottom-4">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-2">
            {personName} <span className="govuk-caption-s govuk-!-display-inline">({line})</span>
          </h3>
          {sameCourse ? (
            <WarningText>
              {personName} is already {sameCourse.status === "waitlisted" ? "on the waiting list for" : "booked on"}{" "}
              this course:{" "}
              <a className="govuk-link" href={`/sessions/${sameCourse.sessionId}?for=${personId}`}>
                {formatDateTime(sameCourse.startsAt)}
              </a>
              . To move that booking here instead,{" "}
              <a className="govuk-link" href={`/sessions/${sessionId}?for=${personId}`}>
                book {personName} from the session page
              </a>
              .
            </WarningText>
          ) : null}
          {afterExpiry ? (
            <WarningText>
              {personName}’s {afterExpiry.requirementName} training runs out on {formatDate(afterExpiry.runsOutOn)},
              before this session.
              {afterExpiry.earlier[0] ? (
                <>
                  {" "}
                  The earliest session of this course with a place is{" "}
                  <a className="govuk-link" href={`/sessions/${afterExpiry.earlier[0].sessionId}?for=${personId}`}>
                    {formatDateTime(afterExpiry.earlier[0].startsAt)}
                  </a>
                  .
                </>
              ) : (
                " There is no earlier session of this course with a place."
              )}
            </WarningText>
          ) : null}
        </div>
      ))}
    </>
  );
}
