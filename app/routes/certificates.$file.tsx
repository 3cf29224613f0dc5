import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { certificateForDownload } from "../domain/certificates/get-certificate";
import { env } from "../env.server";
import { certificateDownloadName, certificatePdfBytes } from "../pdf/render.server";

/** /certificates/123.pdf: the certificate of completion 123. */
const Params = z.object({ file: z.string().regex(/^[1-9]\d{0,11}\.pdf$/) });

/**
 * One certificate as a PDF, for anyone whose scope reaches its person. A completion out of scope,
 * revoked, or of a course that gives no certificate gets the same 404 as one that does not exist.
 * One waiting for its evaluation sends its learner to the evaluation (404 for anyone else).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "certificate:download");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("certificate");
  const completionId = Number(parsed.data.file.slice(0, -".pdf".length));
  const download = await certificateForDownload(db, personScopeFor(user, "certificate:download"), completionId);
  if (!download) notFound("certificate");
  if ("awaitingEvaluation" in download) {
    // Released once the session's evaluation is done: the learner is sent to it ("Complete the
    // evaluation to get your certificate"); for anyone else there is nothing to download yet.
    if (download.awaitingEvaluation.personId === user.personId) {
      throw redirect(`/my-training/evaluations/${download.awaitingEvaluation.bookingId}`);
    }
    notFound("certificate");
  }
  const { certificate, kept } = download;
  const { COUNCIL_NAME, PUBLIC_URL } = env();
  const [pdf] = await Promise.all([
    // The kept PDF (drawn and kept on its first download): decision 016.
    certificatePdfBytes(db, certificate, { councilName: COUNCIL_NAME, publicUrl: PUBLIC_URL }, kept),
    recordRead(db, user, {
      action: "certificate.downloaded",
      entityType: "completion",
      entityId: certificate.completionId,
      subjectPersonId: certificate.personId,
      details: { course: certificate.courseCode, completedOn: certificate.completedOn },
    }),
  ]);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${certificateDownloadName(certificate)}"`,
      "Content-Length": String(pdf.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
