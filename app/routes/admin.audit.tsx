import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { forbidden } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, Details, Input, Pagination, paginationLinks, Select, Table } from "../components";
import { listAuditEntityTypes, listAuditEvents } from "../domain/audit/list-audit-events";
import { isReadAction } from "../domain/audit/values";
import { formatDateTime } from "../lib/dates";
import { formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Audit log – Administration");

const PAGE_SIZE = 50;

const AuditQuery = z.object({
  kind: z.enum(["", "changes", "reads"]).catch(""),
  action: z.string().trim().max(100).catch(""),
  entity: z.string().trim().max(50).catch(""),
  id: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  // The coordinator sees the whole log; the education officer the changes to school staff's records.
  const whole = can(user, "audit:view");
  if (!whole && !can(user, "audit:view-schools")) forbidden("audit:view");
  const parsed = AuditQuery.parse(formValues(readQuery(request)));
  const query = whole ? parsed : { ...parsed, kind: "changes" as const };
  const [result, entityTypes] = await Promise.all([
    listAuditEvents(db, {
      actionPrefix: query.action,
      kind: query.kind || undefined,
      entityType: query.entity,
      entityId: query.id,
      subjectSector: whole ? undefined : "school",
      page: query.page,
      pageSize: PAGE_SIZE,
    }),
    listAuditEntityTypes(db),
  ]);
  return { query, entityTypes, schoolsOnly: !whole, ...result };
}

function pageHref(query: { kind?: string; action: string; entity: string; id: string }, page: number) {
  const params = new URLSearchParams();
  if (query.kind) params.set("kind", query.kind);
  if (query.action) params.set("action", query.action);
  if (query.entity) params.set("entity", query.entity);
  if (query.id) params.set("id", query.id);
  params.set("page", String(page));
  return `/admin/audit?${params}`;
}

export default function AuditLog() {
  const { query, entityTypes, schoolsOnly, rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  return (
    <>
      {schoolsOnly ? null : <BackLink href="/admin">Administration</BackLink>}
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
        {schoolsOnly ? null : (
          <Select
            name="kind"
            label={{ children: "Show", className: "govuk-label--s" }}
            value={query.kind}
            items={[
              { value: "", children: "All events" },
              { value: "changes", children: "Changes" },
              { value: "reads", children: "Views and downloads" },
            ]}
          />
        )}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Input
              name="action"
              label={{ children: "Action starts with", className: "govuk-label--s" }}
              hint={{ children: "For example, booking or session.cancel" }}
              spellCheck={false}
              value={query.action}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="entity"
              label={{ children: "Kind of record", className: "govuk-label--s" }}
              value={query.entity}
              items={[{ value: "", children: "Any" }, ...entityTypes.map((type) => ({ value: type, children: type }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Input
              name="id"
              className="govuk-input--width-10"
              label={{ children: "Record number", className: "govuk-label--s" }}
              hint={{ children: "With a kind of record" }}
              spellCheck={false}
              value={query.id}
            />
          </div>
        </div>
        <Button type="submit" secondary>
          Apply filters
        </Button>
      </form>
      <p className="govuk-body" role="status">
        {total === 0
          ? "No events match."
          : `Showing ${first} to ${first + rows.length - 1} of ${total} events, newest first`}
      </p>
      {rows.length > 0 ? (
        <div className="app-table-wrapper">
          <Table
            caption="Audit events"
            captionClassName="govuk-visually-hidden"
            className="govuk-!-font-size-16"
            head={[
              { children: "When" },
              { children: "Who" },
              { children: "What" },
              { children: "Record" },
              { children: "Details" },
            ]}
            rows={rows.map((event) => [
              { children: formatDateTime(event.occurredAt) },
              { children: event.actorName ?? (event.actorAccountId ? event.actorAccountId : "The system") },
              { children: <code>{event.action}</code> },
              {
                children: (
                  <>
                    <a
                      className="govuk-link"
                      href={pageHref({ action: "", entity: event.entityType, id: event.entityId }, 1)}
                    >
                      {event.entityType} {event.entityId}
                    </a>
                    {event.subjectName ? (
                      <>
                        <br />
                        <a className="govuk-link" href={`/people/${event.subjectPersonId}`}>
                          {event.subjectName}
                        </a>
                      </>
                    ) : null}
                  </>
                ),
              },
              {
                children: isReadAction(event.action) ? (
                  event.after ? (
                    <Details
                      summaryText={
                        <>
                          What was read
                          <span className="govuk-visually-hidden">
                            {" "}
                            ({event.action} {event.entityType} {event.entityId})
                          </span>
                        </>
                      }
                      className="govuk-!-margin-bottom-0"
                    >
                      <pre className="govuk-body-s govuk-!-margin-bottom-2">{event.after}</pre>
                    </Details>
                  ) : (
                    "Viewed"
                  )
                ) : event.before || event.after ? (
                  <Details
                    summaryText={
                      <>
                        Before and after
                        <span className="govuk-visually-hidden">
                          {" "}
                          ({event.action} {event.entityType} {event.entityId})
                        </span>
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
                ) : (
                  "No details"
                ),
              },
            ])}
          />
        </div>
      ) : null}
      {pages > 1 ? <Pagination {...paginationLinks({ page, pages, href: (n) => pageHref(query, n) })} /> : null}
    </>
  );
}
