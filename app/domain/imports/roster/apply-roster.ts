/**
 * Writes a roster's plan in the transaction it is given, set-based: new organisations first (a
 * handful), then people in batches (insert … select from jsonb_to_recordset, with their audit
 * events written by the same statement), and leavers last. New people's ids are taken from the
 * sequence first and managers written before the people they manage, so line managers (often
 * people of the same file) are set by the same statements. Kept coverage follows through the triggers on people.
 */
import { sql } from "drizzle-orm";
import { type Database, queryOne, sqlIntArray } from "../../../db/database";
import { recordAuditEvent } from "../../audit/record-event";
import { createOrganisation } from "../../organisations/create-organisation";
import type { ApplyContext, ImportPlan } from "../kind";
import { yieldToOthers } from "../read-csv";
import type { ManagerRef, PersonValues, RosterWork } from "./plan-roster";

const BATCH = 4000;

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

export async function applyRoster(tx: Database, plan: ImportPlan<RosterWork>, context: ApplyContext): Promise<void> {
  const work = plan.work;
  const actor = context.actorAccountId;
  const run = context.importRunId;
  let done = 0;
  const step = async (rows: number) => {
    done += rows;
    context.progress(done);
    await yieldToOthers();
  };

  // Organisations the file names that do not exist yet.
  const orgIds = new Map<string, number>();
  const organisationId = (key: string): number => {
    if (key.startsWith("id:")) return Number(key.slice(3));
    const id = orgIds.get(key);
    if (id === undefined) throw new Error(`Organisation ${key} was not created`);
    return id;
  };
  for (const org of work.newOrganisations) {
    const created = await createOrganisation(tx, {
      parentId: organisationId(org.parentKey),
      kind: org.kind,
      name: org.name,
    });
    orgIds.set(org.key, created.id);
    await recordAuditEvent(tx, {
      actorAccountId: actor,
      action: "import.organisation.create",
      entityType: "organisation",
      entityId: created.id,
      after: { name: created.name, kind: created.kind, parentId: created.parentId, importRunId: run },
    });
  }

  // Ids for the new people, so each row can name its manager's.
  const newIds = new Map<string, number>();
  if (work.creates.length > 0) {
    const taken = await queryOne<{ ids: string }>(
      tx,
      sql`select array_to_string(array_agg(nextval(pg_get_serial_sequence('people', 'id'))), ',') as ids
          from generate_series(1, ${work.creates.length}::int)`,
    );
    const ids = taken!.ids.split(",").map(Number);
    for (const [i, c] of work.creates.entries()) newIds.set(c.values.externalRef, ids[i]!);
  }
  const managerId = (ref: ManagerRef): number | null => {
    if (ref === null) return null;
    if ("id" in ref) return ref.id;
    const id = newIds.get(ref.number);
    if (id === undefined) throw new Error(`Line manager ${ref.number} is not in the plan`);
    return id;
  };

  const record = (v: PersonValues, manager: ManagerRef) => ({
    line_manager_id: managerId(manager),
    external_ref: v.externalRef,
    given_name: v.givenName,
    family_name: v.familyName,
    email: v.email,
    job_title: v.jobTitle,
    organisation_id: organisationId(v.organisationKey),
    profile_tags: v.profileTags,
    employment_type: v.employmentType,
    start_date: v.startDate,
    leaving_date: v.leavingDate,
  });
  const columns =
    sql.raw(`line_manager_id int, external_ref text, given_name text, family_name text, email text, job_title text,
    organisation_id int, profile_tags text[], employment_type text, start_date date, leaving_date date`);

  // New people, each with its audit event, in one statement per batch.
  for (const batch of batches(managersFirst(work.creates))) {
    const json = JSON.stringify(
      batch.map((c) => ({
        id: newIds.get(c.values.externalRef),
        ...record(c.values, c.manager),
        audit: { ...c.after, importRunId: run },
      })),
    );
    await tx.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${json}::jsonb) as x(id int, ${columns}, audit jsonb)
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
      select ${actor}, 'import.person.create', 'person', i.id::text, i.id, null, input.audit
      from inserted i join input on input.id = i.id`);
    await step(batch.length);
  }

  // An e-mail address may pass from one person of the file to another: free the old ones first.
  const freed = work.updates.filter((u) => u.emailChanges).map((u) => u.id);
  for (const batch of batches(freed)) {
    await tx.execute(sql`update people set email = null where id = any(${sqlIntArray(batch)})`);
  }

  // Changed people: every compared column set from the plan, the audit event with what differs.
  for (const batch of batches(work.updates)) {
    const json = JSON.stringify(
      batch.map((u) => ({
        id: u.id,
        ...record(u.values, u.manager),
        before: u.before,
        after: { ...u.after, importRunId: run },
      })),
    );
    await tx.execute(sql`
      with input as (
        select * from jsonb_to_recordset(${json}::jsonb) as x(id int, ${columns}, before jsonb, after jsonb)
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
      select ${actor}, 'import.person.update', 'person', u.id::text, u.id, input.before, input.after
      from updated u join input on input.id = u.id`);
    await step(batch.length);
  }

  // Leavers: out of coverage from today (or their start, for someone not started yet).
  for (const batch of batches(work.leavers)) {
    await tx.execute(sql`
      with ended as (
        update people p set leaving_date = greatest(p.start_date, ${context.today}::date), updated_at = now()
        where p.id = any(${sqlIntArray(batch.map((l) => l.id))}) and p.leaving_date is null
        returning p.id, p.leaving_date::text as leaving_date
      )
      insert into audit_events (actor_account_id, action, entity_type, entity_id, subject_person_id, before, after)
      select ${actor}, 'import.person.leave', 'person', e.id::text, e.id, jsonb_build_object('leavingDate', null),
        jsonb_build_object('leavingDate', e.leaving_date, 'importRunId', ${run}::int)
      from ended e`);
    await step(batch.length);
  }
}

/** New people in an order where everyone's manager (when also new) comes before them. */
function managersFirst(creates: RosterWork["creates"]): RosterWork["creates"] {
  const byNumber = new Map(creates.map((c) => [c.values.externalRef, c]));
  const depth = new Map<string, number>();
  const depthOf = (start: string): number => {
    const chain: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !depth.has(current)) {
      chain.push(current);
      const manager: ManagerRef = byNumber.get(current)!.manager;
      current = manager !== null && "number" in manager && byNumber.has(manager.number) ? manager.number : undefined;
      if (current !== undefined && chain.includes(current)) throw new Error("Management loop in a roster plan");
    }
    let d = current === undefined ? -1 : depth.get(current)!;
    for (let i = chain.length - 1; i >= 0; i--) depth.set(chain[i]!, ++d);
    return depth.get(start)!;
  };
  return creates
    .map((c, index) => ({ c, index, d: depthOf(c.values.externalRef) }))
    .sort((a, b) => a.d - b.d || a.index - b.index)
    .map((x) => x.c);
}
