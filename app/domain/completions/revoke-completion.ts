import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";

export interface RevokeCompletionInput {
  completionId: number;
  actorAccountId: string;
  reason: string;
  now?: Date;
}

/**
 * Revokes a completion recorded in error: it stops counting and its certificate verifies as
 * revoked. Nothing is deleted; the reason, who and when are kept, and the change is audited in
 * the same transaction. An earlier completion of the same course stands again once this one no
 * longer supersedes it.
 */
export async function revokeCompletion(db: Database, input: RevokeCompletionInput): Promise<{ personId: number }> {
  const reason = input.reason.trim();
  if (reason.length === 0) throw new DomainError("Enter why the completion is being revoked", "reason");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const before = await queryOne<{
      id: number;
      person_id: number;
      course_id: number;
      completed_on: string;
      certificate_code: string;
      revoked_at: string | null;
    }>(
      tx,
      sql`select id::int as id, person_id, course_id, completed_on::text as completed_on,
            certificate_code, revoked_at::text as revoked_at
          from completions where id = ${input.completionId} for update`,
    );
    if (!before) throw new DomainError("There is no such completion", undefined, "not-found");
    if (before.revoked_at !== null) {
      throw new DomainError("This completion has already been revoked", "reason", "already-revoked");
    }
    await tx.execute(
      sql`update completions
          set revoked_at = ${now.toISOString()}::timestamptz,
              revoked_by_account_id = ${input.actorAccountId},
              revoke_reason = ${reason}
          where id = ${input.completionId}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "completion.revoke",
      entityType: "completion",
      entityId: before.id,
      subjectPersonId: before.person_id,
      before: {
        courseId: before.course_id,
        completedOn: before.completed_on,
        certificateCode: before.certificate_code,
        revokedAt: null,
      },
      after: { revokedAt: now.toISOString(), revokedByAccountId: input.actorAccountId, reason },
    });
    return { personId: before.person_id };
  });
}
