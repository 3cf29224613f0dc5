/**
 * Writes a roster's plan in the transaction it is given, set-based: new organisations first (a
 * handful), then people in batches through app/domain/people/roster-people.ts (one statement a
 * batch, their audit events written by the same statement), and leavers last. New people's ids
 * are taken from the sequence first and managers written before the people they manage, so line
 * managers (often people of the same file) are set by the same statements. Kept coverage follows
 * through the triggers on people.
 */
import type { Database } from "../../../db/database";
import { recordAuditEvent } from "../../audit/record-event";
import { createOrganisation } from "../../organisations/create-organisation";
import {
  type PersonInBulk,
  addPeopleInBulk,
  clearEmailsInBulk,
  markLeaversInBulk,
  reservePersonIds,
  updatePeopleInBulk,
} from "../../people/roster-people";
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
  const ids = await reservePersonIds(tx, work.creates.length);
  for (const [i, c] of work.creates.entries()) newIds.set(c.values.externalRef, ids[i]!);
  const managerId = (ref: ManagerRef): number | null => {
    if (ref === null) return null;
    if ("id" in ref) return ref.id;
    const id = newIds.get(ref.number);
    if (id === undefined) throw new Error(`Line manager ${ref.number} is not in the plan`);
    return id;
  };

  const person = (id: number, v: PersonValues, manager: ManagerRef): PersonInBulk => ({
    id,
    lineManagerId: managerId(manager),
    externalRef: v.externalRef,
    givenName: v.givenName,
    familyName: v.familyName,
    email: v.email,
    jobTitle: v.jobTitle,
    organisationId: organisationId(v.organisationKey),
    profileTags: v.profileTags,
    employmentType: v.employmentType,
    startDate: v.startDate,
    leavingDate: v.leavingDate,
  });

  // New people, each with its audit event, in one statement per batch.
  for (const batch of batches(managersFirst(work.creates))) {
    await addPeopleInBulk(
      tx,
      batch.map((c) => ({
        person: person(newIds.get(c.values.externalRef)!, c.values, c.manager),
        after: { ...c.after, importRunId: run },
      })),
      { actorAccountId: actor, action: "import.person.create" },
    );
    await step(batch.length);
  }

  // An e-mail address may pass from one person of the file to another: free the old ones first.
  const freed = work.updates.filter((u) => u.emailChanges).map((u) => u.id);
  for (const batch of batches(freed)) await clearEmailsInBulk(tx, batch);

  // Changed people: every compared column set from the plan, the audit event with what differs.
  for (const batch of batches(work.updates)) {
    await updatePeopleInBulk(
      tx,
      batch.map((u) => ({
        person: person(u.id, u.values, u.manager),
        before: u.before,
        after: { ...u.after, importRunId: run },
      })),
      { actorAccountId: actor, action: "import.person.update" },
    );
    await step(batch.length);
  }

  // Leavers: out of coverage from today (or their start, for someone not started yet).
  for (const batch of batches(work.leavers)) {
    await markLeaversInBulk(
      tx,
      batch.map((l) => l.id),
      context.today,
      { actorAccountId: actor, action: "import.person.leave", alsoAfter: { importRunId: run } },
    );
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
