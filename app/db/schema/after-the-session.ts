import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { courses } from "./catalogue";
import { people } from "./people";
import { bookings, courseSessions } from "./sessions";
import { EVALUATION_QUESTION_KINDS, EVALUATION_STAGES, SECTORS } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export {
  EVALUATION_QUESTION_KINDS,
  EVALUATION_STAGES,
  type EvaluationQuestionKind,
  type EvaluationStage,
} from "../../lib/values";

export const evaluationStageEnum = pgEnum("evaluation_stage", EVALUATION_STAGES);
export const evaluationQuestionKindEnum = pgEnum("evaluation_question_kind", EVALUATION_QUESTION_KINDS);
export const chargeSectorEnum = pgEnum("charge_sector", SECTORS);

/**
 * A question on a course's evaluation form. course_id null: the default set asked on every Prevent
 * course (confidence in recognising and referring concerns before and after, most useful, what to
 * change); a course's own questions follow it. Retired questions keep their answers.
 */
export const evaluationQuestions = pgTable(
  "evaluation_questions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    courseId: integer("course_id").references(() => courses.id, { onDelete: "restrict" }),
    /** Stable name for the default set's questions ("confidence_before", "confidence_after"…); null for a course's own. */
    key: text("key"),
    stage: evaluationStageEnum("stage").notNull(),
    kind: evaluationQuestionKindEnum("kind").notNull(),
    text: text("text").notNull(),
    hint: text("hint"),
    required: boolean("required").notNull().default(true),
    position: integer("position").notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("evaluation_questions_key").on(t.key),
    index("evaluation_questions_course_idx").on(t.courseId, t.stage, t.position),
  ],
);

/** A learner's evaluation of a session they attended, after it or at the follow-up: one per booking and stage. */
export const evaluationResponses = pgTable(
  "evaluation_responses",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    bookingId: integer("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "restrict" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "restrict" }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "restrict" }),
    /** The session's trainer then, so results per trainer survive a change of trainer. */
    trainerPersonId: integer("trainer_person_id").references(() => people.id, { onDelete: "restrict" }),
    stage: evaluationStageEnum("stage").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("evaluation_responses_booking_stage_key").on(t.bookingId, t.stage),
    index("evaluation_responses_course_idx").on(t.courseId, t.submittedAt),
    index("evaluation_responses_session_idx").on(t.sessionId),
    index("evaluation_responses_trainer_idx").on(t.trainerPersonId),
  ],
);

/** One answer: a score 1–5 for a scale question, words for a text one. */
export const evaluationAnswers = pgTable(
  "evaluation_answers",
  {
    responseId: integer("response_id")
      .notNull()
      .references(() => evaluationResponses.id, { onDelete: "cascade" }),
    questionId: integer("question_id")
      .notNull()
      .references(() => evaluationQuestions.id, { onDelete: "restrict" }),
    score: smallint("score"),
    answer: text("answer"),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.questionId] }),
    index("evaluation_answers_question_idx").on(t.questionId),
    check("evaluation_answers_score_check", sql`${t.score} is null or (${t.score} between 1 and 5)`),
  ],
);

/**
 * England and Wales bank holidays, shipped with the app (from GOV.UK's bank-holidays.json) and
 * updatable by the coordinator: the days that are not working days besides weekends.
 */
export const bankHolidays = pgTable("bank_holidays", {
  day: date("day", { mode: "string" }).primaryKey(),
  title: text("title").notNull(),
  /** "shipped" with the app, or the account that added it. */
  addedBy: text("added_by").notNull().default("shipped"),
});

/** What a no-show and a late cancellation cost each sector's organisations, in pence (0: not charged). */
export const chargeRates = pgTable(
  "charge_rates",
  {
    sector: chargeSectorEnum("sector").primaryKey(),
    noShowPence: integer("no_show_pence").notNull().default(0),
    lateCancellationPence: integer("late_cancellation_pence").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedByAccountId: text("updated_by_account_id"),
  },
  (t) => [check("charge_rates_non_negative", sql`${t.noShowPence} >= 0 and ${t.lateCancellationPence} >= 0`)],
);
