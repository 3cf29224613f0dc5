import { addMonthsToDate } from "../../lib/dates";
import type { CoverageCell } from "./coverage-sql";

/** One point of a coverage trend: the figure of each series on that date. */
export interface TrendPoint {
  date: string;
  values: Record<string, CoverageCell>;
}

/** Month ends of the `months` months up to `endDate`'s month; the last point is `endDate` itself. */
export function trendDates(endDate: string, months: number): string[] {
  const dates: string[] = [];
  const firstOfEndMonth = `${endDate.slice(0, 7)}-01`;
  for (let i = months - 1; i >= 1; i--) {
    const firstOfNext = addMonthsToDate(firstOfEndMonth, -i + 1);
    const lastDay = new Date(Date.UTC(Number(firstOfNext.slice(0, 4)), Number(firstOfNext.slice(5, 7)) - 1, 0));
    dates.push(lastDay.toISOString().slice(0, 10));
  }
  dates.push(endDate);
  return dates;
}
