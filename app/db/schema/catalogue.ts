import { sql } from "drizzle-orm";
import { boolean, check, date, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { COURSE_CATEGORIES, DELIVERY_MODES, ELEARNING_COMPLETION_RULES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export {
  COURSE_CATEGORIES,
  DELIVERY_MODES,
  ELEARNING_COMPLETION_RULES,
  type CourseCategory,
  type DeliveryMode,
  type ElearningCompletionRule,
} from "../../lib/values";

export const courseCategoryEnum = pgEnum("course_category", COURSE_CATEGORIES);

export const deliveryModeEnum = pgEnum("delivery_mode", DELIVERY_MODES);

export const elearningCompletionRuleEnum = pgEnum("elearning_completion_rule", ELEARNING_COMPLETION_RULES);

export const courses = pgTable(
  "courses",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    category: courseCategoryEnum("category").notNull(),
    deliveryMode: deliveryModeEnum("delivery_mode").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    /** How long a completion counts before a refresher is due; null for never. */
    validityMonths: integer("validity_months"),
    /** False for courses kept only for their history, like WRAP, which is no longer delivered. */
    bookable: boolean("bookable").notNull().default(true),
    issuesCertificate: boolean("issues_certificate").notNull().default(true),
    /** For external e-learning (the Home Office's GOV.UK Prevent courses). */
    externalUrl: text("external_url"),
    /** Who the course is for, shown in the catalogue. */
    audienceNote: text("audience_note"),
    /**
     * When the course began to be delivered: a completion dated earlier is refused by the
     * training-records import. Null when unknown (the import then takes 1 January 2006).
     */
    introducedOn: date("introduced_on", { mode: "string" }),
    /** Hosted e-learning: what the package must report for a completion (SCORM 1.2 "passed" counts as both). */
    elearningCompletesWhen: elearningCompletionRuleEnum("elearning_completes_when").notNull().default("completed"),
    /** Evidence of this course done elsewhere may be verified by the learner's manager, not only the coordinator. */
    managersMayVerifyEvidence: boolean("managers_may_verify_evidence").notNull().default(false),
    /** A learner may send their manager's confirmation instead of a certificate. */
    acceptsManagerConfirmation: boolean("accepts_manager_confirmation").notNull().default(false),
    /**
     * Booking closes, and people can no longer cancel their own place, this many working days
     * before a session (England and Wales bank holidays and weekends are not working days).
     */
    bookingClosesWorkingDays: integer("booking_closes_working_days").notNull().default(3),
    /** Attended learners are asked to evaluate the session; with this on, the certificate waits for it. */
    certificateAfterEvaluation: boolean("certificate_after_evaluation").notNull().default(true),
    /** Ask attended learners, about 3 months later, whether the training changed their practice. */
    followUpEvaluation: boolean("follow_up_evaluation").notNull().default(false),
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("courses_code_key").on(sql`upper(${t.code})`),
    check(
      "courses_booking_closes_working_days_check",
      sql`${t.bookingClosesWorkingDays} >= 0 and ${t.bookingClosesWorkingDays} <= 30`,
    ),
    check("courses_duration_check", sql`${t.durationMinutes} > 0 and ${t.durationMinutes} <= 10080`),
    check(
      "courses_validity_check",
      sql`${t.validityMonths} is null or (${t.validityMonths} > 0 and ${t.validityMonths} <= 240)`,
    ),
  ],
);
