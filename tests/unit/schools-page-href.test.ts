import { describe, expect, it } from "vitest";
import { schoolsPageHref } from "../../app/routes/schools._index/page-href";

describe("the schools table's page links", () => {
  it("keep the filters and leave the first page's number out", () => {
    expect(schoolsPageHref("phase=Primary&type=Academy+converter&status=red", 3)).toBe(
      "/schools?phase=Primary&type=Academy+converter&status=red&page=3",
    );
    expect(schoolsPageHref("phase=Primary", 1)).toBe("/schools?phase=Primary");
    expect(schoolsPageHref("", 1)).toBe("/schools");
    expect(schoolsPageHref("", 2)).toBe("/schools?page=2");
  });

  it("replace a page number already in the filters", () => {
    expect(schoolsPageHref("status=amber&page=4", 2)).toBe("/schools?status=amber&page=2");
  });
});
