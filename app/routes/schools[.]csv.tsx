import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { csvResponse, csvText } from "../lib/csv";
import { recordRead } from "../domain/audit/reads";
import { LAST_SESSION_SOURCE_LABELS, SHARE_BASIS_LABELS } from "../domain/coverage/labels";
import { schoolsCoverage } from "../domain/coverage/schools-coverage";
import { RAG_LABELS } from "../domain/kpis/rag";
import { todayInLondon } from "../lib/dates";
import { readSchoolsQuery } from "./shared/schools-search-params.server";

/** The schools table as CSV, with the page's filters: evidenced and declared figures in separate columns. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "schools:view-coverage");
  const { filters } = readSchoolsQuery(new URL(request.url));
  const today = todayInLondon();
  const { rows } = await schoolsCoverage(db, filters, today);
  // Built whole, not streamed like the row exports: each line is a school's coverage worked out
  // from everyone's records in one summary query, and a council has a few hundred schools.
  const csv = csvText(
    [
      "School",
      "URN",
      "Phase",
      "Type",
      "Staff recorded",
      "DSLs and deputies",
      "DSLs trained",
      "Has a trained DSL",
      "Staff Prevent awareness applies to (evidenced)",
      "Staff with current Prevent awareness (evidenced)",
      "Evidenced share (%)",
      "Declared on (YYYY-MM-DD)",
      "Declared headcount",
      "Declared trained",
      "Declared share (%)",
      "Status judged on",
      "Last session (YYYY-MM-DD)",
      "Last session was",
      "Status",
      "No coverage at all",
    ],
    rows.map((s) => [
      s.name,
      s.urn,
      s.phase,
      s.type,
      s.staff,
      s.dsls,
      s.dslsTrained,
      s.dslsTrained > 0 ? "Yes" : "No",
      s.prevent.applicable,
      s.prevent.current,
      s.prevent.percent,
      s.declaration?.declaredOn ?? null,
      s.declaration?.headcount ?? null,
      s.declaration?.declaredTrained ?? null,
      s.declaration?.percent ?? null,
      SHARE_BASIS_LABELS[s.shareBasis],
      s.lastSession?.on ?? null,
      s.lastSession ? LAST_SESSION_SOURCE_LABELS[s.lastSession.source] : null,
      RAG_LABELS[s.status],
      s.noCoverage ? "Yes" : "No",
    ]),
  );
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: "schools.csv",
    details: { file: "schools.csv", rows: rows.length, filters },
  });
  return csvResponse(csv, `schools-prevent-coverage-${today}.csv`);
}
