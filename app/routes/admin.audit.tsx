import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { forbidden } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, DateInput, Details, ErrorSummary, Select, Table } from "../components";
import { auditFilterNames, listAuditEntityTypes, listAuditEvents } from "../domain/audit/list-audit-events";
import { AUDIT_RECORD_KINDS, auditActionChoices, isReadAction } from "../domain/audit/values";
import { formatDateTime } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { readAuditSearch } from "./shared/audit-search-params.server";
import { NewestFirstPagination, cursorHref } from "./shared/newest-first-pagination";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle("Audit log – Administration", { hasErrors: Boolean(data?.filters.from.error || data?.filters.to.error) });

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  // The coordinator sees the whole log; the education officer the changes to school staff's records.
  const whole = can(user, "audit:view");
  if (!whole && !can(user, "audit:view-schools")) forbidden("audit:view");
  const { cursor, ...search } = readAuditSearch(request);
  const filters = whole ? search : { ...search, kind: "changes" as const };
  const [result, entityTypes, names] = await Promise.all([
    listAuditEvents(db, {
      action: filters.action,
      kind: filters.kind || undefined,
      entityType: filters.entity,
      entityId: filters.id,
      subjectPersonId: filters.person,
      actorAccountId: filters.actor || undefined,
      from: filters.from.date,
      to: filters.to.date,
      subjectSector: whole ? undefined : "school",
      cursor,
      pageSize: PAGE_SIZE,
    }),
    listAuditEntityTypes(db),
    auditFilterNames(db, { subjectPersonId: filters.person, actorAccountId: filters.actor || undefined }),
  ]);
  return { filters, entityTypes, names, actions: auditActionChoices(), schoolsOnly: !whole, ...result };
}

type Filters = ReturnType<typeof useLoaderData<typeof loader>>["filters"];

/** The filters as query parameters, for the page links and a row's "events about" links. */
function filterParams(f: Filters): Record<string, string | number | undefined> {
  return {
    kind: f.kind,
    action: f.action,
    entity: f.entity,
    id: f.id,
    person: f.person,
    actor: f.actor,
    "from-day": f.from.day,
    "from-month": f.from.month,
    "from-year": f.from.year,
    "to-day": f.to.day,
    "to-month": f.to.month,
    "to-year": f.to.year,
  };
}

