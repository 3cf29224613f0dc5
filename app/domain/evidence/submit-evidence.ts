import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { evidenceSubmissions } from "../../db/schema";
import { formatDate } from "../../lib/dates";
import type { EvidenceKind } from "../../lib/values";
import type { FileStorage } from "../../storage/file-storage";
import { recordAuditEvent } from "../audit/record-event";
import { storeEvidenceFile } from "../completions/evidence-file";
import { DomainError } from "../errors";

export type EvidenceCourse = {
  id: number;
  title: string;
  code: string;
  introducedOn: string | null;
  acceptsManagerConfirmation: boolean;
};

/**
 * The courses a learner may send evidence of: e-learning run elsewhere (the Home Office's Prevent
 * courses on GOV.UK), not retired. Other training done elsewhere is recorded by the coordinator.
 */
export function listEvidenceCourses(db: Database): Promise<EvidenceCourse[]> {
  return queryRows<EvidenceCourse>(
    db,
    sql`select id, title, code, introduced_on::text as "introducedOn",
          accepts_manager_confirmation as "acceptsManagerConfirmation"
        from courses
        where delivery_mode = 'external_elearning' and retired_at is null
        order by title, id`,
  );
}

export interface SubmitEvidenceInput {
  personId: number;
  actorAccountId: string;
  courseId: number;
  completedOn: string;
  kind: EvidenceKind;
  provider: string | null;
  note: string | null;
  /** The certificate as uploaded (name as sent, bytes); required for a certificate, optional with a manager's confirmation. */
  file: { name: string; bytes: Uint8Array } | null;
  /** Today in London: the completion cannot be later. */
  today: string;
}

/**
 * A learner sends evidence of a course done elsewhere. It waits for verification and does not
 * count until accepted. The certificate is checked by its content (PDF, PNG or JPEG, size-limited)
 * and kept under its hash; audited.
 */
export async function submitEvidence(db: Database, storage: FileStorage, input: SubmitEvidenceInput): Promise<number> {
  const course = (await listEvidenceCourses(db)).find((c) => c.id === input.courseId);
  if (!course) throw new DomainError("Select the course you completed", "courseId");
  if (input.completedOn > input.today) {
    throw new DomainError("The date you completed it must be today or in the past", "completedOn");
  }
  if (course.introducedOn && input.completedOn < course.introducedOn) {
    throw new DomainError(
      `The date you completed it must be on or after ${formatDate(course.introducedOn)}, when ${course.title} began`,
      "completedOn",
    );
  }
  if (input.kind === "manager_confirmation" && !course.acceptsManagerConfirmation) {
    throw new DomainError(
      `${course.title} needs a certificate: your manager’s confirmation is not accepted for it`,
      "kind",
    );
  }
  const hasFile = input.file !== null && input.file.bytes.length > 0;
  if (input.kind === "certificate" && !hasFile) {
    throw new DomainError("Select the certificate you were given", "evidenceFile");
  }
  const waiting = await queryOne<{ id: number }>(
    db,
    sql`select id from evidence_submissions
        where person_id = ${input.personId} and course_id = ${input.courseId} and status = 'awaiting_verification'
        limit 1`,
  );
  if (waiting) {
    throw new DomainError(
      `You have already sent evidence of ${course.title}: it is awaiting verification`,
      "courseId",
      "already-waiting",
    );
  }
  // Checked by content and kept before the row is written: a key names its content, so a file
  // kept for a submission that then fails is harmless, and the row never names a missing file.
  const stored =
    hasFile && input.file ? await storeEvidenceFile(storage, input.file.bytes, input.file.name, "evidenceFile") : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evidenceSubmissions)
      .values({
        personId: input.personId,
        courseId: input.courseId,
        completedOn: input.completedOn,
        kind: input.kind,
        provider: input.provider,
        note: input.note,
        fileKey: stored?.key ?? null,
        fileName: stored ? input.file!.name.slice(0, 255) || null : null,
        fileType: stored?.type ?? null,
        fileBytes: stored ? input.file!.bytes.length : null,
        submittedByAccountId: input.actorAccountId,
      })
      .returning({ id: evidenceSubmissions.id });
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "evidence.submit",
      entityType: "evidence",
      entityId: row!.id,
      subjectPersonId: input.personId,
      before: null,
      after: {
        courseId: input.courseId,
        completedOn: input.completedOn,
        kind: input.kind,
        provider: input.provider,
        ...(stored ? { fileKey: stored.key, fileType: stored.type } : {}),
      },
    });
    return row!.id;
  });
}
