/**
 * Limits and labels for hosted SCORM packages (no database import: the upload page shows them).
 */

/** The largest zip the upload accepts. */
export const MAX_PACKAGE_UPLOAD_BYTES = 100 * 1024 * 1024;

/** The most all of a package's files may come to once expanded, counted while expanding. */
export const MAX_PACKAGE_EXPANDED_BYTES = 100 * 1024 * 1024;

/** The most files a package may hold. */
export const MAX_PACKAGE_FILES = 5000;

/** The largest imsmanifest.xml read. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

export interface PackageLimits {
  maxUploadBytes: number;
  maxExpandedBytes: number;
  maxFiles: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxUploadBytes: MAX_PACKAGE_UPLOAD_BYTES,
  maxExpandedBytes: MAX_PACKAGE_EXPANDED_BYTES,
  maxFiles: MAX_PACKAGE_FILES,
};

/** "1.2", "2004 3rd Edition"… as people name them. */
export function scormVersionLabel(scormVersion: "scorm_1_2" | "scorm_2004", schemaVersion: string): string {
  if (scormVersion === "scorm_1_2") return "SCORM 1.2";
  const edition = scormEdition(schemaVersion);
  return edition ? `SCORM 2004 ${edition} Edition` : "SCORM 2004";
}

/** The edition of SCORM 2004 a manifest's schemaversion names ("CAM 1.3" is the 2nd). */
export function scormEdition(schemaVersion: string): "2nd" | "3rd" | "4th" | null {
  const text = schemaVersion.trim();
  if (/^CAM\s*1\.3$/i.test(text) || /2nd/i.test(text)) return "2nd";
  if (/3rd/i.test(text)) return "3rd";
  if (/4th/i.test(text)) return "4th";
  return null;
}

/** Megabytes, as the upload page says them. */
export function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}
