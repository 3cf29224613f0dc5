import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { courses } from "./catalogue";

/**
 * "People matching AUDIENCE must hold a current completion of one of COURSES within N days of
 * starting, renewed every M months." Empty audience arrays mean "any".
 */
export const requirements = pgTable(
  "requirements",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Sectors the audience is drawn from (council, contractor, school, partner). */
    audienceSectors: text("audience_sectors").array().notNull().default(sql`'{}'::text[]`),
    /** Organisations whose whole subtree is in the audience. */
    audienceOrganisationIds: integer("audience_organisation_ids").array().notNull().default(sql`'{}'::integer[]`),
    /** A person matches when they hold any of these profile tags. */
    audienceTags: text("audience_tags").array().notNull().default(sql`'{}'::text[]`),
    audienceEmploymentTypes: text("audience_employment_types").array().notNull().default(sql`'{}'::text[]`),
    /** N: days from a person's start date before they must hold it. */
    dueWithinDays: integer("due_within_days").notNull().default(90),
    /** M: months before renewal; null to follow the completed course's validity. */
    renewalMonths: integer("renewal_months"),
    /** D: days before expiry when the status becomes "expiring". */
    reminderDays: integer("reminder_days").notNull().default(60),
    /** Where the default comes from (statutory guidance), shown on the requirement page. */
    source: text("source"),
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    check("requirements_due_check", sql`${t.dueWithinDays} >= 0`),
    check("requirements_renewal_check", sql`${t.renewalMonths} is null or ${t.renewalMonths} > 0`),
    check("requirements_reminder_check", sql`${t.reminderDays} >= 0`),
  ],
);

/** The equivalent courses, any of which satisfies a requirement. */
export const requirementCourses = pgTable(
  "requirement_courses",
  {
    requirementId: integer("requirement_id")
      .notNull()
      .references(() => requirements.id, { onDelete: "cascade" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.requirementId, t.courseId] }),
    index("requirement_courses_course_idx").on(t.courseId),
  ],
);
