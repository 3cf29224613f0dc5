import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { IMPORT_KINDS, IMPORT_STATUSES, type ImportCounts } from "../../lib/values";

export const importKindEnum = pgEnum("import_kind", IMPORT_KINDS);
export const importStatusEnum = pgEnum("import_status", IMPORT_STATUSES);

/** A file as uploaded: kept behind the storage interface, named by its checksum. */
export interface ImportRunFile {
  role: string;
  name: string;
  /** SHA-256 of the bytes, hex. */
  checksum: string;
  bytes: number;
  /** "UTF-8", "UTF-8 with a byte-order mark", "Windows-1252", ... */
  encoding: string;
  storageKey: string;
}

/** One import: the history of who brought which file in, what it would do and what it did. */
export const importRuns = pgTable(
  "import_runs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: importKindEnum("kind").notNull(),
    status: importStatusEnum("status").notNull().default("previewing"),
    files: jsonb("files").$type<ImportRunFile[]>().notNull(),
    /** The kind's choices (from the preview form) and "skipBadRows". */
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** The last preview (columns used and ignored, counts, problems, samples of changes) or result. */
    preview: jsonb("preview").$type<Record<string, unknown>>(),
    counts: jsonb("counts").$type<ImportCounts>(),
    /** Why it failed, in plain words. */
    failure: text("failure"),
    uploadedByAccountId: text("uploaded_by_account_id").notNull(),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    appliedByAccountId: text("applied_by_account_id"),
    appliedAt: timestamp("applied_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("import_runs_uploaded_idx").on(t.uploadedAt.desc())],
);

/** The header the coordinator chose for a field of a kind's file, remembered for the next file. */
export const importColumnMappings = pgTable(
  "import_column_mappings",
  {
    kind: importKindEnum("kind").notNull(),
    fileRole: text("file_role").notNull(),
    fieldKey: text("field_key").notNull(),
    header: text("header").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.fileRole, t.fieldKey] })],
);

/** A value mapped once (a course name as people typed it → a catalogue course, or "ignore"). */
export const importValueMappings = pgTable(
  "import_value_mappings",
  {
    kind: importKindEnum("kind").notNull(),
    fieldKey: text("field_key").notNull(),
    /** The normalised value. */
    valueKey: text("value_key").notNull(),
    choice: text("choice").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.fieldKey, t.valueKey] })],
);
