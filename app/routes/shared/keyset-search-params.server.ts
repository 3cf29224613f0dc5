import { z } from "zod";
import type { KeysetCursor } from "../../lib/keyset-cursor";
import { badRequest } from "../../lib/request";

/** A list's position in the query string: ?older=<id> or ?newer=<id>, an event or message id (bigint). */
const CursorQuery = z
  .object({
    older: z
      .string()
      .regex(/^[1-9]\d{0,14}$/)
      .transform(Number)
      .optional(),
    newer: z
      .string()
      .regex(/^(0|[1-9]\d{0,14})$/)
      .transform(Number)
      .optional(),
  })
  .refine((c) => c.older === undefined || c.newer === undefined);

/**
 * The cursor of a newest-first list (app/db/keyset.ts) from the query string; none for the newest
 * page. A cursor no link of ours makes (not digits, both at once) is a 400, not a guess.
 */
export function readCursor(query: URLSearchParams): KeysetCursor {
  const parsed = CursorQuery.safeParse({
    older: query.get("older") ?? undefined,
    newer: query.get("newer") ?? undefined,
  });
  if (!parsed.success || query.getAll("older").length > 1 || query.getAll("newer").length > 1) {
    badRequest("The page of the list asked for is not one this service links to. Go back to the list's first page.");
  }
  const { older, newer } = parsed.data;
  if (older !== undefined) return { older };
  if (newer !== undefined) return { newer };
  return null;
}
