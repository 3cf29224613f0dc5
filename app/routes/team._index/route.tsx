import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../../auth/guards.server";
import { personScopeFor } from "../../auth/permissions";
import { requireUser } from "../../auth/session.server";
import {
  Button,
  Details,
  Input,
  Pagination,
  paginationLinks,
  Select,
  Table,
  type TableHeadCell,
  Tag,
} from "../../components";
import { COMPLIANCE_STATUSES, type ComplianceStatus } from "../../domain/compliance/compliance-query";
import { COMPLIANCE_STATUS_COLOURS, COMPLIANCE_STATUS_LABELS } from "../../domain/compliance/labels";
import { TEAM_ORGANISATION_MATCHES } from "../../domain/compliance/team-organisations";
import { type MatrixCell, type MatrixSort, teamMatrix } from "../../domain/compliance/team-matrix";
import { listRequirements } from "../../domain/requirements/list-requirements";
import { formatDate, todayInLondon } from "../../lib/dates";
import { pageTitle } from "../../lib/page-title";
import { pageCount, pageRange } from "../../lib/pagination";
import { OrganisationMatches } from "../../components/organisation-picker/OrganisationMatches";
import { OrganisationPicker } from "../../components/organisation-picker/OrganisationPicker";
import { TeamSummary } from "./team-summary";
import { pickerChoice, pickOrganisation } from "../shared/organisation-picker.server";
import { type TeamQuery, readTeamQuery } from "../shared/team-search-params.server";

export const meta: MetaFunction = () => pageTitle("My team");

const PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "team:view-compliance");
  const scope = personScopeFor(user, "team:view-compliance");
  const { organisation: typed, ...asked } = readTeamQuery(new URL(request.url));
  const today = todayInLondon();
  // The requirements are read alongside the matrix (on PostgreSQL, on another connection).
  const [{ picked, matrix }, requirements] = await Promise.all([
    pickOrganisation(db, scope, asked.organisationId, typed).then(async (picked) => ({
      picked,
      matrix: await teamMatrix(db, {
        scope,
        onDate: today,
        organisationId: picked.chosen?.id,
        personSearch: asked.name,
        requirementId: asked.requirementId,
        status: asked.status,
        sort: asked.sort,
        direction: asked.dir,
        page: asked.page,
        pageSize: PAGE_SIZE,
      }),
    })),
    listRequirements(db),
  ]);
  const query = { ...asked, organisationId: picked.chosen?.id, page: matrix.page };
  return {
    query,
    today,
    matrix,
    // Only the organisation chosen, or the few the words typed match: never the whole tree.
    organisation: picked.chosen ? pickerChoice(picked.chosen) : null,
    organisationTyped: picked.chosen ? "" : (typed?.trim() ?? ""),
    organisationMatches: picked.matches?.map(pickerChoice) ?? null,
    /** The matches stop at the search's limit: there may be more. */
    organisationMatchesMore: picked.matches?.length === TEAM_ORGANISATION_MATCHES,
    requirements: requirements.map((r) => ({ id: r.id, name: r.name })),
  };
}

