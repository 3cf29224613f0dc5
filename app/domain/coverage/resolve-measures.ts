import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import type { Sector } from "../../db/schema";

/**
 * The headline coverage figures, each measured over the live requirements it stands for:
 * - council_frontline: requirements for the council sector, aimed at the `frontline` tag, with a Prevent course;
 * - contractor: requirements for contractors (all staff or the `frontline` tag) with a Prevent course;
 * - school_prevent: requirements for schools with a Prevent course, other than ones aimed only at DSLs;
 * - school_dsl: requirements for schools with a designated safeguarding lead course (training, annual update).
 * An audience with no sectors counts for every sector. The pages list the requirements each uses.
 */
export const MEASURE_KEYS = ["council_frontline", "contractor", "school_prevent", "school_dsl"] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

/** The three person-coverage figures shown as headlines and trends. */
export const HEADLINE_MEASURES = ["council_frontline", "contractor", "school_prevent"] as const;
export type HeadlineMeasureKey = (typeof HEADLINE_MEASURES)[number];

export interface Measure {
  key: MeasureKey;
  label: string;
  /** The sector whose people are counted. */
  sector: Sector;
  requirements: Array<{ id: number; name: string }>;
  requirementIds: number[];
}

export const MEASURE_LABELS: Record<MeasureKey, string> = {
  council_frontline: "Frontline council staff with current Prevent awareness",
  contractor: "Contractors' staff with current Prevent awareness",
  school_prevent: "School staff with current Prevent awareness",
  school_dsl: "Designated safeguarding lead training",
};

const MEASURE_SECTORS: Record<MeasureKey, Sector> = {
  council_frontline: "council",
  contractor: "contractor",
  school_prevent: "school",
  school_dsl: "school",
};

const DSL_TAGS = ["dsl", "deputy_dsl"];

export async function resolveMeasures(db: Database): Promise<Record<MeasureKey, Measure>> {
  const rows = await queryRows<{
    id: number;
    name: string;
    audience_sectors: string[];
    audience_tags: string[];
    prevent: boolean;
    dsl: boolean;
  }>(
    db,
    sql`select r.id, r.name, r.audience_sectors, r.audience_tags,
          exists (select 1 from requirement_courses rc join courses c on c.id = rc.course_id
                  where rc.requirement_id = r.id and c.category = 'prevent') as prevent,
          exists (select 1 from requirement_courses rc join courses c on c.id = rc.course_id
                  where rc.requirement_id = r.id and c.category = 'designated_safeguarding_lead') as dsl
        from requirements r
        where r.retired_at is null
        order by r.id`,
  );
  const forSector = (sectors: string[], sector: Sector) => sectors.length === 0 || sectors.includes(sector);
  const matches: Record<MeasureKey, (r: (typeof rows)[number]) => boolean> = {
    council_frontline: (r) =>
      r.prevent && forSector(r.audience_sectors, "council") && r.audience_tags.includes("frontline"),
    contractor: (r) =>
      r.prevent &&
      forSector(r.audience_sectors, "contractor") &&
      (r.audience_tags.length === 0 || r.audience_tags.includes("frontline")) &&
      (r.audience_sectors.length > 0 || r.audience_tags.includes("frontline")),
    school_prevent: (r) =>
      r.prevent &&
      r.audience_sectors.includes("school") &&
      (r.audience_tags.length === 0 || r.audience_tags.some((t) => !DSL_TAGS.includes(t) && t !== "manager")),
    school_dsl: (r) => r.dsl && forSector(r.audience_sectors, "school"),
  };
  const result = {} as Record<MeasureKey, Measure>;
  for (const key of MEASURE_KEYS) {
    const requirements = rows.filter(matches[key]).map((r) => ({ id: r.id, name: r.name }));
    result[key] = {
      key,
      label: MEASURE_LABELS[key],
      sector: MEASURE_SECTORS[key],
      requirements,
      requirementIds: requirements.map((r) => r.id),
    };
  }
  return result;
}
