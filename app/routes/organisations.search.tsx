import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { searchTeamOrganisations } from "../domain/compliance/team-organisations";
import { organisationLabel } from "../lib/organisation-label";
import { readOrganisationSearch } from "./shared/organisation-search-params.server";

/**
 * The organisation picker's suggestions (app/components/organisation-picker) as JSON: at most 20
 * organisations the caller's team filter may offer whose names hold the words typed, each with
 * the ones above it named, so no page needs to send the whole tree.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "team:view-compliance");
  const q = readOrganisationSearch(request);
  const organisations = await searchTeamOrganisations(db, personScopeFor(user, "team:view-compliance"), q);
  return Response.json(
    { organisations: organisations.map((o) => ({ ...o, label: organisationLabel(o) })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
