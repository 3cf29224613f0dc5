import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../../auth/guards.server";
import { can } from "../../auth/permissions";
import { requireUser } from "../../auth/session.server";
import { Button, InsetText, Pagination, paginationLinks, Select, Table, Tag } from "../../components";
import { LAST_SESSION_SOURCE_LABELS, RAG_COLOURS, cellLabel, percentLabel } from "../../domain/coverage/labels";
import { schoolsCoveragePage } from "../../domain/coverage/schools-coverage";
import { SCHOOL_RAG_RULE } from "../../domain/coverage/values";
import { RAG_LABELS } from "../../domain/kpis/rag";
import { formatDate, todayInLondon } from "../../lib/dates";
import { pageTitle } from "../../lib/page-title";
import { pageCount, pageRange } from "../../lib/pagination";
import { readSchoolsQuery } from "../shared/schools-search-params.server";
import { schoolsPageHref } from "./page-href";

export const meta: MetaFunction = () => pageTitle("Schools");

/** Schools a page: the summary and the schools with no coverage still count every school the filters pick. */
const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "schools:view-coverage");
  const { values, filters, search } = readSchoolsQuery(new URL(request.url));
  const today = todayInLondon();
  const coverage = await schoolsCoveragePage(db, filters, today, { page: values.page, pageSize: PAGE_SIZE });
  return { coverage, values, search, today, canDeclare: can(user, "schools:declare-headcount") };
}

