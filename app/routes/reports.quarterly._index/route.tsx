import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { can } from "../../auth/permissions";
import { requireUser } from "../../auth/session.server";
import {
  Button,
  Details,
  ErrorSummary,
  InsetText,
  NotificationBanner,
  Select,
  Table,
  Tag,
  Textarea,
  WarningText,
} from "../../components";
import { RAG_COLOURS } from "../../domain/coverage/labels";
import { freezeQuarter } from "../../domain/kpis/freeze-quarter";
import { kpiValueLabel, reportSummarySentence } from "../../domain/kpis/report-text";
import { parseQuarter, quarterKey, quarterShortLabel, recentQuarters } from "../../domain/kpis/quarters";
import { RAG_LABELS, RAG_RULE } from "../../domain/kpis/rag";
import { formatDate, formatDateTime, todayInLondon } from "../../lib/dates";
import { errorList, parseForm } from "../../lib/forms";
import { SECTOR_LABELS } from "../../lib/labels";
import { pageTitle } from "../../lib/page-title";
import { TrendChartWithFigures } from "../shared/trend-chart";
import { loadQuarterlyReport } from "../shared/quarterly-report.server";
import { readForm, readQuery } from "../../lib/request";
import { withFormErrors } from "../shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(loaded ? `Quarterly report: ${loaded.report.label}` : "Quarterly report");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, url, today, report } = await loadQuarterlyReport(request);
  return {
    report,
    quarters: recentQuarters(today, 12).map((q) => ({ key: quarterKey(q), label: quarterShortLabel(q) })),
    canRefreeze: can(user, "kpis:manage") && report.state === "frozen",
    canFreeze: can(user, "kpis:manage") && report.state === "unfrozen",
    // Asking to freeze shows the confirmation; only its POST freezes.
    confirmFreeze: readQuery(url).get("freeze") === "confirm",
    refrozen: readQuery(url).get("refrozen") === "1",
    frozen: readQuery(url).get("frozen") === "1",
  };
}

const FreezeForm = z.object({ quarter: z.string().trim().min(1), intent: z.literal("freeze") });

