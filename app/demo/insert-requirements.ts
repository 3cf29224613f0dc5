import type { Database } from "../db/database";
import { requirementCourses, requirements } from "../db/schema";
import { REQUIREMENTS } from "./requirements";

/**
 * Inserts the default requirements and their equivalent courses, resolving the organisations
 * and courses they name (by external reference and course code) to ids. Shared by the demo
 * seed and the benchmark's data set so both hold the same rules.
 */
export async function insertDefaultRequirements(
  db: Database,
  organisationIdByRef: ReadonlyMap<string, number>,
  courseIdByCode: (code: string) => number,
): Promise<void> {
  const inserted = await db
    .insert(requirements)
    .values(
      REQUIREMENTS.map((r) => ({
        name: r.name,
        description: r.description,
        audienceSectors: r.audienceSectors,
        audienceOrganisationIds: r.audienceOrganisationRefs.map((ref) => {
          const id = organisationIdByRef.get(ref);
          if (id === undefined) throw new Error(`Requirement ${r.key} names organisation ${ref}, which is not there`);
          return id;
        }),
        audienceTags: r.audienceTags,
        audienceEmploymentTypes: r.audienceEmploymentTypes,
        dueWithinDays: r.dueWithinDays,
        renewalMonths: r.renewalMonths,
        reminderDays: r.reminderDays,
        source: r.source,
      })),
    )
    .returning({ id: requirements.id });
  await db
    .insert(requirementCourses)
    .values(
      REQUIREMENTS.flatMap((r, i) =>
        r.courseCodes.map((code) => ({ requirementId: inserted[i]!.id, courseId: courseIdByCode(code) })),
      ),
    );
}
