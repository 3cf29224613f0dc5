/**
 * What the verbs that add and change a person by hand share: the row they lock, the snapshot the
 * audit log keeps, and the checks that need the database (unique e-mail and employee number, the
 * line manager, loops of line management). The pure checks are person-rules.ts's.
 */
import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { isUniqueViolation } from "../../db/unique-violation";
import { formatDate } from "../../lib/dates";
import { DomainError } from "../errors";
import { emailKey, managementLoops } from "./person-rules";
import { type PersonScope, isPersonInScope } from "./scope";

export type PersonRow = {
  id: number;
  organisationId: number;
  lineManagerId: number | null;
  givenName: string;
  familyName: string;
  email: string | null;
  jobTitle: string | null;
  profileTags: string[];
  employmentType: string;
  startDate: string;
  leavingDate: string | null;
  externalRef: string | null;
};

const PERSON_COLUMNS = sql`id, organisation_id as "organisationId", line_manager_id as "lineManagerId",
  given_name as "givenName", family_name as "familyName", email, job_title as "jobTitle",
  profile_tags as "profileTags", employment_type::text as "employmentType", start_date::text as "startDate",
  leaving_date::text as "leavingDate", external_ref as "externalRef"`;

/** Locks a person's row for a change, or throws "not-found". */
export async function lockPerson(db: Database, personId: number): Promise<PersonRow> {
  const row = await queryOne<PersonRow>(
    db,
    sql`select ${PERSON_COLUMNS} from people where id = ${personId} for update`,
  );
  if (!row) throw new DomainError("This person does not exist", undefined, "not-found");
  return row;
}

/** A person's row as it is now (after a change), for the audit log. */
export async function readPerson(db: Database, personId: number): Promise<PersonRow> {
  const row = await queryOne<PersonRow>(db, sql`select ${PERSON_COLUMNS} from people where id = ${personId}`);
  if (!row) throw new Error(`No person ${personId}`);
  return row;
}

/** The fields of a person the audit log keeps, before and after a change. */
export function personSnapshot(row: PersonRow) {
  return {
    givenName: row.givenName,
    familyName: row.familyName,
    email: row.email,
    jobTitle: row.jobTitle,
    employmentType: row.employmentType,
    profileTags: row.profileTags,
    startDate: row.startDate,
    leavingDate: row.leavingDate,
    externalRef: row.externalRef,
    organisationId: row.organisationId,
    lineManagerId: row.lineManagerId,
  };
}

/** Whether two snapshots differ (a save that changes nothing writes no audit event). */
export function sameSnapshot(a: ReturnType<typeof personSnapshot>, b: ReturnType<typeof personSnapshot>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function holderWords(holder: { name: string; ref: string | null }): string {
  return `${holder.name}${holder.ref ? ` (employee number ${holder.ref})` : ""}`;
}

export const EMAIL_TAKEN = "Someone else already has this e-mail address";
export const EMPLOYEE_NUMBER_TAKEN = "Someone else already has this employee number";

/** Refuses an e-mail address or employee number someone else holds (e-mail whatever its case). */
export async function checkUnique(
  db: Database,
  values: { email: string | null; externalRef: string | null },
  exceptPersonId: number | null,
): Promise<void> {
  const except = exceptPersonId === null ? sql`` : sql`and id <> ${exceptPersonId}`;
  if (values.email !== null) {
    const holder = await queryOne<{ name: string; ref: string | null }>(
      db,
      sql`select given_name || ' ' || family_name as name, external_ref as ref from people
          where lower(email) = ${emailKey(values.email)} ${except} limit 1`,
    );
    if (holder)
      throw new DomainError(
        `The e-mail address ${values.email} is already used by ${holderWords(holder)}`,
        "email",
        "email-taken",
      );
  }
  if (values.externalRef !== null) {
    const holder = await queryOne<{ name: string; ref: string | null }>(
      db,
      sql`select given_name || ' ' || family_name as name, external_ref as ref from people
          where external_ref = ${values.externalRef} ${except} limit 1`,
    );
    if (holder) {
      throw new DomainError(
        `The employee number ${values.externalRef} is already used by ${holder.name}`,
        "externalRef",
        "employee-number-taken",
      );
    }
  }
}

/**
 * Runs a change; a unique index refusing it (someone took the e-mail address or employee number
 * between the check and the write) becomes the same DomainError on the field, not a 500.
 */
export async function withUniqueFields<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (isUniqueViolation(error, "people_email_key")) throw new DomainError(EMAIL_TAKEN, "email", "email-taken");
    if (isUniqueViolation(error, "people_external_ref_key")) {
      throw new DomainError(EMPLOYEE_NUMBER_TAKEN, "externalRef", "employee-number-taken");
    }
    throw error;
  }
}

