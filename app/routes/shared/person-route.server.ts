import { z } from "zod";
import { forbidden, notFound } from "../../auth/guards.server";
import { type CurrentUser, can, personScopeFor } from "../../auth/permissions";
import { requireUser } from "../../auth/session.server";
import { findTeamOrganisation, type OrganisationReach } from "../../domain/compliance/team-organisations";
import { type PersonSummary, getPerson } from "../../domain/people/get-person";
import { type PersonScope, isPersonInScope } from "../../domain/people/scope";
import { PersonForm } from "../../domain/people/person-form";
import { env } from "../../env.server";
import { formValues, parseForm } from "../../lib/forms";
import { organisationFromForm, pickerChoice } from "./organisation-picker.server";
import { idSchema } from "../../lib/request";
import { KNOWN_PROFILE_TAGS } from "../../lib/values";

/** The database handle the domain takes (routes name no app/db module). */
type Database = Parameters<typeof getPerson>[0];

const Params = z.object({ personId: idSchema });

/** The person named in the path, or a 404. */
function personIdFrom(params: unknown): number {
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("person");
  return parsed.data.personId;
}

/** Managers may change their own team's details only where the council's setting allows it. */
function managerMayEdit(user: CurrentUser): boolean {
  return env().MANAGERS_MAY_EDIT_TEAM && can(user, "people:edit-team-details");
}

/** Whether the user keeps a staff list (a school lead, a contract manager) and this person is on it. */
async function keepsStaffListOf(db: Database, user: CurrentUser, personId: number): Promise<boolean> {
  return (
    can(user, "people:keep-staff-list") && isPersonInScope(db, personScopeFor(user, "people:keep-staff-list"), personId)
  );
}

/**
 * Whether the user may change this person's details: the coordinator (people:manage), a school
 * lead or contract manager over their own organisation's staff (people:keep-staff-list), or a
 * manager over their own team where MANAGERS_MAY_EDIT_TEAM is set. For the person page's link.
 */
export async function mayEditPerson(db: Database, user: CurrentUser, personId: number): Promise<boolean> {
  if (can(user, "people:manage")) return true;
  if (await keepsStaffListOf(db, user, personId)) return true;
  return managerMayEdit(user) && isPersonInScope(db, personScopeFor(user, "people:edit-team-details"), personId);
}

/**
 * Whether the user may mark this person as a leaver or bring them back: the coordinator, or the
 * keeper of their staff list; never on their own record (markLeaver and bringBack refuse it).
 */
export async function mayManagePerson(db: Database, user: CurrentUser, personId: number): Promise<boolean> {
  if (personId === user.personId) return false;
  return can(user, "people:manage") || keepsStaffListOf(db, user, personId);
}

/**
 * Whose staff list the user keeps when they are not the coordinator: the scope a new or changed
 * person must stay in (a school lead's school, a contract manager's company); undefined for the
 * coordinator; a 403 for anyone else.
 */
export function requireStaffListKeeping(user: CurrentUser): PersonScope | undefined {
  if (can(user, "people:manage")) return undefined;
  if (can(user, "people:keep-staff-list")) return personScopeFor(user, "people:keep-staff-list");
  forbidden("people:manage");
}

/**
 * Whose details the user may change: undefined for the coordinator, a staff-list keeper's own
 * organisation, a manager's team where the setting allows; a 403 for anyone else.
 */
function requireDetailsChanging(user: CurrentUser): PersonScope | undefined {
  if (can(user, "people:manage")) return undefined;
  if (can(user, "people:keep-staff-list")) return personScopeFor(user, "people:keep-staff-list");
  if (managerMayEdit(user)) return personScopeFor(user, "people:edit-team-details");
  forbidden("people:manage");
}

/**
 * For the page that changes a person: the coordinator, a school lead or contract manager for their
 * own organisation's staff, or a manager for their own team where the setting allows (403
 * otherwise; 404 for someone outside it). Their changes must keep the person in it (`staysIn`),
 * and their organisation choices are their own.
 */
