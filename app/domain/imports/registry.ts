import type { ImportKind } from "./kind";
import { schoolsImport } from "./schools/schools-import";
import { trainingRecordsImport } from "./training-records/training-records-kind";
import { rosterImport } from "./roster/roster-kind";
import type { ImportKindKey } from "./values";

/** Every kind of import the service takes, by key. */
export const IMPORT_KIND_REGISTRY: Partial<Record<ImportKindKey, ImportKind<never, never>>> = {
  roster: rosterImport as ImportKind<never, never>,
  schools: schoolsImport as ImportKind<never, never>,
  "training-records": trainingRecordsImport as ImportKind<never, never>,
};

export function importKind(key: ImportKindKey): ImportKind<unknown, unknown> | undefined {
  return IMPORT_KIND_REGISTRY[key] as ImportKind<unknown, unknown> | undefined;
}
