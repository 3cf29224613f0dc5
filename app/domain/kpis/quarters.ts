/**
 * The council's financial year runs from April to March; KPIs are reported by its quarters.
 * A quarter is named by the year its financial year starts in and its number: "2026-Q2" is
 * July to September 2026, "2026-Q4" is January to March 2027.
 */

export interface Quarter {
  /** The calendar year the financial year starts in (2026 for 2026 to 2027). */
  financialYear: number;
  number: 1 | 2 | 3 | 4;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** "2026-Q2" → { financialYear: 2026, number: 2 }, or null when it is not a quarter. */
export function parseQuarter(value: string | null | undefined): Quarter | null {
  const match = /^(\d{4})-Q([1-4])$/.exec((value ?? "").trim().toUpperCase());
  if (!match) return null;
  const financialYear = Number(match[1]);
  if (financialYear < 1990 || financialYear > 2200) return null;
  return { financialYear, number: Number(match[2]) as Quarter["number"] };
}

export function quarterKey(quarter: Quarter): string {
  return `${quarter.financialYear}-Q${quarter.number}`;
}

/** The quarter a calendar date (YYYY-MM-DD) falls in. */
export function quarterOf(isoDate: string): Quarter {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  if (month >= 4) return { financialYear: year, number: (Math.floor((month - 4) / 3) + 1) as Quarter["number"] };
  return { financialYear: year - 1, number: 4 };
}

/** First calendar month (1–12) and its year. */
function firstMonth(quarter: Quarter): { year: number; month: number } {
  const month = 4 + (quarter.number - 1) * 3;
  return month > 12 ? { year: quarter.financialYear + 1, month: month - 12 } : { year: quarter.financialYear, month };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The quarter's first and last days, as YYYY-MM-DD. */
export function quarterDates(quarter: Quarter): { start: string; end: string } {
  const { year, month } = firstMonth(quarter);
  const endMonth = month + 2;
  return {
    start: `${year}-${pad(month)}-01`,
    end: `${year}-${pad(endMonth)}-${pad(lastDayOfMonth(year, endMonth))}`,
  };
}

export function previousQuarter(quarter: Quarter): Quarter {
  return quarter.number === 1
    ? { financialYear: quarter.financialYear - 1, number: 4 }
    : { financialYear: quarter.financialYear, number: (quarter.number - 1) as Quarter["number"] };
}

export function nextQuarter(quarter: Quarter): Quarter {
  return quarter.number === 4
    ? { financialYear: quarter.financialYear + 1, number: 1 }
    : { financialYear: quarter.financialYear, number: (quarter.number + 1) as Quarter["number"] };
}

/** "Q2 2026 to 2027 (July to September 2026)". */
export function quarterLabel(quarter: Quarter): string {
  const { year, month } = firstMonth(quarter);
  return `Q${quarter.number} ${quarter.financialYear} to ${quarter.financialYear + 1} (${MONTH_NAMES[month - 1]} to ${MONTH_NAMES[month + 1]} ${year})`;
}

/** "Q2 2026 to 2027", for tight spaces. */
export function quarterShortLabel(quarter: Quarter): string {
  return `Q${quarter.number} ${quarter.financialYear} to ${quarter.financialYear + 1}`;
}

/** Whether the quarter is over on `today` (its last day has passed). */
export function quarterHasEnded(quarter: Quarter, today: string): boolean {
  return quarterDates(quarter).end < today;
}

/** The most recent quarters up to and including the one `today` is in, newest first. */
export function recentQuarters(today: string, count: number): Quarter[] {
  const quarters: Quarter[] = [];
  let q = quarterOf(today);
  for (let i = 0; i < count; i++) {
    quarters.push(q);
    q = previousQuarter(q);
  }
  return quarters;
}
