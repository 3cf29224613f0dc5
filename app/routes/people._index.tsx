import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can, personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { Button, Input, Pagination, paginationLinks, Table } from "../components";
import { listPeople } from "../domain/people/list-people";
import { formValues } from "../lib/forms";
import { SECTOR_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { pageCount, pageRange } from "../lib/pagination";
import { readQuery } from "../lib/request";
import { peopleHref } from "./shared/people-search-params";
import { PeopleQuery } from "./shared/people-search-params.server";

export const meta: MetaFunction = () => pageTitle("People");

const PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "people:list");
  const query = PeopleQuery.parse(formValues(readQuery(request)));
  const result = await listPeople(db, personScopeFor(user, "people:list"), {
    search: query.q,
    page: query.page,
    pageSize: PAGE_SIZE,
  });
  return {
    query,
    ...result,
    canAdd: can(user, "people:manage") || can(user, "people:keep-staff-list"),
    canInvite: can(user, "accounts:invite"),
  };
}

export default function People() {
  const { query, rows, total, page, pageSize, canAdd, canInvite } = useLoaderData<typeof loader>();
  const pages = pageCount(total, pageSize);
  const { first, last } = pageRange(page, pageSize, total);
  return (
    <>
      <h1 className="govuk-heading-l">People</h1>
      {canAdd ? (
        <Button href="/people/new" secondary>
          Add a person
        </Button>
      ) : null}
      {canInvite ? (
        <p className="govuk-body">
          <a className="govuk-link" href="/people/invitations">
            Invitations to create an account
          </a>
        </p>
      ) : null}
      <form method="get" role="search" aria-label="People" className="app-search">
        <Input
          id="q"
          name="q"
          type="search"
          label={{ children: "Search by name, email or HR number", className: "govuk-label--s" }}
          defaultValue={query.q}
          className="govuk-!-width-one-half"
        />
        <Button type="submit" secondary>
          Search
        </Button>
      </form>
      <p className="govuk-body" role="status">
        {total === 0 ? "No people found." : `Showing ${first} to ${last} of ${total} people`}
      </p>
      {total > 0 ? (
        <p className="govuk-body">
          <a className="govuk-link" href={peopleHref("/people.csv", query.q)} download>
            Download {query.q ? "these people" : "everyone"} as CSV
          </a>
        </p>
      ) : null}
      {rows.length > 0 && canInvite ? (
        <form method="post" action="/people/invitations">
          <input type="hidden" name="intent" value="people" />
          <PeopleTable rows={rows} choose />
          <Button type="submit" secondary>
            Invite the people chosen to create an account
          </Button>
        </form>
      ) : rows.length > 0 ? (
        <PeopleTable rows={rows} />
      ) : null}
      {pages > 1 ? (
        <Pagination {...paginationLinks({ page, pages, href: (n) => peopleHref("/people", query.q, n) })} />
      ) : null}
    </>
  );
}

type Row = Awaited<ReturnType<typeof listPeople>>["rows"][number];

/** The people on this page; with `choose`, a box each to choose them for an invitation (people.invitations.tsx). */
function PeopleTable({ rows, choose = false }: { rows: Row[]; choose?: boolean }) {
  return (
    <Table
      caption="People"
      captionClassName="govuk-visually-hidden"
      head={[
        ...(choose ? [{ children: <span className="govuk-visually-hidden">Choose</span> }] : []),
        { children: "Name" },
        { children: "Job title" },
        { children: "Organisation" },
        { children: "Sector" },
      ]}
      rows={rows.map((p) => [
        ...(choose
          ? [
              {
                children: (
                  <div className="govuk-checkboxes govuk-checkboxes--small">
                    <div className="govuk-checkboxes__item">
                      <input
                        className="govuk-checkboxes__input"
                        id={`choose-${p.id}`}
                        name="personId"
                        type="checkbox"
                        value={p.id}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`choose-${p.id}`}>
                        <span className="govuk-visually-hidden">Choose {p.name}</span>
                      </label>
                    </div>
                  </div>
                ),
              },
            ]
          : []),
        {
          children: (
            <a className="govuk-link" href={`/people/${p.id}`}>
              {p.name}
            </a>
          ),
        },
        { children: p.jobTitle ?? "" },
        { children: p.organisationName },
        { children: SECTOR_LABELS[p.sector] },
      ])}
    />
  );
}
