import type { PaginationProps } from "./Pagination";

export interface PaginationLinksOptions {
  /** The page shown, from 1. */
  page: number;
  /** How many pages there are. */
  pages: number;
  /** The address of page `n`. */
  href: (n: number) => string;
}

/**
 * The `previous`, `next` and numbered `items` of `<Pagination>` for page
 * `page` of `pages`: the first, last, current and neighbouring pages, with an
 * ellipsis for each gap (1 … 4 5 6 … 20), as GOV.UK's pagination guidance shows.
 */
export function paginationLinks({ page, pages, href }: PaginationLinksOptions): PaginationProps {
  const numbers = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: NonNullable<PaginationProps["items"]> = [];
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
  });
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items,
  };
}
