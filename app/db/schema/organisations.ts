import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, date, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { SECTORS, ORGANISATION_KINDS } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { SECTORS, ORGANISATION_KINDS, type Sector, type OrganisationKind } from "../../lib/values";

export const sectorEnum = pgEnum("sector", SECTORS);

export const organisationKindEnum = pgEnum("organisation_kind", ORGANISATION_KINDS);

export const organisations = pgTable(
  "organisations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer("parent_id").references((): AnyPgColumn => organisations.id, {
      onDelete: "restrict",
    }),
    kind: organisationKindEnum("kind").notNull(),
    /** Copied from the root of the tree when the organisation is created; see decision 004. */
    sector: sectorEnum("sector").notNull(),
    /** Ids from the root down to this node, dot-separated with a trailing dot ("1.7.42."): a subtree is a prefix match. */
    path: text("path").notNull(),
    depth: integer("depth").notNull().default(0),
    name: text("name").notNull(),
    /** The council's own code (HR cost centre, contractor number). */
    externalRef: text("external_ref"),
    // Schools: fields from the DfE register (Get Information about Schools).
    urn: integer("urn"),
    schoolPhase: text("school_phase"),
    schoolType: text("school_type"),
    schoolStatus: text("school_status"),
    closedOn: date("closed_on", { mode: "string" }),
    /** Pupils on roll from the register's NumberOfPupils; null when the register gives none (unknown is not zero). */
    pupilCount: integer("pupil_count"),
    /** The URN this school had before an academy conversion gave it a new one (decision 011). */
    predecessorUrn: integer("predecessor_urn"),
    ...timestamps,
  },
  (t) => [
    index("organisations_parent_idx").on(t.parentId),
    index("organisations_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    index("organisations_sector_kind_idx").on(t.sector, t.kind),
    uniqueIndex("organisations_urn_key").on(t.urn),
    check("organisations_pupil_count_check", sql`${t.pupilCount} is null or ${t.pupilCount} >= 0`),
    uniqueIndex("organisations_external_ref_key").on(t.externalRef),
    check("organisations_depth_check", sql`${t.depth} >= 0`),
    check("organisations_urn_only_for_schools", sql`${t.urn} is null or ${t.kind} = 'school'`),
  ],
);

/** School headcounts and numbers trained as declared by a school that does not record staff one by one. */
export const schoolDeclarations = pgTable(
  "school_declarations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    declaredOn: date("declared_on", { mode: "string" }).notNull(),
    headcount: integer("headcount").notNull(),
    declaredTrained: integer("declared_trained").notNull(),
    declaredByAccountId: text("declared_by_account_id"),
    note: text("note"),
    ...timestamps,
  },
  (t) => [
    index("school_declarations_org_idx").on(t.organisationId, t.declaredOn),
    check("school_declarations_headcount_check", sql`${t.headcount} >= 0`),
    check(
      "school_declarations_trained_check",
      sql`${t.declaredTrained} >= 0 and ${t.declaredTrained} <= ${t.headcount}`,
    ),
  ],
);
