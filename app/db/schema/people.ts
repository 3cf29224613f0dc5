import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, date, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { organisations } from "./organisations";
import { EMPLOYMENT_TYPES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { EMPLOYMENT_TYPES, KNOWN_PROFILE_TAGS, type EmploymentType } from "../../lib/values";

export const employmentTypeEnum = pgEnum("employment_type", EMPLOYMENT_TYPES);

/** Someone whose training is tracked. Many people never sign in. */
export const people = pgTable(
  "people",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    lineManagerId: integer("line_manager_id").references((): AnyPgColumn => people.id, {
      onDelete: "set null",
    }),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    email: text("email"),
    jobTitle: text("job_title"),
    profileTags: text("profile_tags").array().notNull().default(sql`'{}'::text[]`),
    employmentType: employmentTypeEnum("employment_type").notNull().default("permanent"),
    startDate: date("start_date", { mode: "string" }).notNull(),
    leavingDate: date("leaving_date", { mode: "string" }),
    /** HR number or the contractor's own staff number. */
    externalRef: text("external_ref"),
    ...timestamps,
  },
  (t) => [
    index("people_organisation_idx").on(t.organisationId),
    index("people_line_manager_idx").on(t.lineManagerId),
    index("people_profile_tags_idx").using("gin", t.profileTags),
    // By name, ties by id, with the names themselves: a walk in name order (My team's pages,
    // people lists) reads the index alone, no table rows.
    index("people_family_name_idx").on(
      sql`lower(${t.familyName})`,
      sql`lower(${t.givenName})`,
      t.id,
      t.familyName,
      t.givenName,
    ),
    uniqueIndex("people_email_key").on(sql`lower(${t.email})`),
    // People search: any part of a name or an e-mail address (pg_trgm, in PGlite too).
    index("people_name_trgm_idx").using("gin", sql`lower(${t.givenName} || ' ' || ${t.familyName}) gin_trgm_ops`),
    index("people_email_trgm_idx").using("gin", sql`lower(${t.email}) gin_trgm_ops`),
    uniqueIndex("people_external_ref_key").on(t.externalRef),
    check("people_leaving_after_start", sql`${t.leavingDate} is null or ${t.leavingDate} >= ${t.startDate}`),
    check("people_not_own_manager", sql`${t.lineManagerId} is null or ${t.lineManagerId} <> ${t.id}`),
  ],
);
