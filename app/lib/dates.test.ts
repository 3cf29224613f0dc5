import { describe, expect, it } from "vitest";
import {
  addMonthsToDate,
  dayOfWeek,
  daysBetween,
  formatDate,
  formatDateTime,
  londonDateTimeToInstant,
  todayInLondon,
} from "./dates";

describe("dates in the council's calendar", () => {
  it("writes dates the GOV.UK way", () => {
    expect(formatDate("2026-11-24")).toBe("24 November 2026");
    expect(formatDate(new Date("2026-06-30T23:30:00Z"))).toBe("1 July 2026");
  });
  it("writes times in London, with midday", () => {
    expect(formatDateTime("2026-07-01T11:00:00Z")).toBe("1 July 2026 at midday");
    expect(formatDateTime(new Date("2026-12-01T14:30:00Z"))).toBe("1 December 2026 at 2:30pm");
  });
  it("reads London wall-clock times across the clock change", () => {
    expect(londonDateTimeToInstant("2026-07-01", "09:30").toISOString()).toBe("2026-07-01T08:30:00.000Z");
    expect(londonDateTimeToInstant("2026-12-01", "09:30").toISOString()).toBe("2026-12-01T09:30:00.000Z");
  });
  it("adds months to calendar dates, clamping month ends", () => {
    expect(addMonthsToDate("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonthsToDate("2023-11-25", 36)).toBe("2026-11-25");
  });
  it("counts calendar days between dates, across the clock change and leap days", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(daysBetween("2024-03-01", "2024-02-28")).toBe(-2);
    expect(daysBetween("2023-11-25", "2026-11-25")).toBe(1096);
  });
  it("knows the day of the week, 0 for Sunday", () => {
    expect(dayOfWeek("2026-03-29")).toBe(0);
    expect(dayOfWeek("2026-11-25")).toBe(3);
    expect(dayOfWeek("2027-01-02")).toBe(6);
  });
  it("knows today's date in London near midnight", () => {
    expect(todayInLondon(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
  });
});
