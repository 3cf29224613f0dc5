import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { type KpiDefault, type KpiKey, isKpiKey, kpiDefault } from "./kpi-catalogue";

/** A KPI's definition as stored: the defaults' fields, as the council has set them. */
export interface KpiDefinition extends KpiDefault {
  updatedAt: string;
}

/** The KPI definitions in report order (call ensureKpiDefinitions first to have them all). */
export async function listKpiDefinitions(db: Database): Promise<KpiDefinition[]> {
  const rows = await queryRows<{
    key: string;
    name: string;
    formula: string;
    target: number | null;
    unit: string;
    owner: string;
    updated_at: string;
  }>(
    db,
    sql`select key, name, formula, target::float8 as target, unit, owner, updated_at::text
        from kpi_definitions order by sort_order, key`,
  );
  return rows
    .filter((r) => isKpiKey(r.key))
    .map((r) => {
      const key = r.key as KpiKey;
      return {
        key,
        name: r.name,
        formula: r.formula,
        target: r.target,
        unit: r.unit === "count" ? "count" : r.unit === "score" ? "score" : "percent",
        owner: r.owner,
        direction: kpiDefault(key).direction,
        updatedAt: r.updated_at,
      };
    });
}

export async function getKpiDefinition(db: Database, key: string): Promise<KpiDefinition | undefined> {
  if (!isKpiKey(key)) return undefined;
  return (await listKpiDefinitions(db)).find((d) => d.key === key);
}
