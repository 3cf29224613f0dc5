import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { complianceExportBatches } from "../domain/compliance/export-compliance";
import { COMPLIANCE_STATUS_LABELS } from "../domain/compliance/labels";
import { csvStreamResponse } from "../lib/csv";
import { todayInLondon } from "../lib/dates";
import { readTeamQuery } from "./shared/team-search-params.server";

/**
 * The team's compliance as CSV: one line per person and requirement, with the page's filters (a
 * status filter keeps the lines in that status), streamed a batch of people at a time: the first lines
 * leave before the last person's statuses are worked out. Dates are YYYY-MM-DD, so spreadsheets sort them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "team:view-compliance");
  const query = readTeamQuery(new URL(request.url));
  const today = todayInLondon();
  const exportQuery = {
    scope: personScopeFor(user, "team:view-compliance"),
    onDate: today,
    organisationId: query.organisationId,
    personSearch: query.name,
    requirementId: query.requirementId,
    status: query.status,
  };
  // Recorded before the first line, with the filters; no row count, which would cost a pass over
  // every status before anything leaves (CONTRIBUTING.md, Exports).
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: "team.csv",
    details: {
      file: "team.csv",
      filters: { organisationId: query.organisationId, requirementId: query.requirementId, status: query.status },
    },
  });
  async function* lines() {
    for await (const batch of complianceExportBatches(db, exportQuery)) {
      yield batch.map((r) => [
        r.name,
        r.email,
        r.externalRef,
        r.jobTitle,
        r.organisationName,
        r.requirementName,
        COMPLIANCE_STATUS_LABELS[r.status],
        r.dueOn,
        r.completedOn,
        r.courseTitle,
        r.bookedOn,
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Name",
      "Email",
      "HR number",
      "Job title",
      "Organisation",
      "Requirement",
      "Status",
      "Due, expires or expired on",
      "Completed on",
      "Course completed",
      "Booked on a session on",
    ],
    lines(),
    `team-training-${today}.csv`,
    request.signal,
  );
}
