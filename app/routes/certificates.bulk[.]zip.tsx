import { PassThrough } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable, redirect } from "@remix-run/node";
import { requirePermission, requirePersonAccess } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { certificateSelectionSchema, countCertificates } from "../domain/certificates/select-certificates";
import { MAX_CERTIFICATES_PER_ZIP } from "../domain/certificates/zip-certificates";
import { env } from "../env.server";
import { formValues } from "../lib/forms";
import { todayInLondon } from "../lib/dates";
import { writeCertificatesZip } from "../pdf/render.server";
import { readQuery } from "../lib/request";

/**
 * /certificates/bulk.zip?organisationId=…&courseId=…&completedFrom=…: the selection's
 * certificates as a zip streamed to the browser while it is made (the browser's download shows the
 * progress), with manifest.csv. The bulk page builds the link after showing how many it holds.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "certificates:bulk-download");
  const scope = personScopeFor(user, "certificates:bulk-download");
  const parsed = certificateSelectionSchema.safeParse(formValues(readQuery(request)));
  if (!parsed.success) throw redirect("/certificates/bulk");
  const selection = parsed.data;
  if (selection.personId !== undefined) {
    await requirePersonAccess(db, user, "certificates:bulk-download", selection.personId);
  }
  const count = await countCertificates(db, scope, selection);
  if (count === 0 || count > MAX_CERTIFICATES_PER_ZIP) throw redirect("/certificates/bulk");
  // Recorded before the zip is streamed: what was asked for, whether or not the browser stays to the end.
  await recordRead(db, user, {
    action: "certificates.zip-downloaded",
    entityType: selection.personId === undefined ? "certificates" : "person",
    entityId: selection.personId ?? "bulk.zip",
    subjectPersonId: selection.personId ?? null,
    details: { certificates: count, filters: selection },
  });

  const output = new PassThrough();
  const { COUNCIL_NAME, PUBLIC_URL } = env();
  writeCertificatesZip(
    db,
    scope,
    selection,
    output,
    { councilName: COUNCIL_NAME, publicUrl: PUBLIC_URL },
    {
      signal: request.signal,
    },
  ).catch((error: unknown) => {
    // A browser that went away stops the zip; anything else is a fault to look into.
    if (!request.signal.aborted) console.error("The certificates zip failed", error);
  });
  return new Response(createReadableStreamFromReadable(output), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="certificates-${todayInLondon()}.zip"`,
      "Cache-Control": "private, no-store",
      "X-Certificate-Count": String(count),
    },
  });
}
