import { addMonthsToDate } from "../../lib/dates";

/**
 * When a completion stops counting: the completion date plus the course's validity in months
 * (31 January + 1 month = 28 or 29 February), or null for a course that never expires. Every
 * way of completing (a register, an import) works it out here.
 */
export function completionExpiresOn(completedOn: string, validityMonths: number | null): string | null {
  return validityMonths === null ? null : addMonthsToDate(completedOn, validityMonths);
}
