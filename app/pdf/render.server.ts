import type { Writable } from "node:stream";
import type { Database } from "../db/database";
import type { CertificateBranding } from "../domain/certificates/branding";
import type { Certificate } from "../domain/certificates/get-certificate";
import { type CertificatePdfSource, certificatePdf } from "../domain/certificates/kept-pdf";
import type { CertificateSelection } from "../domain/certificates/select-certificates";
import { type ZipCertificatesOptions, zipCertificates } from "../domain/certificates/zip-certificates";
import type { PersonScope } from "../domain/people/scope";
import type { FileStorage } from "../storage/file-storage";
import { fileStorage } from "../storage/storage.server";
import type { CertificateContext } from "./render-certificate";
import { RENDERS_IN_FLIGHT_PER_THREAD, renderCertificateInWorker, renderThreads } from "./render-pool.server";

export { type CertificateContext, renderCertificateToBuffer, renderCertificateToStream } from "./render-certificate";

/**
 * Where certificates' PDFs come from (decision 016): the bytes kept in the service's storage, or,
 * for one not kept yet, drawn on a render thread and kept.
 */
export function certificatePdfSource(
  context: CertificateContext,
  storage: FileStorage = fileStorage(),
): CertificatePdfSource {
  return { storage, render: (certificate) => renderCertificateInWorker(certificate, context) };
}

/** One certificate's PDF, for a download already allowed: see certificatePdf. */
export function certificatePdfBytes(
  db: Database,
  certificate: Certificate,
  context: CertificateContext,
): Promise<Uint8Array> {
  return certificatePdf(db, certificate, certificatePdfSource(context));
}

/**
 * Streams a zip of a selection's certificates (and manifest.csv) into `output`: the kept PDFs,
 * and those not kept yet drawn over the render threads (see zipCertificates). Resolves with the
 * number of certificates once the zip is complete.
 */
export function writeCertificatesZip(
  db: Database,
  scope: PersonScope,
  selection: CertificateSelection,
  output: Writable,
  context: CertificateContext,
  options: Omit<ZipCertificatesOptions, "pdfs" | "ahead"> & { storage?: FileStorage } = {},
): Promise<{ count: number }> {
  const { storage, ...zipOptions } = options;
  return zipCertificates(db, scope, selection, output, {
    ...zipOptions,
    pdfs: certificatePdfSource(context, storage),
    ahead: renderThreads() * RENDERS_IN_FLIGHT_PER_THREAD,
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
