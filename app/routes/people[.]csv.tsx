import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { peopleExportPages } from "../domain/people/export-people";
import { csvStreamResponse } from "../lib/csv";
import { todayInLondon } from "../lib/dates";
import { formValues } from "../lib/forms";
import { SECTOR_LABELS } from "../lib/labels";
import { readQuery } from "../lib/request";
import { PeopleQuery } from "./shared/people-search-params.server";

/**
 * Everyone the people list shows the caller (their team, the schools, or everyone), with the
 * list's search, as CSV with their HR details: streamed a page at a time, so 50,000 people are
 * never held at once. Dates are YYYY-MM-DD, so spreadsheets sort them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "people:list");
  const scope = personScopeFor(user, "people:list");
  const query = PeopleQuery.parse(formValues(readQuery(request)));
  const filter = { search: query.q };
  // Recorded before the first line, without a row count (CONTRIBUTING.md, Exports).
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: "people.csv",
    details: { file: "people.csv", filters: { q: query.q } },
  });
  async function* lines() {
    for await (const page of peopleExportPages(db, scope, filter)) {
      yield page.map((p) => [
        p.employeeNumber,
        p.givenName,
        p.familyName,
        p.email,
        p.organisationName,
        SECTOR_LABELS[p.sector],
        p.lineManagerName,
        p.lineManagerEmployeeNumber,
        p.jobTitle,
        p.employmentType.replace(/_/g, " "),
        p.tags.join("; "),
        p.startDate,
        p.leavingDate,
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Employee number",
      "Given name",
      "Family name",
      "Email",
      "Organisation",
      "Sector",
      "Line manager",
      "Line manager's employee number",
      "Job title",
      "Employment type",
      "Tags",
      "Start date",
      "Leaving date",
    ],
    lines(),
    `people-${todayInLondon()}.csv`,
    request.signal,
  );
}
