import type { Database } from "../../db/database";
import { type ComplianceSummary, type TeamMatrix, type TeamMatrixQuery, teamMatrix } from "./team-matrix";

/**
 * The figures alone for some people (within the caller's scope): how many have a requirement,
 * how many are current on all of theirs, how many by their worst status, and each requirement's
 * reach and number current. One statement, aggregated in SQL.
 */
export async function summariseCompliance(
  db: Database,
  query: Omit<TeamMatrixQuery, "status" | "sort" | "direction" | "page" | "pageSize">,
): Promise<{ summary: ComplianceSummary; requirements: TeamMatrix["requirements"] }> {
  const { summary, requirements } = await teamMatrix(db, { ...query, pageSize: 1 });
  return { summary, requirements };
}
