import { once } from "node:events";
import type { Writable } from "node:stream";
import archiver from "archiver";
import { csvText } from "../../lib/csv";
import type { Database } from "../../db/database";
import { todayInLondon } from "../../lib/dates";
import type { PersonScope } from "../people/scope";
import { formatCertificateNumber } from "./certificate-number";
import type { Certificate } from "./get-certificate";
import { type CertificatePdfSource, certificatePdf, keptCertificateFiles } from "./kept-pdf";
import { type CertificateSelection, selectCertificates } from "./select-certificates";

/** More than this in one zip is refused: the bulk page asks for a narrower selection. */
export const MAX_CERTIFICATES_PER_ZIP = 5000;

/**
 * Certificates read from the database at a time. Not more: at council scale a page of 1,000 of a
 * directorate took 23 s where ten pages of 100 took 3.6 s (the planner chooses otherwise).
 */
const PAGE_SIZE = 100;

const SOURCE_WORDS = {
  attendance: "Attended a session",
  hosted_elearning: "E-learning",
  external_evidence: "Recorded from outside evidence",
  import: "Imported record",
} as const;

export interface ZipCertificatesOptions {
  /** The kept PDFs, and how to draw those not kept yet (app/pdf/render.server): the domain draws no documents. */
  pdfs: CertificatePdfSource;
  /**
   * Certificates fetched or drawn ahead of the one being written (1 by default): drawings spread
   * over the render threads while the zip still takes the certificates in order.
   */
  ahead?: number;
  /** Stops early (the browser went away). */
  signal?: AbortSignal;
  /** At most this many certificates (MAX_CERTIFICATES_PER_ZIP by default). */
  limit?: number;
  /** Called after each certificate with how many are in the zip so far. */
  onProgress?: (done: number) => void;
  /** For the manifest's status column. */
  today?: string;
}

/** A file name for a certificate inside a zip: family name, given name, course, date, number. */
export function certificateFileName(certificate: Certificate): string {
  const clean = (text: string) =>
    text
      .normalize("NFC")
      .replace(/[^\p{L}\p{N} ._()'-]+/gu, "-")
      .replace(/\s+/g, " ")
      .trim();
  return `${clean(`${certificate.familyName} ${certificate.givenName}`)} - ${clean(certificate.courseCode)} - ${certificate.completedOn} - ${certificate.code}.pdf`;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Streams a zip of a selection's certificates into `output`, with manifest.csv listing each one.
 * Certificates are read a page at a time; each one's PDF is the kept one, or drawn and kept
 * (certificatePdf), with at most `ahead` under way at once; they are written in order, with a
 * turn of the event loop in between, so memory stays flat and other requests are served while a
 * large zip is made. Resolves when the zip is complete.
 */
export async function zipCertificates(
  db: Database,
  scope: PersonScope,
  selection: CertificateSelection,
  output: Writable,
  options: ZipCertificatesOptions,
): Promise<{ count: number }> {
  const limit = Math.min(options.limit ?? MAX_CERTIFICATES_PER_ZIP, MAX_CERTIFICATES_PER_ZIP);
  const today = options.today ?? todayInLondon();
  const archive = archiver("zip", { zlib: { level: 6 } });
  let failure: Error | undefined;
  archive.on("error", (error) => {
    failure ??= error;
  });
  archive.on("warning", (error) => {
    failure ??= error;
  });
  let finished = false;
  const outputClosed = new Promise<void>((resolve, reject) => {
    output.once("error", reject);
    output.once("close", resolve);
    output.once("finish", () => {
      finished = true;
      resolve();
    });
  });
  outputClosed.catch((error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
  });
  archive.pipe(output);

  const check = () => {
    if (failure) throw failure;
    if (options.signal?.aborted) throw new Error("The download was cancelled");
    if (output.destroyed || output.writableEnded) throw new Error("The download's connection closed");
  };

  /** Waits until the zip's reader has taken what was written, so buffers do not pile up. */
  const roomToWrite = async () => {
    while (archive.readableLength > archive.readableHighWaterMark || output.writableNeedDrain) {
      check();
      await Promise.race([once(output, "drain"), new Promise((resolve) => setTimeout(resolve, 25))]);
    }
  };

  const manifest: string[][] = [];
  const names = new Set<string>();
  const ahead = Math.max(1, options.ahead ?? 1);
  /** Certificates whose PDF is being fetched or drawn, in the zip's order. */
  const coming: Array<{ certificate: Certificate; pdf: Promise<Uint8Array> }> = [];

  const writeNext = async () => {
    const { certificate, pdf: pending } = coming.shift()!;
    const pdf = await pending;
    check();
    let name = `certificates/${certificateFileName(certificate)}`;
    if (names.has(name)) name = name.replace(/\.pdf$/, ` (${certificate.completionId}).pdf`);
    names.add(name);
    const entered = once(archive, "entry");
    // PDFs are compressed already: store them as they are.
    archive.append(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), {
      name,
      store: true,
      date: new Date(`${certificate.completedOn}T12:00:00Z`),
    });
    await entered;
    manifest.push([
      formatCertificateNumber(certificate.code),
      certificate.givenName,
      certificate.familyName,
      certificate.courseCode,
      certificate.courseTitle,
      certificate.completedOn,
      certificate.expiresOn ?? "",
      certificate.superseded
        ? "superseded"
        : certificate.expiresOn !== null && certificate.expiresOn < today
          ? "expired"
          : "valid",
      SOURCE_WORDS[certificate.source],
      name,
    ]);
    options.onProgress?.(manifest.length);
    await roomToWrite();
    await yieldToEventLoop();
  };

  let afterId = 0;
  let selected = 0;
  try {
    while (selected < limit) {
      const page = await selectCertificates(db, scope, selection, {
        afterId,
        limit: Math.min(PAGE_SIZE, limit - selected),
      });
      selected += page.length;
      const kept = await keptCertificateFiles(
        db,
        page.map((certificate) => certificate.completionId),
      );
      for (const certificate of page) {
        check();
        const pdf = certificatePdf(db, certificate, options.pdfs, kept.get(certificate.completionId) ?? null);
        // Awaited in turn by writeNext; a zip stopped early leaves the rest to finish (and be kept) unobserved.
        pdf.catch(() => {});
        coming.push({ certificate, pdf });
        if (coming.length >= ahead) await writeNext();
      }
      if (page.length === 0) break;
      afterId = page[page.length - 1]!.completionId;
      if (page.length < PAGE_SIZE) break;
    }
    while (coming.length > 0) await writeNext();
    check();
    const csv = csvText(
      [
        "Certificate number",
        "Given name",
        "Family name",
        "Course code",
        "Course",
        "Completed on",
        "Expires on",
        "Status",
        "How completed",
        "File",
      ],
      manifest,
    );
    archive.append(csv, { name: "manifest.csv" });
    await archive.finalize();
    await outputClosed;
    if (failure) throw failure;
    if (!finished) throw new Error("The download's connection closed before the zip was complete");
    return { count: manifest.length };
  } catch (error) {
    archive.abort();
    archive.unpipe(output);
    if (!output.destroyed) output.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
