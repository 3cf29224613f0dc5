/** Constants of the imports pages, with no database import (pages may use them in the browser). */

import type { ImportCounts, ImportKindKey } from "../../lib/values";

export {
  IMPORT_KINDS,
  IMPORT_STATUSES,
  type ImportCounts,
  type ImportKindKey,
  type ImportStatus,
} from "../../lib/values";

export const IMPORT_KIND_LABELS: Record<ImportKindKey, string> = {
  roster: "Staff roster (HR or a contractor's staff list)",
  schools: "Schools from the DfE register (Get Information about Schools)",
  "training-records": "Historical training records",
};

export const NO_COUNTS: ImportCounts = { created: 0, changed: 0, unchanged: 0, ended: 0, skipped: 0 };

/** The largest file accepted: a 50,000-row roster is about 8 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
