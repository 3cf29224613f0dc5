import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../auth/guards.server";
import { recordRead } from "../domain/audit/reads";
import { readEvidenceFile } from "../domain/completions/evidence-file";
import { fileStorage } from "../storage/storage.server";
import { requireEvidence } from "./shared/evidence-route.server";

/**
 * The certificate sent as evidence, for its person and those who may verify it. Served as a
 * download with the type its content was found to be (never what the name claimed).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, evidence } = await requireEvidence(request, params);
  if (!evidence.fileKey) notFound("file");
  const kept = await readEvidenceFile(fileStorage(), evidence.fileKey);
  if (!kept) notFound("file");
  await recordRead(db, user, {
    action: "evidence.downloaded",
    entityType: "evidence",
    entityId: evidence.id,
    subjectPersonId: evidence.personId,
    details: { file: evidence.fileName ?? undefined },
  });
  return new Response(Buffer.from(kept.bytes), {
    headers: {
      "Content-Type": kept.contentType,
      "Content-Disposition": `attachment; filename="evidence-${evidence.id}.${kept.extension}"`,
      "Content-Length": String(kept.bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
