import { sql } from "drizzle-orm";
import {
  customType,
  index,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { sectorEnum } from "./organisations";

/** A set of date ranges, merged (PostgreSQL 14+). Read and written in SQL only. */
const dateMultirange = customType<{ data: string }>({ dataType: () => "datemultirange" });
const dateRangeArray = customType<{ data: string }>({ dataType: () => "daterange[]" });

/**
 * Kept state for coverage at scale (DESIGN.md "Scale"): one row per person and requirement whose
 * audience they are in, with what the compliance rules need on any date, so the dashboard and
 * the KPIs count rows instead of working out every status from a million completions per request.
 *
 * Never the only copy of the truth: each row is derived from people, organisations, requirements
 * and completions, and can be rebuilt from them at any time (so no foreign keys: they would only
 * slow the rebuild, and the triggers already mark a deleted person stale). Triggers on those tables mark people
 * stale (stale_person_requirements); app/domain/coverage/kept-coverage.ts brings the
 * rows up to date before anything reads them.
 */
export const personRequirements = pgTable(
  "person_requirements",
  {
    personId: integer("person_id").notNull(),
    requirementId: integer("requirement_id").notNull(),
    /** The person's facts when the row was made, so a change can take back what the row counted. */
    organisationId: integer("organisation_id").notNull(),
    sector: sectorEnum("sector").notNull(),
    /** The council directorate (depth-1 organisation) for council staff. */
    directorateId: integer("directorate_id"),
    startDate: date("start_date", { mode: "string" }).notNull(),
    leavingDate: date("leaving_date", { mode: "string" }),
    /** Start date plus the days the requirement allows. */
    dueOn: date("due_on", { mode: "string" }).notNull(),
    /** When they held it: every live completion's validity period, merged. */
    held: dateMultirange("held").notNull(),
    /** The same periods unmerged: which completion counts on a date before the latest one. */
    periods: dateRangeArray("periods").notNull(),
    lastCompletedOn: date("last_completed_on", { mode: "string" }),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.requirementId] }),
    // Who runs out between two dates: the last held period's end, for rows with nothing completed later.
    index("person_requirements_held_until_idx").on(sql`upper(${t.held})`),
    index("person_requirements_last_completed_idx").on(t.lastCompletedOn),
  ],
);

/**
 * Who completed which course in which quarter (calendar quarters: the financial year's start on
 * the same days), with the person's sector: the quarterly report's "people trained", counted from
 * the quarter's rows instead of deduplicating its completions on every view. Kept like
 * person_requirements, and like it rebuilt from the completions at any time.
 */
export const personQuarterCourses = pgTable(
  "person_quarter_courses",
  {
    quarterStart: date("quarter_start", { mode: "string" }).notNull(),
    sector: sectorEnum("sector").notNull(),
    courseId: integer("course_id").notNull(),
    personId: integer("person_id").notNull(),
  },
  (t) => [
    // Leading with the quarter, so a quarter's counts read one range of the key alone, its people
    // in order within each sector.
    primaryKey({ name: "person_quarter_courses_pkey", columns: [t.quarterStart, t.sector, t.personId, t.courseId] }),
    index("person_quarter_courses_person_idx").on(t.personId),
  ],
);

/**
 * People whose kept rows (person_requirements, person_quarter_courses) no longer match the
 * records, written by triggers. Two ids stand for everyone: see AUDIENCES_CHANGED and
 * SECTORS_CHANGED.
 */
export const stalePersonRequirements = pgTable("stale_person_requirements", {
  personId: integer("person_id").primaryKey(),
});

/** A requirement or the shape of the organisation tree changed: everyone's person_requirements rows are stale. */
export const AUDIENCES_CHANGED = 0;
/** An organisation's sector changed: every kept row is stale. */
export const SECTORS_CHANGED = -1;

/**
 * Coverage of each live requirement by sector and council directorate on a date, for everyone:
 * the dashboard's and the KPIs' figures (a date and the month ends before it), counted once from
 * person_requirements and then adjusted as people become stale and are brought up to date.
 * Emptied whenever a requirement or the organisation tree changes.
 */
export const coverageFigures = pgTable(
  "coverage_figures",
  {
    onDate: date("on_date", { mode: "string" }).notNull(),
    requirementId: integer("requirement_id").notNull(),
    sector: sectorEnum("sector").notNull(),
    /** The council directorate, 0 outside the council's directorates. */
    directorateId: integer("directorate_id").notNull(),
    applicable: integer("applicable").notNull(),
    current: integer("current").notNull(),
    /** In post and in the audience, not yet due and not yet trained (left out of the share). */
    notYetDue: integer("not_yet_due").notNull(),
  },
  (t) => [primaryKey({ columns: [t.onDate, t.requirementId, t.sector, t.directorateId] })],
);

/**
 * Each person's statuses on a date, over the live requirements that apply to them: one bit per
 * status they have (current 1, not yet due 2, expiring 4, expired 8, missing 16) and the worst.
 * My team's summary, totals and pages for many people read these instead of working out 50,000
 * people's statuses on every view. Kept like coverage_figures: counted for a date when first
 * asked (today's, for My team), redone for people as they are brought up to date, emptied when
 * everyone's person_requirements are rebuilt.
 */
export const personStatuses = pgTable(
  "person_statuses",
  {
    onDate: date("on_date", { mode: "string" }).notNull(),
    personId: integer("person_id").notNull(),
    /** The person's organisation, as their person_requirements rows hold it: for scopes and filters. */
    organisationId: integer("organisation_id").notNull(),
    statuses: smallint("statuses").notNull(),
    /** The worst status's severity (1 current … 5 missing): the highest bit of `statuses`. */
    worst: smallint("worst").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.onDate, t.personId] }),
    // Worst first: the people as bad as a page's last, found without reading everyone.
    index("person_statuses_worst_idx").on(t.onDate, t.worst),
  ],
);

/**
 * Each time every kept row was compared with what the records give now
 * (app/domain/coverage/check-kept-coverage.ts): the coordinator's "figures last checked" line,
 * and the record that the kept state was once right.
 */
export const keptCoverageChecks = pgTable(
  "kept_coverage_checks",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    checkedAt: timestamp("checked_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Kept rows compared, all tables together; `compared` has them by table. */
    rowsCompared: integer("rows_compared").notNull(),
    differences: integer("differences").notNull(),
    /** Rows compared by table: { person_requirements, person_quarter_courses, coverage_figures, statuses }. */
    compared: jsonb("compared").notNull(),
    /** A few of the differences, in words. */
    examples: jsonb("examples").notNull(),
    /** Who asked for the check; null when the service ran it (npm run check:coverage). */
    requestedByAccountId: text("requested_by_account_id"),
  },
  (t) => [index("kept_coverage_checks_checked_at_idx").on(t.checkedAt)],
);
