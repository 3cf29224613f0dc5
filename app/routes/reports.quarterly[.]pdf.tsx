import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordRead } from "../domain/audit/reads";
import { env } from "../env.server";
import { boardPackFilename, renderBoardPack } from "../pdf/board-pack";
import { loadQuarterlyReport } from "./shared/quarterly-report.server";

/** The quarterly report as a PDF board pack, with its charts. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, report } = await loadQuarterlyReport(request);
  const [pdf] = await Promise.all([
    renderBoardPack(report, env().COUNCIL_NAME),
    recordRead(db, user, {
      action: "export.downloaded",
      entityType: "export",
      entityId: "quarterly-report.pdf",
      details: { file: "quarterly-report.pdf", rows: report.rows.length, filters: { quarter: report.quarter } },
    }),
  ]);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${boardPackFilename(report)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
