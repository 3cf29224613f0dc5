import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../auth/guards.server";
import { recordRead } from "../domain/audit/reads";
import { importFile } from "../domain/imports/import-runs";
import { requireImportRun } from "./shared/import-route.server";

/** The file of an import as it was uploaded, kept for the history. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, storage, run } = await requireImportRun(request, params);
  const file = run.files.find((f) => f.role === params.role);
  if (!file) notFound("file");
  const kept = await importFile(db, storage, run.id, file.role);
  if (!kept) notFound("file");
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "import_run",
    entityId: run.id,
    details: { file: kept.name, original: true },
  });
  const asciiName = kept.name.replace(/[^\w.-]+/g, "_");
  return new Response(Buffer.from(kept.bytes), {
    headers: {
      "Content-Type": "text/csv",
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(kept.name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
