import type { Writable } from "node:stream";
import type { Database } from "../db/database";
import type { CertificateBranding } from "../domain/certificates/branding";
import type { Certificate } from "../domain/certificates/get-certificate";
import type { CertificateSelection } from "../domain/certificates/select-certificates";
import { type ZipCertificatesOptions, zipCertificates } from "../domain/certificates/zip-certificates";
import type { PersonScope } from "../domain/people/scope";
import { type CertificateContext, renderCertificateToBuffer } from "./render-certificate";

export { type CertificateContext, renderCertificateToBuffer, renderCertificateToStream } from "./render-certificate";

/**
 * Streams a zip of a selection's certificates (and manifest.csv) into `output`, rendering each
 * PDF in turn: see zipCertificates. Resolves with the number of certificates once the zip is complete.
 */
export function writeCertificatesZip(
  db: Database,
  scope: PersonScope,
  selection: CertificateSelection,
  output: Writable,
  context: CertificateContext,
  options: Omit<ZipCertificatesOptions, "render"> = {},
): Promise<{ count: number }> {
  return zipCertificates(db, scope, selection, output, {
    ...options,
    render: (certificate) => renderCertificateToBuffer(certificate, context),
  });
}

/** The download name of one certificate, e.g. "certificate-Prevent-awareness-Jane-Smith-2026-11-24.pdf". */
export function certificateDownloadName(certificate: Certificate): string {
  const slug = (text: string) =>
    text
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .replace(/[\s_-]+/g, "-");
  return `certificate-${slug(certificate.courseTitle)}-${slug(certificate.personName)}-${certificate.completedOn}.pdf`;
}
