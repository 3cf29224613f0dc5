import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { can, personScopeFor } from "../../auth/permissions";
import { requireUser } from "../../auth/session.server";
import { Button, DateInput, ErrorSummary, InsetText, Pagination, Table, Tabs, Tag } from "../../components";
import { SECTORS } from "../../lib/values";
import { checkKeptCoverage } from "../../domain/kept-coverage/check-kept-coverage";
import { dashboardData } from "../../domain/kpis/dashboard-data";
import { EXPIRING_WITHIN_DAYS } from "../../domain/coverage/values";
import { lastKeptCoverageCheck } from "../../domain/kept-coverage/last-kept-coverage-check";
import { RAG_COLOURS, percentLabel } from "../../domain/coverage/labels";
import type { HeadlineMeasureKey } from "../../domain/coverage/resolve-measures";
import { RAG_LABELS, RAG_RULE } from "../../domain/kpis/rag";
import { addDaysToDate, formatDate, formatDateTime, todayInLondon } from "../../lib/dates";
import { formValues } from "../../lib/forms";
import { SECTOR_LABELS } from "../../lib/labels";
import { pageTitle } from "../../lib/page-title";
import { OrganisationCoverageTable } from "../shared/organisation-table";
import { CoverageFigure, NotApplicableKey } from "../shared/coverage-figure";
import { TrendChartWithFigures } from "../shared/trend-chart";
import { pageCount, pageSchema } from "../../lib/pagination";
import { readQuery } from "../../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle("Training coverage dashboard", { hasErrors: Boolean(data?.errors) });

const DashboardQuery = z.object({
  "on-day": z.string().trim().max(2).catch(""),
  "on-month": z.string().trim().max(2).catch(""),
  "on-year": z.string().trim().max(4).catch(""),
  page: pageSchema,
});

/** The date to show, from the day, month and year fields; today when they are empty. */
function readDate(query: z.infer<typeof DashboardQuery>, today: string): { date: string; error?: string } {
  const { "on-day": day, "on-month": month, "on-year": year } = query;
  if (!day && !month && !year) return { date: today };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { date: today, error: "Enter a real date, like 31 3 2026" };
  }
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) {
    return { date: today, error: "Enter a real date, like 31 3 2026" };
  }
  if (iso > today) return { date: today, error: "The date must be today or in the past" };
  return { date: iso };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "dashboard:view");
  const scope = personScopeFor(user, "dashboard:view");
  const query = DashboardQuery.parse(formValues(readQuery(request)));
  const today = todayInLondon();
  const { date, error } = readDate(query, today);
  const data = await dashboardData(db, scope, date, { expiringPage: query.page });
  const canCheck = can(user, "coverage:check");
  return {
    data,
    today,
    canReport: can(user, "kpis:view-report"),
    canCheck,
    figuresCheck: canCheck ? await lastKeptCoverageCheck(db) : null,
    everyone: scope.kind === "all",
    errors: error ? { on: error } : null,
    values: { day: query["on-day"], month: query["on-month"], year: query["on-year"] },
  };
}

/** "Check the figures now": compares every kept row with the records, recorded and audited. */
export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "coverage:check");
  await checkKeptCoverage(db, { today: todayInLondon(), requestedByAccountId: user.accountId });
  throw redirect("/dashboard");
}

/** What the trend chart's labels call each headline figure (their full names are in the table). */
const SHORT_LABELS: Record<HeadlineMeasureKey, string> = {
  council_frontline: "Frontline council staff",
  contractor: "Contractors’ staff",
  school_prevent: "School staff",
};

/** The coordinator's line saying when the figures were last compared with the records, and what was found. */
function figuresCheckText(check: { checkedAt: Date | string; differences: number } | null): string {
  if (!check) return "The figures have not been checked against the records yet.";
  const found =
    check.differences === 0
      ? "no differences"
      : `${check.differences.toLocaleString("en-GB")} ${check.differences === 1 ? "difference" : "differences"} found`;
  return `Figures last checked against the records on ${formatDateTime(check.checkedAt)}: ${found}.`;
}

