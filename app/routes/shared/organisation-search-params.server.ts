import { z } from "zod";
import { formValues } from "../../lib/forms";
import { badRequest, readQuery } from "../../lib/request";

const OrganisationSearchQuery = z.object({ q: z.string().trim().max(100).default("") });

/**
 * The organisation search's words (?q=; none yet is an empty search): a 400 for more than 100
 * characters, which no picker sends.
 */
export function readOrganisationSearch(request: Request): string {
  const parsed = OrganisationSearchQuery.safeParse(formValues(readQuery(request)));
  if (!parsed.success) badRequest("Type at most 100 characters of an organisation’s name (?q=).");
  return parsed.data.q;
}
