import { type Quarter, parseQuarter, quarterOf } from "../../domain/kpis/quarters";
import { todayInLondon } from "../../lib/dates";
import { formValues } from "../../lib/forms";
import { readQuery } from "../../lib/request";

/** The charges report's quarter ("2026-Q3") from its query string; the current quarter otherwise. */
export function readChargesQuery(request: Request, now: Date = new Date()): { quarter: Quarter } {
  const quarter = formValues(readQuery(request)).quarter;
  return { quarter: parseQuarter(typeof quarter === "string" ? quarter : null) ?? quarterOf(todayInLondon(now)) };
}
