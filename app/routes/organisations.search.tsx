import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { type CurrentUser, personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import type { OrganisationReach } from "../domain/compliance/team-organisations";
import { organisationLabel } from "../lib/organisation-label";
import { type OrganisationSearchPurpose, readOrganisationSearch } from "./shared/organisation-search-params.server";
import { INVITATION_PICKER, invitationOrganisationReach } from "./shared/invitation-reach.server";
import { type PickerOptions, searchOrganisations } from "./shared/organisation-picker.server";
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
 * What each picker offers beyond its reach: only open organisations for invitations; My team's
 * filter, the person form (someone still placed in a closed school) and the certificates keep
 * the closed ones, whose people and records remain.
 */
const OPTIONS: Record<OrganisationSearchPurpose, PickerOptions> = {
  team: {},
  "person-form": {},
  certificates: {},
  invitations: INVITATION_PICKER,
};

/**
 * The organisation picker's suggestions (app/components/organisation-picker) as JSON: at most 20
 * organisations in reach for the page's purpose (?for=, My team's filter when absent; open ones only
 * for invitations) whose names hold the words typed, each with the ones above it named, so no page
 * needs to send the whole tree.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const { q, for: purpose } = readOrganisationSearch(request);
  const { matches: organisations } = await searchOrganisations(db, REACH[purpose](user), q, OPTIONS[purpose]);
  return Response.json(
    { organisations: organisations.map((o) => ({ ...o, label: organisationLabel(o) })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
