import { z } from "zod";
import { COMPLIANCE_STATUSES } from "../../domain/compliance/compliance-query";
import { MATRIX_SORTS } from "../../domain/compliance/team-matrix";
import { formValues } from "../../lib/forms";
import { pageSchema } from "../../lib/pagination";
import { readQuery } from "../../lib/request";

const id = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);

const TeamQuerySchema = z.object({
  status: z.enum(COMPLIANCE_STATUSES).optional().catch(undefined),
  organisationId: id,
  // The organisation picker's words (organisation-picker): an organisation's name, or part of one.
  organisation: z.string().max(200).optional().catch(undefined),
  name: z.string().trim().max(100).catch(""),
  requirementId: id,
  sort: z.enum(MATRIX_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: pageSchema,
});

export type TeamQuery = Omit<z.infer<typeof TeamQuerySchema>, "dir"> & { dir: "asc" | "desc" };

/** The team page's filters, sort and page from its query string; anything unreadable is ignored. */
export function readTeamQuery(url: URL): TeamQuery {
  const parsed = TeamQuerySchema.parse(formValues(readQuery(url)));
  // Names and organisations read A to Z; statuses worst first.
  return { ...parsed, dir: parsed.dir ?? (parsed.sort === "status" ? "desc" : "asc") };
}
