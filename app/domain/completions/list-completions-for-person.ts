import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import type { CompletionSource } from "../../db/schema";

export interface PersonCompletion {
  id: number;
  courseId: number;
  courseTitle: string;
  courseCode: string;
  completedOn: string;
  expiresOn: string | null;
  source: CompletionSource;
  certificateCode: string;
  issuesCertificate: boolean;
  revokedAt: string | null;
  revokeReason: string | null;
  /** A later live completion of the same course replaces this one. */
  superseded: boolean;
  /** Who delivered training done elsewhere (a completion from outside evidence). */
  provider: string | null;
  /** Where its evidence is kept, when recorded with a note. */
  evidenceNote: string | null;
  /** An evidence file is kept with it: /completions/:id/evidence downloads it. */
  hasEvidenceFile: boolean;
}

/** A person's completion history, newest first, revoked ones included and marked. */
export async function listCompletionsForPerson(db: Database, personId: number): Promise<PersonCompletion[]> {
  const rows = await queryRows<{
    id: number;
    course_id: number;
    course_title: string;
    course_code: string;
    completed_on: string;
    expires_on: string | null;
    source: CompletionSource;
    certificate_code: string;
    issues_certificate: boolean;
    revoked_at: string | null;
    revoke_reason: string | null;
    superseded: boolean;
    provider: string | null;
    evidence_note: string | null;
    has_evidence_file: boolean;
  }>(
    db,
    sql`select cp.id::int as id, cp.course_id, c.title as course_title, c.code as course_code,
          cp.completed_on::text, cp.expires_on::text, cp.source, cp.certificate_code,
          c.issues_certificate, cp.revoked_at::text, cp.revoke_reason, cp.provider, cp.evidence_note,
          cp.evidence_file_key is not null as has_evidence_file,
          exists (
            select 1 from completions later
            where later.person_id = cp.person_id and later.course_id = cp.course_id
              and later.revoked_at is null
              and (later.completed_on, later.id) > (cp.completed_on, cp.id)
          ) as superseded
        from completions cp join courses c on c.id = cp.course_id
        where cp.person_id = ${personId}
        order by cp.completed_on desc, cp.id desc`,
  );
  return rows.map((r) => ({
    id: r.id,
    courseId: r.course_id,
    courseTitle: r.course_title,
    courseCode: r.course_code,
    completedOn: r.completed_on,
    expiresOn: r.expires_on,
    source: r.source,
    certificateCode: r.certificate_code,
    issuesCertificate: r.issues_certificate,
    revokedAt: r.revoked_at,
    revokeReason: r.revoke_reason,
    superseded: r.superseded,
    provider: r.provider,
    evidenceNote: r.evidence_note,
    hasEvidenceFile: r.has_evidence_file,
  }));
}
