import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { people } from "../../db/schema";
import { formatDate } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { lockPerson, personSnapshot, readPerson } from "./person-changes";
import { datesProblem } from "./person-rules";

/**
 * Marks a person as a leaver on a date (today, past or a date to come). Their records stay; the
 * kept coverage counts them until the day before they leave (its triggers on people read the
 * leaving date). Nobody marks themselves as a leaver (as nobody deactivates their own account):
 * `actor.personId` is the caller's own person record. Audited as "person.leave".
 */
export async function markLeaver(
  db: Database,
  personId: number,
  leavingDate: string,
  actor: { accountId: string | null; personId: number | null },
): Promise<void> {
  if (actor.personId === personId) {
    throw new DomainError(
      "You cannot mark yourself as a leaver: ask the Prevent Coordinator to do it",
      "form",
      "own-record",
    );
  }
  await db.transaction(async (tx) => {
    const before = await lockPerson(tx, personId);
    if (before.leavingDate !== null) {
      throw new DomainError(
        `${before.givenName} ${before.familyName} is already marked as leaving on ${formatDate(before.leavingDate)}`,
        undefined,
        "already-left",
      );
    }
    const dates = datesProblem(before.startDate, leavingDate);
    if (dates) {
      throw new DomainError(
        dates.field === "leavingDate"
          ? `The leaving date must be the same as or after the date they started, ${formatDate(before.startDate)}`
          : dates.reason,
        "leavingDate",
        "dates",
      );
    }
    await tx.update(people).set({ leavingDate }).where(eq(people.id, personId));
    await recordAuditEvent(tx, {
      actorAccountId: actor.accountId,
      action: "person.leave",
      entityType: "person",
      entityId: personId,
      subjectPersonId: personId,
      before: personSnapshot(before),
      after: personSnapshot(await readPerson(tx, personId)),
    });
  });
}
