/**
 * The training on offer and who must hold what: the catalogue's courses (catalogue.ts), the
 * council's requirements (requirements.ts) and, for each planned person, the courses their
 * requirements list.
 */
import type { Database } from "../db/database";
import { courses } from "../db/schema";
import { CATALOGUE, type CatalogueCourse, type CourseCode } from "./catalogue";
import { insertDefaultRequirements } from "./insert-requirements";
import type { DemoPlan, PersonSeed } from "./plan";
import { REQUIREMENTS, type RequirementSeed } from "./requirements";

const catalogue = new Map<CourseCode, CatalogueCourse>(CATALOGUE.map((c) => [c.code as CourseCode, c]));

export function course(code: CourseCode): CatalogueCourse {
  return catalogue.get(code)!;
}

/** Whether a requirement's audience takes in a person (the engine's rule, on the plan). */
export function applies(r: RequirementSeed, p: PersonSeed): boolean {
  return (
    (r.audienceSectors.length === 0 || r.audienceSectors.includes(p.sector)) &&
    (r.audienceOrganisationRefs.length === 0 || r.audienceOrganisationRefs.some((ref) => p.orgChain.includes(ref))) &&
    (r.audienceTags.length === 0 || r.audienceTags.some((tag) => p.tags.includes(tag))) &&
    (r.audienceEmploymentTypes.length === 0 || r.audienceEmploymentTypes.includes(p.employmentType))
  );
}

export function planRequiredCourses(plan: DemoPlan): void {
  for (const p of plan.persons) {
    const codes = new Set<CourseCode>();
    for (const r of REQUIREMENTS) if (applies(r, p)) for (const code of r.courseCodes) codes.add(code);
    plan.requiredCourses.set(p.key, codes);
  }
}

/** Writes the courses, then the requirements and their equivalent courses; returns course ids by code. */
export async function writeCatalogueAndRequirements(
  tx: Database,
  orgIds: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const courseIds = new Map<string, number>();
  const insertedCourses = await tx
    .insert(courses)
    .values(CATALOGUE.map((c) => ({ ...c })))
    .returning({ id: courses.id, code: courses.code });
  for (const row of insertedCourses) courseIds.set(row.code, row.id);
  await insertDefaultRequirements(tx, orgIds, (code) => {
    const id = courseIds.get(code);
    if (id === undefined) throw new Error(`seedDemo: unknown course ${code}`);
    return id;
  });
  return courseIds;
}
