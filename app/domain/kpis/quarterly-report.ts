import type { Database } from "../../db/database";
import type { KpiFigures, KpiValue } from "./compute-kpi-figures";
import { computeKpiFigures } from "./compute-kpi-figures";
import { type KpiSnapshot, listQuarterSnapshots } from "./freeze-quarter";
import type { KpiDirection, KpiKey, KpiUnit } from "./kpi-catalogue";
import { listKpiDefinitions } from "./list-kpi-definitions";
import { runningQuarterFigures } from "./running-figures";
import {
  type Quarter,
  previousQuarter,
  quarterDates,
  quarterHasEnded,
  quarterKey,
  quarterLabel,
  quarterShortLabel,
} from "./quarters";
import { type RagStatus, ragStatus } from "./rag";

export interface QuarterlyReportRow {
  key: KpiKey;
  name: string;
  formula: string;
  owner: string;
  unit: KpiUnit;
  direction: KpiDirection;
  value: KpiValue;
  previous: KpiValue | null;
  target: number | null;
  status: RagStatus | null;
}

export interface QuarterlyReport {
  quarter: string;
  label: string;
  previousLabel: string;
  /** "Q1 2026 to 2027", for column headings. */
  shortLabel: string;
  previousShortLabel: string;
  periodStart: string;
  periodEnd: string;
  /**
   * Frozen: read from the quarter's snapshot. Unfrozen: the quarter has ended but nobody has frozen
   * it yet, so it is computed live (reading never freezes). Provisional: the quarter is still running.
   */
  state: "frozen" | "unfrozen" | "provisional";
  figures: KpiFigures;
  previousFigures: KpiFigures | null;
  rows: QuarterlyReportRow[];
  /** Every snapshot of the quarter, oldest first (re-freezes keep the ones they replace). */
  snapshots: Array<Omit<KpiSnapshot, "figures">>;
}

/**
 * A quarter's figures: its current snapshot's when it has one, else computed from the records now
 * and stored nowhere. Reading writes nothing: freezing is the service's act at start-up
 * (prepareKpis) or the coordinator's, on a button (freezeQuarter).
 */
async function quarterFigures(
  db: Database,
  quarter: Quarter,
  today: string,
): Promise<{ figures: KpiFigures; snapshots: KpiSnapshot[]; frozen: boolean }> {
  const snapshots = await listQuarterSnapshots(db, quarter);
  const current = snapshots.find((s) => s.replacedAt === null);
  if (current) return { figures: current.figures, snapshots, frozen: true };
  return { figures: await computeKpiFigures(db, quarter, { today }), snapshots, frozen: false };
}

/**
 * The quarterly report: each KPI with its value, the previous quarter's and the target. An ended
 * quarter is read from its frozen snapshot (so last quarter's report never changes when records
 * are corrected later), or computed live and labelled not yet frozen when it has none; the running
 * quarter is kept current (runningQuarterFigures, decision 017) and labelled provisional. The previous quarter likewise.
 */
export async function quarterlyReport(
  db: Database,
  quarter: Quarter,
  options: { today: string },
): Promise<QuarterlyReport> {
  const ended = quarterHasEnded(quarter, options.today);
  const { start, end } = quarterDates(quarter);
  let figures: KpiFigures;
  let snapshots: KpiSnapshot[] = [];
  let frozen = false;
  if (ended) {
    ({ figures, snapshots, frozen } = await quarterFigures(db, quarter, options.today));
  } else {
    figures = await runningQuarterFigures(db, quarter, options.today);
  }
  const previous = previousQuarter(quarter);
  const previousFigures = (await quarterFigures(db, previous, options.today)).figures;
  const definitions = await listKpiDefinitions(db);

  const rows: QuarterlyReportRow[] = definitions.map((d) => {
    const value = figures.values[d.key] ?? { value: null };
    const target = frozen ? (figures.targets[d.key] ?? null) : d.target;
    return {
      key: d.key,
      name: d.name,
      formula: d.formula,
      owner: d.owner,
      unit: d.unit,
      direction: d.direction,
      value,
      previous: previousFigures.values[d.key] ?? null,
      target,
      status: ragStatus(value.value, target, d.unit, d.direction),
    };
  });

  return {
    quarter: quarterKey(quarter),
    label: quarterLabel(quarter),
    previousLabel: quarterLabel(previous),
    shortLabel: quarterShortLabel(quarter),
    previousShortLabel: quarterShortLabel(previous),
    periodStart: start,
    periodEnd: end,
    state: frozen ? "frozen" : ended ? "unfrozen" : "provisional",
    figures,
    previousFigures,
    rows,
    snapshots: snapshots.map(({ figures: _figures, ...rest }) => rest),
  };
}
