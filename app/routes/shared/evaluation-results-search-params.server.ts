import { requirePermission } from "../../auth/guards.server";
import { personScopeFor } from "../../auth/permissions";
import { requireUser } from "../../auth/session.server";
import { type ResultsFilters, type ResultsScope, resultsFiltersSchema } from "../../domain/evaluations/results";
import { formValues } from "../../lib/forms";
import { readQuery } from "../../lib/request";

/**
 * The evaluation results' viewer, their scope (the coordinator every session's, a trainer the
 * sessions they ran) and the filters in the query string: on a mistake, no filters and the errors.
 */
export async function evaluationResultsRequest(request: Request) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "evaluations:view-results");
  const scope: ResultsScope =
    personScopeFor(user, "evaluations:view-results").kind === "all"
      ? { kind: "all" }
      : { kind: "trainer", personId: user.personId ?? 0 };
  const values = formValues(readQuery(request));
  const parsed = resultsFiltersSchema.safeParse(values);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "from")] ??= issue.message;
  }
  const filters: ResultsFilters = parsed.success ? parsed.data : {};
  const raw: Record<string, string> = {};
  for (const key of ["courseId", "sessionId", "trainerPersonId", "from", "to"]) {
    const v = values[key];
    if (typeof v === "string") raw[key] = v;
  }
  return { db, user, scope, filters, errors, raw };
}
