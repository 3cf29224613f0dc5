import { describe, expect, test } from "vitest";
import { readTypedDate } from "../../app/lib/dates";
import { datesProblem, emailProblem, formulaProblem, managementLoops } from "../../app/domain/people/person-rules";

describe("person rules", () => {
  test("formulas a spreadsheet would run are refused, negative numbers and hyphenated names are not", () => {
    for (const bad of ['=HYPERLINK("x")', "+44 20", "@SUM(A1)", "-cmd|' /C calc'!A0"]) {
      expect(formulaProblem(bad)).not.toBeNull();
    }
    for (const good of ["Smith-Jones", "-12", "O'Brien", "Ellis"]) expect(formulaProblem(good)).toBeNull();
  });

  test("e-mail addresses", () => {
    expect(emailProblem("priya.shah@barnet.gov.uk")).toBeNull();
    expect(emailProblem("priya.shah@")).toMatch(/correct format/);
    expect(emailProblem("not an email")).toMatch(/correct format/);
  });

  test("dates: real, and no leaving before starting", () => {
    expect(datesProblem("2020-01-01", null)).toBeNull();
    expect(datesProblem("2020-02-30", null)?.field).toBe("startDate");
    expect(datesProblem("2020-01-01", "2019-12-31")?.field).toBe("leavingDate");
  });

  test("management loops are found once each, chains into a loop are not loops", () => {
    const managerOf = new Map<string, string | null>([
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["d", "a"],
      ["e", null],
      ["f", "f"],
    ]);
    const loops = managementLoops(managerOf).map((l) => [...l].sort().join(","));
    expect(loops.sort()).toEqual(["a,b,c", "f"]);
  });

  test("dates as people type them, UK day first", () => {
    expect(readTypedDate("03/04/2019")).toBe("2019-04-03");
    expect(readTypedDate("3 April 2019")).toBe("2019-04-03");
    expect(readTypedDate("3 Apr 2019")).toBe("2019-04-03");
    expect(readTypedDate("2019-04-03")).toBe("2019-04-03");
    expect(readTypedDate("03-04-2019")).toBe("2019-04-03");
    expect(readTypedDate("31/02/2019")).toBeNull();
    expect(readTypedDate("2019-02-31")).toBeNull();
    expect(readTypedDate("yesterday")).toBeNull();
  });
});
