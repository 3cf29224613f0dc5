import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { people } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import {
  type PersonRow,
  checkNoManagementLoop,
  checkOrganisation,
  findLineManager,
  lockPerson,
  personSnapshot,
  readPerson,
  sameSnapshot,
} from "./person-changes";
import type { PersonPlacement } from "./person-form";
import { type PersonScope, isPersonInScope } from "./scope";

export interface MoveOptions {
  today: string;
  /** A manager's scope: the person must still be in it afterwards ("You can only move people within your team"). */
  staysIn?: PersonScope;
  /** A school lead's or contract manager's staff: a new line manager must be one of them. */
  lineManagerWithin?: PersonScope;
}

/**
 * Moves a person to another organisation or line manager (found by employee number or e-mail),
 * refusing a manager who is not in the records, has left, or would make a loop (the person
 * themself or anyone they manage). Audited as "person.move" when anything changed.
 */
export async function movePerson(
  db: Database,
  personId: number,
  placement: PersonPlacement,
  actor: { accountId: string | null },
  options: MoveOptions,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockPerson(tx, personId);
    await applyMove(tx, before, placement, actor, options);
  });
}

/** The move, inside the caller's transaction, for a person whose row is locked (`before`). */
export async function applyMove(
  tx: Database,
  before: PersonRow,
  placement: PersonPlacement,
  actor: { accountId: string | null },
  options: MoveOptions,
): Promise<void> {
  await checkOrganisation(tx, placement.organisationId);
  const lineManagerId =
    placement.lineManager === null && placement.keepLineManager
      ? before.lineManagerId
      : await findLineManager(
          tx,
          placement.lineManager,
          options.today,
          before.lineManagerId,
          options.lineManagerWithin,
        );
  if (lineManagerId === before.lineManagerId && placement.organisationId === before.organisationId) return;
  await checkNoManagementLoop(tx, before.id, lineManagerId);
  await tx
    .update(people)
    .set({ organisationId: placement.organisationId, lineManagerId })
    .where(eq(people.id, before.id));
  if (options.staysIn && !(await isPersonInScope(tx, options.staysIn, before.id))) {
    throw new DomainError(
      "You can only move people within your team: choose an organisation or line manager in it",
      lineManagerId === before.lineManagerId ? "organisationId" : "lineManager",
      "out-of-scope",
    );
  }
  const after = await readPerson(tx, before.id);
  if (sameSnapshot(personSnapshot(before), personSnapshot(after))) return;
  await recordAuditEvent(tx, {
    actorAccountId: actor.accountId,
    action: "person.move",
    entityType: "person",
    entityId: before.id,
    subjectPersonId: before.id,
    before: personSnapshot(before),
    after: personSnapshot(after),
  });
}
