import { requirePermission } from "../../auth/guards.server";
import { type CurrentUser, personScopeFor } from "../../auth/permissions";
import type { OrganisationReach } from "../../domain/compliance/team-organisations";
import type { PickerOptions } from "./organisation-picker.server";

/**
 * The organisations whose people may be invited as a whole (/people/invitations, and its picker's
 * search ?for=invitations): every one for the coordinator, the subtrees of a manager's own
 * organisation grants, none for a manager of reports only. invitePeople still invites only those
 * in the caller's accounts:invite scope.
 */
export function invitationOrganisationReach(user: CurrentUser): OrganisationReach {
  requirePermission(user, "accounts:invite");
  const scope = personScopeFor(user, "accounts:invite");
  if (scope.kind === "all") return scope;
  if (scope.kind === "some" && scope.organisationIds.length > 0) {
    return { kind: "subtrees", organisationIds: scope.organisationIds };
  }
  return { kind: "none" };
}

/**
 * The invitations page's picker suggests only organisations still open: nobody can be invited
 * into a closed school or organisation (invitePeople refuses one chosen by its id).
 */
export const INVITATION_PICKER: PickerOptions = { openOnly: true };
