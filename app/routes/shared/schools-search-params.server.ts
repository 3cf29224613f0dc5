import { z } from "zod";
import type { SchoolFilters } from "../../domain/coverage/schools-coverage";
import { formValues } from "../../lib/forms";
import { pageSchema } from "../../lib/pagination";
import { readQuery } from "../../lib/request";

const SchoolsQuery = z.object({
  phase: z.string().trim().max(100).catch(""),
  type: z.string().trim().max(100).catch(""),
  status: z.enum(["green", "amber", "red"]).optional().catch(undefined),
  page: pageSchema,
});

export type SchoolsQueryValues = z.infer<typeof SchoolsQuery>;

/**
 * The schools table's filters and page from its query string; anything unreadable is ignored.
 * `search` is the filters alone (no page), for the CSV export and the page links.
 */
export function readSchoolsQuery(url: URL): { values: SchoolsQueryValues; filters: SchoolFilters; search: string } {
  const values = SchoolsQuery.parse(formValues(readQuery(url)));
  const search = new URLSearchParams();
  if (values.phase) search.set("phase", values.phase);
  if (values.type) search.set("type", values.type);
  if (values.status) search.set("status", values.status);
  return {
    values,
    filters: { phase: values.phase || undefined, type: values.type || undefined, status: values.status },
    search: search.toString(),
  };
}
