import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { NotificationBanner, SummaryList, Table } from "../components";
import { percentLabel } from "../domain/coverage/labels";
import { MEASURE_LABELS, resolveMeasures } from "../domain/coverage/resolve-measures";
import { listKpiDefinitions } from "../domain/kpis/list-kpi-definitions";
import { RAG_RULE } from "../domain/kpis/rag";
import { pageTitle } from "../lib/page-title";
import { readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("KPI definitions");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "kpis:view-report");
  const [definitions, measures] = await Promise.all([listKpiDefinitions(db), resolveMeasures(db)]);
  const updated = readQuery(request).get("updated");
  return {
    definitions,
    measures: Object.values(measures).map((m) => ({
      key: m.key,
      label: MEASURE_LABELS[m.key],
      requirements: m.requirements,
    })),
    canManage: can(user, "kpis:manage"),
    updated: definitions.find((d) => d.key === updated)?.name ?? null,
  };
}

export default function KpiDefinitions() {
  const { definitions, measures, canManage, updated } = useLoaderData<typeof loader>();
  return (
    <>
      {updated ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">The target for “{updated}” has been changed.</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">KPI definitions</h1>
      <p className="govuk-body">
        The figures the Prevent strategy is reported by to the Prevent Delivery Group and the Safer Communities
        Partnership Board. Each is worked out the same way every quarter; see the{" "}
        <a className="govuk-link" href="/reports/quarterly">
          quarterly report
        </a>
        .
      </p>
      <Table
        label="KPI definitions"
        caption="KPI definitions, in report order"
        captionClassName="govuk-visually-hidden"
        firstCellIsHeader
        head={[
          { children: "KPI" },
          { children: "How it is worked out" },
          { children: "Target", format: "numeric" },
          { children: "Owner" },
          ...(canManage ? [{ children: <span className="govuk-visually-hidden">Action</span> }] : []),
        ]}
        rows={definitions.map((d) => [
          { children: d.name },
          {
            children: (
              <>
                {d.formula}
                {d.direction === "lower" ? " Lower is better." : ""}
              </>
            ),
          },
          {
            children:
              d.target === null
                ? "None"
                : d.unit === "percent"
                  ? percentLabel(d.target)
                  : d.target.toLocaleString("en-GB"),
            format: "numeric",
          },
          { children: d.owner },
          ...(canManage
            ? [
                {
                  children: (
                    <a className="govuk-link" href={`/admin/kpis/${d.key}`}>
                      Change<span className="govuk-visually-hidden"> the target for {d.name}</span>
                    </a>
                  ),
                },
              ]
            : []),
        ])}
      />
      <p className="govuk-body-s">Status in reports: {RAG_RULE}</p>

      <h2 className="govuk-heading-m">Which requirements the coverage figures measure</h2>
      <p className="govuk-body">
        Coverage figures are read from the live requirements whose audience and courses fit them. Change a requirement
        to change what is measured.
      </p>
      <p className="govuk-body">
        Each coverage figure counts people, not requirements: a person covered by more than one of a figure’s
        requirements is counted once, and as current only when they hold every one of them that applies to them.
      </p>
      <SummaryList
        rows={measures.map((m) => ({
          key: { children: m.label },
          value: {
            children: m.requirements.length ? m.requirements.map((r) => r.name).join("; ") : "No requirement fits yet",
          },
        }))}
      />
    </>
  );
}
