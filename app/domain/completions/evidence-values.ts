/** Constants of evidence files, with no server import (pages show the limit and the types). */

/** The largest evidence file accepted: a scanned certificate or a photo of one. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** What the file chooser offers; the file is still checked by its content, not its name. */
export const EVIDENCE_FILE_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg";

/** The extensions an evidence file is kept under, and the content type it is served with. */
export const EVIDENCE_CONTENT_TYPES = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
} as const;

export type EvidenceExtension = keyof typeof EVIDENCE_CONTENT_TYPES;
