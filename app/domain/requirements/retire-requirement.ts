import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { requirements } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";

/**
 * Retires a requirement: from now on it applies to no one. It is kept (with its courses) so that
 * compliance on earlier dates still counts it.
 */
export async function retireRequirement(
  db: Database,
  requirementId: number,
  actorAccountId: string | null,
  now: Date = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: requirements.id, name: requirements.name, retiredAt: requirements.retiredAt })
      .from(requirements)
      .where(eq(requirements.id, requirementId))
      .for("update");
    if (!row) throw new DomainError("This requirement no longer exists", undefined, "not_found");
    if (row.retiredAt) throw new DomainError("This requirement has already been retired", undefined, "retired");
    await tx.update(requirements).set({ retiredAt: now }).where(eq(requirements.id, requirementId));
    await recordAuditEvent(tx, {
      actorAccountId,
      action: "requirement.retire",
      entityType: "requirement",
      entityId: requirementId,
      before: { name: row.name, retiredAt: null },
      after: { name: row.name, retiredAt: now.toISOString() },
    });
  });
}
