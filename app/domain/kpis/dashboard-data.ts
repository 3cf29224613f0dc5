import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";
import { SECTORS, type Sector } from "../../db/schema";
import { addDaysToDate } from "../../lib/dates";
import { type CoveragePassGroup, coveragePass, measureTrend, sumPerPoint } from "../coverage/coverage-pass";
import { type CoverageCell, cell } from "../coverage/coverage-sql";
import type { OrganisationCoverageRow } from "../coverage/organisation-coverage";
import type { TrendPoint } from "../coverage/coverage-trend";
import { HEADLINE_MEASURES, type HeadlineMeasureKey, resolveMeasures } from "../coverage/resolve-measures";
import { EXPIRING_WITHIN_DAYS } from "../coverage/values";
import type { PersonScope } from "../people/scope";
import type { KpiKey } from "./kpi-catalogue";
import { listKpiDefinitions } from "./list-kpi-definitions";
import { type RagStatus, ragStatus } from "./rag";

export { EXPIRING_WITHIN_DAYS } from "../coverage/values";
export type { OrganisationCoverageRow } from "../coverage/organisation-coverage";

/** The KPI whose target each headline is measured against. */
export const HEADLINE_KPIS: Record<HeadlineMeasureKey, KpiKey> = {
  council_frontline: "coverage_council_frontline",
  contractor: "coverage_contractors",
  school_prevent: "coverage_school_staff",
};

export interface Headline {
  key: HeadlineMeasureKey;
  label: string;
  requirements: Array<{ id: number; name: string }>;
  figure: CoverageCell;
  target: number | null;
  status: RagStatus | null;
}

export interface RequirementSectorRow {
  requirementId: number;
  requirementName: string;
  sectors: Record<Sector, CoverageCell>;
  total: CoverageCell;
  notYetDue: number;
}

export interface ExpiringRow {
  personId: number;
  name: string;
  organisationName: string;
  requirementName: string;
  validUntil: string;
}

export interface DashboardData {
  onDate: string;
  headlines: Headline[];
  bySector: RequirementSectorRow[];
  byDirectorate: OrganisationCoverageRow[];
  trend: TrendPoint[];
  expiring: { total: number; page: number; pageSize: number; rows: ExpiringRow[] };
  /** Person × requirement rows left out because the new starter is not yet due. */
  notYetDue: number;
}

/**
 * Everything the coverage dashboard shows, for the people in `scope`, on `onDate`: the headline
 * figures against their targets, coverage of each requirement by sector, by council directorate
 * (rolled up through the tree), a 24-month trend, and the people whose training runs out in the
 * next 90 days (a page of them). One statement computes it all (coveragePass); the figures agree
 * with the compliance engine's statuses on every date (tests/integration/coverage.test.ts).
 */
export async function dashboardData(
  db: Database,
  scope: PersonScope,
  onDate: string,
  options: { expiringPage?: number; expiringPageSize?: number; trendMonths?: number } = {},
): Promise<DashboardData> {
  const pageSize = Math.min(Math.max(options.expiringPageSize ?? 25, 1), 200);
  const page = Math.max(options.expiringPage ?? 1, 1);
  const [measures, definitions] = await Promise.all([resolveMeasures(db), listKpiDefinitions(db)]);
  const pass = await coveragePass(db, {
    onDate,
    months: options.trendMonths ?? 24,
    scope,
    expiring: { from: addDaysToDate(onDate, 1), to: addDaysToDate(onDate, EXPIRING_WITHIN_DAYS), page, pageSize },
    measures: HEADLINE_MEASURES.map((key) => measures[key]),
  });
  const lastIndex = pass.dates.length - 1;
  const onTheDate = (include: (g: CoveragePassGroup) => boolean): CoverageCell => {
    const sums = sumPerPoint(pass, include);
    return cell(sums.applicable[lastIndex]!, sums.current[lastIndex]!);
  };

  const targets = new Map(definitions.map((d) => [d.key, d]));
  const headlines: Headline[] = HEADLINE_MEASURES.map((key) => {
    const measure = measures[key];
    // People once each, however many of the measure's requirements cover them.
    const counted = pass.measures[key]!;
    const figure = cell(counted.applicable[lastIndex]!, counted.current[lastIndex]!);
    const target = targets.get(HEADLINE_KPIS[key])?.target ?? null;
    return {
      key,
      label: measure.label,
      requirements: measure.requirements,
      figure,
      target,
      status: ragStatus(figure.percent, target, "percent", "higher"),
    };
  });

  const requirementIds = [...new Set(pass.groups.map((g) => g.requirementId))];
  const directorateIds = [...new Set(pass.directorates.map((d) => d.directorateId))];
  const [requirementNames, directorates] = await Promise.all([
    namesOf(db, "requirements", requirementIds),
    namesOf(db, "organisations", directorateIds),
  ]);

  const bySector: RequirementSectorRow[] = requirementIds
    .map((requirementId) => {
      const mine = (g: CoveragePassGroup) => g.requirementId === requirementId;
      const sectors = Object.fromEntries(
        SECTORS.map((sector) => [sector, onTheDate((g) => mine(g) && g.sector === sector)]),
      ) as Record<Sector, CoverageCell>;
      return {
        requirementId,
        requirementName: requirementNames.get(requirementId)?.name ?? `Requirement ${requirementId}`,
        sectors,
        total: onTheDate(mine),
        notYetDue: pass.groups.filter(mine).reduce((n, g) => n + g.notYetDue, 0),
      };
    })
    .filter((r) => r.total.applicable > 0 || r.notYetDue > 0)
    .sort((a, b) => a.requirementName.localeCompare(b.requirementName));

  const frontline = new Map(pass.measures.council_frontline!.directorates.map((d) => [d.directorateId, d]));
  const byDirectorate: OrganisationCoverageRow[] = directorateIds
    .map((organisationId) => {
      const mine = pass.directorates.filter((d) => d.directorateId === organisationId);
      const sum = (include: (d: (typeof mine)[number]) => boolean) =>
        cell(
          mine.filter(include).reduce((n, d) => n + d.applicable, 0),
          mine.filter(include).reduce((n, d) => n + d.current, 0),
        );
      const org = directorates.get(organisationId);
      return {
        organisationId,
        name: org?.name ?? `Organisation ${organisationId}`,
        kind: org?.kind ?? "directorate",
        all: sum(() => true),
        frontline: cell(frontline.get(organisationId)?.applicable ?? 0, frontline.get(organisationId)?.current ?? 0),
      };
    })
    .filter((row) => row.all.applicable > 0 || row.frontline.applicable > 0)
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    onDate,
    headlines,
    bySector,
    byDirectorate,
    trend: measureTrend(pass, HEADLINE_MEASURES),
    expiring: { total: pass.expiring.total, page: pass.expiring.page, pageSize, rows: pass.expiring.rows },
    notYetDue: pass.groups.reduce((n, g) => n + g.notYetDue, 0),
  };
}

async function namesOf(
  db: Database,
  table: "requirements" | "organisations",
  ids: number[],
): Promise<Map<number, { name: string; kind: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: number; name: string; kind: string }>(
    db,
    table === "requirements"
      ? sql`select id, name, 'requirement' as kind from requirements where id = any(${sqlIntArray(ids)})`
      : sql`select id, name, kind::text as kind from organisations where id = any(${sqlIntArray(ids)})`,
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}
