/** The people list's filters as a query string, for its pages and its CSV export (PeopleQuery reads them). */
export function peopleHref(path: string, q: string, page?: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page !== undefined) params.set("page", String(page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