export default function AuditLog() {
  const { filters, entityTypes, names, actions, schoolsOnly, rows, older, newer } = useLoaderData<typeof loader>();
  const dateErrors = [filters.from.error, filters.to.error].filter((e): e is string => Boolean(e));
  const narrowedTo = [
    filters.person ? `about ${names.personName ?? "someone no longer on record"}` : null,
    filters.actor ? `by ${names.actorName ?? "an account no longer on record"}` : null,
    filters.entity && filters.id
      ? `about one record (${AUDIT_RECORD_KINDS[filters.entity] ?? filters.entity}, number ${filters.id})`
      : null,
  ].filter(Boolean);
  return (
    <>
      {schoolsOnly ? null : <BackLink href="/admin">Administration</BackLink>}
      {dateErrors.length > 0 ? (
        <ErrorSummary
          errorList={[
            ...(filters.from.error ? [{ text: filters.from.error, href: "#from-day" }] : []),
            ...(filters.to.error ? [{ text: filters.to.error, href: "#to-day" }] : []),
          ]}
        />
      ) : null}
      <h1 className="govuk-heading-l">Audit log</h1>
      {schoolsOnly ? (
        <p className="govuk-body">
          Every change to the records of people who work in a school: their school’s lead keeping its staff list,
          bookings, training records, imports. Who made it, when, and the record before and after.
        </p>
      ) : (
        <p className="govuk-body">
          Every change made in the service: who made it, when, and the record before and after. And every view or
          download of someone’s records: who, when, what and how many.
        </p>
      )}
      <form method="get" aria-label="Filter the audit log">
        {filters.person ? <input type="hidden" name="person" value={filters.person} /> : null}
        {filters.actor ? <input type="hidden" name="actor" value={filters.actor} /> : null}
        <div className="govuk-grid-row">
          {schoolsOnly ? null : (
            <div className="govuk-grid-column-one-third">
              <Select
                name="kind"
                label={{ children: "Show", className: "govuk-label--s" }}
                value={filters.kind}
                items={[
                  { value: "", children: "All events" },
                  { value: "changes", children: "Changes" },
                  { value: "reads", children: "Views and downloads" },
                ]}
              />
            </div>
          )}
          <div className="govuk-grid-column-one-third">
            <Select
              name="action"
              label={{ children: "What happened", className: "govuk-label--s" }}
              value={filters.action}
              items={[
                { value: "", children: "Anything" },
                ...actions.map((a) => ({ value: a.value, children: a.label })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="entity"
              label={{ children: "Kind of record", className: "govuk-label--s" }}
              value={filters.entity}
              items={[
                { value: "", children: "Any" },
                ...entityTypes.map((type) => ({ value: type, children: AUDIT_RECORD_KINDS[type] ?? type })),
              ]}
            />
            {filters.id ? <input type="hidden" name="id" value={filters.id} /> : null}
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput
              id="from"
              namePrefix="from"
              fieldset={{ legend: { children: "From", className: "govuk-fieldset__legend--s" } }}
              hint={{ children: "For example, 1 4 2026" }}
              values={{ day: filters.from.day, month: filters.from.month, year: filters.from.year }}
              errorMessage={filters.from.error ? { children: filters.from.error } : undefined}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <DateInput
              id="to"
              namePrefix="to"
              fieldset={{ legend: { children: "To", className: "govuk-fieldset__legend--s" } }}
              hint={{ children: "For example, 30 6 2026" }}
              values={{ day: filters.to.day, month: filters.to.month, year: filters.to.year }}
              errorMessage={filters.to.error ? { children: filters.to.error } : undefined}
            />
          </div>
        </div>
        <Button type="submit" secondary>
          Apply filters
        </Button>
      </form>
      {narrowedTo.length > 0 ? (
        <p className="govuk-body">
          Only events {narrowedTo.join(", ")}.{" "}
          <a className="govuk-link" href="/admin/audit">
            Show all events
          </a>
        </p>
      ) : null}
      <p className="govuk-body" role="status">
        {rows.length === 0 ? "No events match." : `${rows.length} events, newest first`}
      </p>
      {rows.length > 0 ? (
        <Table
          caption="Audit events, newest first"
          captionClassName="govuk-visually-hidden"
          className="govuk-!-font-size-16"
          head={[{ children: "When" }, { children: "Who" }, { children: "What happened" }, { children: "Details" }]}
          rows={rows.map((event) => [
            { children: formatDateTime(event.occurredAt) },
            {
              children: event.actorAccountId ? (
                <a className="govuk-link" href={cursorHref("/admin/audit", { actor: event.actorAccountId }, null)}>
                  {event.actorName ?? "An account no longer on record"}
                  <span className="govuk-visually-hidden">: all their events</span>
                </a>
              ) : (
                "The service"
              ),
            },
            {
              children: (
                <>
                  {event.words}
                  {event.subjectPersonId && event.subjectPersonId !== filters.person ? (
                    <a
                      className="govuk-link app-audit-about"
                      href={cursorHref("/admin/audit", { person: event.subjectPersonId }, null)}
                    >
                      All events about {event.subjectName ?? "this person"}
                    </a>
                  ) : null}
                </>
              ),
            },
            { children: <EventDetails event={event} /> },
          ])}
        />
      ) : null}
      <NewestFirstPagination
        older={older}
        newer={newer}
        noun="events"
        href={(cursor) => cursorHref("/admin/audit", filterParams(filters), cursor)}
      />
    </>
  );
}

function EventDetails({ event }: { event: ReturnType<typeof useLoaderData<typeof loader>>["rows"][number] }) {
  const hidden = <span className="govuk-visually-hidden"> ({event.words})</span>;
  if (isReadAction(event.action)) {
    if (!event.after) return "Viewed";
    return (
      <Details
        summaryText={
          <>
            What was read
            {hidden}
          </>
        }
        className="govuk-!-margin-bottom-0"
      >
        <pre className="govuk-body-s govuk-!-margin-bottom-2">{event.after}</pre>
      </Details>
    );
  }
  if (!event.before && !event.after) return "No details";
  return (
    <Details
      summaryText={
        <>
          Before and after
          {hidden}
        </>
      }
      className="govuk-!-margin-bottom-0"
    >
      {event.before ? (
        <>
          <h2 className="govuk-heading-s govuk-!-margin-bottom-1">Before</h2>
          <pre className="govuk-body-s govuk-!-margin-bottom-2">{event.before}</pre>
        </>
      ) : null}
      {event.after ? (
        <>
          <h2 className="govuk-heading-s govuk-!-margin-bottom-1">After</h2>
          <pre className="govuk-body-s govuk-!-margin-bottom-2">{event.after}</pre>
        </>
      ) : null}
    </Details>
  );
}
