import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";
import { formatDate } from "../../app/lib/dates";

describe("formatDate", () => {
  it("writes a calendar date as that day, the GOV.UK way", () => {
    expect(formatDate("2026-11-24")).toBe("24 November 2026");
    expect(formatDate("2028-02-29")).toBe("29 February 2028");
    // The days the clocks change in London are still themselves.
    expect(formatDate("2026-03-29")).toBe("29 March 2026");
    expect(formatDate("2026-10-25")).toBe("25 October 2026");
  });

  it("writes a moment as the day it was in London", () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST); in winter London is UTC.
    expect(formatDate(new Date("2026-06-30T23:30:00Z"))).toBe("1 July 2026");
    expect(formatDate("2026-06-30T23:30:00Z")).toBe("1 July 2026");
    expect(formatDate(new Date("2026-12-31T23:30:00Z"))).toBe("31 December 2026");
    // As PostgreSQL writes a timestamp.
    expect(formatDate("2026-06-30 23:30:00+00")).toBe("1 July 2026");
  });

  it("agrees with date-fns in London on every hour over years either side of clock changes", () => {
    const london = (d: Date) => format(new TZDate(d.getTime(), "Europe/London"), "d MMMM yyyy");
    const differences: string[] = [];
    for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2031, 0, 1); t += 3_600_000 + 17 * 60_000) {
      const moment = new Date(t);
      if (formatDate(moment) !== london(moment)) differences.push(moment.toISOString());
      const day = moment.toISOString().slice(0, 10);
      if (formatDate(day) !== format(new Date(`${day}T12:00:00Z`), "d MMMM yyyy")) differences.push(day);
    }
    expect(differences).toEqual([]);
  });

  it("refuses a value that is not a date, as before", () => {
    expect(() => formatDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
