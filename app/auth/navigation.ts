import { type Action, type CurrentUser, can } from "./permissions";

export interface NavigationItem {
  href: string;
  text: string;
}

/** The service navigation, each item shown only to those who may use it. */
const ITEMS: Array<NavigationItem & { action: Action; needsPerson?: boolean; unless?: Action }> = [
  { href: "/my-training", text: "My training", action: "record:view", needsPerson: true },
  { href: "/my-bookings", text: "My bookings", action: "booking:manage", needsPerson: true },
  { href: "/courses", text: "Courses", action: "catalogue:view" },
  { href: "/team", text: "My team", action: "team:view-compliance" },
  { href: "/trainer/sessions", text: "My sessions", action: "register:take" },
  // What learners said about the sessions: the coordinator's, and a trainer's for the sessions they ran.
  { href: "/evaluations", text: "Evaluations", action: "evaluations:view-results" },
  { href: "/schools", text: "Schools", action: "schools:view-coverage" },
  { href: "/dashboard", text: "Dashboard", action: "dashboard:view" },
  { href: "/people", text: "People", action: "people:list" },
  { href: "/certificates/bulk", text: "Certificates", action: "certificates:bulk-download" },
  // The queue of evidence of training done elsewhere: the coordinator's, and managers' for their team.
  { href: "/evidence", text: "Evidence to verify", action: "evidence:verify" },
  { href: "/admin", text: "Administration", action: "catalogue:manage" },
  // The education officer's view of the audit log (the coordinator finds it under Administration).
  { href: "/admin/audit", text: "Audit log", action: "audit:view-schools", unless: "audit:view" },
];

export function navigationFor(user: CurrentUser | null): NavigationItem[] {
  if (!user) return [];
  return ITEMS.filter(
    (item) =>
      can(user, item.action) &&
      (!item.needsPerson || user.personId !== null) &&
      (item.unless === undefined || !can(user, item.unless)),
  ).map(({ href, text }) => ({ href, text }));
}
