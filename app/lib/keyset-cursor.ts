/**
 * Where a page of a newest-first list starts (issue 22): `older` than an id (the next page down)
 * or `newer` than one (the page above); none for the newest page. Ids, not page numbers, so a
 * page deep in a long log costs what the first does: an index range from the cursor, no OFFSET.
 * app/db/keyset.ts reads the pages; the routes read the cursor from the query string.
 */
export type KeysetCursor = { older: number } | { newer: number } | null;
