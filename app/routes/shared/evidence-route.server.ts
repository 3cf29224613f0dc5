import type { Params } from "@remix-run/react";
import { z } from "zod";
import { forbidden, notFound } from "../../auth/guards.server";
import { type CurrentUser, can, personScopeFor } from "../../auth/permissions";
import { type SignedIn, requireUser } from "../../auth/session.server";
import { getEvidenceFor } from "../../domain/evidence/list-evidence";
import type { Verifier } from "../../domain/evidence/verifier";
import { idSchema } from "../../lib/request";

/** The user as a verifier of evidence ("evidence:verify": the coordinator everyone's, a manager their team's), or null. */
export function verifierFor(user: CurrentUser): Verifier | null {
  if (!can(user, "evidence:verify")) return null;
  return { accountId: user.accountId, personId: user.personId, scope: personScopeFor(user, "evidence:verify") };
}

const EvidenceParams = z.object({ evidenceId: idSchema });

/**
 * The evidence in the path, for its own person or a verifier who may decide it: a 403 for someone
 * who can neither send nor verify evidence, a 404 for evidence out of their reach (ids reveal nothing).
 */
export async function requireEvidence(request: Request, params: Params) {
  const { db, user } = await requireUser(request);
  return { ...(await evidenceInReach(db, user, params)), db, user };
}

/** requireEvidence for a user already signed in (an action that checked the intent's permission first). */
export async function evidenceInReach(db: SignedIn["db"], user: CurrentUser, params: Params) {
  const mayOwn = can(user, "evidence:submit");
  const verifier = verifierFor(user);
  if (!mayOwn && !verifier) forbidden("evidence:verify");
  const parsed = EvidenceParams.safeParse(params);
  if (!parsed.success) notFound("evidence");
  const evidence = await getEvidenceFor(db, parsed.data.evidenceId, {
    personId: mayOwn ? user.personId : null,
    verifier,
  });
  if (!evidence) notFound("evidence");
  return { verifier, evidence };
}
