import { z } from "zod";
import { pageSchema } from "../../lib/pagination";

/**
 * The people list's query string: the search and the page (the CSV export takes the search).
 * Server only: a z.object built in the browser makes zod try `new Function` (its fast path),
 * which the Content Security Policy refuses and reports.
 */
export const PeopleQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  page: pageSchema,
});
