import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlTextArray } from "../../db/database";
import { kpiRunningFigures } from "../../db/schema";
import { latestChangeId } from "../audit/latest-change";
import { type KpiFigures, computeKpiFigures } from "./compute-kpi-figures";
import { type Quarter, quarterDates } from "./quarters";

/**
 * What kept running-quarter figures were computed from (decision 017): the newest change in the
 * audit log they include, and the transactions still writing when they were computed, whose
 * changes they may lack. `version` is the figures' shape, so a release that computes them
 * differently does not serve the old ones.
 */
interface Basis {
  version: 1;
  change: number;
  inFlight: string[];
}

/**
 * The basis as the records stand, taken before computing: the newest change first, then the
 * transactions writing now. A change not in figures computed after both either belongs to one of
 * those transactions (it commits later) or was numbered after the newest change seen.
 */
async function currentBasis(db: Database): Promise<Basis> {
  const change = await latestChangeId(db);
  const rows = await queryRows<{ xid: string }>(
    db,
    sql`select x::text as xid from pg_snapshot_xip(pg_current_snapshot()) x`,
  );
  return { version: 1, change, inFlight: rows.map((r) => r.xid) };
}

/** Whether kept figures computed on `basis` still stand: no change since, and none of the writers then has committed. */
async function stillCurrent(db: Database, basis: Basis): Promise<boolean> {
  if (basis.version !== 1) return false;
  if ((await latestChangeId(db)) !== basis.change) return false;
  if (basis.inFlight.length === 0) return true;
  // A status no longer kept (null) is an old transaction that ended one way or the other: not current.
  const row = await queryOne<{ settled: boolean }>(
    db,
    sql`select bool_and(coalesce(pg_xact_status(x::xid8) <> 'committed', false)) as settled
        from unnest(${sqlTextArray(basis.inFlight)}) x`,
  );
  return row?.settled === true;
}

/**
 * The running quarter's figures to date, kept (kpi_running_figures) so that the report, its PDF
 * and CSV read them rather than compute them: computed again only when the day has changed or
 * a change has been recorded since (every change writes an audit event; views and downloads do
 * not count). Readers may compute at the same time; each keeps what it computed, with its basis.
 */
export async function runningQuarterFigures(db: Database, quarter: Quarter, today: string): Promise<KpiFigures> {
  const { start } = quarterDates(quarter);
  const [kept] = await db
    .select({ asOf: kpiRunningFigures.asOf, figures: kpiRunningFigures.figures, basis: kpiRunningFigures.basis })
    .from(kpiRunningFigures)
    .where(sql`${kpiRunningFigures.periodStart} = ${start}`);
  if (kept && kept.asOf === today && (await stillCurrent(db, JSON.parse(kept.basis) as Basis))) {
    return kept.figures as KpiFigures;
  }
  const basis = await currentBasis(db);
  const figures = await computeKpiFigures(db, quarter, { today });
  const row = { periodStart: start, asOf: today, figures, basis: JSON.stringify(basis), computedAt: new Date() };
  await db
    .insert(kpiRunningFigures)
    .values(row)
    .onConflictDoUpdate({
      target: kpiRunningFigures.periodStart,
      set: { asOf: row.asOf, figures: row.figures, basis: row.basis, computedAt: row.computedAt },
    });
  return figures;
}
