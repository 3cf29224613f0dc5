import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission, requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { readEvidenceFile } from "../domain/completions/evidence-file";
import { completionEvidence } from "../domain/completions/record-by-hand";
import { idSchema } from "../lib/request";
import { fileStorage } from "../storage/storage.server";

/**
 * /completions/123/evidence: the evidence file a completion was recorded from (a certificate or
 * register from elsewhere), for anyone who may see the person's record. A completion out of scope,
 * or with no file, gets the same 404 as one that does not exist. The download is an audit read.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "record:view");
  const id = idSchema.safeParse(params.completionId ?? "");
  if (!id.success) notFound("evidence");
  const evidence = await completionEvidence(db, id.data);
  if (!evidence) notFound("evidence");
  await requirePersonAccess(db, user, "record:view", evidence.personId);
  const file = await readEvidenceFile(fileStorage(), evidence.evidenceFileKey);
  if (!file) notFound("evidence");
  await recordRead(db, user, {
    action: "evidence.downloaded",
    entityType: "completion",
    entityId: id.data,
    subjectPersonId: evidence.personId,
    details: { course: evidence.courseCode, completedOn: evidence.completedOn },
  });
  const name = `evidence-${evidence.courseCode}-${evidence.completedOn}.${file.extension}`.replace(
    /[^A-Za-z0-9._-]/g,
    "-",
  );
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${name}"`,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
