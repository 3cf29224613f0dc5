import { z } from "zod";

/**
 * The people list's query string: the search and the page (the CSV export takes the search).
 * Server only: a z.object built in the browser makes zod try `new Function` (its fast path),
 * which the Content Security Policy refuses and reports.
 */
export const PeopleQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
