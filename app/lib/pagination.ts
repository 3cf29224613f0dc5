import { z } from "zod";

/**
 * Lists shown a page at a time (people, sessions, evidence, accounts…), one way for all of them:
 * `?page=` read by `pageSchema`, and the page shown worked out by `pageShown` (or read by
 * `readPage`). A page past the end shows the last page, and says so: the page number, the
 * "Showing x to y of z" and the links follow the page shown, not the one asked for.
 * Keyset lists (the audit log, the outbox: app/db/keyset.ts) page by cursor and are not these.
 */

/**
 * The largest page asked for that is read as itself: any larger page (2147483648, 1e99, Infinity)
 * is this one, past the end of any list we show (a million pages), so it shows the last page too.
 * It also keeps an offset of up to 500 rows a page inside a PostgreSQL integer.
 */
export const MAX_PAGE = 1_000_000;

/**
 * `?page=`: a whole number from 1 (anything else, missing, or unreadable is page 1); one too
 * large to be a page number is MAX_PAGE, so the list shows its last page rather than its first.
 */
export const pageSchema = z
  .unknown()
  .optional()
  .transform((value) => {
    const n = typeof value === "string" || typeof value === "number" ? Number(value) : Number.NaN;
    return n > MAX_PAGE ? MAX_PAGE : Number.isInteger(n) && n >= 1 ? n : 1;
  });

/** How many pages `total` rows make at `pageSize` a page: at least 1 (an empty list is one empty page). */
export function pageCount(total: number, pageSize: number): number {
  return pageSize > 0 ? Math.max(1, Math.ceil(total / pageSize)) : 1;
}

/** The page shown when `asked` is asked for: itself, or the last page when it is past the end. */
export function pageShown(asked: number, total: number, pageSize: number): number {
  return Math.min(Math.max(1, Math.floor(asked) || 1), pageCount(total, pageSize));
}

/** "Showing `first` to `last` of `total`": the positions (from 1) of the rows on page `page`; 0 to 0 when empty. */
export function pageRange(page: number, pageSize: number, total: number): { first: number; last: number } {
  if (total === 0) return { first: 0, last: 0 };
  if (pageSize <= 0) return { first: 1, last: total };
  return { first: Math.min(total, (page - 1) * pageSize + 1), last: Math.min(total, page * pageSize) };
}

/** Which rows a page holds: its number (from 1), and the same as an offset and a limit. */
export interface PageSlice {
  page: number;
  offset: number;
  limit: number;
}

/** The rows of page `page` (from 1). */
export function pageSlice(page: number, pageSize: number): PageSlice {
  return { page, offset: (Math.max(1, page) - 1) * pageSize, limit: pageSize };
}

/**
 * One page of a list that reads its rows and counts them together (`read`, given the page): the
 * page asked for, or, when that is past the end, the last page, read again. `page` in the answer
 * is the page shown. (A list that counts before it reads takes `pageShown` instead, and reads once.)
 */
export async function readPage<Result extends { total: number }>(
  asked: number,
  pageSize: number,
  read: (slice: PageSlice) => Promise<Result>,
): Promise<Result & { page: number; pageSize: number }> {
  const first = Math.max(1, asked);
  const result = await read(pageSlice(first, pageSize));
  const page = pageShown(first, result.total, pageSize);
  if (page === first) return { ...result, page, pageSize };
  return { ...(await read(pageSlice(page, pageSize))), page, pageSize };
}
