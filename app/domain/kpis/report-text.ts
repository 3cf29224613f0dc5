import { percentLabel } from "../coverage/labels";
import type { KpiFigures, KpiValue } from "./compute-kpi-figures";
import type { KpiUnit } from "./kpi-catalogue";

/** "50% (3 of 6)" for a share, "1,204" for a count, "No figure" when nothing was counted. */
export function kpiValueLabel(value: KpiValue, unit: KpiUnit): string {
  if (value.value === null) return "No figure";
  if (unit === "count") return value.value.toLocaleString("en-GB");
  if (unit === "score") {
    const score = `${value.value.toFixed(2)} out of 5`;
    return value.denominator === undefined
      ? score
      : `${score} (${value.denominator.toLocaleString("en-GB")} ${value.denominator === 1 ? "evaluation" : "evaluations"})`;
  }
  if (value.denominator !== undefined && value.numerator !== undefined) {
    return `${percentLabel(value.value)} (${value.numerator.toLocaleString("en-GB")} of ${value.denominator.toLocaleString("en-GB")})`;
  }
  return percentLabel(value.value);
}

/** The sentence reports lead with: "304 people trained, 96% attendance rate, based on 318 registrations." */
export function reportSummarySentence(figures: KpiFigures): string {
  const trained = figures.values.people_trained.value ?? 0;
  const registrations = figures.registrations.attended + figures.registrations.absent;
  const attendance = figures.values.attendance_rate.value;
  const people = `${trained.toLocaleString("en-GB")} ${trained === 1 ? "person" : "people"} trained`;
  if (registrations === 0 || attendance === null)
    return `${people}; no attendance was recorded for sessions this quarter.`;
  return `${people}, ${percentLabel(attendance)} attendance rate, based on ${registrations.toLocaleString("en-GB")} ${
    registrations === 1 ? "registration" : "registrations"
  }.`;
}
