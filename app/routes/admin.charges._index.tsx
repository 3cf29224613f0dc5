import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, Select, Table } from "../components";
import { chargesByOrganisation, listCharges } from "../domain/charges/charges-report";
import { CHARGE_KIND_LABELS, formatPence } from "../domain/charges/values";
import { quarterDates, quarterKey, quarterLabel, quarterShortLabel, recentQuarters } from "../domain/kpis/quarters";
import { formatDateTime, todayInLondon } from "../lib/dates";
import { SECTOR_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readChargesQuery } from "./shared/charges-search-params.server";

export const meta: MetaFunction = () => pageTitle("Charges – Administration");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "charges:manage");
  const { quarter } = readChargesQuery(request);
  const lines = await listCharges(db, quarterDates(quarter));
  const quarters = recentQuarters(todayInLondon(), 8);
  if (!quarters.some((q) => quarterKey(q) === quarterKey(quarter))) quarters.push(quarter);
  return {
    quarter: quarterKey(quarter),
    label: quarterLabel(quarter),
    quarters: quarters.map((q) => ({ value: quarterKey(q), text: quarterShortLabel(q) })),
    organisations: chargesByOrganisation(lines),
    lines,
    total: lines.reduce((sum, l) => sum + l.pence, 0),
  };
}

export default function Charges() {
  const { quarter, label, quarters, organisations, lines, total } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink href="/admin">Administration</BackLink>
        <span className="govuk-caption-l">{label}</span>
        <h1 className="govuk-heading-l">Charges for no-shows and late cancellations</h1>
        <p className="govuk-body">
          What each organisation owes for people who did not come to a session, or whose place was cancelled after
          booking closed, at the rates set when it happened. A session’s date puts its charges in a quarter.{" "}
          <a className="govuk-link" href="/admin/charges/rates">
            Change the rates
          </a>
        </p>
        <Form method="get" className="app-filter-row">
          <Select
            id="quarter"
            name="quarter"
            label={{ children: "Quarter" }}
            items={quarters.map((q) => ({ ...q, selected: q.value === quarter }))}
          />
          <Button type="submit" secondary>
            Show charges
          </Button>
        </Form>
        {organisations.length === 0 ? (
          <p className="govuk-body">There are no charges for this quarter.</p>
        ) : (
          <>
            <Table
              caption="By organisation"
              captionClassName="govuk-table__caption--m"
              firstCellIsHeader
              head={[
                { children: "Organisation" },
                { children: "Kind" },
                { children: "No-shows", format: "numeric" },
                { children: "Late cancellations", format: "numeric" },
                { children: "Amount", format: "numeric" },
              ]}
              rows={[
                ...organisations.map((o) => [
                  { children: o.organisationName },
                  { children: SECTOR_LABELS[o.sector] },
                  { children: o.noShows, format: "numeric" as const },
                  { children: o.lateCancellations, format: "numeric" as const },
                  { children: formatPence(o.pence), format: "numeric" as const },
                ]),
                [
                  { children: "Total" },
                  { children: "" },
                  { children: organisations.reduce((n, o) => n + o.noShows, 0), format: "numeric" as const },
                  { children: organisations.reduce((n, o) => n + o.lateCancellations, 0), format: "numeric" as const },
                  { children: formatPence(total), format: "numeric" as const },
                ],
              ]}
            />
            <p className="govuk-body">
              <a className="govuk-link" href={`/admin/charges.csv?quarter=${quarter}`} download>
                Download the charges for invoicing (CSV)
              </a>
            </p>
            <Table
              caption="Each charge"
              captionClassName="govuk-table__caption--m"
              head={[
                { children: "Organisation" },
                { children: "Person" },
                { children: "Session" },
                { children: "Charge for" },
                { children: "Amount", format: "numeric" },
              ]}
              rows={lines.map((l) => [
                { children: l.organisationName },
                { children: l.personName },
                {
                  children: (
                    <a className="govuk-link" href={`/sessions/${l.sessionId}`}>
                      {l.courseTitle}, {formatDateTime(l.sessionStartsAtIso)}
                    </a>
                  ),
                },
                { children: CHARGE_KIND_LABELS[l.kind] },
                { children: formatPence(l.pence), format: "numeric" as const },
              ])}
            />
          </>
        )}
      </div>
    </div>
  );
}
