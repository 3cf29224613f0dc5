import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, csvText } from "../lib/csv";
import { recordRead } from "../domain/audit/reads";
import { RAG_LABELS } from "../domain/kpis/rag";
import { SECTOR_LABELS } from "../lib/labels";
import { loadQuarterlyReport } from "./shared/quarterly-report.server";

/** The quarterly report's figures as CSV: one line per KPI, then people trained by sector and by course. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, report } = await loadQuarterlyReport(request);
  // Built whole, not streamed like the row exports: the report is figures already worked out
  // (tens of lines), not rows read from the database.
  const state = report.state === "frozen" ? "Frozen" : report.state === "unfrozen" ? "Not yet frozen" : "Provisional";
  const csv = csvText(
    [
      "Quarter",
      "Figures",
      "KPI",
      "Unit",
      "This quarter",
      "Counted",
      "Out of",
      "Previous quarter",
      "Target",
      "Status",
      "Owner",
      "How it is worked out",
    ],
    [
      ...report.rows.map((r) => [
        report.label,
        state,
        r.name,
        r.unit === "percent" ? "%" : r.unit === "score" ? "mean score, 1 to 5" : "count",
        r.value.value,
        r.value.numerator,
        r.value.denominator,
        r.previous?.value ?? null,
        r.target,
        r.status ? RAG_LABELS[r.status] : null,
        r.owner,
        r.formula,
      ]),
      ...report.figures.trainedBySector.map((s) => [
        report.label,
        state,
        `People trained: ${SECTOR_LABELS[s.sector]}`,
        "count",
        s.people,
      ]),
      ...report.figures.trainedByCourse.map((c) => [
        report.label,
        state,
        `People trained: ${c.title}`,
        "count",
        c.people,
      ]),
    ],
  );
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: "quarterly-report.csv",
    details: {
      file: "quarterly-report.csv",
      rows: report.rows.length + report.figures.trainedBySector.length + report.figures.trainedByCourse.length,
      filters: { quarter: report.quarter },
    },
  });
  return csvResponse(csv, `prevent-kpis-${report.quarter}.csv`);
}
