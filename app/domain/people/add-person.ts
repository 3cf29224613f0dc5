import type { Database } from "../../db/database";
import { people } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import {
  checkOrganisation,
  checkUnique,
  findLineManager,
  personSnapshot,
  readPerson,
  withUniqueFields,
} from "./person-changes";
import type { PersonInput } from "./person-form";
import { datesProblem } from "./person-rules";
import { type PersonScope, isPersonInScope } from "./scope";

/**
 * Adds a person by hand, with the roster import's checks: a real start date, an e-mail address and
 * employee number no one else has, an organisation and a line manager (by employee number or
 * e-mail) in the records. Audited as "person.create". Returns the new person's id.
 * `staysIn`: a school lead's or contract manager's scope, which the new person (and their line
 * manager) must be in.
 */
export async function addPerson(
  db: Database,
  input: PersonInput,
  actor: { accountId: string | null },
  options: { today: string; staysIn?: PersonScope },
): Promise<number> {
  const { details, placement } = input;
  const dates = datesProblem(details.startDate, null);
  if (dates) throw new DomainError(dates.reason, dates.field, "dates");
  return withUniqueFields(() =>
    db.transaction(async (tx) => {
      await checkOrganisation(tx, placement.organisationId);
      await checkUnique(tx, details, null);
      // No one reports to a person not yet added, so their line manager cannot make a loop.
      const lineManagerId = await findLineManager(tx, placement.lineManager, options.today, null, options.staysIn);
      const [created] = await tx
        .insert(people)
        .values({
          organisationId: placement.organisationId,
          lineManagerId,
          givenName: details.givenName,
          familyName: details.familyName,
          email: details.email,
          jobTitle: details.jobTitle,
          employmentType: details.employmentType,
          profileTags: details.profileTags,
          startDate: details.startDate,
          externalRef: details.externalRef,
        })
        .returning({ id: people.id });
      const personId = created!.id;
      if (options.staysIn && !(await isPersonInScope(tx, options.staysIn, personId))) {
        throw new DomainError(
          "You can only add people to your own staff: choose an organisation in it",
          "organisationId",
          "out-of-scope",
        );
      }
      await recordAuditEvent(tx, {
        actorAccountId: actor.accountId,
        action: "person.create",
        entityType: "person",
        entityId: personId,
        subjectPersonId: personId,
        before: null,
        after: personSnapshot(await readPerson(tx, personId)),
      });
      return personId;
    }),
  );
}