export async function requirePersonToEdit(request: Request, params: unknown) {
  const { db, user } = await requireUser(request);
  const staysIn = requireDetailsChanging(user);
  // A staff-list keeper's line managers are their own staff too (a manager's may be above their team).
  const lineManagerWithin = staysIn && can(user, "people:keep-staff-list") ? staysIn : undefined;
  const personId = personIdFrom(params);
  if (staysIn && !(await isPersonInScope(db, staysIn, personId))) notFound("person");
  const person = await getPerson(db, personId);
  if (!person) notFound("person");
  return { db, user, person, staysIn, lineManagerWithin };
}

/**
 * For the leaver and return pages: the coordinator (people:manage), or a school lead or contract
 * manager for their own organisation's staff (people:keep-staff-list; 404 for anyone else's); the
 * person, or a 404.
 */
export async function requirePersonToManage(request: Request, params: unknown) {
  const { db, user } = await requireUser(request);
  const staysIn = requireStaffListKeeping(user);
  const personId = personIdFrom(params);
  if (staysIn && !(await isPersonInScope(db, staysIn, personId))) notFound("person");
  const person = await getPerson(db, personId);
  if (!person) notFound("person");
  return { db, user, person };
}

/**
 * The organisations a person's form offers (its organisation picker): all of them, or for a
 * manager or staff-list keeper their own (subtrees) and where the person is now.
 */
export function personFormReach(staysIn: PersonScope | undefined, currentId?: number): OrganisationReach {
  if (staysIn === undefined || staysIn.kind === "all") return { kind: "all" };
  if (staysIn.kind === "none")
    return currentId === undefined ? { kind: "none" } : { kind: "subtrees", organisationIds: [], alsoId: currentId };
  return { kind: "subtrees", organisationIds: staysIn.organisationIds, alsoId: currentId };
}

/** Where the person is now, as the change page's organisation picker shows it at first (null if out of reach). */
export async function personFormOrganisation(db: Database, staysIn: PersonScope | undefined, organisationId: number) {
  const found = await findTeamOrganisation(db, personFormReach(staysIn, organisationId), organisationId);
  return { chosen: found && pickerChoice(found), typed: "", matches: [] };
}

/** The person form's organisation search (/organisations/search?for=person-form): where anyone whose details the user may change may be placed. */
export function personFormSearchReach(user: CurrentUser): OrganisationReach {
  return personFormReach(requireDetailsChanging(user));
}

export const PERSON_ARRAY_FIELDS = ["profileTags"];

/**
 * The person form as sent: the organisation picker's words or id read into the organisation in
 * reach (the verbs still check it against the user's scope), then the form's own checks; a
 * picker's problem (no match, several) is the organisation field's message.
 */
export async function readPersonForm(db: Database, reach: OrganisationReach, form: FormData) {
  const organisation = await organisationFromForm(db, reach, form);
  form.set("organisationId", organisation.organisationId);
  const parsed = parseForm(PersonForm, form, PERSON_ARRAY_FIELDS);
  if (organisation.error) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), organisationId: organisation.error };
    return {
      parsed: { ok: false as const, errors, values: formValues(form, PERSON_ARRAY_FIELDS) },
      organisation: organisation.picker,
    };
  }
  return { parsed, organisation: organisation.picker };
}

/** What the change page's form shows at first: the person as recorded (their manager by employee number or e-mail). */
export async function personFormValues(
  db: Database,
  person: PersonSummary,
): Promise<Record<string, string | string[]>> {
  const manager = person.lineManagerId === null ? undefined : await getPerson(db, person.lineManagerId);
  const known = KNOWN_PROFILE_TAGS as readonly string[];
  const [year = "", month = "", day = ""] = person.startDate.split("-");
  return {
    givenName: person.givenName,
    familyName: person.familyName,
    email: person.email ?? "",
    externalRef: person.externalRef ?? "",
    jobTitle: person.jobTitle ?? "",
    employmentType: person.employmentType,
    organisationId: String(person.organisationId),
    lineManager: manager ? (manager.externalRef ?? manager.email ?? "") : "",
    // A line manager with neither cannot be typed: the form offers to keep them.
    keepLineManager: manager && !manager.externalRef && !manager.email ? "yes" : "",
    "startDate-day": String(Number(day)),
    "startDate-month": String(Number(month)),
    "startDate-year": year,
    profileTags: person.profileTags.filter((tag) => known.includes(tag)),
    otherTags: person.profileTags.filter((tag) => !known.includes(tag)).join(", "),
  };
}
