import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound } from "../auth/guards.server";
import { recordRead } from "../domain/audit/reads";
import { skippedRowsCsv } from "../domain/imports/import-runs";
import { csvResponse } from "../lib/csv";
import { formValues } from "../lib/forms";
import { readQuery } from "../lib/request";
import { requireImportRun } from "./shared/import-route.server";

const Query = z.object({ file: z.string().trim().max(50).optional() });

/** The rows of an import's file that have problems, with the reasons, to fix and upload again. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, storage, run } = await requireImportRun(request, params);
  const query = Query.safeParse(formValues(readQuery(request)));
  const role = (query.success ? query.data.file : undefined) || run.files[0]?.role;
  if (!role || !run.files.some((f) => f.role === role)) notFound("file");
  const skipped = await skippedRowsCsv(db, storage, run.id, role);
  if (!skipped) notFound("file");
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "import_run",
    entityId: run.id,
    details: { file: skipped.fileName, rows: skipped.rows },
  });
  return csvResponse(skipped.text, skipped.fileName);
}
