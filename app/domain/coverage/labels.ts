import type { RagStatus } from "./share";
import type { CoverageCell } from "./coverage-sql";
import type { PersonStanding } from "./organisation-coverage";

/** The words the coverage pages, CSV files and board pack use for figures and statuses. */

export function percentLabel(percent: number | null): string {
  if (percent === null) return "No figure";
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** "50% (3 of 6)", or "No one" when the requirement applies to nobody. */
export function cellLabel(cell: CoverageCell): string {
  if (cell.applicable === 0) return "No one";
  return `${percentLabel(cell.percent)} (${cell.current.toLocaleString("en-GB")} of ${cell.applicable.toLocaleString("en-GB")})`;
}

export const STANDING_LABELS: Record<PersonStanding, string> = {
  up_to_date: "Up to date",
  expiring: "Up to date, renewal due soon",
  not_up_to_date: "Not up to date",
  not_yet_due: "New starter, not yet due",
  none_apply: "No training required",
};

/** GOV.UK tag colours; undefined is the default blue. */
export const STANDING_COLOURS: Record<PersonStanding, "green" | "yellow" | "red" | "grey" | undefined> = {
  up_to_date: "green",
  expiring: "yellow",
  not_up_to_date: "red",
  not_yet_due: undefined,
  none_apply: "grey",
};

export const RAG_COLOURS: Record<RagStatus, "green" | "yellow" | "red"> = {
  green: "green",
  amber: "yellow",
  red: "red",
};

export const SHARE_BASIS_LABELS = {
  evidenced: "Evidenced",
  declared: "Declared",
  none: "No figures",
} as const;

export const LAST_SESSION_SOURCE_LABELS = {
  school_session: "session for the school",
  staff_attendance: "staff attended a session",
} as const;
