import { z } from "zod";
import type { Database } from "../../../db/database";
import { recordAuditEvent } from "../../audit/record-event";
import { createRegisterSchool, createSchoolsRoot, updateRegisterSchool } from "../../organisations/register-schools";
import type { ApplyContext, ImportKind, ImportPlan } from "../kind";
import { ESTABLISHMENTS_FILE, LINKS_FILE } from "./fields";
import { type SchoolsWork, planSchools } from "./plan-schools";

export type SchoolsOptions = Record<string, never>;

/**
 * Schools from the DfE register (Get Information about Schools): the council's own (its local
 * authority code, a setting), matched by URN; a closed school leaves coverage with its records
 * kept; an academy conversion keeps the school's record under its new URN (decision 011).
 */
export const schoolsImport: ImportKind<SchoolsOptions, SchoolsWork> = {
  key: "schools",
  files: [ESTABLISHMENTS_FILE, LINKS_FILE],
  optionFields: async () => [],
  options: z.object({}).strip() as unknown as z.ZodType<SchoolsOptions>,
  plan: (db, rows, _options, context) => planSchools(db, rows, context),
  apply: applySchools,
};

async function applySchools(
  tx: Database,
  plan: ImportPlan<SchoolsWork>,
  _options: SchoolsOptions,
  context: ApplyContext,
): Promise<void> {
  const { work } = plan;
  const actor = context.actorAccountId;
  const runId = context.importRunId;
  let done = 0;
  for (const conversion of work.conversions) {
    await updateRegisterSchool(tx, conversion.id, {
      ...conversion.after,
      urn: conversion.newUrn,
      predecessorUrn: conversion.oldUrn,
    });
    await recordAuditEvent(tx, {
      actorAccountId: actor,
      action: "import.school.convert",
      entityType: "organisation",
      entityId: conversion.id,
      before: { urn: conversion.oldUrn, ...conversion.before },
      after: { urn: conversion.newUrn, predecessorUrn: conversion.oldUrn, ...conversion.after, importRunId: runId },
    });
    context.progress(++done);
  }
  for (const update of work.updates) {
    await updateRegisterSchool(tx, update.id, update.after);
    await recordAuditEvent(tx, {
      actorAccountId: actor,
      action: update.action === "close" ? "import.school.close" : "import.school.update",
      entityType: "organisation",
      entityId: update.id,
      before: { urn: update.urn, ...update.before },
      after: { urn: update.urn, ...update.after, importRunId: runId },
    });
    context.progress(++done);
  }
  if (work.creates.length === 0) return;
  let rootId = work.rootId;
  if (rootId === null) {
    const root = await createSchoolsRoot(tx);
    rootId = root.id;
    await recordAuditEvent(tx, {
      actorAccountId: actor,
      action: "import.school.create",
      entityType: "organisation",
      entityId: root.id,
      after: { kind: "schools", name: root.name, importRunId: runId },
    });
  }
  for (const create of work.creates) {
    const id = await createRegisterSchool(tx, rootId, create.urn, create.fields);
    await recordAuditEvent(tx, {
      actorAccountId: actor,
      action: "import.school.create",
      entityType: "organisation",
      entityId: id,
      after: { urn: create.urn, ...create.fields, importRunId: runId },
    });
    context.progress(++done);
  }
}
