/**
 * People as the staff roster import reads and writes them: everyone at once for the plan, and
 * set-based writes of a few thousand people a statement for the apply. The caller batches,
 * reports progress and gives the transaction.
 *
 * The writes name audit_events themselves: each person's audit event is written by the same
 * statement that writes the person (a CTE over the same jsonb rows), which is what keeps a
 * 50,000-row roster's apply inside seconds on PGlite. One event per person, same transaction, as
 * recordAuditEvent would write it.
 */
import { sql } from "drizzle-orm";
import { type Database, queryOne, sqlIntArray } from "../../db/database";
import type { EmploymentType } from "../../lib/values";

/** A person as the roster compares them: their values, and the root organisation (council or contractor) they are under. */
export interface RosterPerson {
  id: number;
  /** The employee number. */
  ref: string | null;
  givenName: string;
  familyName: string;
  email: string | null;
  jobTitle: string | null;
  organisationId: number;
  managerId: number | null;
  tags: string[];
  employmentType: EmploymentType;
  startDate: string;
  leavingDate: string | null;
  /** The root of their organisation's tree. */
  rootId: number;
}

/** Everyone, in one row of JSON (PGlite hands many rows to JavaScript slowly). */
export async function peopleForRoster(db: Database): Promise<RosterPerson[]> {
  const row = await queryOne<{ people: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(p.id, p.external_ref, p.given_name, p.family_name, p.email,
          p.job_title, p.organisation_id, p.line_manager_id, p.profile_tags, p.employment_type, p.start_date,
          p.leaving_date, split_part(o.path, '.', 1)::int)), '[]')::text as people
        from people p join organisations o on o.id = p.organisation_id`,
  );
  type Packed = [
    number,
    string | null,
    string,
    string,
    string | null,
    string | null,
    number,
    number | null,
    string[],
    EmploymentType,
    string,
    string | null,
    number,
  ];
  return (JSON.parse(row!.people) as Packed[]).map(
    ([
      id,
      ref,
      givenName,
      familyName,
      email,
      jobTitle,
      organisationId,
      managerId,
      tags,
      employmentType,
      startDate,
      leavingDate,
      rootId,
    ]) => ({
      id,
      ref,
      givenName,
      familyName,
      email,
      jobTitle,
      organisationId,
      managerId,
      tags,
      employmentType,
      startDate,
      leavingDate,
      rootId,
    }),
  );
}

/** Every column a bulk write sets. */
export interface PersonInBulk {
  id: number;
  lineManagerId: number | null;
  externalRef: string;
  givenName: string;
  familyName: string;
  email: string | null;
  jobTitle: string | null;
  organisationId: number;
  profileTags: string[];
  employmentType: EmploymentType;
  startDate: string;
  leavingDate: string | null;
}

/** Who writes the audit events, and their action (e.g. "import.person.create"). */
export interface BulkAudit {
  actorAccountId: string | null;
  action: string;
}

/**
 * Ids for people about to be added, taken from the people sequence in one statement, so that
 * people added together can name each other as line managers.
 */
export async function reservePersonIds(db: Database, count: number): Promise<number[]> {
  if (count === 0) return [];
  const taken = await queryOne<{ ids: string }>(
    db,
    sql`select array_to_string(array_agg(nextval(pg_get_serial_sequence('people', 'id'))), ',') as ids
        from generate_series(1, ${count}::int)`,
  );
  return taken!.ids.split(",").map(Number);
}

const packed = (p: PersonInBulk) => ({
  id: p.id,
  line_manager_id: p.lineManagerId,
  external_ref: p.externalRef,
  given_name: p.givenName,
  family_name: p.familyName,
  email: p.email,
  job_title: p.jobTitle,
  organisation_id: p.organisationId,
  profile_tags: p.profileTags,
  employment_type: p.employmentType,
  start_date: p.startDate,
  leaving_date: p.leavingDate,
});

const COLUMNS =
  sql.raw(`id int, line_manager_id int, external_ref text, given_name text, family_name text, email text, job_title text,
    organisation_id int, profile_tags text[], employment_type text, start_date date, leaving_date date`);

/**
 * Adds people with the ids reservePersonIds gave (a line manager among them comes before the
 * people they manage), each with an audit event whose after is `after`: one statement.
 */
export async function addPeopleInBulk(
  db: Database,
  rows: ReadonlyArray<{ person: PersonInBulk; after: unknown }>,
  audit: BulkAudit,
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ ...packed(r.person), audit: r.after })));
  await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${json}::jsonb) as x(${COLUMNS}, audit jsonb)
    ), inserted as (
      insert into people (id, line_manager_id, external_ref, given_name, family_name, email, job_title, organisation_id, profile_tags,
        employment_type, start_date, leaving_date)
      overriding system value
      select id, line_manager_id, external_ref, given_name, family_name, email, job_title, organisation_id, profile_tags,
        employment_type::employment_type, start_date, leaving_date
      from input
      returning id
    )
    insert into audit_events (actor_account_id, action, entity_type, entity_id, subject_person_id, before, after)
    select ${audit.actorAccountId}, ${audit.action}, 'person', i.id::text, i.id, null, input.audit
    from inserted i join input on input.id = i.id`);
}

