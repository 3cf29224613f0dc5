import type { RagStatus } from "../coverage/share";
import type { KpiDirection, KpiUnit } from "./kpi-catalogue";

export { type RagStatus, percentOf } from "../coverage/share";

/** How far short of its target a figure may be and still be amber: 10 percentage points, or 10% of a count. */
export const AMBER_MARGIN_POINTS = 10;
export const AMBER_MARGIN_SHARE = 0.1;

/** The rule, in words, for the pages that show a status. */
export const RAG_RULE =
  "Green: the target is met. Amber: short of the target by no more than 10 percentage points " +
  "(for a count, 10% of the target). Red: further off than that. Figures without a target have no status.";

/**
 * Red, amber or green for a figure against its target. For a figure where lower is better (the
 * no-show rate) "short of" means above the target.
 */
export function ragStatus(
  value: number | null,
  target: number | null,
  unit: KpiUnit,
  direction: KpiDirection = "higher",
): RagStatus | null {
  if (value === null || target === null || direction === "neutral") return null;
  const margin = unit === "percent" ? AMBER_MARGIN_POINTS : Math.abs(target) * AMBER_MARGIN_SHARE;
  const shortBy = direction === "higher" ? target - value : value - target;
  if (shortBy <= 0) return "green";
  if (shortBy <= margin + 1e-9) return "amber";
  return "red";
}

export const RAG_LABELS: Record<RagStatus, string> = { green: "Green", amber: "Amber", red: "Red" };
