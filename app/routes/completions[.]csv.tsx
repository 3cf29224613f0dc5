import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { completionsExportPages } from "../domain/completions/export-completions";
import { csvStreamResponse } from "../lib/csv";
import { todayInLondon } from "../lib/dates";
import { formValues } from "../lib/forms";
import { COMPLETION_SOURCE_LABELS } from "../lib/labels";
import { badRequest, isoDateSchema, readQuery } from "../lib/request";

const CompletionsQuery = z
  .object({
    completedFrom: z.union([z.literal(""), isoDateSchema]).optional(),
    completedTo: z.union([z.literal(""), isoDateSchema]).optional(),
  })
  .refine((q) => !q.completedFrom || !q.completedTo || q.completedFrom <= q.completedTo);

/**
 * /completions.csv?completedFrom=YYYY-MM-DD&completedTo=YYYY-MM-DD: the training records of the
 * people the caller's team covers (a manager's team, or everyone for the coordinator), revoked
 * ones included and marked, streamed a page at a time (a million completions are never held at
 * once). Dates are YYYY-MM-DD, so spreadsheets sort them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "team:view-compliance");
  const scope = personScopeFor(user, "team:view-compliance");
  const parsed = CompletionsQuery.safeParse(formValues(readQuery(request)));
  if (!parsed.success) {
    badRequest(
      "Enter the dates as YYYY-MM-DD, for example 2025-04-01, with the first on or before the second, and try again.",
    );
  }
  const filter = {
    completedFrom: parsed.data.completedFrom || undefined,
    completedTo: parsed.data.completedTo || undefined,
  };
  // Recorded before the first line, without a row count (CONTRIBUTING.md, Exports).
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: "completions.csv",
    details: { file: "completions.csv", filters: filter },
  });
  async function* lines() {
    for await (const page of completionsExportPages(db, scope, filter)) {
      yield page.map((c) => [
        c.employeeNumber,
        c.givenName,
        c.familyName,
        c.organisationName,
        c.courseCode,
        c.courseTitle,
        c.completedOn,
        c.expiresOn,
        COMPLETION_SOURCE_LABELS[c.source],
        c.certificateCode,
        c.revokedOn ? "Yes" : "No",
        c.revokedOn,
        c.revokeReason,
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Employee number",
      "Given name",
      "Family name",
      "Organisation",
      "Course code",
      "Course",
      "Completed on",
      "Expires on",
      "How completed",
      "Certificate code",
      "Revoked",
      "Revoked on",
      "Why revoked",
    ],
    lines(),
    `completions-${todayInLondon()}.csv`,
    request.signal,
  );
}
