import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { courses } from "./catalogue";
import { completions } from "./completions";
import { people } from "./people";
import { EVIDENCE_KINDS, EVIDENCE_STATUSES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { EVIDENCE_KINDS, EVIDENCE_STATUSES, type EvidenceKind, type EvidenceStatus } from "../../lib/values";

export const evidenceKindEnum = pgEnum("evidence_kind", EVIDENCE_KINDS);
export const evidenceStatusEnum = pgEnum("evidence_status", EVIDENCE_STATUSES);

/**
 * A learner's evidence of a course done elsewhere (the Home Office's Prevent awareness on GOV.UK,
 * which keeps its certificate details for 30 minutes only). It waits for verification and never
 * counts until accepted; accepting records the completion (source external_evidence).
 */
export const evidenceSubmissions = pgTable(
  "evidence_submissions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
    completedOn: date("completed_on", { mode: "string" }).notNull(),
    kind: evidenceKindEnum("kind").notNull(),
    provider: text("provider"),
    /** The learner's own words (a certificate number, where the paper copy is). */
    note: text("note"),
    /** The uploaded certificate: its storage key, name as sent, type as read from its content, size. */
    fileKey: text("file_key"),
    fileName: text("file_name"),
    fileType: text("file_type"),
    fileBytes: integer("file_bytes"),
    status: evidenceStatusEnum("status").notNull().default("awaiting_verification"),
    submittedByAccountId: text("submitted_by_account_id").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    decidedByAccountId: text("decided_by_account_id"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    /** Shown to the learner when rejected. */
    rejectionReason: text("rejection_reason"),
    completionId: bigint("completion_id", { mode: "number" }).references(() => completions.id, {
      onDelete: "restrict",
    }),
  },
  (t) => [
    index("evidence_submissions_queue_idx").on(t.status, t.submittedAt),
    index("evidence_submissions_person_idx").on(t.personId, t.submittedAt),
    check("evidence_submissions_certificate_has_file", sql`${t.kind} <> 'certificate' or ${t.fileKey} is not null`),
    check(
      "evidence_submissions_rejection_has_reason",
      sql`${t.status} <> 'rejected' or ${t.rejectionReason} is not null`,
    ),
    check(
      "evidence_submissions_accepted_has_completion",
      sql`${t.status} <> 'accepted' or ${t.completionId} is not null`,
    ),
  ],
);
