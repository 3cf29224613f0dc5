// The share and the red/amber/green scale coverage figures are given on; kpis/rag.ts judges a
// KPI's figure against its target on the same scale.

export type RagStatus = "green" | "amber" | "red";

/** A share as a percentage rounded to one decimal place, or null when nobody is counted. */
export function percentOf(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}