const RefreezeForm = z.object({
  quarter: z.string().trim().min(1),
  reason: z
    .string()
    .trim()
    .min(1, "Enter why the figures are being frozen again")
    .max(1000, "The reason must be 1,000 characters or fewer"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "kpis:manage");
  const form = await readForm(request);
  if (form.get("intent") === "freeze") return freezeAction(form, db, user.accountId);
  const parsed = parseForm(RefreezeForm, form);
  const quarter = parseQuarter(parsed.ok ? parsed.data.quarter : String(parsed.values.quarter ?? ""));
  if (!quarter) notFound("report");
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  return withFormErrors(
    async () => {
      await freezeQuarter(db, {
        quarter,
        today: todayInLondon(),
        actorAccountId: user.accountId,
        reason: parsed.data.reason,
      });
      throw redirect(`/reports/quarterly?quarter=${quarterKey(quarter)}&refrozen=1`);
    },
    { values: { reason: parsed.data.reason } },
    { field: () => "reason" },
  );
}

/** The coordinator freezes an ended quarter that nobody has frozen yet (audited as theirs, by freezeQuarter). */
async function freezeAction(form: FormData, db: Awaited<ReturnType<typeof requireUser>>["db"], accountId: string) {
  const parsed = parseForm(FreezeForm, form);
  const quarter = parsed.ok ? parseQuarter(parsed.data.quarter) : null;
  if (!quarter) notFound("report");
  return withFormErrors(
    async () => {
      await freezeQuarter(db, { quarter, today: todayInLondon(), actorAccountId: accountId });
      throw redirect(`/reports/quarterly?quarter=${quarterKey(quarter)}&frozen=1`);
    },
    { values: {} },
    { field: () => "freeze" },
  );
}

/** People trained by sector as a bar chart; the same figures are in the table after it. */
function SectorChart({
  rows,
  label,
}: {
  rows: Array<{ sector: keyof typeof SECTOR_LABELS; people: number }>;
  label: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.people));
  const barHeight = 28;
  const gap = 12;
  const left = 130;
  const width = 640;
  const height = Math.max(1, rows.length) * (barHeight + gap) + gap;
  return (
    <svg
      className="app-chart"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: `${width}px` }}
      role="img"
      aria-labelledby="sector-chart-title"
    >
      <title id="sector-chart-title">
        Bar chart of people trained by sector in {label}:{" "}
        {rows.map((r) => `${SECTOR_LABELS[r.sector]} ${r.people}`).join(", ") || "nobody"}
      </title>
      {rows.map((r, i) => {
        const y = gap + i * (barHeight + gap);
        const w = ((width - left - 60) * r.people) / max;
        return (
          <g key={r.sector}>
            <text x={left - 8} y={y + barHeight / 2 + 5} textAnchor="end">
              {SECTOR_LABELS[r.sector]}
            </text>
            <rect className="app-chart__bar" x={left} y={y} width={Math.max(w, 1)} height={barHeight} />
            <text x={left + w + 6} y={y + barHeight / 2 + 5}>
              {r.people.toLocaleString("en-GB")}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export default function QuarterlyReportPage() {
  const { report, quarters, canRefreeze, canFreeze, confirmFreeze, refrozen, frozen } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const { figures } = report;
  const current = report.snapshots.find((s) => s.replacedAt === null);
  const query = `quarter=${report.quarter}`;
  const trendSeries = figures.trendSeries.map((s) => ({ key: s.key as string, label: s.label }));
  return (
    <>
      {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
      {refrozen ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">The quarter’s figures have been frozen again.</p>
        </NotificationBanner>
      ) : null}
      {frozen && report.state === "frozen" ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">The quarter’s figures have been frozen.</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Quarterly KPI report</span>
      <h1 className="govuk-heading-l">{report.label}</h1>

      <form method="get" aria-label="Choose a quarter" className="govuk-!-margin-bottom-6">
        <Select
          name="quarter"
          label={{ children: "Quarter", className: "govuk-label--s" }}
          value={report.quarter}
          items={quarters.map((q) => ({ value: q.key, children: q.label }))}
        />
        <Button type="submit" secondary>
          Show report
        </Button>
      </form>

      {report.state === "provisional" ? (
        <WarningText>
          Provisional: this quarter ends on {formatDate(report.periodEnd)}. The figures are worked out from the records
          as they stand today, {formatDate(figures.asOf)}, and will be frozen when the quarter ends.
        </WarningText>
      ) : report.state === "unfrozen" ? (
        <WarningText>
          Not yet frozen: this quarter ended on {formatDate(report.periodEnd)}. The figures are worked out from the
          records as they stand now, so corrections made later still change them until the figures are frozen.
        </WarningText>
      ) : (
        <InsetText>
          {report.snapshots.map((s, i) => (
            <p className="govuk-body" key={s.id}>
              {i === 0 ? "Figures frozen on " : "Re-frozen on "}
              {formatDateTime(s.takenAt)}
              {s.takenBy ? ` by ${s.takenBy}` : " by the service"}
              {s.reason ? ` because: ${s.reason}` : ""}
              {s.replacedAt ? " (replaced)" : " (these are the figures shown)"}.
            </p>
          ))}
          <p className="govuk-body">
            Coverage and schools are as they stood on {formatDate(figures.asOf)}; later corrections to the records do
            not change this report.
          </p>
        </InsetText>
      )}

      <p className="govuk-body-l">{reportSummarySentence(figures)}</p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/reports/quarterly.csv?${query}`} download>
          Download the figures (CSV)
        </a>
        <br />
        <a className="govuk-link" href={`/reports/quarterly.pdf?${query}`} download>
          Download the board pack (PDF)
        </a>
      </p>

      <h2 className="govuk-heading-m">Key performance indicators</h2>
      <Table
        label="Key performance indicators"
        caption={`KPIs for ${report.label}, with the previous quarter and the target`}
        captionClassName="govuk-visually-hidden"
        firstCellIsHeader
        head={[
          { children: "KPI" },
          { children: `This quarter (${report.shortLabel})`, format: "numeric" },
          { children: `Previous quarter (${report.previousShortLabel})`, format: "numeric" },
          { children: "Target", format: "numeric" },
          { children: "Status" },
        ]}
        rows={report.rows.map((r) => [
          {
            children: (
              <>
                {r.name}
                <br />
                <span className="govuk-body-s">Owner: {r.owner}</span>
              </>
            ),
          },
          { children: kpiValueLabel(r.value, r.unit), format: "numeric" },
          { children: r.previous ? kpiValueLabel(r.previous, r.unit) : "No figure", format: "numeric" },
          {
            children:
              r.target === null ? "None" : r.unit === "percent" ? `${r.target}%` : r.target.toLocaleString("en-GB"),
            format: "numeric",
          },
          { children: r.status ? <Tag colour={RAG_COLOURS[r.status]}>{RAG_LABELS[r.status]}</Tag> : "No status" },
        ])}
      />
      <p className="govuk-body-s">How the status is worked out: {RAG_RULE}</p>
      <Details summaryText="How each KPI is worked out">
        <dl className="govuk-summary-list">
          {report.rows.map((r) => (
            <div className="govuk-summary-list__row" key={r.key}>
              <dt className="govuk-summary-list__key">{r.name}</dt>
              <dd className="govuk-summary-list__value">{r.formula}</dd>
            </div>
          ))}
        </dl>
      </Details>

      <h2 className="govuk-heading-m">People trained by sector</h2>
      <SectorChart rows={figures.trainedBySector} label={report.label} />
      <Table
        caption={`People trained by sector, ${report.label}`}
        captionClassName="govuk-visually-hidden"
        firstCellIsHeader
        head={[{ children: "Sector" }, { children: "People trained", format: "numeric" }]}
        rows={
          figures.trainedBySector.length
            ? figures.trainedBySector.map((s) => [
                { children: SECTOR_LABELS[s.sector] },
                { children: s.people.toLocaleString("en-GB"), format: "numeric" },
              ])
            : [[{ children: "Nobody" }, { children: "0", format: "numeric" }]]
        }
      />

      <h2 className="govuk-heading-m">People trained by course</h2>
      {figures.trainedByCourse.length === 0 ? (
        <p className="govuk-body">Nobody completed a course in this quarter.</p>
      ) : (
        <Table
          caption="People trained by course"
          captionClassName="govuk-visually-hidden"
          firstCellIsHeader
          head={[{ children: "Course" }, { children: "People trained", format: "numeric" }]}
          rows={figures.trainedByCourse.map((c) => [
            { children: c.title },
            { children: c.people.toLocaleString("en-GB"), format: "numeric" },
          ])}
        />
      )}

      <h2 className="govuk-heading-m">Coverage over the 24 months to {formatDate(figures.asOf)}</h2>
      <TrendChartWithFigures points={figures.trend} series={trendSeries} />

      {canFreeze && !confirmFreeze ? (
        <>
          <h2 className="govuk-heading-m">Freeze the figures</h2>
          <p className="govuk-body">
            Freezing keeps this quarter’s figures as they are now, so that later corrections to the records do not
            change this report. You can freeze them again afterwards, with a reason.
          </p>
          <Button href={`/reports/quarterly?${query}&freeze=confirm#freeze`} secondary>
            Freeze the figures
          </Button>
        </>
      ) : null}
      {canFreeze && confirmFreeze ? (
        <>
          <h2 className="govuk-heading-m" id="freeze">
            Are you sure you want to freeze the figures for {report.label}?
          </h2>
          <p className="govuk-body">
            The figures shown above will be kept as this quarter’s report, with your name and the time.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="quarter" value={report.quarter} />
            <input type="hidden" name="intent" value="freeze" />
            {errors?.freeze ? <p className="govuk-error-message">{errors.freeze}</p> : null}
            <div className="govuk-button-group">
              <Button type="submit" preventDoubleClick>
                Yes, freeze the figures
              </Button>
              <a className="govuk-link" href={`/reports/quarterly?${query}`}>
                Cancel
              </a>
            </div>
          </Form>
        </>
      ) : null}
      {canRefreeze ? (
        <>
          <h2 className="govuk-heading-m">Correct the frozen figures</h2>
          <p className="govuk-body">
            If records for this quarter have been corrected since it was frozen, freeze its figures again. The current
            figures are kept, marked as replaced, with your reason.
            {current ? ` They were frozen on ${formatDateTime(current.takenAt)}.` : ""}
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="quarter" value={report.quarter} />
            <Textarea
              id="reason"
              name="reason"
              rows={3}
              label={{ children: "Why are the figures being frozen again?", className: "govuk-label--s" }}
              hint={{ children: "This is shown on the report beside the new figures." }}
              defaultValue={String((result?.values as Record<string, string> | undefined)?.reason ?? "")}
              errorMessage={errors?.reason ? { children: errors.reason } : undefined}
            />
            <Button type="submit" secondary preventDoubleClick>
              Freeze the figures again
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
