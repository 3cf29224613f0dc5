import type { Certificate } from "../domain/certificates/get-certificate";
import { type CertificateContext, renderCertificateToBuffer } from "./render-certificate";

/**
 * A render worker's task (piscina, render-pool.server.ts): one certificate's PDF. Built as its own
 * server entry (build/server/certificate-worker.js, vite.config.ts), loaded from the sources with
 * tsx in tests, the benchmark and `npm run dev`.
 */
export interface CertificateRenderTask {
  certificate: Certificate;
  context: CertificateContext;
}

export default async function renderCertificateTask({
  certificate,
  context,
}: CertificateRenderTask): Promise<Uint8Array> {
  const pdf = await renderCertificateToBuffer(certificate, context);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
