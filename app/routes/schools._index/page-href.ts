/** The schools table's address on page `page`, with its filters (`search`, readSchoolsQuery's) kept. */
export function schoolsPageHref(search: string, page: number): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/schools?${query}` : "/schools";
}
