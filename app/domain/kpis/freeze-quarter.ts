import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { kpiSnapshots } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { type KpiFigures, computeKpiFigures } from "./compute-kpi-figures";
import { type Quarter, quarterDates, quarterHasEnded, quarterKey } from "./quarters";

export interface KpiSnapshot {
  id: number;
  periodStart: string;
  periodEnd: string;
  figures: KpiFigures;
  takenAt: string;
  takenBy: string | null;
  reason: string | null;
  replacedAt: string | null;
}

/** Every snapshot of a quarter, oldest first; the one with no replacedAt is current. */
export async function listQuarterSnapshots(db: Database, quarter: Quarter): Promise<KpiSnapshot[]> {
  const { start } = quarterDates(quarter);
  const rows = await queryRows<{
    id: number;
    period_start: string;
    period_end: string;
    figures: KpiFigures;
    taken_at: string;
    taken_by: string | null;
    reason: string | null;
    replaced_at: string | null;
  }>(
    db,
    sql`select s.id, s.period_start::text, s.period_end::text, s.figures, s.taken_at::text,
          a.display_name as taken_by, s.reason, s.replaced_at::text
        from kpi_snapshots s left join accounts a on a.id = s.taken_by_account_id
        where s.period_start = ${start}::date
        order by s.taken_at, s.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    figures: r.figures,
    takenAt: r.taken_at,
    takenBy: r.taken_by,
    reason: r.reason,
    replacedAt: r.replaced_at,
  }));
}

/**
 * Freezes an ended quarter's figures as a snapshot, so its report never changes when records are
 * corrected later. Without a reason it takes the first snapshot and is a no-op when one exists.
 * With a reason it re-snapshots: the current snapshot is marked replaced (kept, with the time)
 * and the new one becomes current. Audited; serialised per quarter with an advisory lock.
 */
export async function freezeQuarter(
  db: Database,
  input: { quarter: Quarter; today: string; actorAccountId: string | null; reason?: string | null; now?: Date },
): Promise<{ snapshotId: number; created: boolean }> {
  const { start, end } = quarterDates(input.quarter);
  if (!quarterHasEnded(input.quarter, input.today)) {
    throw new DomainError("A quarter can only be frozen once it has ended", "reason");
  }
  const reason = input.reason?.trim() || null;
  if (input.reason !== undefined && input.reason !== null && !reason) {
    throw new DomainError("Enter why the figures are being frozen again", "reason");
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kpi_snapshot:${start}`}))`);
    const current = await queryOne<{ id: number }>(
      tx,
      sql`select id from kpi_snapshots where period_start = ${start}::date and replaced_at is null
          order by taken_at desc, id desc limit 1`,
    );
    if (current && reason === null) return { snapshotId: current.id, created: false };
    const figures = await computeKpiFigures(tx, input.quarter, { today: input.today, now: input.now });
    const now = input.now ?? new Date();
    if (current) {
      await tx.execute(
        sql`update kpi_snapshots set replaced_at = ${now.toISOString()}::timestamptz
            where period_start = ${start}::date and replaced_at is null`,
      );
    }
    const [created] = await tx
      .insert(kpiSnapshots)
      .values({
        periodStart: start,
        periodEnd: end,
        figures,
        takenAt: now,
        takenByAccountId: input.actorAccountId,
        reason,
      })
      .returning({ id: kpiSnapshots.id });
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: current ? "kpi_snapshot.refreeze" : "kpi_snapshot.freeze",
      entityType: "kpi_snapshot",
      entityId: created!.id,
      before: current ? { snapshotId: current.id } : null,
      after: { quarter: quarterKey(input.quarter), periodStart: start, periodEnd: end, reason },
    });
    return { snapshotId: created!.id, created: true };
  });
}
