import type { Database } from "../../db/database";
import { isEmpty } from "../../db/open.server";
import { ensureKpiDefinitions } from "./ensure-kpi-definitions";
import { freezeQuarter, listQuarterSnapshots } from "./freeze-quarter";
import { previousQuarter, quarterOf } from "./quarters";

/**
 * What the service does for the KPIs when it starts (app/db/client.server's start-up work), so
 * that no page load writes: adds any missing KPI definition, and freezes the quarter that ended
 * last, as the service itself (no account; audited), when nobody has yet. An empty database (no
 * organisations yet) has nothing to freeze. Returns the snapshot taken, if any.
 */
export async function prepareKpis(db: Database, today: string): Promise<{ frozeSnapshotId: number | null }> {
  await ensureKpiDefinitions(db);
  const quarter = previousQuarter(quarterOf(today));
  if ((await listQuarterSnapshots(db, quarter)).some((s) => s.replacedAt === null)) return { frozeSnapshotId: null };
  if (await isEmpty(db)) return { frozeSnapshotId: null };
  const frozen = await freezeQuarter(db, { quarter, today, actorAccountId: null });
  return { frozeSnapshotId: frozen.created ? frozen.snapshotId : null };
}