export default function Schools() {
  const { coverage, values, search, today } = useLoaderData<typeof loader>();
  const { rows, summary, noCoverage, total, page, pageSize } = coverage;
  const pages = pageCount(total, pageSize);
  const { first, last } = pageRange(page, pageSize, total);
  const filtered = Boolean(values.phase || values.type || values.status);
  return (
    <>
      <span className="govuk-caption-l">Prevent coverage today, {formatDate(today)}</span>
      <h1 className="govuk-heading-l">Schools</h1>
      <p className="govuk-body">
        Every open school: whether its designated safeguarding leads (DSLs) are trained, the share of its staff who hold
        current Prevent awareness, and when it last had a session. Current means current today, not ever trained. New
        staff who are still inside the time allowed to complete Prevent awareness are left out of the share.
      </p>

      <h2 className="govuk-heading-m">How the status is worked out</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>
          <Tag colour="green">Green</Tag> {SCHOOL_RAG_RULE.green}
        </li>
        <li>
          <Tag colour="yellow">Amber</Tag> {SCHOOL_RAG_RULE.amber}
        </li>
        <li>
          <Tag colour="red">Red</Tag> {SCHOOL_RAG_RULE.red}
        </li>
      </ul>
      <p className="govuk-body">{SCHOOL_RAG_RULE.basis}</p>
      <p className="govuk-body-s">
        Prevent awareness is measured over:{" "}
        {coverage.preventRequirements.length
          ? coverage.preventRequirements.map((r) => r.name).join("; ")
          : "no requirement set up"}
        . DSL training means every one of:{" "}
        {coverage.dslRequirements.length
          ? coverage.dslRequirements.map((r) => r.name).join("; ")
          : "no requirement set up"}
        . The last session is the later of a delivered session for the school and the latest session its staff attended.
      </p>

      <form method="get" aria-label="Filter schools" className="app-filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="phase"
              label={{ children: "Phase", className: "govuk-label--s" }}
              value={values.phase}
              items={[
                { value: "", children: "All phases" },
                ...coverage.phases.map((p) => ({ value: p, children: p })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="type"
              label={{ children: "Type", className: "govuk-label--s" }}
              value={values.type}
              items={[{ value: "", children: "All types" }, ...coverage.types.map((t) => ({ value: t, children: t }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label={{ children: "Status", className: "govuk-label--s" }}
              value={values.status ?? ""}
              items={[
                { value: "", children: "All statuses" },
                { value: "green", children: "Green" },
                { value: "amber", children: "Amber" },
                { value: "red", children: "Red" },
              ]}
            />
          </div>
        </div>
        <Button type="submit" secondary>
          Apply filters
        </Button>{" "}
        {filtered ? (
          <a className="govuk-link govuk-!-margin-left-3" href="/schools">
            Clear the filters
          </a>
        ) : null}
      </form>

      <p className="govuk-body" role="status">
        {summary.schools === 1 ? "1 school" : `${summary.schools} schools`}
        {filtered ? " match" : ""}: {summary.green} green, {summary.amber} amber, {summary.red} red.{" "}
        {summary.withTrainedDsl} with a trained DSL.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/schools.csv${search ? `?${search}` : ""}`} download>
          Download this table as a spreadsheet (CSV)
        </a>
      </p>

      {rows.length === 0 ? (
        <p className="govuk-body">No schools match these filters.</p>
      ) : (
        <>
          {pages > 1 ? (
            <p className="govuk-body">
              Showing {first} to {last} of {total} schools, by name
            </p>
          ) : null}
          <Table
            label="Schools and their Prevent coverage"
            caption={`Schools and their Prevent coverage${pages > 1 ? `, page ${page} of ${pages}` : ""}`}
            captionClassName="govuk-visually-hidden"
            firstCellIsHeader
            head={[
              { children: "School" },
              { children: "Phase" },
              { children: "Type" },
              { children: "Trained DSL" },
              { children: "Staff with current Prevent awareness" },
              { children: "Last session" },
              { children: "Status" },
            ]}
            rows={rows.map((s) => [
              {
                children: (
                  <a className="govuk-link" href={`/schools/${s.id}`}>
                    {s.name}
                  </a>
                ),
              },
              { children: s.phase ?? "" },
              { children: s.type ?? "" },
              {
                children:
                  s.dsls === 0 ? (
                    "No DSL recorded"
                  ) : (
                    <>
                      {s.dslsTrained > 0 ? "Yes" : "No"}
                      <br />
                      <span className="govuk-body-s">
                        {s.dslsTrained} of {s.dsls} DSLs trained
                      </span>
                    </>
                  ),
              },
              {
                children: (
                  <>
                    {s.prevent.applicable > 0 ? `${cellLabel(s.prevent)} evidenced` : "No staff recorded one by one"}
                    {s.declaration ? (
                      <>
                        <br />
                        <span className="govuk-body-s">
                          Declared: {percentLabel(s.declaration.percent)} ({s.declaration.declaredTrained} of{" "}
                          {s.declaration.headcount}) on {formatDate(s.declaration.declaredOn)}
                        </span>
                      </>
                    ) : null}
                  </>
                ),
              },
              {
                children: s.lastSession ? (
                  <>
                    {formatDate(s.lastSession.on)}
                    <br />
                    <span className="govuk-body-s">({LAST_SESSION_SOURCE_LABELS[s.lastSession.source]})</span>
                  </>
                ) : (
                  "None recorded"
                ),
              },
              {
                children: (
                  <>
                    <Tag colour={RAG_COLOURS[s.status]}>{RAG_LABELS[s.status]}</Tag>
                    {s.shareBasis === "none" ? null : (
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                        {s.shareBasis === "declared" ? "On the declared figures" : "On the staff recorded one by one"}
                      </span>
                    )}
                  </>
                ),
              },
            ])}
          />
          {pages > 1 ? (
            <Pagination
              landmarkLabel="Pages of schools"
              {...paginationLinks({ page, pages, href: (n) => schoolsPageHref(search, n) })}
            />
          ) : null}
        </>
      )}

      <h2 className="govuk-heading-m">Schools with no coverage at all</h2>
      {noCoverage.length === 0 ? (
        <InsetText>Every school{filtered ? " that matches the filters" : ""} has somebody trained.</InsetText>
      ) : (
        <>
          <p className="govuk-body">
            {pages > 1 ? "On every page of the table: no" : "No"} trained DSL, nobody with current Prevent awareness on
            record and no declared training:
          </p>
          <ul className="govuk-list govuk-list--bullet">
            {noCoverage.map((s) => (
              <li key={s.id}>
                <a className="govuk-link" href={`/schools/${s.id}`}>
                  {s.name}
                </a>
                {s.phase ? ` (${s.phase})` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