export default function Dashboard() {
  const { data, today, canReport, canCheck, figuresCheck, everyone, errors, values } = useLoaderData<typeof loader>();
  const pages = pageCount(data.expiring.total, data.expiring.pageSize);
  const dateParams =
    data.onDate === today
      ? ""
      : `on-day=${Number(data.onDate.slice(8, 10))}&on-month=${Number(data.onDate.slice(5, 7))}&on-year=${data.onDate.slice(0, 4)}&`;
  const series = data.headlines.map((h) => ({
    key: h.key,
    label: h.label,
    shortLabel: SHORT_LABELS[h.key],
    target: h.target,
  }));
  return (
    <>
      {errors ? <ErrorSummary errorList={[{ text: errors.on, href: "#on-day" }]} /> : null}
      <span className="govuk-caption-l">
        {data.onDate === today ? "Today" : "As things stood on"}, {formatDate(data.onDate)}
      </span>
      <h1 className="govuk-heading-l">Training coverage dashboard</h1>
      <p className="govuk-body">
        {everyone
          ? "Figures for everyone: council staff, contractors, schools and partners."
          : "Figures for the people you manage."}{" "}
        Coverage counts the people who hold training that is current on the date, not everyone who was ever trained. New
        starters who are still inside the time a requirement allows are not yet required to hold it, so they are left
        out of the figures
        {data.notYetDue > 0 ? ` (${data.notYetDue.toLocaleString("en-GB")} left out on this date)` : ""}.
      </p>

      {canReport ? (
        <p className="govuk-body">
          <a className="govuk-link" href="/reports/quarterly">
            Quarterly KPI report
          </a>{" "}
          ·{" "}
          <a className="govuk-link" href="/admin/kpis">
            KPI definitions and targets
          </a>
        </p>
      ) : null}

      {canCheck ? (
        <form method="post" className="govuk-!-margin-bottom-6" aria-label="Check of the figures">
          <p className="govuk-body-s">{figuresCheckText(figuresCheck)}</p>
          <Button type="submit" secondary>
            Check the figures now
          </Button>
        </form>
      ) : null}

      <form method="get" className="govuk-!-margin-bottom-6" aria-label="Date of the figures">
        <DateInput
          id="on"
          namePrefix="on"
          fieldset={{
            legend: { children: "See the figures for another date", className: "govuk-fieldset__legend--s" },
          }}
          hint={{ children: "For example, 31 3 2026. Leave empty for today." }}
          values={values}
          errorMessage={errors ? { children: errors.on } : undefined}
        />
        <Button type="submit" secondary>
          Show figures
        </Button>
      </form>

      {/* The page was about 5,000 pixels tall: tabs let the coordinator go straight to each part
          (without JavaScript, a contents list of links to the parts, one after another). */}
      <Tabs
        id="dashboard-parts"
        items={[
          {
            id: "headline-figures",
            label: "Headline figures",
            panel: {
              children: (
                <>
                  <h2 className="govuk-heading-m">Headline figures</h2>
                  <Table
                    caption="Headline figures against their targets"
                    captionClassName="govuk-visually-hidden"
                    firstCellIsHeader
                    head={[
                      { children: "Figure" },
                      { children: "Coverage", format: "numeric" },
                      { children: "Target", format: "numeric" },
                      { children: "Status" },
                    ]}
                    rows={data.headlines.map((h) => [
                      {
                        children: (
                          <>
                            {h.label}
                            <br />
                            <span className="govuk-body-s">
                              Measured over:{" "}
                              {h.requirements.length
                                ? h.requirements.map((r) => r.name).join("; ")
                                : "no requirement set up"}
                            </span>
                          </>
                        ),
                      },
                      { children: <CoverageFigure cell={h.figure} />, format: "numeric" },
                      { children: h.target === null ? "No target" : percentLabel(h.target), format: "numeric" },
                      {
                        children: h.status ? (
                          <Tag colour={RAG_COLOURS[h.status]}>{RAG_LABELS[h.status]}</Tag>
                        ) : (
                          "No status"
                        ),
                      },
                    ])}
                  />
                  <p className="govuk-body-s">How the status is worked out: {RAG_RULE}</p>
                </>
              ),
            },
          },
          {
            id: "by-sector",
            label: "By sector",
            panel: {
              children: (
                <>
                  <h2 className="govuk-heading-m">Coverage by sector</h2>
                  {data.bySector.length === 0 ? (
                    <p className="govuk-body">No requirement applies to anyone on this date.</p>
                  ) : (
                    <Table
                      label="Coverage of each requirement by sector"
                      caption="Coverage of each requirement by sector: the share current, with the number current of those it applies to"
                      captionClassName="govuk-table__caption--s"
                      firstCellIsHeader
                      head={[
                        { children: "Requirement" },
                        ...SECTORS.map((s) => ({ children: SECTOR_LABELS[s], format: "numeric" as const })),
                        { children: "All", format: "numeric" },
                      ]}
                      rows={data.bySector.map((r) => [
                        { children: r.requirementName },
                        ...SECTORS.map((s) => ({
                          children: <CoverageFigure cell={r.sectors[s]} />,
                          format: "numeric" as const,
                        })),
                        { children: <CoverageFigure cell={r.total} />, format: "numeric" },
                      ])}
                    />
                  )}
                  {data.bySector.length === 0 ? null : <NotApplicableKey where="in that sector on this date" />}
                </>
              ),
            },
          },
          {
            id: "by-directorate",
            label: "By directorate",
            panel: {
              children: (
                <>
                  <h2 className="govuk-heading-m">Coverage by directorate</h2>
                  {data.byDirectorate.length === 0 ? (
                    <p className="govuk-body">There are no council staff in these figures.</p>
                  ) : (
                    <OrganisationCoverageTable
                      caption="Council directorates, including everyone in their services and teams"
                      captionClassName="govuk-table__caption--s"
                      nameHeading="Directorate"
                      rows={data.byDirectorate}
                      hrefFor={(id) =>
                        `/dashboard/organisations/${id}${data.onDate === today ? "" : `?date=${data.onDate}`}`
                      }
                    />
                  )}
                  {data.byDirectorate.length === 0 ? null : (
                    <NotApplicableKey where="in that directorate on this date" />
                  )}
                </>
              ),
            },
          },
          {
            id: "trend",
            label: "Trend",
            panel: {
              children: (
                <>
                  <h2 className="govuk-heading-m">Coverage over the last 24 months</h2>
                  <TrendChartWithFigures points={data.trend} series={series} />
                </>
              ),
            },
          },
          {
            id: "runs-out",
            label: "Runs out soon",
            panel: {
              children: (
                <>
                  <h2 className="govuk-heading-m">Training that runs out in the next {EXPIRING_WITHIN_DAYS} days</h2>
                  {data.expiring.total === 0 ? (
                    <InsetText>Nobody’s training runs out in the next {EXPIRING_WITHIN_DAYS} days.</InsetText>
                  ) : (
                    <>
                      <p className="govuk-body">
                        {data.expiring.total === 1
                          ? "1 requirement will no longer be met"
                          : `${data.expiring.total.toLocaleString("en-GB")} requirements will no longer be met`}{" "}
                        by {formatDate(addDaysToDate(data.onDate, EXPIRING_WITHIN_DAYS))} unless the training is
                        renewed. Page {data.expiring.page} of {pages}.
                      </p>
                      <Table
                        caption={`Training that runs out in the next ${EXPIRING_WITHIN_DAYS} days, soonest first`}
                        captionClassName="govuk-visually-hidden"
                        head={[
                          { children: "Name" },
                          { children: "Organisation" },
                          { children: "Requirement" },
                          { children: "Runs out on" },
                        ]}
                        rows={data.expiring.rows.map((e) => [
                          {
                            children: (
                              <a className="govuk-link" href={`/people/${e.personId}`}>
                                {e.name}
                              </a>
                            ),
                          },
                          { children: e.organisationName },
                          { children: e.requirementName },
                          { children: formatDate(e.validUntil) },
                        ])}
                      />
                      {pages > 1 ? (
                        <Pagination
                          landmarkLabel="Pages of training that runs out"
                          previous={
                            data.expiring.page > 1
                              ? { href: `/dashboard?${dateParams}page=${data.expiring.page - 1}#runs-out` }
                              : undefined
                          }
                          next={
                            data.expiring.page < pages
                              ? { href: `/dashboard?${dateParams}page=${data.expiring.page + 1}#runs-out` }
                              : undefined
                          }
                        />
                      ) : null}
                    </>
                  )}
                </>
              ),
            },
          },
        ]}
      />
    </>
  );
}
