import { desc } from "drizzle-orm";
import type { Database } from "../../db/database";
import { keptCoverageChecks } from "../../db/schema/kept-coverage";

/** The latest check of the kept coverage against the records (checkKeptCoverage), or null if none ran yet. */
export async function lastKeptCoverageCheck(
  db: Database,
): Promise<{ checkedAt: Date; rowsCompared: number; differences: number } | null> {
  const [row] = await db
    .select({
      checkedAt: keptCoverageChecks.checkedAt,
      rowsCompared: keptCoverageChecks.rowsCompared,
      differences: keptCoverageChecks.differences,
    })
    .from(keptCoverageChecks)
    .orderBy(desc(keptCoverageChecks.checkedAt), desc(keptCoverageChecks.id))
    .limit(1);
  return row ?? null;
}
