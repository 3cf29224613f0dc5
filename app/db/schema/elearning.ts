import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { courses } from "./catalogue";
import { completions } from "./completions";
import { people } from "./people";
import { SCORM_VERSIONS } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { SCORM_VERSIONS, type ScormVersion } from "../../lib/values";

export const scormVersionEnum = pgEnum("scorm_version", SCORM_VERSIONS);

/**
 * A SCORM package uploaded for a hosted e-learning course. A course has one current version
 * (replaced_at null); a new upload replaces it, and attempts begun on an older version keep it.
 */
export const elearningPackages = pgTable(
  "elearning_packages",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
    /** 1, 2, 3… within the course. */
    version: integer("version").notNull(),
    scormVersion: scormVersionEnum("scorm_version").notNull(),
    /** As the manifest states it, e.g. "2004 4th Edition" or "1.2". */
    schemaVersion: text("schema_version").notNull(),
    /** The default organisation's title in the manifest. */
    title: text("title").notNull(),
    /** The first SCO's href, relative to the package root, exactly as written (query string included). */
    launchPath: text("launch_path").notNull(),
    fileName: text("file_name").notNull(),
    /** SHA-256 of the uploaded zip, hex. */
    checksum: text("checksum").notNull(),
    fileCount: integer("file_count").notNull(),
    /** Expanded size of all its files. */
    totalBytes: bigint("total_bytes", { mode: "number" }).notNull(),
    uploadedByAccountId: text("uploaded_by_account_id").notNull(),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    replacedAt: timestamp("replaced_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("elearning_packages_course_version_key").on(t.courseId, t.version),
    uniqueIndex("elearning_packages_one_current").on(t.courseId).where(sql`${t.replacedAt} is null`),
  ],
);

/** The files of a package: its path inside the zip, and the storage key of its bytes (content-addressed). */
export const elearningPackageFiles = pgTable(
  "elearning_package_files",
  {
    packageId: integer("package_id")
      .notNull()
      .references(() => elearningPackages.id, { onDelete: "cascade" }),
    /** Relative to the package root, forward slashes, as the zip names it (no "..", no leading "/"). */
    path: text("path").notNull(),
    /** e.g. "elearning/<sha-256 of the bytes>" in the file storage. */
    fileKey: text("file_key").notNull(),
    bytes: integer("bytes").notNull(),
    contentType: text("content_type").notNull(),
  },
  (t) => [primaryKey({ columns: [t.packageId, t.path] })],
);

/**
 * One person's go at a hosted course, on one package version: the SCORM runtime's state, saved as
 * the content reports it, so closing the window and coming back resumes. At most one open attempt
 * per person and course; a failed attempt is closed and a new one begun for a retry.
 */
export const elearningAttempts = pgTable(
  "elearning_attempts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
    packageId: integer("package_id")
      .notNull()
      .references(() => elearningPackages.id, { onDelete: "restrict" }),
    /** 1 for the first attempt at the course, then 2, 3… */
    attemptNumber: integer("attempt_number").notNull(),
    /** The runtime's whole data model as last saved (what scorm-again loads to resume). */
    cmi: jsonb("cmi").notNull().default({}),
    /** SCORM 1.2 cmi.core.lesson_status. */
    lessonStatus: text("lesson_status"),
    /** SCORM 2004 cmi.completion_status and cmi.success_status. */
    completionStatus: text("completion_status"),
    successStatus: text("success_status"),
    /** Raw score as reported, and scaled 0–1 where known. */
    scoreRaw: numeric("score_raw"),
    scoreScaled: numeric("score_scaled"),
    location: text("location"),
    suspendData: text("suspend_data"),
    /** Time spent over all its sessions, in seconds (from cmi total time plus the last session). */
    totalSeconds: integer("total_seconds").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastSavedAt: timestamp("last_saved_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Set when the content reported what the course asks for: the completion it recorded. */
    completionId: bigint("completion_id", { mode: "number" }).references(() => completions.id, {
      onDelete: "restrict",
    }),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    /** Closed: completed, or failed and set aside for a retry. An open attempt is resumed. */
    closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("elearning_attempts_one_open").on(t.personId, t.courseId).where(sql`${t.closedAt} is null`),
    uniqueIndex("elearning_attempts_number_key").on(t.personId, t.courseId, t.attemptNumber),
    uniqueIndex("elearning_attempts_completion_key").on(t.completionId),
    index("elearning_attempts_course_idx").on(t.courseId, t.lastSavedAt),
    check("elearning_attempts_total_seconds_check", sql`${t.totalSeconds} >= 0`),
  ],
);
