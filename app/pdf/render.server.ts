import type { Writable } from "node:stream";
import type { Database } from "../db/database";
import { getCertificateBranding } from "../domain/certificates/branding";
import type { Certificate, KeptCertificateFile } from "../domain/certificates/get-certificate";
import { type CertificatePdfSource, certificatePdf, certificatesNotYetKept } from "../domain/certificates/kept-pdf";
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
 * for one not kept yet, drawn on a render thread with the council's branding as set now (read
 * once, at the first drawing: serving kept ones reads none) and kept.
 */
export function certificatePdfSource(
  db: Database,
  context: Omit<CertificateContext, "branding">,
  storage: FileStorage = fileStorage(),
): CertificatePdfSource {
  let drawing: Promise<CertificateContext> | undefined;
  return {
    storage,
    async render(certificate) {
      drawing ??= getCertificateBranding(db, storage).then((branding) => ({ ...context, branding }));
      return renderCertificateInWorker(certificate, await drawing);
    },
  };
}

/** One certificate's PDF, for a download already allowed: see certificatePdf. */
export function certificatePdfBytes(
  db: Database,
  certificate: Certificate,
  context: Omit<CertificateContext, "branding">,
  kept?: KeptCertificateFile | null,
): Promise<Uint8Array> {
  return certificatePdf(db, certificate, certificatePdfSource(db, context), kept);
}

/**
 * Draws and keeps the certificates of recent completions not drawn yet, at most `batch`, one at a
 * time (one render thread, below the requests in priority), so that their first download, alone or
 * in a zip, is served warm. The background work calls it every minute; returns how many it drew.
 */
export async function keepRecentCertificates(
  db: Database,
  context: Omit<CertificateContext, "branding">,
  options: { batch?: number; storage?: FileStorage } = {},
): Promise<number> {
  const waiting = await certificatesNotYetKept(db, options.batch ?? 20);
  const source = certificatePdfSource(db, context, options.storage);
  for (const certificate of waiting) await certificatePdf(db, certificate, source, null);
  return waiting.length;
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
  context: Omit<CertificateContext, "branding">,
  options: Omit<ZipCertificatesOptions, "pdfs" | "ahead"> & { storage?: FileStorage } = {},
): Promise<{ count: number }> {
  const { storage, ...zipOptions } = options;
  return zipCertificates(db, scope, selection, output, {
    ...zipOptions,
    pdfs: certificatePdfSource(db, context, storage),
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
