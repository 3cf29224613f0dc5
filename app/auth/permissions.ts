/**
 * The one place that decides who may do what (docs/decisions/001-permissions.md).
 *
 * A rule names, for an action, which roles may take it and over which records:
 * - "any": the action has no particular record (browse the catalogue);
 * - "own": the caller's own person record;
 * - "team": the people a manager grant covers (reports, or an organisation subtree);
 * - "organisation": the subtree of the organisation the grant is for (a school lead's school, a
 *   contract manager's company; the database refuses those grants without one, drizzle/0017);
 * - "schools": everyone in the school sector (the education officer);
 * - "sessions-they-run": sessions whose trainer is the caller;
 * - "all": every record.
 * Every signed-in account linked to a person is a learner of its own record.
 */
import type { PersonScope } from "../domain/people/scope";
import type { Role } from "../lib/values";

export type Reach = "any" | "own" | "team" | "organisation" | "schools" | "sessions-they-run" | "all";

export interface RoleGrant {
  role: Role;
  organisationId: number | null;
  personId: number | null;
}

export interface CurrentUser {
  accountId: string;
  personId: number | null;
  displayName: string;
  email: string;
  grants: RoleGrant[];
}

const RULES = {
  // Catalogue and sessions
  "catalogue:view": {
    learner: "any",
    manager: "any",
    trainer: "any",
    education_officer: "any",
    coordinator: "any",
    school_lead: "any",
    contract_manager: "any",
  },
  "catalogue:manage": { coordinator: "all" },
  "sessions:manage": { coordinator: "all" },
  "sessions:view-all": { coordinator: "all" },
  "register:take": { trainer: "sessions-they-run", coordinator: "all" },
  "register:reopen": { coordinator: "all" },
  // A person's record
  "record:view": {
    learner: "own",
    manager: "team",
    education_officer: "schools",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  "booking:manage": {
    learner: "own",
    manager: "team",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  "certificate:download": {
    learner: "own",
    manager: "team",
    education_officer: "schools",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  "certificates:bulk-download": {
    manager: "team",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  "completion:revoke": { coordinator: "all" },
  "completion:record": { coordinator: "all" },
  // People and compliance
  "people:list": {
    manager: "team",
    education_officer: "schools",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  "people:manage": { coordinator: "all" },
  // A manager changing their own team's details: effective only where MANAGERS_MAY_EDIT_TEAM is set.
  "people:edit-team-details": { manager: "team", coordinator: "all" },
  // A school lead or contract manager keeping their school's or company's staff list: add people to
  // it, change their details, mark leavers and bring them back, never moving anyone out of it.
  "people:keep-staff-list": { school_lead: "organisation", contract_manager: "organisation" },
  "team:view-compliance": {
    manager: "team",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  "requirements:manage": { coordinator: "all" },
  // Coverage and KPIs
  "dashboard:view": {
    manager: "team",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  "schools:view-coverage": { education_officer: "all", coordinator: "all" },
  "schools:declare-headcount": { education_officer: "all", coordinator: "all" },
  "kpis:view-report": { coordinator: "all" },
  "kpis:manage": { coordinator: "all" },
  "coverage:check": { coordinator: "all" },
  // Administration
  "audit:view": { coordinator: "all" },
  // The audit log's changes to the records of people who work in a school (what school leads, the
  // coordinator and imports changed there): the education officer's view of it.
  "audit:view-schools": { education_officer: "schools", coordinator: "all" },
  "accounts:manage": { coordinator: "all" },
  // Inviting people who have no account yet to make one (issue 18): a manager their own team.
  "accounts:invite": { manager: "team", coordinator: "all" },
  "imports:manage": { coordinator: "all" },
  // E-learning (issue 19): a person plays hosted courses as themself; packages are the coordinator's.
  "elearning:play": { learner: "own" },
  "elearning:manage-packages": { coordinator: "all" },
  "elearning:view-progress": {
    manager: "team",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
  // Evidence of training done elsewhere: sent by the person; verified by the coordinator, or by the
  // person's manager where the course allows it (the domain checks the course's setting).
  "evidence:submit": { learner: "own" },
  "evidence:verify": { manager: "team", coordinator: "all" },
  // The outbox of messages (issue 20), with what was sent, failed or skipped and why.
  "notifications:view-outbox": { coordinator: "all" },
  // After the session (issue 21): a person evaluates sessions they attended; results are the
  // coordinator's, and a trainer's for the sessions they run; charges and bank holidays the coordinator's.
  "evaluation:submit": { learner: "own" },
  "evaluations:view-results": { trainer: "sessions-they-run", coordinator: "all" },
  "charges:manage": { coordinator: "all" },
  "bank-holidays:manage": { coordinator: "all" },
  "certificates:branding": { coordinator: "all" },
  // Training the education officer delivers in a school (a staff meeting, an in-service day).
  "school-sessions:record": { education_officer: "schools", coordinator: "all" },
  // Handing a booked place to a colleague: both people in the caller's reach.
  "booking:substitute": {
    manager: "team",
    coordinator: "all",
    school_lead: "organisation",
    contract_manager: "organisation",
  },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

/** The roles a user holds; an account linked to a person is always a learner of its own record. */
export function rolesOf(user: CurrentUser): Set<Role> {
  const roles = new Set<Role>(user.grants.map((g) => g.role));
  if (user.personId !== null) roles.add("learner");
  return roles;
}

function reachesFor(user: CurrentUser, action: Action): Array<{ reach: Reach; grant: RoleGrant | null }> {
  const rule: Partial<Record<Role, Reach>> = RULES[action];
  const found: Array<{ reach: Reach; grant: RoleGrant | null }> = [];
  for (const grant of user.grants) {
    const reach = rule[grant.role];
    if (reach) found.push({ reach, grant });
  }
  if (user.personId !== null && rule.learner) found.push({ reach: rule.learner, grant: null });
  return found;
}

/** Whether the user may take the action on at least some record (for navigation and buttons). */
export function can(user: CurrentUser | null, action: Action): boolean {
  return user !== null && reachesFor(user, action).length > 0;
}

/** Whose person records the user may reach with this action, for queries and checks. */
export function personScopeFor(user: CurrentUser, action: Action): PersonScope {
  const reaches = reachesFor(user, action);
  if (reaches.some((r) => r.reach === "all")) return { kind: "all" };
  const scope = {
    kind: "some" as const,
    selfPersonId: null as number | null,
    reportsTo: [] as number[],
    organisationIds: [] as number[],
    sectors: [] as Array<"school">,
  };
  for (const { reach, grant } of reaches) {
    if (reach === "own" && user.personId !== null) scope.selfPersonId = user.personId;
    if (reach === "schools") scope.sectors = ["school"];
    if (reach === "organisation" && grant?.organisationId != null) scope.organisationIds.push(grant.organisationId);
    if (reach === "team" && grant) {
      if (grant.personId !== null) scope.reportsTo.push(grant.personId);
      if (grant.organisationId !== null) scope.organisationIds.push(grant.organisationId);
    }
  }
  const empty =
    scope.selfPersonId === null &&
    scope.reportsTo.length === 0 &&
    scope.organisationIds.length === 0 &&
    scope.sectors.length === 0;
  return empty ? { kind: "none" } : scope;
}

/** Whether the user may act on a session: all sessions, or the ones they run as trainer. */
export function canActOnSession(
  user: CurrentUser,
  action: Action,
  session: { trainerPersonId: number | null },
): boolean {
  return reachesFor(user, action).some(
    ({ reach }) =>
      reach === "all" ||
      reach === "any" ||
      (reach === "sessions-they-run" && user.personId !== null && session.trainerPersonId === user.personId),
  );
}
