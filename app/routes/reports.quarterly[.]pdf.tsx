import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "../env.server";
import { boardPackFilename, renderBoardPack } from "../pdf/board-pack";
import { loadQuarterlyReport } from "./reports.quarterly._index/report-query.server";

/** The quarterly report as a PDF board pack, with its charts. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { report } = await loadQuarterlyReport(request);
  const pdf = await renderBoardPack(report, env().COUNCIL_NAME);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${boardPackFilename(report)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
