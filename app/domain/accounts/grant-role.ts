import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { accounts, roleGrants } from "../../db/schema";
import type { Role } from "../../lib/values";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";

export interface GrantRoleInput {
  accountId: string;
  role: Role;
  /** A manager of a person's reports: that person. */
  personId?: number | null;
  /** A manager of an organisation, a school lead's school, a contract manager's company. */
  organisationId?: number | null;
  actorAccountId: string;
}

const ORGANISATION_REFUSED: Partial<Record<Role, string>> = {
  school_lead: "Select the school this school lead looks after",
  contract_manager: "Select the contractor company (not a part of one) this contract manager looks after",
};

/** Whether the database refused a school lead's or contract manager's organisation (drizzle/0017's trigger). */
function isOrganisationRefused(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const fields = e as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (fields.code === "23514") {
      const named = fields.constraint ?? fields.constraint_name;
      if (named === "role_grants_organisation_role_check") return true;
      if (typeof fields.message === "string" && fields.message.includes("grant")) return true;
    }
    e = fields.cause;
  }
  return false;
}

/**
 * Grants a role with its scope: a manager a person's reports or an organisation (one of them), a
 * school lead a school, a contract manager a contractor company (the database checks which kind of
 * organisation, drizzle/0017: its refusal becomes the form's error), the others no scope. Returns
 * the grant's id. Audited in the same transaction.
 */
export async function grantRole(db: Database, input: GrantRoleInput): Promise<number> {
  const { role } = input;
  let personId: number | null = null;
  let organisationId: number | null = null;
  if (role === "learner") {
    throw new DomainError(
      "Everyone with a person record is a learner of their own training: choose another role",
      "role",
    );
  }
  if (role === "manager") {
    personId = input.personId ?? null;
    organisationId = input.organisationId ?? null;
    if ((personId === null) === (organisationId === null)) {
      throw new DomainError(
        "Choose whose team this manager looks after: a person's reports or an organisation",
        "scope",
      );
    }
  } else if (role === "school_lead" || role === "contract_manager") {
    organisationId = input.organisationId ?? null;
    if (organisationId === null) throw new DomainError(ORGANISATION_REFUSED[role]!, "organisationId");
  }

  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, personId: accounts.personId })
      .from(accounts)
      .where(eq(accounts.id, input.accountId))
      .for("update");
    if (!account) throw new DomainError("There is no such account", "form", "not-found");
    let inserted: Array<{ id: number }>;
    try {
      // A savepoint: the database's refusal must not end the whole transaction.
      inserted = await tx.transaction((sp) =>
        sp
          .insert(roleGrants)
          .values({ accountId: account.id, role, personId, organisationId, grantedByAccountId: input.actorAccountId })
          .onConflictDoNothing()
          .returning({ id: roleGrants.id }),
      );
    } catch (error) {
      if (isOrganisationRefused(error)) throw new DomainError(ORGANISATION_REFUSED[role]!, "organisationId");
      throw error;
    }
    const grant = inserted[0];
    if (!grant) throw new DomainError("This account already has this role with this scope", "role");
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "account.role-grant",
      entityType: "account",
      entityId: account.id,
      subjectPersonId: account.personId,
      before: null,
      after: { grantId: grant.id, role, personId, organisationId },
    });
    return grant.id;
  });
}