/** The query string for these filters with some changed; empty values are left out. */
function href(
  base: string,
  query: Omit<TeamQuery, "organisation">,
  changes: Partial<Record<keyof TeamQuery, string | number | undefined>>,
) {
  const merged: Record<string, string | number | undefined> = {
    status: query.status,
    organisationId: query.organisationId,
    name: query.name,
    requirementId: query.requirementId,
    sort: query.sort,
    dir: query.dir,
    page: query.page,
    ...changes,
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value !== undefined && value !== "" && !(key === "page" && value === 1)) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

function StatusTag({ status }: { status: ComplianceStatus }) {
  return <Tag colour={COMPLIANCE_STATUS_COLOURS[status]}>{COMPLIANCE_STATUS_LABELS[status]}</Tag>;
}

function CellContent({ cell }: { cell: MatrixCell | undefined }) {
  if (!cell) {
    return (
      <>
        <span aria-hidden="true">–</span>
        <span className="govuk-visually-hidden">Not required</span>
      </>
    );
  }
  const date =
    cell.status === "current" || cell.status === "expiring"
      ? cell.dueOn
        ? `until ${formatDate(cell.dueOn)}`
        : "does not expire"
      : cell.status === "expired"
        ? `on ${formatDate(cell.dueOn!)}`
        : `due ${formatDate(cell.dueOn!)}`;
  return (
    <>
      <StatusTag status={cell.status} />
      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{date}</span>
      {cell.booked ? <Tag className="govuk-!-margin-top-1">Booked {formatDate(cell.booked.startsAt)}</Tag> : null}
    </>
  );
}

export default function Team() {
  const {
    query,
    today,
    matrix,
    organisation,
    organisationTyped,
    organisationMatches,
    organisationMatchesMore,
    requirements,
  } = useLoaderData<typeof loader>();
  const { summary, rows, total, page, pageSize } = matrix;
  const pages = pageCount(total, pageSize);
  const { first, last } = pageRange(page, pageSize, total);
  const filtered = Boolean(query.status || query.organisationId || query.requirementId || query.name);

  const sortHeader = (sort: MatrixSort, label: string): TableHeadCell => {
    const active = query.sort === sort;
    const nextDir = active ? (query.dir === "asc" ? "desc" : "asc") : sort === "status" ? "desc" : "asc";
    return {
      "aria-sort": active ? (query.dir === "asc" ? "ascending" : "descending") : "none",
      children: (
        <a className="govuk-link" href={href("/team", query, { sort, dir: nextDir, page: 1 })}>
          {label}
          <span className="govuk-visually-hidden">
            {active ? `, sorted ${query.dir === "asc" ? "ascending" : "descending"}` : ""}: sort{" "}
            {nextDir === "asc" ? "ascending" : "descending"}
          </span>
        </a>
      ),
    };
  };

  return (
    <>
      <h1 className="govuk-heading-l">My team</h1>
      <TeamSummary summary={summary} today={today} filtered={filtered} />

      <form method="get" action="/team" className="app-filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label={{ children: "Status", className: "govuk-label--s" }}
              value={query.status ?? ""}
              className="govuk-!-width-full"
              items={[
                { value: "", text: "Any status" },
                ...COMPLIANCE_STATUSES.map((s) => ({ value: s, text: COMPLIANCE_STATUS_LABELS[s] })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <OrganisationPicker
              name="organisation"
              idName="organisationId"
              source="/organisations/search"
              label={{ children: "Organisation", className: "govuk-label--s" }}
              chosen={organisation}
              value={organisationTyped}
              errorMessage={
                organisationMatches?.length === 0
                  ? { children: `No organisation in your team matches “${organisationTyped}”` }
                  : undefined
              }
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="requirementId"
              label={{ children: "Requirement", className: "govuk-label--s" }}
              value={query.requirementId ? String(query.requirementId) : ""}
              className="govuk-!-width-full"
              items={[
                { value: "", text: "All requirements" },
                ...requirements.map((r) => ({ value: String(r.id), text: r.name })),
              ]}
            />
          </div>
        </div>
        <Input
          name="name"
          type="search"
          label={{ children: "Name, email or HR number", className: "govuk-label--s" }}
          value={query.name}
          className="govuk-!-width-one-half"
          autoComplete="off"
          spellCheck={false}
        />
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <div className="govuk-button-group">
          <Button type="submit" secondary>
            Apply filters
          </Button>
          {filtered ? (
            <a className="govuk-link" href="/team">
              Clear filters
            </a>
          ) : null}
        </div>
      </form>

      <OrganisationMatches
        typed={organisationTyped}
        matches={organisationMatches ?? []}
        hrefFor={(organisationId) => href("/team", query, { organisationId, page: 1 })}
        more={organisationMatchesMore}
      />
      <p className="govuk-body" role="status">
        {total === 0
          ? "No people match these filters."
          : `Showing ${first} to ${last} of ${total} ${total === 1 ? "person" : "people"}`}
      </p>
      {total > 0 ? (
        <p className="govuk-body">
          <a
            className="govuk-link"
            href={href("/team.csv", query, { page: undefined, sort: undefined, dir: undefined })}
            download
          >
            Download {filtered ? "these results" : "everyone"} as a spreadsheet (CSV)
          </a>
        </p>
      ) : null}
      <Details summaryText="Download training records (CSV)">
        <form method="get" action="/completions.csv">
          <p className="govuk-body">
            Every course completed by the people you can see here, revoked records included and marked. Leave the dates
            empty for all of them.
          </p>
          <Input
            name="completedFrom"
            label={{ children: "Completed on or after", className: "govuk-label--s" }}
            hint={{ children: "For example, 2025-04-01" }}
            className="govuk-input--width-10"
            autoComplete="off"
          />
          <Input
            name="completedTo"
            label={{ children: "Completed on or before", className: "govuk-label--s" }}
            hint={{ children: "For example, 2026-03-31" }}
            className="govuk-input--width-10"
            autoComplete="off"
          />
          <Button type="submit" secondary>
            Download training records
          </Button>
        </form>
      </Details>

      {rows.length > 0 ? (
        // position: relative keeps the cells' visually hidden text inside the scrolling box.
        <Table
          caption="Training status by person and requirement"
          captionClassName="govuk-table__caption--s"
          head={[
            sortHeader("name", "Name"),
            sortHeader("organisation", "Organisation"),
            sortHeader("status", "Worst status"),
            ...matrix.requirements.map((r) => ({ children: r.name })),
            { children: <span className="govuk-visually-hidden">Actions</span> },
          ]}
          rows={rows.map((row) => [
            {
              header: true,
              children: (
                <>
                  <a className="govuk-link" href={`/people/${row.personId}`}>
                    {row.name}
                  </a>
                  {row.jobTitle ? (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{row.jobTitle}</span>
                  ) : null}
                </>
              ),
            },
            { children: row.organisationName },
            { children: <StatusTag status={row.worstStatus} /> },
            ...matrix.requirements.map((r) => ({ children: <CellContent cell={row.cells[r.id]} /> })),
            {
              children: (
                <a className="govuk-link" href={`/sessions?for=${row.personId}`}>
                  Book<span className="govuk-visually-hidden"> {row.name} on a session</span>
                </a>
              ),
            },
          ])}
        />
      ) : null}
      {pages > 1 ? (
        <Pagination {...paginationLinks({ page, pages, href: (n) => href("/team", query, { page: n }) })} />
      ) : null}
    </>
  );
}
