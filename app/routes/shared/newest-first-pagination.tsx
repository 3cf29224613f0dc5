import { Pagination } from "../../components";

/**
 * "Newer" and "Older" links under a newest-first list paged by id (app/db/keyset.ts), GOV.UK's
 * pagination with previous and next only: no page numbers, as nothing counts a long list.
 * `href` gives the address of the list with one cursor (the list's filters kept).
 */
export function NewestFirstPagination({
  older,
  newer,
  noun,
  href,
}: {
  older: number | null;
  newer: number | null;
  /** What the list holds, plural: "events", "messages". */
  noun: string;
  href: (cursor: { older: number } | { newer: number }) => string;
}) {
  if (older === null && newer === null) return null;
  return (
    <Pagination
      landmarkLabel={`Pages of ${noun}`}
      previous={newer === null ? undefined : { href: href({ newer }), children: `Newer ${noun}` }}
      next={older === null ? undefined : { href: href({ older }), children: `Older ${noun}` }}
    />
  );
}

/** A list's address with its filters and one cursor (or none, for the newest page). */
export function cursorHref(
  path: string,
  filters: Record<string, string | number | undefined | null>,
  cursor: { older: number } | { newer: number } | null,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  if (cursor && "older" in cursor) params.set("older", String(cursor.older));
  if (cursor && "newer" in cursor) params.set("newer", String(cursor.newer));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
