import { describe, expect, it } from "vitest";
import { z } from "zod";
import { paginationLinks } from "../../app/components";
import { MAX_PAGE, pageCount, pageRange, pageSchema, pageShown, readPage } from "../../app/lib/pagination";

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

describe("a list's ?page= and the page it shows (app/lib/pagination)", () => {
  it("reads a whole number from 1; anything else is page 1; one too large to be a page is past any end", () => {
    const read = (page: unknown) => pageSchema.parse(page);
    expect([read("3"), read(undefined), read(""), read("0"), read("-3"), read("1.5"), read("abc")]).toEqual([
      3, 1, 1, 1, 1, 1, 1,
    ]);
    for (const huge of ["2147483648", "1e99", "Infinity", "99999999999999999999999"]) expect(read(huge)).toBe(MAX_PAGE);
    // Left out of a query string: page 1.
    expect(z.object({ page: pageSchema }).parse({})).toEqual({ page: 1 });
  });

  it("shows the page asked for, or the last page when it is past the end (page 1 of an empty list)", () => {
    expect(pageShown(2, 60, 25)).toBe(2);
    expect(pageShown(40, 60, 25)).toBe(3);
    expect(pageShown(MAX_PAGE, 786, 25)).toBe(32);
    expect(pageShown(40, 0, 25)).toBe(1);
    expect(pageCount(0, 25)).toBe(1);
    expect(pageRange(3, 25, 60)).toEqual({ first: 51, last: 60 });
    expect(pageRange(1, 25, 0)).toEqual({ first: 0, last: 0 });
  });

  it("readPage reads the last page again when the page asked for is past the end", async () => {
    const rows = Array.from({ length: 7 }, (_, i) => i + 1);
    const reads: number[] = [];
    const read = async ({ page, offset, limit }: { page: number; offset: number; limit: number }) => {
      reads.push(page);
      return { rows: rows.slice(offset, offset + limit), total: rows.length };
    };
    expect(await readPage(40, 5, read)).toEqual({ rows: [6, 7], total: 7, page: 2, pageSize: 5 });
    expect(reads).toEqual([40, 2]);
    expect(await readPage(1, 5, read)).toEqual({ rows: [1, 2, 3, 4, 5], total: 7, page: 1, pageSize: 5 });
  });
});
