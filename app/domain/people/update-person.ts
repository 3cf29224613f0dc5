import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { people } from "../../db/schema";
import { formatDate } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { type MoveOptions, applyMove } from "./move-person";
import { checkUnique, lockPerson, personSnapshot, readPerson, sameSnapshot, withUniqueFields } from "./person-changes";
import type { PersonInput } from "./person-form";
import { datesProblem } from "./person-rules";

/**
 * Changes a person's details (names, e-mail, job title, employment, tags, start date, employee
 * number) and, in the same transaction, their organisation and line manager (movePerson's rules).
 * Audited as "person.update" and "person.move", each only when something it covers changed. The
 * leaving date is markLeaver's and bringBack's.
 */
export async function updatePerson(
  db: Database,
  personId: number,
  input: PersonInput,
  actor: { accountId: string | null },
  options: MoveOptions,
): Promise<void> {
  const { details, placement } = input;
  await withUniqueFields(() =>
    db.transaction(async (tx) => {
      const before = await lockPerson(tx, personId);
      const dates = datesProblem(details.startDate, before.leavingDate);
      if (dates) {
        throw new DomainError(
          dates.field === "leavingDate" && before.leavingDate !== null
            ? `They left on ${formatDate(before.leavingDate)}: the start date must be the same as or before it`
            : dates.reason,
          "startDate",
          "dates",
        );
      }
      await checkUnique(tx, details, personId);
      await tx
        .update(people)
        .set({
          givenName: details.givenName,
          familyName: details.familyName,
          email: details.email,
          jobTitle: details.jobTitle,
          employmentType: details.employmentType,
          profileTags: details.profileTags,
          startDate: details.startDate,
          externalRef: details.externalRef,
        })
        .where(eq(people.id, personId));
      const updated = await readPerson(tx, personId);
      if (!sameSnapshot(personSnapshot(before), personSnapshot(updated))) {
        await recordAuditEvent(tx, {
          actorAccountId: actor.accountId,
          action: "person.update",
          entityType: "person",
          entityId: personId,
          subjectPersonId: personId,
          before: personSnapshot(before),
          after: personSnapshot(updated),
        });
      }
      await applyMove(tx, updated, placement, actor, options);
    }),
  );
}
