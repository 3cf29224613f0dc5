import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { kpiDefinitions } from "../../db/schema";
import { KPI_DEFAULTS } from "./kpi-catalogue";

/**
 * Adds any KPI definition that is missing, with its default name, formula, target and owner.
 * Idempotent (insert … on conflict do nothing): definitions the coordinator changed are kept.
 * A formula is code, so its wording and unit are brought in step with the code that computes it.
 * Reads first, so the usual call (everything already there) writes nothing.
 */
export async function ensureKpiDefinitions(db: Database): Promise<void> {
  const existing = await queryRows<{ key: string; formula: string; unit: string }>(
    db,
    sql`select key, formula, unit from kpi_definitions`,
  );
  const byKey = new Map(existing.map((r) => [r.key, r]));
  const missing = KPI_DEFAULTS.filter((k) => !byKey.has(k.key));
  const outdated = KPI_DEFAULTS.filter((k) => {
    const row = byKey.get(k.key);
    return row && (row.formula !== k.formula || row.unit !== k.unit);
  });
  if (missing.length > 0) {
    await db
      .insert(kpiDefinitions)
      .values(
        missing.map((k) => ({
          key: k.key,
          name: k.name,
          formula: k.formula,
          target: k.target,
          unit: k.unit,
          owner: k.owner,
          sortOrder: (KPI_DEFAULTS.indexOf(k) + 1) * 10,
        })),
      )
      .onConflictDoNothing({ target: kpiDefinitions.key });
  }
  for (const k of outdated) {
    await db.execute(sql`update kpi_definitions set formula = ${k.formula}, unit = ${k.unit} where key = ${k.key}`);
  }
}
