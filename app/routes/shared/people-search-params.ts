import { z } from "zod";

/** The people list's query string: the search and the page (the CSV export takes the search). */
export const PeopleQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** The people list's filters as a query string, for its pages and its CSV export. */
export function peopleHref(path: string, q: string, page?: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page !== undefined) params.set("page", String(page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
