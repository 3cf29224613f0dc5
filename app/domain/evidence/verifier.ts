import { type SQL, sql } from "drizzle-orm";
import { type PersonScope, personInScopeCondition } from "../people/scope";

/**
 * Who is verifying evidence: their account, their own person record (nobody verifies their own
 * evidence) and whose evidence their "evidence:verify" reaches (app/auth/permissions: the
 * coordinator everyone's, a manager their team's).
 */
export interface Verifier {
  accountId: string;
  personId: number | null;
  scope: PersonScope;
}

/**
 * "The verifier may decide this submission", over a query with the submission as `e`, its person
 * as `p`, their organisation as `o` and the course as `c`. Within the person scope; beyond the
 * coordinator's reach of everyone, only for a course that lets managers verify evidence, or a
 * manager's confirmation for a course that accepts one; never one's own.
 */
export function mayVerifyCondition(verifier: Verifier): SQL {
  const inScope = personInScopeCondition(verifier.scope, {
    personId: sql`p.id`,
    organisationPath: sql`o.path`,
    sector: sql`o.sector`,
  });
  const course =
    verifier.scope.kind === "all"
      ? sql`true`
      : sql`(c.managers_may_verify_evidence
          or (e.kind = 'manager_confirmation' and c.accepts_manager_confirmation))`;
  const notOwn = verifier.personId === null ? sql`true` : sql`e.person_id <> ${verifier.personId}`;
  return sql`(${inScope} and ${course} and ${notOwn})`;
}
