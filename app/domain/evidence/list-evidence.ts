import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import type { EvidenceKind, EvidenceStatus } from "../../lib/values";
import { type Verifier, mayVerifyCondition } from "./verifier";

export type EvidenceRow = {
  id: number;
  personId: number;
  personName: string;
  courseId: number;
  courseTitle: string;
  completedOn: string;
  kind: EvidenceKind;
  provider: string | null;
  note: string | null;
  fileName: string | null;
  fileType: string | null;
  fileBytes: number | null;
  hasFile: boolean;
  status: EvidenceStatus;
  submittedAt: string;
  decidedAt: string | null;
  decidedByName: string | null;
  rejectionReason: string | null;
  completionId: number | null;
};

const COLUMNS = sql`e.id, e.person_id as "personId",
  p.given_name || ' ' || p.family_name as "personName",
  e.course_id as "courseId", c.title as "courseTitle", e.completed_on::text as "completedOn",
  e.kind::text as kind, e.provider, e.note, e.file_name as "fileName", e.file_type as "fileType",
  e.file_bytes as "fileBytes", (e.file_key is not null) as "hasFile", e.status::text as status,
  e.submitted_at::text as "submittedAt", e.decided_at::text as "decidedAt",
  (select display_name from accounts a where a.id = e.decided_by_account_id) as "decidedByName",
  e.rejection_reason as "rejectionReason", e.completion_id::int as "completionId"`;

const FROM = sql`evidence_submissions e
  join people p on p.id = e.person_id
  join organisations o on o.id = p.organisation_id
  join courses c on c.id = e.course_id`;

/** The verification queue: evidence awaiting verification that the verifier may decide, oldest first. */
export async function listEvidenceQueue(
  db: Database,
  verifier: Verifier,
  options: { limit?: number; offset?: number } = {},
): Promise<{ rows: EvidenceRow[]; total: number }> {
  const where = sql`e.status = 'awaiting_verification' and ${mayVerifyCondition(verifier)}`;
  const [rows, count] = await Promise.all([
    queryRows<EvidenceRow>(
      db,
      sql`select ${COLUMNS} from ${FROM} where ${where}
          order by e.submitted_at, e.id limit ${options.limit ?? 50} offset ${options.offset ?? 0}`,
    ),
    queryOne<{ n: number }>(db, sql`select count(*)::int as n from ${FROM} where ${where}`),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/**
 * A person's evidence, newest first (My training, their record), each with whether `verifier`
 * (when given) may open and decide it.
 */
export function listEvidenceForPerson(
  db: Database,
  personId: number,
  verifier: Verifier | null = null,
): Promise<Array<EvidenceRow & { mayVerify: boolean }>> {
  const may = verifier ? mayVerifyCondition(verifier) : sql`false`;
  return queryRows<EvidenceRow & { mayVerify: boolean }>(
    db,
    sql`select ${COLUMNS}, ${may} as "mayVerify" from ${FROM}
        where e.person_id = ${personId} order by e.submitted_at desc, e.id desc`,
  );
}

export type EvidenceDetail = EvidenceRow & {
  fileKey: string | null;
  /** The course's: how long the completion would count. */
  validityMonths: number | null;
  mayVerify: boolean;
};

/**
 * One submission, for its person or a verifier who may decide it; null for anyone else (and for
 * an id that is not one), so ids reveal nothing. `mayDecide`: the viewer may accept or reject it
 * (while it awaits verification); `isOwn`: it is the viewer's own.
 */
export async function getEvidenceFor(
  db: Database,
  evidenceId: number,
  viewer: { personId: number | null; verifier: Verifier | null },
): Promise<(EvidenceDetail & { isOwn: boolean }) | null> {
  const may = viewer.verifier ? mayVerifyCondition(viewer.verifier) : sql`false`;
  const row = await queryOne<EvidenceDetail>(
    db,
    sql`select ${COLUMNS}, e.file_key as "fileKey", c.validity_months as "validityMonths", ${may} as "mayVerify"
        from ${FROM} where e.id = ${evidenceId}`,
  );
  if (!row) return null;
  const isOwn = viewer.personId !== null && row.personId === viewer.personId;
  if (!isOwn && !row.mayVerify) return null;
  return { ...row, isOwn };
}
