import { notFound, requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { quarterlyReport } from "../../domain/kpis/quarterly-report";
import { type Quarter, parseQuarter, previousQuarter, quarterDates, quarterOf } from "../../domain/kpis/quarters";
import { todayInLondon } from "../../lib/dates";
import { readQuery } from "../../lib/request";

/**
 * The quarter a report asks for (?quarter=2026-Q2); without one, the last quarter that has ended.
 * A quarter that has not started yet is not found.
 */
export function readReportQuarter(url: URL): { quarter: Quarter; today: string } {
  const today = todayInLondon();
  const asked = readQuery(url).get("quarter");
  const quarter = asked ? parseQuarter(asked) : previousQuarter(quarterOf(today));
  if (!quarter || quarterDates(quarter).start > today) notFound("report");
  return { quarter, today };
}

/** What the report's page, CSV and PDF share: the signed-in coordinator and the quarter's report. */
export async function loadQuarterlyReport(request: Request) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "kpis:view-report");
  const url = new URL(request.url);
  const { quarter, today } = readReportQuarter(url);
  const report = await quarterlyReport(db, quarter, { today });
  return { db, user, url, today, report };
}
