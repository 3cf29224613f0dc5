import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { kpiDefinitions } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { type KpiKey, isKpiKey } from "./kpi-catalogue";

export interface KpiTargetChange {
  key: string;
  /** Null removes the target. */
  target: number | null;
  actorAccountId: string;
}

/** Sets a KPI's target (a percentage from 0 to 100, or a whole count), audited. */
export async function updateKpiTarget(db: Database, change: KpiTargetChange): Promise<void> {
  if (!isKpiKey(change.key)) throw new DomainError("There is no such KPI", "target", "not_found");
  const key: KpiKey = change.key;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(kpiDefinitions).where(eq(kpiDefinitions.key, key)).for("update");
    if (!before) throw new DomainError("There is no such KPI", "target", "not_found");
    if (change.target !== null) {
      if (!Number.isFinite(change.target) || change.target < 0) {
        throw new DomainError("Enter a target of 0 or more", "target");
      }
      if (before.unit === "percent" && change.target > 100) {
        throw new DomainError("Enter a percentage from 0 to 100", "target");
      }
      if (before.unit === "score" && (change.target < 1 || change.target > 5)) {
        throw new DomainError("Enter a score from 1 to 5", "target");
      }
      if (before.unit === "count" && !Number.isInteger(change.target)) {
        throw new DomainError("Enter a whole number", "target");
      }
    }
    if (before.target === change.target) return;
    await tx.update(kpiDefinitions).set({ target: change.target }).where(eq(kpiDefinitions.key, key));
    await recordAuditEvent(tx, {
      actorAccountId: change.actorAccountId,
      action: "kpi.target.update",
      entityType: "kpi_definition",
      entityId: key,
      before: { target: before.target },
      after: { target: change.target },
    });
  });
}
