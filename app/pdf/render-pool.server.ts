import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Certificate } from "../domain/certificates/get-certificate";
import type { CertificateRenderTask } from "./certificate-worker";
import type { CertificateContext } from "./render-certificate";

/**
 * Certificates are drawn in worker threads, one per core, so a zip of many new certificates uses
 * every core and a drawing never holds up the server's other requests. Threads start when work
 * comes and stop after a while idle: a server that only serves kept certificates holds none.
 */

/** Renders under way or waiting, per thread, that keep the threads busy without piling up. */
export const RENDERS_IN_FLIGHT_PER_THREAD = 2;

let pool: Piscina<CertificateRenderTask, Uint8Array> | undefined;

/**
 * Where the worker is: the built server's own entry beside this module's bundle
 * (build/server/certificate-worker.js), or, running from the sources (vitest, tsx, vite dev),
 * the TypeScript module loaded through tsx (certificate-worker-from-sources.mjs).
 */
function workerFile(): { filename: string } {
  if (/\.tsx?$/.test(fileURLToPath(import.meta.url))) {
    return { filename: new URL("./certificate-worker-from-sources.mjs", import.meta.url).href };
  }
  // The server build (vite.config.ts) rewrites this address to the built worker's, relative to this chunk.
  const built = new URL("./certificate-worker.js", import.meta.url);
  if (!existsSync(built)) {
    throw new Error(`The certificate render worker is missing: ${fileURLToPath(built)} (built by vite.config.ts)`);
  }
  return { filename: built.href };
}

export function renderThreads(): number {
  return Math.max(1, availableParallelism());
}

function renderPool(): Piscina<CertificateRenderTask, Uint8Array> {
  pool ??= new Piscina<CertificateRenderTask, Uint8Array>({
    ...workerFile(),
    name: "default",
    minThreads: 0,
    maxThreads: renderThreads(),
    idleTimeout: 30_000,
    // Below the request handlers in the operating system's queue: rendering yields to answering.
    niceIncrement: 5,
  });
  return pool;
}

/** One certificate's PDF, drawn on a worker thread. */
export function renderCertificateInWorker(certificate: Certificate, context: CertificateContext): Promise<Uint8Array> {
  return renderPool().run({ certificate, context });
}

/** Stops the threads (tests, shutting down). */
export async function closeRenderPool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}