/** Clears these people's e-mail addresses, so that people changed together may swap theirs. Not audited: the change that follows is. */
export async function clearEmailsInBulk(db: Database, personIds: readonly number[]): Promise<void> {
  if (personIds.length === 0) return;
  await db.execute(sql`update people set email = null where id = any(${sqlIntArray(personIds)})`);
}

/**
 * Sets every column of these people (updated_at too), each with an audit event of `before` and
 * `after` (what differs): one statement.
 */
export async function updatePeopleInBulk(
  db: Database,
  rows: ReadonlyArray<{ person: PersonInBulk; before: unknown; after: unknown }>,
  audit: BulkAudit,
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ ...packed(r.person), before: r.before, after: r.after })));
  await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${json}::jsonb) as x(${COLUMNS}, before jsonb, after jsonb)
    ), updated as (
      update people p set line_manager_id = input.line_manager_id, external_ref = input.external_ref, given_name = input.given_name,
        family_name = input.family_name, email = input.email, job_title = input.job_title,
        organisation_id = input.organisation_id, profile_tags = input.profile_tags,
        employment_type = input.employment_type::employment_type, start_date = input.start_date,
        leaving_date = input.leaving_date, updated_at = now()
      from input where p.id = input.id
      returning p.id
    )
    insert into audit_events (actor_account_id, action, entity_type, entity_id, subject_person_id, before, after)
    select ${audit.actorAccountId}, ${audit.action}, 'person', u.id::text, u.id, input.before, input.after
    from updated u join input on input.id = u.id`);
}

/**
 * Marks these people as leavers from `today` (or their start, for someone not started yet), those
 * not already leaving; each with an audit event, after `{ leavingDate, ...alsoAfter }`: one statement.
 */
export async function markLeaversInBulk(
  db: Database,
  personIds: readonly number[],
  today: string,
  audit: BulkAudit & { alsoAfter?: Record<string, unknown> },
): Promise<void> {
  if (personIds.length === 0) return;
  await db.execute(sql`
    with ended as (
      update people p set leaving_date = greatest(p.start_date, ${today}::date), updated_at = now()
      where p.id = any(${sqlIntArray(personIds)}) and p.leaving_date is null
      returning p.id, p.leaving_date::text as leaving_date
    )
    insert into audit_events (actor_account_id, action, entity_type, entity_id, subject_person_id, before, after)
    select ${audit.actorAccountId}, ${audit.action}, 'person', e.id::text, e.id, jsonb_build_object('leavingDate', null),
      jsonb_build_object('leavingDate', e.leaving_date) || ${JSON.stringify(audit.alsoAfter ?? {})}::jsonb
    from ended e`);
}
