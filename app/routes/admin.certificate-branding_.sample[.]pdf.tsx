import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { getCertificateBranding, sampleCertificate } from "../domain/certificates/branding";
import { env } from "../env.server";
import { todayInLondon } from "../lib/dates";
import { renderCertificateToBuffer } from "../pdf/render.server";
import { fileStorage } from "../storage/storage.server";

/** /admin/certificate-branding/sample.pdf: a made-up certificate with the branding set now. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "certificates:branding");
  const { COUNCIL_NAME, PUBLIC_URL } = env();
  const pdf = await renderCertificateToBuffer(sampleCertificate(todayInLondon()), {
    councilName: COUNCIL_NAME,
    publicUrl: PUBLIC_URL,
    branding: await getCertificateBranding(db, fileStorage()),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": 'inline; filename="sample-certificate.pdf"',
      "Cache-Control": "private, no-store",
    },
  });
}
