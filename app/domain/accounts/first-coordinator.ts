import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts, organisations, roleGrants } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { createOrganisation } from "../organisations/create-organisation";
import { addPerson } from "../people/add-person";
import { createLink } from "./one-time-links";
import { passwordResetPath } from "./password-reset";

/** A password hash no password matches: the first coordinator sets theirs through the link. */
const NO_PASSWORD_YET = "!first-coordinator:set-through-link";

/**
 * A council starting on an empty database has no one to sign in as: this makes the first
 * coordinator (their person record in the council's root organisation, made if there is none, an
 * account and the coordinator role) and returns the path of a one-hour link to set their password.
 * Refused once any coordinator exists: after that, coordinators grant roles (Administration →
 * Accounts).
 */
export async function createFirstCoordinator(
  db: Database,
  input: { givenName: string; familyName: string; email: string; councilName: string; today: string },
): Promise<{ accountId: string; personId: number; passwordPath: string }> {
  return db.transaction(async (tx) => {
    const [coordinator] = await tx
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(eq(roleGrants.role, "coordinator"))
      .limit(1);
    if (coordinator) {
      throw new DomainError("The service already has a coordinator: they grant roles under Administration, Accounts.");
    }
    const [root] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, "council"), isNull(organisations.parentId)))
      .limit(1);
    const councilId = root?.id ?? (await createOrganisation(tx, { kind: "council", name: input.councilName })).id;
    const personId = await addPerson(
      tx,
      {
        details: {
          givenName: input.givenName,
          familyName: input.familyName,
          email: input.email,
          jobTitle: "Prevent Coordinator",
          employmentType: "permanent",
          profileTags: [],
          startDate: input.today,
          externalRef: null,
        },
        placement: { organisationId: councilId, lineManager: null, keepLineManager: false },
      },
      { accountId: null },
      { today: input.today },
    );
    const accountId = randomUUID();
    await tx.insert(accounts).values({
      id: accountId,
      personId,
      email: input.email,
      passwordHash: NO_PASSWORD_YET,
      displayName: `${input.givenName} ${input.familyName}`,
    });
    await tx.insert(roleGrants).values({ accountId, role: "coordinator" });
    await recordAuditEvent(tx, {
      actorAccountId: null,
      action: "account.first-coordinator",
      entityType: "account",
      entityId: accountId,
      subjectPersonId: personId,
      after: { email: input.email, roles: ["coordinator"] },
    });
    const token = await createLink(tx, { purpose: "password-reset", accountId });
    return { accountId, personId, passwordPath: passwordResetPath(token) };
  });
}
