import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { chargesExportPages } from "../domain/charges/charges-report";
import { CHARGE_KIND_LABELS } from "../domain/charges/values";
import { quarterDates, quarterKey } from "../domain/kpis/quarters";
import { csvStreamResponse } from "../lib/csv";
import { SECTOR_LABELS } from "../lib/labels";
import { readChargesQuery } from "./shared/charges-search-params.server";

/**
 * A quarter's charges for invoicing, one line a charge, by organisation: who, which session, what
 * for, and the amount in pounds. Times are London's, as YYYY-MM-DD HH:MM, so spreadsheets sort them.
 * Streamed a batch at a time; the audit record (the quarter, no row count) is written before the first line.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "charges:manage");
  const { quarter } = readChargesQuery(request);
  const period = quarterDates(quarter);
  const file = `charges-${quarterKey(quarter)}.csv`;
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: "charges.csv",
    details: { file, filters: { quarter: quarterKey(quarter) } },
  });
  async function* lines() {
    for await (const page of chargesExportPages(db, period)) {
      yield page.map((l) => [
        l.organisationName,
        l.organisationId,
        SECTOR_LABELS[l.sector],
        l.personName,
        l.employeeNumber,
        l.email,
        l.courseCode,
        l.courseTitle,
        l.sessionStartsAt,
        CHARGE_KIND_LABELS[l.kind],
        l.happenedAt,
        (l.pence / 100).toFixed(2),
        l.bookingId,
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Organisation",
      "Organisation id",
      "Kind of organisation",
      "Given and family name",
      "Staff number",
      "Email",
      "Course code",
      "Course",
      "Session starts (YYYY-MM-DD HH:MM)",
      "Charge for",
      "Marked or cancelled at",
      "Amount (£)",
      "Booking",
    ],
    lines(),
    file,
    request.signal,
  );
}
