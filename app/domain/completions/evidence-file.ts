import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { FileStorage } from "../../storage/file-storage";
import { DomainError } from "../errors";
import { EVIDENCE_CONTENT_TYPES, type EvidenceExtension, MAX_EVIDENCE_BYTES } from "./evidence-values";

export {
  EVIDENCE_CONTENT_TYPES,
  EVIDENCE_FILE_ACCEPT,
  type EvidenceExtension,
  MAX_EVIDENCE_BYTES,
} from "./evidence-values";

export interface CheckedEvidenceFile {
  /** The content type its bytes show (not the one the browser claimed). */
  type: (typeof EVIDENCE_CONTENT_TYPES)[EvidenceExtension];
  extension: EvidenceExtension;
}

const TYPES_BY_MIME: Record<string, EvidenceExtension> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
};

const MEGABYTES = MAX_EVIDENCE_BYTES / 1024 / 1024;

/**
 * Checks an uploaded evidence file (a certificate) by its content: a PDF, PNG or JPEG no larger
 * than MAX_EVIDENCE_BYTES, whatever its name says. Throws a DomainError on `field` saying what
 * was wrong; the name only makes the message clearer.
 */
export async function checkEvidenceFile(
  bytes: Uint8Array,
  fileName: string,
  field = "evidenceFile",
): Promise<CheckedEvidenceFile> {
  const named = fileName.trim() ? `The selected file (${fileName.trim()})` : "The selected file";
  if (bytes.length === 0) throw new DomainError(`${named} is empty`, field);
  if (bytes.length > MAX_EVIDENCE_BYTES) {
    throw new DomainError(`${named} must be smaller than ${MEGABYTES} MB`, field);
  }
  const found = await fileTypeFromBuffer(bytes);
  const extension = found ? TYPES_BY_MIME[found.mime] : undefined;
  if (!extension) {
    throw new DomainError(`${named} must be a PDF, PNG or JPEG (a scan or photo of the certificate)`, field);
  }
  return { type: EVIDENCE_CONTENT_TYPES[extension], extension };
}

/** The key an evidence file is kept under: named by its content, so the same file is kept once. */
export function evidenceFileKey(bytes: Uint8Array, extension: EvidenceExtension): string {
  return `evidence/${createHash("sha256").update(bytes).digest("hex")}.${extension}`;
}

/**
 * Checks the file (checkEvidenceFile) and keeps it; returns its key ("evidence/<sha256>.<ext>")
 * to store with the completion or the evidence submission. Nothing is kept when the check fails.
 */
export async function storeEvidenceFile(
  storage: FileStorage,
  bytes: Uint8Array,
  fileName: string,
  field = "evidenceFile",
): Promise<{ key: string } & CheckedEvidenceFile> {
  const checked = await checkEvidenceFile(bytes, fileName, field);
  const key = evidenceFileKey(bytes, checked.extension);
  await storage.put(key, bytes);
  return { key, ...checked };
}

const KEY = /^evidence\/[0-9a-f]{64}\.(pdf|png|jpg)$/;

/** Whether a key is one storeEvidenceFile makes. */
export function isEvidenceFileKey(key: string): boolean {
  return KEY.test(key);
}

/**
 * The kept evidence file under a key, with the content type to serve it with and a file name
 * for the download; null when the key is not an evidence key or nothing is kept under it.
 */
export async function readEvidenceFile(
  storage: FileStorage,
  key: string,
): Promise<{ bytes: Uint8Array; contentType: string; extension: EvidenceExtension } | null> {
  const match = KEY.exec(key);
  if (!match) return null;
  const bytes = await storage.get(key);
  if (!bytes) return null;
  const extension = match[1] as EvidenceExtension;
  return { bytes, contentType: EVIDENCE_CONTENT_TYPES[extension], extension };
}

/**
 * Refuses a key that a form carried (from an earlier step) unless it is an evidence key with a
 * file kept under it: a DomainError on `field` asking for the file again.
 */
export async function requireStoredEvidenceFile(
  storage: FileStorage,
  key: string,
  field = "evidenceFile",
): Promise<void> {
  if (!isEvidenceFileKey(key) || (await storage.get(key)) === null) {
    throw new DomainError("The evidence file could not be found: attach it again", field);
  }
}