/** Refuses an organisation that does not exist. */
export async function checkOrganisation(db: Database, organisationId: number): Promise<void> {
  const found = await queryOne<{ id: number }>(db, sql`select id from organisations where id = ${organisationId}`);
  if (!found) throw new DomainError("Select their organisation", "organisationId", "organisation-not-found");
}

/**
 * The line manager typed on the form, an employee number or an e-mail address (any case), as a
 * person's id; null when none was typed. Refuses someone who is not in the records, or who has left
 * unless they are the line manager the person has now (`currentId`: saving other details keeps them).
 * `within`: a school lead's or contract manager's staff, where the line manager must be (someone
 * outside it is "no one", so the form tells them nothing about people they may not see).
 */
export async function findLineManager(
  db: Database,
  typed: string | null,
  today: string,
  currentId: number | null = null,
  within?: PersonScope,
): Promise<number | null> {
  if (typed === null) return null;
  const byEmail = typed.includes("@");
  const found = await queryOne<{ id: number; name: string; leaving_date: string | null }>(
    db,
    sql`select id, given_name || ' ' || family_name as name, leaving_date::text from people
        where ${byEmail ? sql`lower(email) = ${emailKey(typed)}` : sql`external_ref = ${typed}`} limit 1`,
  );
  if (!found || (within && found.id !== currentId && !(await isPersonInScope(db, within, found.id)))) {
    throw new DomainError(
      byEmail ? `No one has the e-mail address ${typed}` : `No one has the employee number ${typed}`,
      "lineManager",
      "manager-not-found",
    );
  }
  if (found.leaving_date !== null && found.leaving_date <= today && found.id !== currentId) {
    throw new DomainError(
      `${found.name} left on ${formatDate(found.leaving_date)}: choose a current line manager`,
      "lineManager",
      "manager-left",
    );
  }
  return found.id;
}

/**
 * Refuses a line manager that would make a loop: the person themself, or anyone they manage,
 * directly or further down. Reads the chain of managers above the new manager and asks
 * person-rules' managementLoops, as the roster import does for a whole file.
 */
export async function checkNoManagementLoop(db: Database, personId: number, managerId: number | null): Promise<void> {
  if (managerId === null) return;
  if (managerId === personId) {
    throw new DomainError("Someone cannot be their own line manager", "lineManager", "management-loop");
  }
  const chain = await queryRows<{ id: number; manager_id: number | null; name: string }>(
    db,
    sql`with recursive chain(id, manager_id, name) as (
          select id, line_manager_id, given_name || ' ' || family_name from people where id = ${managerId}
          union
          select p.id, p.line_manager_id, p.given_name || ' ' || p.family_name
          from people p join chain c on p.id = c.manager_id
        ) select id, manager_id, name from chain`,
  );
  const managerOf = new Map<string, string | null>([[String(personId), String(managerId)]]);
  for (const link of chain) {
    if (link.id !== personId) managerOf.set(String(link.id), link.manager_id === null ? null : String(link.manager_id));
  }
  const loop = managementLoops(managerOf).find((l) => l.includes(String(personId)));
  if (loop) {
    const names = new Map(chain.map((c) => [String(c.id), c.name]));
    const between = loop.filter((k) => k !== String(personId)).map((k) => names.get(k) ?? k);
    throw new DomainError(
      `${between[0] ?? "This person"} reports to them${between.length > 1 ? ` (through ${between.slice(1).join(", ")})` : ""}, so cannot be their line manager: line managers would go round in a loop`,
      "lineManager",
      "management-loop",
    );
  }
}
