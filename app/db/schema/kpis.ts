import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

/** A KPI's definition and target. The formula itself lives in code (app/domain/coverage); this row holds what is editable. */
export const kpiDefinitions = pgTable("kpi_definitions", {
  key: text("key").primaryKey(),
  name: text("name").notNull(),
  formula: text("formula").notNull(),
  /** Percent or count, per `unit`; null when no target is set. */
  target: numeric("target", { precision: 12, scale: 2, mode: "number" }),
  unit: text("unit").notNull().default("percent"),
  owner: text("owner").notNull().default("Prevent Coordinator"),
  sortOrder: integer("sort_order").notNull().default(0),
  ...timestamps,
});

/**
 * A quarter's figures frozen when it ends, so a board report never changes under the board's
 * feet. A re-snapshot with a reason replaces the current one; both are kept.
 */
export const kpiSnapshots = pgTable(
  "kpi_snapshots",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    figures: jsonb("figures").notNull(),
    takenAt: timestamp("taken_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    takenByAccountId: text("taken_by_account_id"),
    reason: text("reason"),
    replacedAt: timestamp("replaced_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("kpi_snapshots_period_idx").on(t.periodStart).where(sql`${t.replacedAt} is null`)],
);

/**
 * The running quarter's figures, kept so the report opens without computing them (issue 22):
 * `basis` says what they were computed from, so a reader can tell whether they are still current.
 */
export const kpiRunningFigures = pgTable("kpi_running_figures", {
  periodStart: date("period_start", { mode: "string" }).primaryKey(),
  /** The day the figures run to (the running quarter is to date). */
  asOf: date("as_of", { mode: "string" }).notNull(),
  figures: jsonb("figures").notNull(),
  basis: text("basis").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
