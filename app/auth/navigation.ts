import type { Role } from "../lib/values";
import { type Action, type CurrentUser, can, rolesOf } from "./permissions";

export interface NavigationItem {
  href: string;
  text: string;
  /** Other pages this item stands for (Administration, for the pages it gathers): marked as where the user is. */
  covers?: string[];
}

/**
 * The service navigation, each item shown only to those who may use it. `gathered` items are
 * reached through Administration (its hub links them) by those who have it, so the coordinator's
 * navigation fits on one row; others see them here.
 */
const ITEMS: Array<NavigationItem & { action: Action; needsPerson?: boolean; unless?: Action; gathered?: boolean }> = [
  { href: "/my-training", text: "My training", action: "record:view", needsPerson: true },
  { href: "/my-bookings", text: "My bookings", action: "booking:manage", needsPerson: true },
  { href: "/courses", text: "Courses", action: "catalogue:view" },
  { href: "/team", text: "My team", action: "team:view-compliance", gathered: true },
  { href: "/trainer/sessions", text: "My sessions", action: "register:take", gathered: true },
  // What learners said about the sessions: the coordinator's, and a trainer's for the sessions they ran.
  { href: "/evaluations", text: "Evaluations", action: "evaluations:view-results", gathered: true },
  { href: "/schools", text: "Schools", action: "schools:view-coverage" },
  { href: "/dashboard", text: "Dashboard", action: "dashboard:view" },
  { href: "/people", text: "People", action: "people:list" },
  { href: "/certificates/bulk", text: "Certificates", action: "certificates:bulk-download", gathered: true },
  // The queue of evidence of training done elsewhere: the coordinator's, and managers' for their team.
  { href: "/evidence", text: "Evidence to verify", action: "evidence:verify", gathered: true },
  { href: "/admin", text: "Administration", action: "catalogue:manage" },
  // The education officer's view of the audit log (the coordinator finds it under Administration).
  { href: "/admin/audit", text: "Audit log", action: "audit:view-schools", unless: "audit:view" },
];

/** Whether the user has the Administration item, under which the `gathered` items are reached. */
function hasAdministration(user: CurrentUser): boolean {
  return can(user, "catalogue:manage");
}

export function navigationFor(user: CurrentUser | null): NavigationItem[] {
  if (!user) return [];
  const administration = hasAdministration(user);
  const usable = ITEMS.filter(
    (item) =>
      can(user, item.action) &&
      (!item.needsPerson || user.personId !== null) &&
      (item.unless === undefined || !can(user, item.unless)),
  );
  const gathered = administration ? usable.filter((item) => item.gathered).map((item) => item.href) : [];
  return usable
    .filter((item) => !(item.gathered && administration))
    .map(({ href, text }) =>
      href === "/admin" && gathered.length > 0 ? { href, text, covers: gathered } : { href, text },
    );
}

/** Each role's own work, most responsible role first: where signing in lands when nothing else was asked for. */
const LANDING: Array<[Role, string]> = [
  ["coordinator", "/dashboard"],
  ["education_officer", "/schools"],
  ["manager", "/team"],
  ["school_lead", "/team"],
  ["contract_manager", "/team"],
  ["trainer", "/trainer/sessions"],
];

/**
 * Where a signed-in person lands (the start page sends them there; sign-in goes to the start page
 * unless it was asked to return to a page): the work of their most responsible role, else their
 * first navigation item (My training for a learner). My training stays in everyone's navigation.
 */
export function landingPageFor(user: CurrentUser): string {
  const roles = rolesOf(user);
  const own = LANDING.find(([role]) => roles.has(role));
  return own?.[1] ?? navigationFor(user)[0]?.href ?? "/my-training";
}
