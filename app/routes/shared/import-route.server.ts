import type { Params } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { type ImportRunContext, getImportRun } from "../../domain/imports/import-runs";
import { env } from "../../env.server";
import { todayInLondon } from "../../lib/dates";
import { idSchema } from "../../lib/request";
import { fileStorage } from "../../storage/storage.server";

/** The coordinator, who runs imports. */
export async function requireImportManager(request: Request) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "imports:manage");
  return { db, user, storage: fileStorage() };
}

const RunParams = z.object({ importId: idSchema });

/** The import run in the path, for the coordinator; a 404 for an id that is not one. */
export async function requireImportRun(request: Request, params: Params) {
  const signedIn = await requireImportManager(request);
  const parsed = RunParams.safeParse(params);
  if (!parsed.success) notFound("import");
  const run = await getImportRun(signedIn.db, parsed.data.importId);
  if (!run) notFound("import");
  return { ...signedIn, run };
}

/** Today and the council's settings, as every preview and apply needs them. */
export function importContext(): ImportRunContext {
  return { today: todayInLondon(), settings: { localAuthorityCode: env().LOCAL_AUTHORITY_CODE ?? null } };
}
