import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { type CurrentUser, personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { type OrganisationReach, searchTeamOrganisations } from "../domain/compliance/team-organisations";
import { organisationLabel } from "../lib/organisation-label";
import { type OrganisationSearchPurpose, readOrganisationSearch } from "./shared/organisation-search-params.server";
import { invitationOrganisationReach } from "./shared/invitation-reach.server";
import { personFormSearchReach } from "./shared/person-route.server";

/** Each page's picker searches within the reach of that page's own permission, decided here, never by the caller. */
const REACH: Record<OrganisationSearchPurpose, (user: CurrentUser) => OrganisationReach> = {
  team: (user) => {
    requirePermission(user, "team:view-compliance");
    return personScopeFor(user, "team:view-compliance");
  },
  "person-form": personFormSearchReach,
  certificates: (user) => {
    requirePermission(user, "certificates:bulk-download");
    return personScopeFor(user, "certificates:bulk-download");
  },
  invitations: invitationOrganisationReach,
};

/**
 * The organisation picker's suggestions (app/components/organisation-picker) as JSON: at most 20
 * organisations in reach for the page's purpose (?for=, My team's filter when absent) whose names
 * hold the words typed, each with the ones above it named, so no page needs to send the whole tree.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const { q, for: purpose } = readOrganisationSearch(request);
  const organisations = await searchTeamOrganisations(db, REACH[purpose](user), q);
  return Response.json(
    { organisations: organisations.map((o) => ({ ...o, label: organisationLabel(o) })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
