import type { Database } from "../../db/database";
import type { KpiFigures, KpiValue } from "./compute-kpi-figures";
import { computeKpiFigures } from "./compute-kpi-figures";
import { type KpiSnapshot, freezeQuarter, listQuarterSnapshots } from "./freeze-quarter";
import type { KpiDirection, KpiKey, KpiUnit } from "./kpi-catalogue";
import { listKpiDefinitions } from "./list-kpi-definitions";
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
  /** Frozen: read from the quarter's snapshot. Provisional: the quarter is still running. */
  state: "frozen" | "provisional";
  figures: KpiFigures;
  previousFigures: KpiFigures | null;
  rows: QuarterlyReportRow[];
  /** Every snapshot of the quarter, oldest first (re-freezes keep the ones they replace). */
  snapshots: Array<Omit<KpiSnapshot, "figures">>;
}

async function frozenFigures(
  db: Database,
  quarter: Quarter,
  today: string,
  actorAccountId: string | null,
): Promise<{ figures: KpiFigures; snapshots: KpiSnapshot[] }> {
  let snapshots = await listQuarterSnapshots(db, quarter);
  if (!snapshots.some((s) => s.replacedAt === null)) {
    await freezeQuarter(db, { quarter, today, actorAccountId, reason: null });
    snapshots = await listQuarterSnapshots(db, quarter);
  }
  const current = snapshots.find((s) => s.replacedAt === null)!;
  return { figures: current.figures, snapshots };
}

/**
 * The quarterly report: each KPI with its value, the previous quarter's and the target. An ended
 * quarter is read from its frozen snapshot, taken now if it has none yet (so last quarter's report
 * never changes when records are corrected later); the running quarter is computed live and
 * labelled provisional. The previous quarter always comes from its own snapshot.
 */
export async function quarterlyReport(
  db: Database,
  quarter: Quarter,
  options: { today: string; actorAccountId?: string | null },
): Promise<QuarterlyReport> {
  const actor = options.actorAccountId ?? null;
  const ended = quarterHasEnded(quarter, options.today);
  const { start, end } = quarterDates(quarter);
  let figures: KpiFigures;
  let snapshots: KpiSnapshot[] = [];
  if (ended) {
    ({ figures, snapshots } = await frozenFigures(db, quarter, options.today, actor));
  } else {
    figures = await computeKpiFigures(db, quarter, { today: options.today });
  }
  const previous = previousQuarter(quarter);
  const previousFigures = (await frozenFigures(db, previous, options.today, actor)).figures;
  const definitions = await listKpiDefinitions(db);

  const rows: QuarterlyReportRow[] = definitions.map((d) => {
    const value = figures.values[d.key] ?? { value: null };
    const target = ended ? (figures.targets[d.key] ?? null) : d.target;
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
    state: ended ? "frozen" : "provisional",
    figures,
    previousFigures,
    rows,
    snapshots: snapshots.map(({ figures: _figures, ...rest }) => rest),
  };
}
