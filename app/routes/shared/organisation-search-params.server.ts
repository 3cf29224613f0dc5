import { z } from "zod";
import { formValues } from "../../lib/forms";
import { badRequest, readQuery } from "../../lib/request";

/** Which page's picker is searching: each has its own permission's reach (organisations.search.tsx). */
export const ORGANISATION_SEARCH_PURPOSES = ["team", "person-form", "certificates", "invitations"] as const;
export type OrganisationSearchPurpose = (typeof ORGANISATION_SEARCH_PURPOSES)[number];

const OrganisationSearchQuery = z.object({
  q: z.string().trim().max(100).default(""),
  for: z.enum(ORGANISATION_SEARCH_PURPOSES).default("team"),
});

/**
 * The organisation search's words (?q=; none yet is an empty search) and purpose (?for=): a 400
 * for more than 100 characters or a purpose no picker names.
 */
export function readOrganisationSearch(request: Request): z.infer<typeof OrganisationSearchQuery> {
  const parsed = OrganisationSearchQuery.safeParse(formValues(readQuery(request)));
  if (!parsed.success) {
    badRequest(
      `Type at most 100 characters of an organisation’s name (?q=), for one of ${ORGANISATION_SEARCH_PURPOSES.join(", ")} (?for=).`,
    );
  }
  return parsed.data;
}
