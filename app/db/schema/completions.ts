import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { courses } from "./catalogue";
import { people } from "./people";
import { bookings, courseSessions } from "./sessions";
import { COMPLETION_SOURCES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { COMPLETION_SOURCES, type CompletionSource } from "../../lib/values";

export const completionSourceEnum = pgEnum("completion_source", COMPLETION_SOURCES);

/**
 * Proof that a person completed a course on a date. Never deleted: a completion made in error is
 * revoked. It carries its certificate's public verification code.
 */
export const completions = pgTable(
  "completions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
    completedOn: date("completed_on", { mode: "string" }).notNull(),
    /** completed_on plus the course's validity; null when it never expires. */
    expiresOn: date("expires_on", { mode: "string" }),
    source: completionSourceEnum("source").notNull(),
    sessionId: integer("session_id").references(() => courseSessions.id, { onDelete: "restrict" }),
    bookingId: integer("booking_id").references(() => bookings.id, { onDelete: "restrict" }),
    /** Who delivered training done elsewhere (another council, a school's in-service day, GOV.UK). */
    provider: text("provider"),
    evidenceNote: text("evidence_note"),
    /** Key of an uploaded file in the storage interface. */
    evidenceFileKey: text("evidence_file_key"),
    recordedByAccountId: text("recorded_by_account_id"),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Random, public, printed on the certificate. */
    certificateCode: text("certificate_code").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    revokedByAccountId: text("revoked_by_account_id"),
    revokeReason: text("revoke_reason"),
  },
  (t) => [
    uniqueIndex("completions_certificate_code_key").on(t.certificateCode),
    uniqueIndex("completions_one_live_per_booking").on(t.bookingId).where(sql`${t.revokedAt} is null`),
    index("completions_person_course_idx").on(t.personId, t.courseId, t.completedOn),
    index("completions_course_expiry_idx")
      .on(t.courseId, sql`coalesce(${t.expiresOn}, 'infinity'::date)`)
      .where(sql`${t.revokedAt} is null`),
    index("completions_session_idx").on(t.sessionId),
    check("completions_expiry_after_completion", sql`${t.expiresOn} is null or ${t.expiresOn} > ${t.completedOn}`),
    check("completions_revocation_has_reason", sql`${t.revokedAt} is null or ${t.revokeReason} is not null`),
  ],
);

/**
 * A certificate's PDF, rendered once and kept (issue 22): its content never changes after issue
 * (a revocation shows on the verification page), so it is served and zipped from these bytes.
 */
export const certificateFiles = pgTable("certificate_files", {
  completionId: bigint("completion_id", { mode: "number" })
    .primaryKey()
    .references(() => completions.id, { onDelete: "restrict" }),
  /** Key in the storage interface ("certificates/<sha-256>.pdf"). */
  fileKey: text("file_key").notNull(),
  byteLength: integer("byte_length").notNull(),
  renderedAt: timestamp("rendered_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * What every certificate carries from the council (one row, id 1): its logo and the coordinator's
 * signature, images uploaded by the coordinator and checked by content, kept in the storage interface.
 */
export const certificateBranding = pgTable(
  "certificate_branding",
  {
    id: integer("id").primaryKey(),
    logoFileKey: text("logo_file_key"),
    logoContentType: text("logo_content_type"),
    signatureFileKey: text("signature_file_key"),
    signatureContentType: text("signature_content_type"),
    signatoryName: text("signatory_name"),
    signatoryRole: text("signatory_role"),
    updatedByAccountId: text("updated_by_account_id"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [check("certificate_branding_one_row", sql`${t.id} = 1`)],
);
