import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { EvidenceKind, EvidenceStatus } from "../../lib/values";
import { recordAuditEvent } from "../audit/record-event";
import { completionExpiresOn } from "../completions/expiry";
import { recordCompletion } from "../completions/record-completion";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { EVIDENCE_STATUS_LABELS } from "./values";
import { type Verifier, mayVerifyCondition } from "./verifier";

type Locked = {
  id: number;
  person_id: number;
  course_id: number;
  course_title: string;
  validity_months: number | null;
  completed_on: string;
  kind: EvidenceKind;
  provider: string | null;
  note: string | null;
  file_key: string | null;
  status: EvidenceStatus;
  may_verify: boolean;
};

/**
 * The submission, locked until the transaction ends (so two decisions at once are taken one after
 * the other, and the second finds it decided); "not-found" when the verifier may not decide it.
 */
async function lockForDecision(tx: Database, verifier: Verifier, evidenceId: number): Promise<Locked> {
  const row = await queryOne<Locked>(
    tx,
    sql`select e.id, e.person_id, e.course_id, c.title as course_title, c.validity_months,
          e.completed_on::text as completed_on, e.kind::text as kind, e.provider, e.note, e.file_key,
          e.status::text as status, ${mayVerifyCondition(verifier)} as may_verify
        from evidence_submissions e
        join people p on p.id = e.person_id
        join organisations o on o.id = p.organisation_id
        join courses c on c.id = e.course_id
        where e.id = ${evidenceId}
        for update of e`,
  );
  if (!row?.may_verify) throw new DomainError("There is no such evidence", undefined, "not-found");
  if (row.status !== "awaiting_verification") {
    throw new DomainError(
      `This evidence has already been decided: ${EVIDENCE_STATUS_LABELS[row.status].toLowerCase()}`,
      "form",
      "already-decided",
    );
  }
  return row;
}

/**
 * Accepts evidence: records the completion (source external_evidence, with the provider and the
 * certificate's file; the learner told their certificate is ready), links it to the submission,
 * tells the learner, audits. Exactly once, however many times or at once it is asked.
 */
export async function acceptEvidence(
  db: Database,
  verifier: Verifier,
  input: { evidenceId: number; now?: Date },
): Promise<{ completionId: number; personId: number }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const e = await lockForDecision(tx, verifier, input.evidenceId);
    const completionId = await recordCompletion(tx, {
      personId: e.person_id,
      courseId: e.course_id,
      completedOn: e.completed_on,
      expiresOn: completionExpiresOn(e.completed_on, e.validity_months),
      source: "external_evidence",
      sessionId: null,
      bookingId: null,
      actorAccountId: verifier.accountId,
      provider: e.provider,
      evidenceFileKey: e.file_key,
      evidenceNote: e.kind === "manager_confirmation" ? `Manager’s confirmation${e.note ? `: ${e.note}` : ""}` : e.note,
      notifyLearner: true,
    });
    if (completionId === null) throw new Error(`No completion was recorded for evidence ${e.id}`);
    await tx.execute(
      sql`update evidence_submissions
          set status = 'accepted', decided_by_account_id = ${verifier.accountId},
              decided_at = ${now.toISOString()}::timestamptz, completion_id = ${completionId}
          where id = ${e.id}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: verifier.accountId,
      action: "evidence.accept",
      entityType: "evidence",
      entityId: e.id,
      subjectPersonId: e.person_id,
      before: { status: e.status },
      after: { status: "accepted", completionId },
    });
    await notify(tx, {
      kind: "evidence.accepted",
      recipientPersonId: e.person_id,
      details: { courseTitle: e.course_title, completedOn: e.completed_on, evidenceId: e.id, completionId },
    });
    return { completionId, personId: e.person_id };
  });
}

/** Rejects evidence with a reason the learner sees (on My training, and in the message they are sent); audited. */
export async function rejectEvidence(
  db: Database,
  verifier: Verifier,
  input: { evidenceId: number; reason: string; now?: Date },
): Promise<{ personId: number }> {
  const reason = input.reason.trim();
  if (reason === "") throw new DomainError("Enter why the evidence is not accepted", "reason");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const e = await lockForDecision(tx, verifier, input.evidenceId);
    await tx.execute(
      sql`update evidence_submissions
          set status = 'rejected', decided_by_account_id = ${verifier.accountId},
              decided_at = ${now.toISOString()}::timestamptz, rejection_reason = ${reason}
          where id = ${e.id}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: verifier.accountId,
      action: "evidence.reject",
      entityType: "evidence",
      entityId: e.id,
      subjectPersonId: e.person_id,
      before: { status: e.status },
      after: { status: "rejected", reason },
    });
    await notify(tx, {
      kind: "evidence.rejected",
      recipientPersonId: e.person_id,
      details: { courseTitle: e.course_title, completedOn: e.completed_on, evidenceId: e.id, reason },
    });
    return { personId: e.person_id };
  });
}

/** The learner takes back their own evidence while it awaits verification; audited. */
export async function withdrawEvidence(
  db: Database,
  input: { evidenceId: number; personId: number; actorAccountId: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const row = await queryOne<{ id: number; status: EvidenceStatus }>(
      tx,
      sql`select id, status::text as status from evidence_submissions
          where id = ${input.evidenceId} and person_id = ${input.personId} for update`,
    );
    if (!row) throw new DomainError("There is no such evidence", undefined, "not-found");
    if (row.status !== "awaiting_verification") {
      throw new DomainError(
        `This evidence can no longer be withdrawn: ${EVIDENCE_STATUS_LABELS[row.status].toLowerCase()}`,
        "form",
        "already-decided",
      );
    }
    await tx.execute(
      sql`update evidence_submissions
          set status = 'withdrawn', decided_by_account_id = ${input.actorAccountId},
              decided_at = ${now.toISOString()}::timestamptz
          where id = ${row.id}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "evidence.withdraw",
      entityType: "evidence",
      entityId: row.id,
      subjectPersonId: input.personId,
      before: { status: row.status },
      after: { status: "withdrawn" },
    });
  });
}
