import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { people } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { lockPerson, personSnapshot, readPerson } from "./person-changes";

/**
 * Brings a leaver back: clears their leaving date, so they count again (the kept coverage's
 * triggers on people see it). Their records were kept. Nobody brings themselves back, as nobody
 * marks themselves as a leaver: `actor.personId` is the caller's own person record. Audited as
 * "person.return".
 */
export async function bringBack(
  db: Database,
  personId: number,
  actor: { accountId: string | null; personId: number | null },
): Promise<void> {
  if (actor.personId === personId) {
    throw new DomainError("You cannot bring yourself back: ask the Prevent Coordinator to do it", "form", "own-record");
  }
  await db.transaction(async (tx) => {
    const before = await lockPerson(tx, personId);
    if (before.leavingDate === null) {
      throw new DomainError(
        `${before.givenName} ${before.familyName} is not marked as a leaver`,
        undefined,
        "not-a-leaver",
      );
    }
    await tx.update(people).set({ leavingDate: null }).where(eq(people.id, personId));
    await recordAuditEvent(tx, {
      actorAccountId: actor.accountId,
      action: "person.return",
      entityType: "person",
      entityId: personId,
      subjectPersonId: personId,
      before: personSnapshot(before),
      after: personSnapshot(await readPerson(tx, personId)),
    });
  });
}
