import { describe, expect, it } from "vitest";
import { paginationLinks } from "../../app/components";

const href = (n: number) => `/people?page=${n}`;

/** The numbered items as "1 … 4 [5] 6 … 20". */
function numbers(page: number, pages: number) {
  return (paginationLinks({ page, pages, href }).items ?? [])
    .map((item) => (item?.ellipsis ? "…" : item?.current ? `[${item.number}]` : String(item?.number)))
    .join(" ");
}

describe("paginationLinks", () => {
  it("links to the previous and next pages", () => {
    const links = paginationLinks({ page: 5, pages: 20, href });
    expect(links.previous).toEqual({ href: "/people?page=4" });
    expect(links.next).toEqual({ href: "/people?page=6" });
  });

  it("has no previous link on the first page and no next link on the last", () => {
    expect(paginationLinks({ page: 1, pages: 3, href }).previous).toBeUndefined();
    expect(paginationLinks({ page: 3, pages: 3, href }).next).toBeUndefined();
  });

  it("numbers the first, last, current and neighbouring pages, with an ellipsis for each gap", () => {
    expect(numbers(5, 20)).toBe("1 … 4 [5] 6 … 20");
    expect(numbers(1, 20)).toBe("[1] 2 … 20");
    expect(numbers(20, 20)).toBe("1 … 19 [20]");
    expect(numbers(3, 20)).toBe("1 2 [3] 4 … 20");
    expect(numbers(2, 3)).toBe("1 [2] 3");
    expect(numbers(1, 2)).toBe("[1] 2");
    expect(numbers(1, 1)).toBe("[1]");
  });

  it("links each numbered page and marks only the current one", () => {
    expect(paginationLinks({ page: 2, pages: 3, href }).items).toEqual([
      { number: 1, href: "/people?page=1", current: false },
      { number: 2, href: "/people?page=2", current: true },
      { number: 3, href: "/people?page=3", current: false },
    ]);
  });
});
