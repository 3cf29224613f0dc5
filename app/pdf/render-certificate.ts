import { renderToBuffer, renderToStream } from "@react-pdf/renderer";
import type { CertificateBranding } from "../domain/certificates/branding";
import { verificationUrl } from "../domain/certificates/certificate-number";
import type { Certificate } from "../domain/certificates/get-certificate";
import { CertificateDocument, certificateQrCode, registerCertificateFonts } from "./certificate";

/**
 * Drawing one certificate, and nothing else: no database, no storage. The render workers
 * (certificate-worker.ts) load this module alone, so it stays small.
 */

/** What every certificate prints besides the completion: the council and the service's address. */
export interface CertificateContext {
  councilName: string;
  publicUrl: string;
  /** The council's logo and the coordinator's signature, when set (app/domain/certificates/branding.ts). */
  branding?: CertificateBranding;
}

async function certificateElement(certificate: Certificate, context: CertificateContext) {
  registerCertificateFonts();
  const qrCode = certificateQrCode(verificationUrl(context.publicUrl, certificate.code));
  return CertificateDocument({ certificate, ...context, qrCode });
}

/** One certificate as PDF bytes. */
export async function renderCertificateToBuffer(
  certificate: Certificate,
  context: CertificateContext,
): Promise<Buffer> {
  return renderToBuffer(await certificateElement(certificate, context));
}

/** One certificate as a stream of PDF bytes. */
export async function renderCertificateToStream(
  certificate: Certificate,
  context: CertificateContext,
): Promise<NodeJS.ReadableStream> {
  return renderToStream(await certificateElement(certificate, context));
}
